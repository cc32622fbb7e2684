/**
 * Containers of a PodSpec as pkg/apis/core/validation/validation.go validateContainers,
 * validateInitContainers, validateEphemeralContainers and validateContainerCommon: names,
 * images, ports, env, mounts, probes, lifecycle, pull policy, resources, security context.
 */
import {
  duplicate,
  type FieldError,
  forbiddenField,
  invalidValue,
  notFoundField,
  notSupported,
  required,
} from '../api/field-errors';
import { isDNS1123Label, isValidPortName, isValidPortNum } from '../api/validation';
import { invalidLiteral } from './go-literal';
import {
  validateEnv,
  validateEnvFrom,
  validateResourceRequirements,
} from './pod-resource-validation';
import { localDescendingPath } from './pod-volume-validation';
import { isObj, isSet, num, type Obj, objs, str } from './spec-access';

export interface ContainerContext {
  /** Valid volumes by name (upstream's vols map). */
  volumes: Map<string, Obj>;
  gracePeriod: number | undefined;
  restartPolicy: string;
}

const HTTP_HEADER_ERROR =
  "a valid HTTP header must consist of alphanumeric characters or '-' (e.g. 'X-Header-Name', regex used for validation is '[-A-Za-z0-9]+')";
const NEGATIVE = 'must be greater than or equal to 0';

function nonNegative(value: unknown, path: string): FieldError[] {
  return num(value) < 0 ? [invalidValue(path, num(value), NEGATIVE)] : [];
}

/**
 * ValidatePortNumOrName (pkg/apis/core/validation) for an intstr.IntOrString: a string is an IANA
 * service name, anything else a port number; an absent value is the zero IntOrString, the port
 * number 0. Probes' ports and a Service's targetPort.
 */
export function validatePortNumOrName(port: unknown, path: string): FieldError[] {
  if (typeof port === 'string')
    return isValidPortName(port).map((msg) => invalidValue(path, port, msg));
  return isValidPortNum(num(port)).map((msg) => invalidValue(path, num(port), msg));
}

function validateHandler(
  h: Obj,
  path: string,
  ctx: ContainerContext,
  allowSleep: boolean,
): FieldError[] {
  const errs: FieldError[] = [];
  let count = 0;
  const kinds = ['exec', 'httpGet', 'tcpSocket', ...(allowSleep ? ['sleep'] : ['grpc'])];
  for (const kind of kinds) {
    if (!isSet(h[kind])) continue;
    if (count > 0) {
      errs.push(forbiddenField(`${path}.${kind}`, 'may not specify more than 1 handler type'));
      continue;
    }
    count++;
    const a = isObj(h[kind]) ? h[kind] : {};
    const p = `${path}.${kind}`;
    if (kind === 'exec' && !(Array.isArray(a.command) && a.command.length))
      errs.push(required(`${p}.command`));
    if (kind === 'httpGet') {
      if (!a.path) errs.push(required(`${p}.path`));
      errs.push(...validatePortNumOrName(a.port, `${p}.port`));
      if (!['HTTP', 'HTTPS'].includes(str(a.scheme)))
        errs.push(notSupported(`${p}.scheme`, str(a.scheme), ['HTTP', 'HTTPS']));
      for (const header of objs(a.httpHeaders)) {
        if (!/^[-A-Za-z0-9]+$/.test(str(header.name)))
          errs.push(invalidValue(`${p}.httpHeaders`, str(header.name), HTTP_HEADER_ERROR));
      }
    }
    if (kind === 'tcpSocket' || kind === 'grpc')
      errs.push(...validatePortNumOrName(kind === 'grpc' ? num(a.port) : a.port, `${p}.port`));
    if (
      kind === 'sleep' &&
      ctx.gracePeriod !== undefined &&
      (num(a.seconds) < 0 || num(a.seconds) > ctx.gracePeriod)
    ) {
      errs.push(
        invalidValue(
          p,
          num(a.seconds),
          `must be non-negative and less than terminationGracePeriodSeconds (${ctx.gracePeriod})`,
        ),
      );
    }
  }
  if (count === 0) errs.push(required(path, 'must specify a handler type'));
  return errs;
}

