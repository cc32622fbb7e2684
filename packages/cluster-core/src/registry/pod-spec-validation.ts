/**
 * ValidatePodSpec and ValidatePodTemplateSpec as pkg/apis/core/validation/validation.go,
 * with the PodValidationOptions a 1.33 apiserver uses (relaxed env names and DNS searches,
 * zero sleep actions, sidecar resize policies).
 */
import {
  FieldError,
  forbiddenField,
  invalidValue,
  notSupported,
  required,
  tooLong,
} from '../api/field-errors';
import { isDNS1123Label, isDNS1123Subdomain, isQualifiedName } from '../api/validation';
import { validateLabelMap } from './label-validation';
import {
  type ContainerContext,
  validateAppArmorProfile,
  validateContainers,
  validateInitContainers,
  validateSeccompProfile,
} from './pod-container-validation';
import { validateResourceRequirements } from './pod-resource-validation';
import {
  validateAffinity,
  validateDNSConfig,
  validateGates,
  validateHostAliases,
  validateTolerations,
  validateTopologySpreadConstraints,
} from './pod-scheduling-validation';
import { validateVolumes } from './pod-volume-validation';
import { isObj, isSet, num, type Obj, objs, str, strMap } from './spec-access';

export interface PodSpecOptions {
  /** The top-level object is a Pod (not a template): hostPort must equal containerPort. */
  resourceIsPod?: boolean;
  /** The pod's name, to check names of PVCs made for ephemeral volumes. */
  podName?: string;
}

const ID_RANGE = 'must be between 0 and 2147483647, inclusive';
const MAX_INT32 = 2147483647;
const SYSCTL_RE = /^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$/;
const NET_SYSCTL = /^net\./;
const _IPC_SYSCTL = /^(kernel\.(shm|msg|sem)|fs\.mqueue\.)/;

function validatePodSecurityContext(sc: unknown, path: string): FieldError[] {
  if (!isObj(sc)) return [];
  const errs: FieldError[] = [];
  for (const f of ['fsGroup', 'runAsUser', 'runAsGroup']) {
    if (isSet(sc[f]) && (num(sc[f]) < 0 || num(sc[f]) > MAX_INT32))
      errs.push(invalidValue(`${path}.${f}`, num(sc[f]), ID_RANGE));
  }
  (Array.isArray(sc.supplementalGroups) ? sc.supplementalGroups : []).forEach(
    (g: unknown, i: number) => {
      if (num(g) < 0 || num(g) > MAX_INT32)
        errs.push(invalidValue(`${path}.supplementalGroups[${i}]`, num(g), ID_RANGE));
    },
  );
  const names = new Set<string>();
  objs(sc.sysctls).forEach((s, i) => {
    const p = `${path}.sysctls[${i}].name`;
    const name = str(s.name);
    if (!name) errs.push(required(p));
    else if (name.length > 253 || !SYSCTL_RE.test(name)) {
      errs.push(
        invalidValue(
          p,
          name,
          `must have at most 253 characters and match regex ${SYSCTL_RE.source}`,
        ),
      );
    } else if (names.has(name)) errs.push(new FieldError('FieldValueDuplicate', p, name));
    if (sc.hostNetwork && NET_SYSCTL.test(name))
      errs.push(invalidValue(p, name, "may not be specified when 'hostNetwork' is true"));
    names.add(name);
  });
  if (
    isSet(sc.fsGroupChangePolicy) &&
    !['Always', 'OnRootMismatch'].includes(str(sc.fsGroupChangePolicy))
  ) {
    errs.push(
      notSupported(`${path}.fsGroupChangePolicy`, sc.fsGroupChangePolicy, [
        'Always',
        'OnRootMismatch',
      ]),
    );
  }
  errs.push(...validateSeccompProfile(sc.seccompProfile, `${path}.seccompProfile`));
  errs.push(...validateAppArmorProfile(sc.appArmorProfile, `${path}.appArmorProfile`));
  if (
    isSet(sc.supplementalGroupsPolicy) &&
    !['Merge', 'Strict'].includes(str(sc.supplementalGroupsPolicy))
  ) {
    errs.push(
      notSupported(`${path}.supplementalGroupsPolicy`, sc.supplementalGroupsPolicy, [
        'Merge',
        'Strict',
      ]),
    );
  }
  if (
    isSet(sc.seLinuxChangePolicy) &&
    !['MountOption', 'Recursive'].includes(str(sc.seLinuxChangePolicy))
  ) {
    errs.push(
      notSupported(`${path}.seLinuxChangePolicy`, sc.seLinuxChangePolicy, [
        'MountOption',
        'Recursive',
      ]),
    );
  }
  return errs;
}

