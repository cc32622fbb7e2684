/**
 * The Pod Security Standards checks, as k8s.io/pod-security-admission policy/check_*.go defines
 * them (v0.33): one function per check ID, each returning upstream's ForbiddenReason and
 * ForbiddenDetail texts, and the evaluator's order (baseline IDs sorted, then restricted IDs
 * sorted, restricted overriding its baseline twins).
 */
import type { KubeObject } from '../api/object';

export type PodSecurityLevel = 'privileged' | 'baseline' | 'restricted';

export interface CheckResult {
  reason: string;
  detail: string;
}

/** A policy version: `latest` or v1.<minor>. */
export type PolicyMinor = number;
export const LATEST: PolicyMinor = Number.POSITIVE_INFINITY;

/* eslint-disable @typescript-eslint/no-explicit-any */
type Container = any;
type PodSpec = any;
type Check = (
  meta: KubeObject['metadata'],
  spec: PodSpec,
  minor: PolicyMinor,
) => CheckResult | undefined;

const joinQuote = (items: string[]) => (items.length ? `"${items.join('", "')}"` : '');
const plural = (singular: string, many: string, n: number) => (n === 1 ? singular : many);
const sorted = (set: Set<string>) => [...set].sort();
const containersWord = (names: string[]) =>
  `${plural('container', 'containers', names.length)} ${joinQuote(names)}`;

/** visitContainers: init containers, containers, then ephemeral containers. */
function containers(spec: PodSpec): Container[] {
  return [
    ...(spec.initContainers ?? []),
    ...(spec.containers ?? []),
    ...(spec.ephemeralContainers ?? []),
  ];
}

const isWindows = (spec: PodSpec) => spec.os?.name === 'windows';

const hostNamespaces: Check = (_m, spec) => {
  const set = [
    spec.hostNetwork && 'hostNetwork=true',
    spec.hostPID && 'hostPID=true',
    spec.hostIPC && 'hostIPC=true',
  ].filter(Boolean);
  return set.length ? { reason: 'host namespaces', detail: set.join(', ') } : undefined;
};

const privileged: Check = (_m, spec) => {
  const bad = containers(spec)
    .filter((c) => c.securityContext?.privileged === true)
    .map((c) => c.name);
  return bad.length
    ? {
        reason: 'privileged',
        detail: `${containersWord(bad)} must not set securityContext.privileged=true`,
      }
    : undefined;
};

const BASELINE_CAPABILITIES = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);

const capabilitiesBaseline: Check = (_m, spec) => {
  const bad: string[] = [];
  const caps = new Set<string>();
  for (const c of containers(spec)) {
    const added: string[] = c.securityContext?.capabilities?.add ?? [];
    const forbidden = added.filter((cap) => !BASELINE_CAPABILITIES.has(cap));
    forbidden.forEach((cap) => caps.add(cap));
    if (forbidden.length) bad.push(c.name);
  }
  return bad.length
    ? {
        reason: 'non-default capabilities',
        detail: `${containersWord(bad)} must not include ${joinQuote(sorted(caps))} in securityContext.capabilities.add`,
      }
    : undefined;
};

const hostPathVolumes: Check = (_m, spec) => {
  const bad = (spec.volumes ?? []).filter((v: any) => v.hostPath).map((v: any) => v.name);
  return bad.length
    ? {
        reason: 'hostPath volumes',
        detail: `${plural('volume', 'volumes', bad.length)} ${joinQuote(bad)}`,
      }
    : undefined;
};

const hostPorts: Check = (_m, spec) => {
  const bad: string[] = [];
  const ports = new Set<string>();
  for (const c of containers(spec)) {
    const used = (c.ports ?? []).filter((p: any) => p.hostPort);
    used.forEach((p: any) => ports.add(String(p.hostPort)));
    if (used.length) bad.push(c.name);
  }
  if (!bad.length) return undefined;
  const list = sorted(ports);
  return {
    reason: 'hostPort',
    detail: `${containersWord(bad)} ${plural('uses', 'use', bad.length)} ${plural('hostPort', 'hostPorts', list.length)} ${list.join(', ')}`,
  };
};

const APPARMOR_TYPES = new Set(['RuntimeDefault', 'Localhost']);
const APPARMOR_ANNOTATION = 'container.apparmor.security.beta.kubernetes.io/';