function validateProbe(
  probe: unknown,
  path: string,
  ctx: ContainerContext,
  kind: 'liveness' | 'readiness' | 'startup',
): FieldError[] {
  if (!isObj(probe)) return [];
  const errs = validateHandler(probe, path, ctx, false);
  for (const f of [
    'initialDelaySeconds',
    'timeoutSeconds',
    'periodSeconds',
    'successThreshold',
    'failureThreshold',
  ]) {
    errs.push(...nonNegative(probe[f], `${path}.${f}`));
  }
  if (isSet(probe.terminationGracePeriodSeconds) && num(probe.terminationGracePeriodSeconds) <= 0) {
    errs.push(
      invalidValue(
        `${path}.terminationGracePeriodSeconds`,
        num(probe.terminationGracePeriodSeconds),
        'must be greater than 0',
      ),
    );
  }
  if (kind !== 'readiness' && num(probe.successThreshold) !== 1) {
    errs.push(invalidValue(`${path}.successThreshold`, num(probe.successThreshold), 'must be 1'));
  }
  if (kind === 'readiness' && isSet(probe.terminationGracePeriodSeconds)) {
    errs.push(
      invalidValue(
        `${path}.terminationGracePeriodSeconds`,
        probe.terminationGracePeriodSeconds,
        'must not be set for readinessProbes',
      ),
    );
  }
  return errs;
}

function validateLifecycleAndProbes(c: Obj, path: string, ctx: ContainerContext): FieldError[] {
  const errs: FieldError[] = [];
  if (isObj(c.lifecycle)) {
    for (const hook of ['postStart', 'preStop']) {
      if (isObj(c.lifecycle[hook]))
        errs.push(...validateHandler(c.lifecycle[hook], `${path}.lifecycle.${hook}`, ctx, true));
    }
  }
  errs.push(...validateProbe(c.livenessProbe, `${path}.livenessProbe`, ctx, 'liveness'));
  errs.push(...validateProbe(c.readinessProbe, `${path}.readinessProbe`, ctx, 'readiness'));
  errs.push(...validateProbe(c.startupProbe, `${path}.startupProbe`, ctx, 'startup'));
  return errs;
}

function validatePorts(ports: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  objs(ports).forEach((port, i) => {
    const p = `${path}[${i}]`;
    const name = str(port.name);
    if (name) {
      const msgs = isValidPortName(name);
      if (msgs.length) errs.push(...msgs.map((msg) => invalidValue(`${p}.name`, name, msg)));
      else if (names.has(name)) errs.push(duplicate(`${p}.name`, name));
      else names.add(name);
    }
    if (!port.containerPort) errs.push(required(`${p}.containerPort`));
    else
      errs.push(
        ...isValidPortNum(num(port.containerPort)).map((msg) =>
          invalidValue(`${p}.containerPort`, num(port.containerPort), msg),
        ),
      );
    if (port.hostPort)
      errs.push(
        ...isValidPortNum(num(port.hostPort)).map((msg) =>
          invalidValue(`${p}.hostPort`, num(port.hostPort), msg),
        ),
      );
    if (!port.protocol) errs.push(required(`${p}.protocol`));
    else if (!['SCTP', 'TCP', 'UDP'].includes(str(port.protocol)))
      errs.push(notSupported(`${p}.protocol`, port.protocol, ['SCTP', 'TCP', 'UDP']));
  });
  return errs;
}

