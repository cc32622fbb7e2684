/**
 * Warnings for Pods and pod templates as pkg/api/pod/warnings.go (warningsForPodSpecAndMeta),
 * sent to kubectl as `Warning:` headers: deprecated node labels and volume plugins, duplicate
 * env vars and ports, fractional byte quantities, negative grace periods, null selectors.
 */
import { quantityOf } from './quantity-fields';
import { isObj, num, type Obj, objs, str, strMap } from './spec-access';

const DEPRECATED_NODE_LABELS: Record<string, string> = {
  'beta.kubernetes.io/arch': 'deprecated since v1.14; use "kubernetes.io/arch" instead',
  'beta.kubernetes.io/os': 'deprecated since v1.14; use "kubernetes.io/os" instead',
  'failure-domain.beta.kubernetes.io/region':
    'deprecated since v1.17; use "topology.kubernetes.io/region" instead',
  'failure-domain.beta.kubernetes.io/zone':
    'deprecated since v1.17; use "topology.kubernetes.io/zone" instead',
  'beta.kubernetes.io/instance-type':
    'deprecated since v1.17; use "node.kubernetes.io/instance-type" instead',
};

const DEPRECATED_ANNOTATIONS: Record<string, string> = {
  'scheduler.alpha.kubernetes.io/critical-pod':
    'non-functional in v1.16+; use the "priorityClassName" field instead',
  'security.alpha.kubernetes.io/sysctls':
    'non-functional in v1.11+; use the "sysctls" field instead',
  'security.alpha.kubernetes.io/unsafe-sysctls':
    'non-functional in v1.11+; use the "sysctls" field instead',
};

const DEPRECATED_VOLUMES: Array<[string, string, string]> = [
  ['photonPersistentDisk', 'photonPersistentDisk', 'deprecated in v1.11, non-functional in v1.16+'],
  ['gitRepo', 'gitRepo', 'deprecated in v1.11'],
  ['scaleIO', 'scaleIO', 'deprecated in v1.16, non-functional in v1.22+'],
  ['flocker', 'flocker', 'deprecated in v1.22, non-functional in v1.25+'],
  ['storageos', 'storageOS', 'deprecated in v1.22, non-functional in v1.25+'],
  ['quobyte', 'quobyte', 'deprecated in v1.22, non-functional in v1.25+'],
  ['glusterfs', 'glusterfs', 'deprecated in v1.25, non-functional in v1.26+'],
  ['cephfs', 'cephfs', 'deprecated in v1.28, non-functional in v1.31+'],
  ['rbd', 'rbd', 'deprecated in v1.28, non-functional in v1.31+'],
];

function nodeSelectorTermWarnings(term: Obj, path: string): string[] {
  const out: string[] = [];
  objs(term.matchExpressions).forEach((e, i) => {
    const msg = DEPRECATED_NODE_LABELS[str(e.key)];
    if (msg) out.push(`${path}.matchExpressions[${i}].key: ${str(e.key)} is ${msg}`);
  });
  return out;
}

function fractionalBytes(value: unknown, path: string): string[] {
  const q = quantityOf(value);
  if (!q || q.milliValue() % 1000 === 0) return [];
  return [`${path}: fractional byte value "${q.toString()}" is invalid, must be an integer`];
}

/**
 * `prefix` is '' for a Pod and e.g. 'spec.template' for a template; paths below it read
 * `spec....` and `metadata....` as upstream's fieldPath.Child does.
 */