const appArmorProfile: Check = (meta, spec) => {
  const setters: string[] = [];
  const values = new Set<string>();
  const podType = spec.securityContext?.appArmorProfile?.type;
  if (spec.securityContext?.appArmorProfile && !APPARMOR_TYPES.has(podType)) {
    setters.push('pod');
    values.add(podType ?? '');
  }
  const bad: string[] = [];
  for (const c of containers(spec)) {
    const profile = c.securityContext?.appArmorProfile;
    if (profile && !APPARMOR_TYPES.has(profile.type)) {
      bad.push(c.name);
      values.add(profile.type ?? '');
    }
  }
  if (bad.length) setters.push(containersWord(bad));
  const annotations = Object.entries(meta.annotations ?? {})
    .filter(
      ([k, v]) =>
        k.startsWith(APPARMOR_ANNOTATION) &&
        !(v === '' || v === 'runtime/default' || String(v).startsWith('localhost/')),
    )
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .sort();
  const valueList = [...sorted(values), ...annotations];
  if (annotations.length) setters.push(plural('annotation', 'annotations', annotations.length));
  if (!setters.length) return undefined;
  return {
    reason: plural('forbidden AppArmor profile', 'forbidden AppArmor profiles', valueList.length),
    detail: `${setters.join(' and ')} must not set AppArmor profile type to ${joinQuote(valueList)}`,
  };
};

const seLinuxOptions: Check = (_m, spec, minor) => {
  const allowed = new Set([
    '',
    'container_t',
    'container_init_t',
    'container_kvm_t',
    ...(minor >= 31 ? ['container_engine_t'] : []),
  ]);
  const badTypes = new Set<string>();
  let setUser = false;
  let setRole = false;
  const valid = (o: any) => {
    let ok = true;
    if (!allowed.has(o.type ?? '')) {
      ok = false;
      badTypes.add(o.type ?? '');
    }
    if (o.user) {
      ok = false;
      setUser = true;
    }
    if (o.role) {
      ok = false;
      setRole = true;
    }
    return ok;
  };
  const setters: string[] = [];
  if (spec.securityContext?.seLinuxOptions && !valid(spec.securityContext.seLinuxOptions))
    setters.push('pod');
  const bad = containers(spec)
    .filter((c) => c.securityContext?.seLinuxOptions && !valid(c.securityContext.seLinuxOptions))
    .map((c) => c.name);
  if (bad.length) setters.push(containersWord(bad));
  if (!setters.length) return undefined;
  const data: string[] = [];
  if (badTypes.size)
    data.push(`${plural('type', 'types', badTypes.size)} ${joinQuote(sorted(badTypes))}`);
  if (setUser) data.push('user may not be set');
  if (setRole) data.push('role may not be set');
  return {
    reason: 'seLinuxOptions',
    detail: `${setters.join(' and ')} set forbidden securityContext.seLinuxOptions: ${data.join('; ')}`,
  };
};

const procMount: Check = (_m, spec) => {
  const bad: string[] = [];
  const types = new Set<string>();
  for (const c of containers(spec)) {
    const mount = c.securityContext?.procMount;
    if (mount !== undefined && mount !== null && mount !== 'Default') {
      bad.push(c.name);
      types.add(mount);
    }
  }
  return bad.length
    ? {
        reason: 'procMount',
        detail: `${containersWord(bad)} must not set securityContext.procMount to ${joinQuote(sorted(types))}`,
      }
    : undefined;
};

const validSeccomp = (t: unknown) => t === 'Localhost' || t === 'RuntimeDefault';

const seccompProfileBaseline: Check = (_m, spec) => {
  const setters: string[] = [];
  const values = new Set<string>();
  const pod = spec.securityContext?.seccompProfile;
  if (pod && !validSeccomp(pod.type)) {
    setters.push('pod');
    values.add(pod.type ?? '');
  }
  const bad: string[] = [];
  for (const c of containers(spec)) {
    const p = c.securityContext?.seccompProfile;
    if (p && !validSeccomp(p.type)) {
      bad.push(c.name);
      values.add(p.type ?? '');
    }
  }
  if (bad.length) setters.push(containersWord(bad));
  return setters.length
    ? {
        reason: 'seccompProfile',
        detail: `${setters.join(' and ')} must not set securityContext.seccompProfile.type to ${joinQuote(sorted(values))}`,
      }
    : undefined;
};

const SYSCTLS_1_0 = [
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_unprivileged_port_start',
];
const SYSCTLS_1_27 = ['net.ipv4.ip_local_reserved_ports'];
const SYSCTLS_1_29 = [
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
];
const SYSCTLS_1_32 = ['net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem'];

const sysctls: Check = (_m, spec, minor) => {
  const allowed = new Set([
    ...SYSCTLS_1_0,
    ...(minor >= 27 ? SYSCTLS_1_27 : []),
    ...(minor >= 29 ? SYSCTLS_1_29 : []),
    ...(minor >= 32 ? SYSCTLS_1_32 : []),
  ]);
  const bad = (spec.securityContext?.sysctls ?? [])
    .map((s: any) => s.name)
    .filter((n: string) => !allowed.has(n));
  return bad.length ? { reason: 'forbidden sysctls', detail: bad.join(', ') } : undefined;
};