function validateVolumeMounts(c: Obj, path: string, ctx: ContainerContext): FieldError[] {
  const errs: FieldError[] = [];
  const devices = new Map(objs(c.volumeDevices).map((d) => [str(d.name), str(d.devicePath)]));
  const mountPaths = new Set<string>();
  const privileged = isObj(c.securityContext) && c.securityContext.privileged === true;
  objs(c.volumeMounts).forEach((m, i) => {
    const p = `${path}[${i}]`;
    const name = str(m.name);
    const mountPath = str(m.mountPath);
    if (!name) errs.push(required(`${p}.name`));
    if (!ctx.volumes.has(name)) errs.push(notFoundField(`${p}.name`, name));
    if (!mountPath) errs.push(required(`${p}.mountPath`));
    if (mountPaths.has(mountPath))
      errs.push(invalidValue(`${p}.mountPath`, mountPath, 'must be unique'));
    mountPaths.add(mountPath);
    if (devices.has(name))
      errs.push(invalidValue(`${p}.name`, name, 'must not already exist in volumeDevices'));
    if ([...devices.values()].includes(mountPath)) {
      errs.push(
        invalidValue(
          `${p}.mountPath`,
          mountPath,
          'must not already exist as a path in volumeDevices',
        ),
      );
    }
    // upstream reports subPath problems at the list's path, not the mount's
    if (str(m.subPath)) errs.push(...localDescendingPath(str(m.subPath), `${path}.subPath`));
    if (str(m.subPathExpr)) {
      if (str(m.subPath))
        errs.push(
          invalidValue(
            `${p}.subPathExpr`,
            m.subPathExpr,
            'subPathExpr and subPath are mutually exclusive',
          ),
        );
      errs.push(...localDescendingPath(str(m.subPathExpr), `${path}.subPathExpr`));
    }
    if (isSet(m.mountPropagation)) {
      const prop = str(m.mountPropagation);
      const supported = ['Bidirectional', 'HostToContainer', 'None'];
      if (!supported.includes(prop))
        errs.push(notSupported(`${path}.mountPropagation`, prop, supported));
      if (prop === 'Bidirectional' && !privileged) {
        errs.push(
          forbiddenField(
            `${path}.mountPropagation`,
            'Bidirectional mount propagation is available only to privileged containers',
          ),
        );
      }
    }
    if (isSet(m.recursiveReadOnly)) {
      const rro = str(m.recursiveReadOnly);
      const rp = `${path}.recursiveReadOnly`;
      if (rro === 'Enabled' || rro === 'IfPossible') {
        if (m.readOnly !== true)
          errs.push(forbiddenField(rp, 'may only be specified when readOnly is true'));
        if (isSet(m.mountPropagation) && m.mountPropagation !== 'None') {
          errs.push(
            forbiddenField(
              rp,
              'may only be specified when mountPropagation is None or not specified',
            ),
          );
        }
      } else if (rro !== 'Disabled') {
        errs.push(notSupported(rp, rro, ['Disabled', 'Enabled', 'IfPossible']));
      }
    }
  });
  return errs;
}

const ID_RANGE = 'must be between 0 and 2147483647, inclusive';

/** ValidateSecurityContext (container level). */
function validateSecurityContext(sc: unknown, path: string, hostUsers: boolean): FieldError[] {
  if (!isObj(sc)) return [];
  const errs: FieldError[] = [];
  for (const f of ['runAsUser', 'runAsGroup']) {
    if (isSet(sc[f]) && (num(sc[f]) < 0 || num(sc[f]) > 2147483647))
      errs.push(invalidValue(`${path}.${f}`, num(sc[f]), ID_RANGE));
  }
  if (isSet(sc.procMount)) {
    if (!['Default', 'Unmasked'].includes(str(sc.procMount)))
      errs.push(notSupported(`${path}.procMount`, sc.procMount, ['Default', 'Unmasked']));
    if (hostUsers && sc.procMount === 'Unmasked') {
      errs.push(
        invalidValue(
          `${path}.procMount`,
          sc.procMount,
          '`hostUsers` must be false to use `Unmasked`',
        ),
      );
    }
  }
  errs.push(...validateSeccompProfile(sc.seccompProfile, `${path}.seccompProfile`));
  if (sc.allowPrivilegeEscalation === false) {
    if (sc.privileged === true) {
      errs.push(
        invalidLiteral(
          path,
          '&core.SecurityContext{...}',
          'cannot set `allowPrivilegeEscalation` to false and `privileged` to true',
        ),
      );
    }
    const add =
      isObj(sc.capabilities) && Array.isArray(sc.capabilities.add) ? sc.capabilities.add : [];
    if (add.includes('CAP_SYS_ADMIN')) {
      errs.push(
        invalidLiteral(
          path,
          '&core.SecurityContext{...}',
          'cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN',
        ),
      );
    }
  }
  errs.push(...validateAppArmorProfile(sc.appArmorProfile, `${path}.appArmorProfile`));
  return errs;
}