export function podSpecWarnings(prefix: string, spec: Obj, meta: Obj): string[] {
  const p = (rest: string) => (prefix ? `${prefix}.${rest}` : rest);
  const warnings: string[] = [];
  for (const key of Object.keys(strMap(spec.nodeSelector))) {
    if (DEPRECATED_NODE_LABELS[key])
      warnings.push(`${p('spec.nodeSelector')}[${key}]: ${DEPRECATED_NODE_LABELS[key]}`);
  }
  const na =
    isObj(spec.affinity) && isObj(spec.affinity.nodeAffinity)
      ? spec.affinity.nodeAffinity
      : undefined;
  if (na) {
    const req = na.requiredDuringSchedulingIgnoredDuringExecution;
    if (isObj(req)) {
      objs(req.nodeSelectorTerms).forEach((t, i) =>
        warnings.push(
          ...nodeSelectorTermWarnings(
            t,
            `${p('spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms')}[${i}]`,
          ),
        ),
      );
    }
    objs(na.preferredDuringSchedulingIgnoredDuringExecution).forEach((t, i) =>
      warnings.push(
        ...nodeSelectorTermWarnings(
          isObj(t.preference) ? t.preference : {},
          `${p('spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution')}[${i}].preference`,
        ),
      ),
    );
  }
  objs(spec.topologySpreadConstraints).forEach((t, i) => {
    const msg = DEPRECATED_NODE_LABELS[str(t.topologyKey)];
    const base = `${p('spec.topologySpreadConstraints')}[${i}]`;
    if (msg) warnings.push(`${base}.topologyKey: ${str(t.topologyKey)} is ${msg}`);
    if (!isObj(t.labelSelector))
      warnings.push(`${base}.labelSelector: a null labelSelector results in matching no pod`);
  });
  const annotations = strMap(meta.annotations);
  for (const [key, msg] of Object.entries(DEPRECATED_ANNOTATIONS)) {
    if (key in annotations) warnings.push(`${p('metadata.annotations')}[${key}]: ${msg}`);
  }
  objs(spec.volumes).forEach((v, i) => {
    for (const [key, pathName, msg] of DEPRECATED_VOLUMES) {
      if (v[key] !== undefined && v[key] !== null)
        warnings.push(`${p('spec.volumes')}[${i}].${pathName}: ${msg}`);
    }
  });
  const imagePullSecrets = objs(spec.imagePullSecrets);
  const secretNames = new Set<string>();
  imagePullSecrets.forEach((s, i) => {
    const name = str(s.name);
    if (imagePullSecrets.length > 1 && secretNames.has(name)) {
      warnings.push(`${p('spec.imagePullSecrets')}[${i}].name: duplicate name "${name}"`);
    }
    secretNames.add(name);
  });
  imagePullSecrets.forEach((s, i) => {
    if (!str(s.name))
      warnings.push(`${p('spec.imagePullSecrets')}[${i}].name: invalid empty name ""`);
  });
  if (isObj(spec.overhead)) {
    for (const res of ['memory', 'ephemeral-storage']) {
      warnings.push(...fractionalBytes(spec.overhead[res], `${p('spec.overhead')}[${res}]`));
    }
  }
  const seccompField = isObj(spec.securityContext) && isObj(spec.securityContext.seccompProfile);
  if (!seccompField && 'seccomp.security.alpha.kubernetes.io/pod' in annotations) {
    warnings.push(
      `${p('metadata.annotations')}[seccomp.security.alpha.kubernetes.io/pod]: non-functional in v1.27+; use the "seccompProfile" field instead`,
    );
  }
  const containerLists: Array<[string, Obj[]]> = [
    ['initContainers', objs(spec.initContainers)],
    ['containers', objs(spec.containers)],
    ['ephemeralContainers', objs(spec.ephemeralContainers)],
  ];
  for (const [listName, containers] of containerLists) {
    containers.forEach((c, ci) => {
      const cp = `${p(`spec.${listName}`)}[${ci}]`;
      const res = isObj(c.resources) ? c.resources : {};
      for (const kind of ['limits', 'requests']) {
        for (const r of ['memory', 'ephemeral-storage']) {
          if (isObj(res[kind]))
            warnings.push(...fractionalBytes(res[kind][r], `${cp}.resources.${kind}[${r}]`));
        }
      }
      const env = objs(c.env);
      const seen = new Set<string>();
      env.forEach((e, i) => {
        const name = str(e.name);
        if (env.length > 1 && seen.has(name)) {
          const ref = `$(${name})`;
          const value = str(e.value);
          if (isObj(e.valueFrom) || value === ref || !value.includes(ref)) {
            warnings.push(
              `${cp}.env[${i}]: hides previous definition of "${name}", which may be dropped when using apply`,
            );
          }
        }
        seen.add(name);
      });
    });
  }
  warnings.push(...portWarnings(containerLists, p));
  if (
    typeof spec.terminationGracePeriodSeconds === 'number' &&
    spec.terminationGracePeriodSeconds < 0
  ) {
    warnings.push(
      `${p('spec.terminationGracePeriodSeconds')}: must be >= 0; negative values are invalid and will be treated as 1`,
    );
  }
  for (const kind of ['podAffinity', 'podAntiAffinity']) {
    const aff =
      isObj(spec.affinity) && isObj(spec.affinity[kind]) ? spec.affinity[kind] : undefined;
    if (!aff) continue;
    const base = p(`spec.affinity.${kind}`);
    objs(aff.requiredDuringSchedulingIgnoredDuringExecution).forEach((t, i) => {
      if (!isObj(t.labelSelector)) {
        warnings.push(
          `${base}.requiredDuringSchedulingIgnoredDuringExecution[${i}].labelSelector: a null labelSelector results in matching no pod`,
        );
      }
    });
    objs(aff.preferredDuringSchedulingIgnoredDuringExecution).forEach((t, i) => {
      if (!isObj(t.podAffinityTerm) || !isObj(t.podAffinityTerm.labelSelector)) {
        warnings.push(
          `${base}.preferredDuringSchedulingIgnoredDuringExecution[${i}].podAffinityTerm.labelSelector: a null labelSelector results in matching no pod`,
        );
      }
    });
  }
  return warnings;
}

/** Duplicate / overlapping / ambiguous container ports across all containers. */
function portWarnings(lists: Array<[string, Obj[]]>, p: (rest: string) => string): string[] {
  const warnings: string[] = [];
  const seen = new Map<string, Array<{ field: string; port: Obj }>>();
  for (const [listName, containers] of lists) {
    containers.forEach((c, ci) => {
      objs(c.ports).forEach((port, i) => {
        const field = `${p(`spec.${listName}`)}[${ci}].ports[${i}]`;
        const hostIP = str(port.hostIP);
        const hostPort = num(port.hostPort);
        if (hostIP && !hostPort) {
          warnings.push(
            `${field}: hostIP set without hostPort: {Name:${str(port.name)} HostPort:${hostPort} ContainerPort:${num(port.containerPort)} Protocol:${str(port.protocol)} HostIP:${hostIP}}`,
          );
        }
        const key = `${num(port.containerPort)}/${str(port.protocol)}`;
        const others = seen.get(key) ?? [];
        for (const other of others) {
          const otherIP = str(other.port.hostIP);
          const otherPort = num(other.port.hostPort);
          if (hostIP === otherIP && hostPort === otherPort) {
            warnings.push(`${field}: duplicate port definition with ${other.field}`);
          } else if (hostPort === 0 || otherPort === 0) {
            warnings.push(`${field}: overlapping port definition with ${other.field}`);
          } else if (hostPort === otherPort && (hostIP === '') !== (otherIP === '')) {
            warnings.push(`${field}: dangerously ambiguous port definition with ${other.field}`);
          }
        }
        seen.set(key, [...others, { field, port }]);
      });
    });
  }
  return warnings;
}