const windowsHostProcess: Check = (_m, spec) => {
  const setters: string[] = [];
  if (spec.securityContext?.windowsOptions?.hostProcess === true) setters.push('pod');
  const bad = containers(spec)
    .filter((c) => c.securityContext?.windowsOptions?.hostProcess === true)
    .map((c) => c.name);
  if (bad.length) setters.push(containersWord(bad));
  return setters.length
    ? {
        reason: 'hostProcess',
        detail: `${setters.join(' and ')} must not set securityContext.windowsOptions.hostProcess=true`,
      }
    : undefined;
};

const allowPrivilegeEscalation: Check = (_m, spec, minor) => {
  if (minor >= 25 && isWindows(spec)) return undefined;
  const bad = containers(spec)
    .filter((c) => c.securityContext?.allowPrivilegeEscalation !== false)
    .map((c) => c.name);
  return bad.length
    ? {
        reason: 'allowPrivilegeEscalation != false',
        detail: `${containersWord(bad)} must set securityContext.allowPrivilegeEscalation=false`,
      }
    : undefined;
};

const capabilitiesRestricted: Check = (_m, spec, minor) => {
  if (minor >= 25 && isWindows(spec)) return undefined;
  const missingDrop: string[] = [];
  const adding: string[] = [];
  const caps = new Set<string>();
  for (const c of containers(spec)) {
    const capabilities = c.securityContext?.capabilities;
    if (!capabilities) {
      missingDrop.push(c.name);
      continue;
    }
    if (!(capabilities.drop ?? []).includes('ALL')) missingDrop.push(c.name);
    const forbidden = (capabilities.add ?? []).filter((cap: string) => cap !== 'NET_BIND_SERVICE');
    forbidden.forEach((cap: string) => caps.add(cap));
    if (forbidden.length) adding.push(c.name);
  }
  const details: string[] = [];
  if (missingDrop.length)
    details.push(
      `${containersWord(missingDrop)} must set securityContext.capabilities.drop=["ALL"]`,
    );
  if (adding.length)
    details.push(
      `${containersWord(adding)} must not include ${joinQuote(sorted(caps))} in securityContext.capabilities.add`,
    );
  return details.length
    ? { reason: 'unrestricted capabilities', detail: details.join('; ') }
    : undefined;
};

const ALLOWED_RESTRICTED_VOLUMES = [
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'image',
  'persistentVolumeClaim',
  'projected',
  'secret',
];
const RESTRICTED_VOLUME_TYPES = [
  'hostPath',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'gitRepo',
  'nfs',
  'iscsi',
  'glusterfs',
  'rbd',
  'flexVolume',
  'cinder',
  'cephfs',
  'flocker',
  'fc',
  'azureFile',
  'vsphereVolume',
  'quobyte',
  'azureDisk',
  'photonPersistentDisk',
  'portworxVolume',
  'scaleIO',
  'storageos',
];

const restrictedVolumes: Check = (_m, spec) => {
  const bad: string[] = [];
  const types = new Set<string>();
  for (const v of spec.volumes ?? []) {
    if (ALLOWED_RESTRICTED_VOLUMES.some((t) => v[t])) continue;
    bad.push(v.name);
    types.add(RESTRICTED_VOLUME_TYPES.find((t) => v[t]) ?? 'unknown');
  }
  if (!bad.length) return undefined;
  const list = sorted(types);
  return {
    reason: 'restricted volume types',
    detail: `${plural('volume', 'volumes', bad.length)} ${joinQuote(bad)} ${plural('uses', 'use', bad.length)} ${plural('restricted volume type', 'restricted volume types', list.length)} ${joinQuote(list)}`,
  };
};

const runAsNonRoot: Check = (_m, spec) => {
  const setters: string[] = [];
  let podNonRoot = false;
  const pod = spec.securityContext?.runAsNonRoot;
  if (pod === false) setters.push('pod');
  else if (pod === true) podNonRoot = true;
  const explicit: string[] = [];
  const implicit: string[] = [];
  for (const c of containers(spec)) {
    const v = c.securityContext?.runAsNonRoot;
    if (v === true || v === false) {
      if (v === false) explicit.push(c.name);
    } else if (!podNonRoot) implicit.push(c.name);
  }
  if (explicit.length) setters.push(containersWord(explicit));
  if (setters.length)
    return {
      reason: 'runAsNonRoot != true',
      detail: `${setters.join(' and ')} must not set securityContext.runAsNonRoot=false`,
    };
  if (implicit.length)
    return {
      reason: 'runAsNonRoot != true',
      detail: `pod or ${containersWord(implicit)} must set securityContext.runAsNonRoot=true`,
    };
  return undefined;
};