/** validateSeccompProfileField */
export function validateSeccompProfile(sp: unknown, path: string): FieldError[] {
  if (!isObj(sp)) return [];
  const errs: FieldError[] = [];
  const type = str(sp.type);
  if (!type) errs.push(required(`${path}.type`, 'type is required when seccompProfile is set'));
  else if (!['Localhost', 'RuntimeDefault', 'Unconfined'].includes(type)) {
    errs.push(notSupported(`${path}.type`, type, ['Localhost', 'RuntimeDefault', 'Unconfined']));
  }
  if (type === 'Localhost') {
    if (!isSet(sp.localhostProfile))
      errs.push(required(`${path}.localhostProfile`, 'must be set when seccomp type is Localhost'));
    else errs.push(...localDescendingPath(str(sp.localhostProfile), `${path}.localhostProfile`));
  } else if (isSet(sp.localhostProfile)) {
    errs.push(
      invalidLiteral(
        `${path}.localhostProfile`,
        `&core.SeccompProfile{Type:"${type}", LocalhostProfile:(*string)(...)}`,
        'can only be set when seccomp type is Localhost',
      ),
    );
  }
  return errs;
}

/** ValidateAppArmorProfileField */
export function validateAppArmorProfile(profile: unknown, path: string): FieldError[] {
  if (!isObj(profile)) return [];
  const type = str(profile.type);
  switch (type) {
    case 'Localhost':
      if (!isSet(profile.localhostProfile) || str(profile.localhostProfile).trim() === '') {
        return [
          required(`${path}.localhostProfile`, 'must be set when AppArmor type is Localhost'),
        ];
      }
      return [];
    case 'RuntimeDefault':
    case 'Unconfined':
      return isSet(profile.localhostProfile)
        ? [
            invalidValue(
              `${path}.localhostProfile`,
              profile.localhostProfile,
              'can only be set when AppArmor type is Localhost',
            ),
          ]
        : [];
    case '':
      return [required(`${path}.type`, 'type is required when appArmorProfile is set')];
    default:
      return [notSupported(`${path}.type`, type, ['Localhost', 'RuntimeDefault', 'Unconfined'])];
  }
}

function validateResizePolicy(
  policies: unknown,
  path: string,
  restartPolicy: string,
): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  objs(policies).forEach((pol, i) => {
    const resource = str(pol.resourceName);
    if (seen.has(resource)) errs.push(duplicate(`${path}[${i}]`, resource));
    seen.add(resource);
    if (!resource) errs.push(required(path));
    else if (resource !== 'cpu' && resource !== 'memory')
      errs.push(notSupported(path, resource, ['cpu', 'memory']));
    const policy = str(pol.restartPolicy);
    if (!policy) errs.push(required(path));
    else if (policy !== 'NotRequired' && policy !== 'RestartContainer') {
      errs.push(notSupported(path, policy, ['NotRequired', 'RestartContainer']));
    }
    if (restartPolicy === 'Never' && policy !== 'NotRequired') {
      errs.push(
        invalidValue(path, policy, "must be 'NotRequired' when `restartPolicy` is 'Never'"),
      );
    }
  });
  return errs;
}