/** ValidatePodSpec */
export function validatePodSpec(spec: Obj, path: string, opts: PodSpecOptions = {}): FieldError[] {
  const errs: FieldError[] = [];
  if (!isSet(spec.terminationGracePeriodSeconds))
    errs.push(required(`${path}.terminationGracePeriodSeconds`));
  const gracePeriod = isSet(spec.terminationGracePeriodSeconds)
    ? num(spec.terminationGracePeriodSeconds)
    : undefined;
  const sc = isObj(spec.securityContext) ? spec.securityContext : {};
  const hostUsers = sc.hostUsers !== false;
  const volumes = validateVolumes(spec.volumes, `${path}.volumes`, opts.podName);
  errs.push(...volumes.errors);
  const ctx: ContainerContext = {
    volumes: volumes.sources,
    gracePeriod,
    restartPolicy: str(spec.restartPolicy),
  };
  errs.push(...validateContainers(spec.containers, `${path}.containers`, ctx, hostUsers));
  errs.push(
    ...validateInitContainers(
      spec.initContainers,
      spec.containers,
      `${path}.initContainers`,
      ctx,
      hostUsers,
    ),
  );
  if (spec.hostNetwork === true) {
    objs(spec.containers).forEach((c, i) => {
      objs(c.ports).forEach((port, j) => {
        const hp = num(port.hostPort);
        if ((opts.resourceIsPod || hp !== 0) && hp !== num(port.containerPort)) {
          errs.push(
            invalidValue(
              `${path}.containers[${i}].ports[${j}].hostPort`,
              hp,
              'must match `containerPort` when `hostNetwork` is true',
            ),
          );
        }
      });
    });
  }
  const restartPolicy = str(spec.restartPolicy);
  if (!restartPolicy) errs.push(required(`${path}.restartPolicy`));
  else if (!['Always', 'OnFailure', 'Never'].includes(restartPolicy)) {
    errs.push(
      notSupported(`${path}.restartPolicy`, restartPolicy, ['Always', 'OnFailure', 'Never']),
    );
  }
  const dnsPolicy = str(spec.dnsPolicy);
  if (!dnsPolicy) errs.push(required(`${path}.dnsPolicy`));
  else if (!['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'].includes(dnsPolicy)) {
    errs.push(
      notSupported(`${path}.dnsPolicy`, dnsPolicy, [
        'ClusterFirstWithHostNet',
        'ClusterFirst',
        'Default',
        'None',
      ]),
    );
  }
  errs.push(...validateLabelMap(spec.nodeSelector, `${path}.nodeSelector`));
  errs.push(
    ...validatePodSecurityContext(
      { ...sc, hostNetwork: spec.hostNetwork },
      `${path}.securityContext`,
    ),
  );
  errs.push(...validateAffinity(spec.affinity, `${path}.affinity`));
  errs.push(...validateDNSConfig(spec.dnsConfig, dnsPolicy, `${path}.dnsConfig`));
  errs.push(...validateGates(spec.readinessGates, spec.schedulingGates, path));
  errs.push(
    ...validateTopologySpreadConstraints(
      spec.topologySpreadConstraints,
      `${path}.topologySpreadConstraints`,
    ),
  );
  if (sc.hostUsers === false) {
    if (spec.hostNetwork)
      errs.push(forbiddenField(`${path}.hostNetwork`, 'when `pod.Spec.HostUsers` is false'));
    if (spec.hostPID)
      errs.push(forbiddenField(`${path}.HostPID`, 'when `pod.Spec.HostUsers` is false'));
    if (spec.hostIPC)
      errs.push(forbiddenField(`${path}.HostIPC`, 'when `pod.Spec.HostUsers` is false'));
  }
  for (const [field, check] of [
    ['serviceAccountName', isServiceAccountName],
    ['nodeName', isDNS1123Subdomain],
  ] as const) {
    const value = str(spec[field]);
    if (value)
      errs.push(...check(value).map((msg) => invalidValue(`${path}.${field}`, value, msg)));
  }
  if (isSet(spec.activeDeadlineSeconds)) {
    const value = num(spec.activeDeadlineSeconds);
    if (value < 1 || value > MAX_INT32) {
      errs.push(
        invalidValue(
          `${path}.activeDeadlineSeconds`,
          value,
          `must be between 1 and ${MAX_INT32}, inclusive`,
        ),
      );
    }
  }
  for (const field of ['hostname', 'subdomain']) {
    const value = str(spec[field]);
    if (value)
      errs.push(
        ...isDNS1123Label(value).map((msg) => invalidValue(`${path}.${field}`, value, msg)),
      );
  }
  errs.push(...validateTolerations(spec.tolerations, `${path}.tolerations`));
  errs.push(...validateHostAliases(spec.hostAliases, `${path}.hostAliases`));
  const pcName = str(spec.priorityClassName);
  if (pcName)
    errs.push(
      ...isDNS1123Subdomain(pcName).map((msg) =>
        invalidValue(`${path}.priorityClassName`, pcName, msg),
      ),
    );
  if (isSet(spec.runtimeClassName)) {
    const rc = str(spec.runtimeClassName);
    errs.push(
      ...isDNS1123Subdomain(rc).map((msg) => invalidValue(`${path}.runtimeClassName`, rc, msg)),
    );
  }
  if (
    isSet(spec.preemptionPolicy) &&
    !['PreemptLowerPriority', 'Never'].includes(str(spec.preemptionPolicy))
  ) {
    errs.push(
      str(spec.preemptionPolicy)
        ? notSupported(`${path}.preemptionPolicy`, spec.preemptionPolicy, [
            'PreemptLowerPriority',
            'Never',
          ])
        : required(`${path}.preemptionPolicy`),
    );
  }
  if (isObj(spec.overhead))
    errs.push(...validateResourceRequirements({ limits: spec.overhead }, `${path}.overhead`));
  if (isObj(spec.os)) errs.push(...validateOS(spec, `${path}.os`, path));
  return errs;
}