const runAsUser: Check = (_m, spec) => {
  const setters: string[] = [];
  if (spec.securityContext?.runAsUser === 0) setters.push('pod');
  const bad = containers(spec)
    .filter((c) => c.securityContext?.runAsUser === 0)
    .map((c) => c.name);
  if (bad.length) setters.push(containersWord(bad));
  return setters.length
    ? { reason: 'runAsUser=0', detail: `${setters.join(' and ')} must not set runAsUser=0` }
    : undefined;
};

const seccompProfileRestricted: Check = (_m, spec, minor) => {
  if (minor >= 25 && isWindows(spec)) return undefined;
  const setters: string[] = [];
  const values = new Set<string>();
  let podSet = false;
  const pod = spec.securityContext?.seccompProfile;
  if (pod) {
    if (!validSeccomp(pod.type)) {
      setters.push('pod');
      values.add(pod.type ?? '');
    } else podSet = true;
  }
  const explicit: string[] = [];
  const implicit: string[] = [];
  for (const c of containers(spec)) {
    const p = c.securityContext?.seccompProfile;
    if (p) {
      if (!validSeccomp(p.type)) {
        explicit.push(c.name);
        values.add(p.type ?? '');
      }
    } else if (!podSet) implicit.push(c.name);
  }
  if (explicit.length) setters.push(containersWord(explicit));
  if (setters.length) {
    return {
      reason: 'seccompProfile',
      detail: `${setters.join(' and ')} must not set securityContext.seccompProfile.type to ${joinQuote(sorted(values))}`,
    };
  }
  if (implicit.length) {
    return {
      reason: 'seccompProfile',
      detail: `pod or ${containersWord(implicit)} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`,
    };
  }
  return undefined;
};

interface RegisteredCheck {
  id: string;
  minimumMinor: number;
  check: Check;
  overrides?: string[];
}

/** Baseline checks, by ID. */
const BASELINE: RegisteredCheck[] = [
  { id: 'appArmorProfile', minimumMinor: 0, check: appArmorProfile },
  { id: 'capabilities_baseline', minimumMinor: 0, check: capabilitiesBaseline },
  { id: 'hostNamespaces', minimumMinor: 0, check: hostNamespaces },
  { id: 'hostPathVolumes', minimumMinor: 0, check: hostPathVolumes },
  { id: 'hostPorts', minimumMinor: 0, check: hostPorts },
  { id: 'privileged', minimumMinor: 0, check: privileged },
  { id: 'procMount', minimumMinor: 0, check: procMount },
  { id: 'seLinuxOptions', minimumMinor: 0, check: seLinuxOptions },
  { id: 'seccompProfile_baseline', minimumMinor: 19, check: seccompProfileBaseline },
  { id: 'sysctls', minimumMinor: 0, check: sysctls },
  { id: 'windowsHostProcess', minimumMinor: 0, check: windowsHostProcess },
];

/** Restricted checks, by ID; each may override a baseline check. */
const RESTRICTED: RegisteredCheck[] = [
  { id: 'allowPrivilegeEscalation', minimumMinor: 8, check: allowPrivilegeEscalation },
  {
    id: 'capabilities_restricted',
    minimumMinor: 22,
    check: capabilitiesRestricted,
    overrides: ['capabilities_baseline'],
  },
  {
    id: 'restrictedVolumes',
    minimumMinor: 0,
    check: restrictedVolumes,
    overrides: ['hostPathVolumes'],
  },
  { id: 'runAsNonRoot', minimumMinor: 0, check: runAsNonRoot },
  { id: 'runAsUser', minimumMinor: 23, check: runAsUser },
  {
    id: 'seccompProfile_restricted',
    minimumMinor: 19,
    check: seccompProfileRestricted,
    overrides: ['seccompProfile_baseline'],
  },
];

/** EvaluatePod then AggregateCheckResults: the failed checks, in upstream's order. */
export function evaluatePodSecurity(
  level: PodSecurityLevel,
  minor: PolicyMinor,
  meta: KubeObject['metadata'],
  spec: PodSpec,
): CheckResult[] {
  if (level === 'privileged') return [];
  const applies = (c: RegisteredCheck) => minor >= c.minimumMinor;
  const restricted = level === 'restricted' ? RESTRICTED.filter(applies) : [];
  const overridden = new Set(restricted.flatMap((c) => c.overrides ?? []));
  const checks = [...BASELINE.filter((c) => applies(c) && !overridden.has(c.id)), ...restricted];
  return checks
    .map((c) => c.check(meta ?? {}, spec ?? {}, minor))
    .filter((r): r is CheckResult => r !== undefined);
}

/** AggregateCheckResult.ForbiddenDetail. */
export function forbiddenDetail(results: CheckResult[]): string {
  return results.map((r) => (r.detail ? `${r.reason} (${r.detail})` : r.reason)).join(', ');
}

/** AggregateCheckResult.ForbiddenReason. */
export function forbiddenReason(results: CheckResult[]): string {
  return results.map((r) => r.reason).join(', ');
}