/** validateContainerCommon */
function validateContainerCommon(
  c: Obj,
  path: string,
  ctx: ContainerContext,
  hostUsers: boolean,
): FieldError[] {
  const errs: FieldError[] = [];
  const name = str(c.name);
  if (!name) errs.push(required(`${path}.name`));
  else errs.push(...isDNS1123Label(name).map((msg) => invalidValue(`${path}.name`, name, msg)));
  if (!c.image) errs.push(required(`${path}.image`));
  const tmp = str(c.terminationMessagePolicy);
  if (!tmp) errs.push(required(`${path}.terminationMessagePolicy`));
  else if (tmp !== 'File' && tmp !== 'FallbackToLogsOnError') {
    errs.push(
      notSupported(`${path}.terminationMessagePolicy`, tmp, ['File', 'FallbackToLogsOnError']),
    );
  }
  errs.push(...validatePorts(c.ports, `${path}.ports`));
  errs.push(...validateEnv(c.env, `${path}.env`));
  errs.push(...validateEnvFrom(c.envFrom, `${path}.envFrom`));
  errs.push(...validateVolumeMounts(c, `${path}.volumeMounts`, ctx));
  const pullPolicy = str(c.imagePullPolicy);
  if (!pullPolicy) errs.push(required(`${path}.imagePullPolicy`));
  else if (!['Always', 'IfNotPresent', 'Never'].includes(pullPolicy)) {
    errs.push(
      notSupported(`${path}.imagePullPolicy`, pullPolicy, ['Always', 'IfNotPresent', 'Never']),
    );
  }
  errs.push(...validateResourceRequirements(c.resources, `${path}.resources`));
  errs.push(...validateResizePolicy(c.resizePolicy, `${path}.resizePolicy`, ctx.restartPolicy));
  errs.push(...validateSecurityContext(c.securityContext, `${path}.securityContext`, hostUsers));
  return errs;
}

/** AccumulateUniqueHostPorts over the given containers. */
function hostPortConflicts(containers: Obj[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  containers.forEach((c, ci) => {
    objs(c.ports).forEach((port, pi) => {
      if (!port.hostPort) return;
      const key = `${str(port.protocol)}/${str(port.hostIP)}/${num(port.hostPort)}`;
      if (seen.has(key)) errs.push(duplicate(`${path}[${ci}].ports[${pi}].hostPort`, key));
      seen.add(key);
    });
  });
  return errs;
}

/** validateContainers (regular containers). */
export function validateContainers(
  containers: unknown,
  path: string,
  ctx: ContainerContext,
  hostUsers: boolean,
): FieldError[] {
  const list = objs(containers);
  if (list.length === 0) return [required(path)];
  const errs: FieldError[] = [];
  const names = new Set<string>();
  list.forEach((c, i) => {
    const p = `${path}[${i}]`;
    errs.push(...validateContainerCommon(c, p, ctx, hostUsers));
    if (names.has(str(c.name))) errs.push(duplicate(`${p}.name`, str(c.name)));
    else names.add(str(c.name));
    errs.push(...validateLifecycleAndProbes(c, p, ctx));
    if (isSet(c.restartPolicy))
      errs.push(forbiddenField(`${p}.restartPolicy`, 'may not be set for non-init containers'));
  });
  errs.push(...hostPortConflicts(list, path));
  return errs;
}

/** validateInitContainers */
export function validateInitContainers(
  initContainers: unknown,
  containers: unknown,
  path: string,
  ctx: ContainerContext,
  hostUsers: boolean,
): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set(objs(containers).map((c) => str(c.name)));
  objs(initContainers).forEach((c, i) => {
    const p = `${path}[${i}]`;
    errs.push(...validateContainerCommon(c, p, ctx, hostUsers));
    let restartAlways = false;
    if (isSet(c.restartPolicy)) {
      if (c.restartPolicy !== 'Always')
        errs.push(notSupported(`${p}.restartPolicy`, c.restartPolicy, ['Always']));
      restartAlways = c.restartPolicy === 'Always';
    }
    if (names.has(str(c.name))) errs.push(duplicate(`${p}.name`, str(c.name)));
    else if (str(c.name)) names.add(str(c.name));
    // upstream checks each init container alone, so its index always prints as 0
    errs.push(...hostPortConflicts([c], path));
    if (restartAlways) {
      errs.push(...validateLifecycleAndProbes(c, p, ctx));
    } else {
      for (const f of ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe']) {
        if (isSet(c[f]))
          errs.push(
            forbiddenField(
              `${p}.${f}`,
              'may not be set for init containers without restartPolicy=Always',
            ),
          );
      }
    }
  });
  return errs;
}

/** Image whitespace: validateContainerOnlyForPod (Pods only, not templates). */
export function validateContainerImagesForPod(containers: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  objs(containers).forEach((c, i) => {
    const image = str(c.image);
    if (image.length !== image.trim().length) {
      errs.push(
        invalidValue(`${path}[${i}].image`, image, 'must not have leading or trailing whitespace'),
      );
    }
  });
  return errs;
}