/** ValidateServiceAccountName is a DNS-1123 subdomain. */
const isServiceAccountName = isDNS1123Subdomain;

function validateOS(spec: Obj, path: string, specPath: string): FieldError[] {
  const name = str(spec.os.name);
  if (!name) return [required(`${path}.name`, 'cannot be empty')];
  if (name !== 'linux' && name !== 'windows')
    return [notSupported(path, name, ['linux', 'windows'])];
  const errs: FieldError[] = [];
  const sc = isObj(spec.securityContext) ? spec.securityContext : {};
  if (name === 'linux') {
    if (isSet(sc.windowsOptions)) {
      errs.push(
        forbiddenField(
          `${specPath}.securityContext.windowsOptions`,
          'windows options cannot be set for a linux pod',
        ),
      );
    }
    return errs;
  }
  for (const f of [
    'seLinuxOptions',
    'seccompProfile',
    'fsGroup',
    'fsGroupChangePolicy',
    'runAsUser',
    'runAsGroup',
    'supplementalGroups',
  ]) {
    if (isSet(sc[f]))
      errs.push(
        forbiddenField(`${specPath}.securityContext.${f}`, 'cannot be set for a windows pod'),
      );
  }
  for (const f of ['hostPID', 'hostIPC'])
    if (spec[f]) errs.push(forbiddenField(`${specPath}.${f}`, 'cannot be set for a windows pod'));
  return errs;
}

const DELETION_COST = 'controller.kubernetes.io/pod-deletion-cost';

/** ValidatePodSpecificAnnotations */
export function validatePodSpecificAnnotations(
  annotations: unknown,
  spec: Obj,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  const ann = strMap(annotations);
  const mirror = ann['kubernetes.io/config.mirror'];
  if (mirror !== undefined && !spec.nodeName) {
    errs.push(
      invalidValue(
        `${path}[kubernetes.io/config.mirror]`,
        mirror,
        'must set spec.nodeName if mirror pod annotation is set',
      ),
    );
  }
  if (DELETION_COST in ann) {
    const v = ann[DELETION_COST];
    const n = Number(v);
    if (!/^[+-]?\d+$/.test(v) || n < -(2 ** 31) || n > 2 ** 31 - 1) {
      errs.push(invalidValue(`${path}[${DELETION_COST}]`, v, 'must be a 32bit integer'));
    }
  }
  for (const [k, v] of Object.entries(ann)) {
    if (
      k === 'seccomp.security.alpha.kubernetes.io/pod' ||
      k.startsWith('container.seccomp.security.alpha.kubernetes.io/')
    ) {
      if (
        !['runtime/default', 'docker/default', 'unconfined'].includes(v) &&
        !v.startsWith('localhost/')
      ) {
        errs.push(invalidValue(`${path}.${k}`, v, 'must be a valid seccomp profile'));
      }
    }
  }
  return errs;
}

/** apimachinery ValidateAnnotations: qualified (lower-cased) keys, at most 256 KiB in total. */
export function validateAnnotations(annotations: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  let total = 0;
  for (const [k, v] of Object.entries(strMap(annotations))) {
    errs.push(...isQualifiedName(k.toLowerCase()).map((msg) => invalidValue(path, k, msg)));
    total += k.length + str(v).length;
  }
  if (total > 256 * 1024) errs.push(tooLong(path, '', 256 * 1024));
  return errs;
}

/** ValidatePodTemplateSpec: labels, annotations and the spec of a pod template at `path`. */
export function validatePodTemplateSpec(template: unknown, path: string): FieldError[] {
  const t = isObj(template) ? template : {};
  const meta = isObj(t.metadata) ? t.metadata : {};
  const spec = isObj(t.spec) ? t.spec : {};
  const errs = validateLabelMap(meta.labels, `${path}.labels`);
  errs.push(...validateAnnotations(meta.annotations, `${path}.annotations`));
  errs.push(...validatePodSpecificAnnotations(meta.annotations, spec, `${path}.annotations`));
  errs.push(...validatePodSpec(spec, `${path}.spec`));
  if (objs(spec.ephemeralContainers).length > 0) {
    errs.push(
      forbiddenField(
        `${path}.spec.ephemeralContainers`,
        'ephemeral containers not allowed in pod template',
      ),
    );
  }
  return errs;
}
