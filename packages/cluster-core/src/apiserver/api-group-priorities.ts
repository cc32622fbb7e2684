/**
 * The one table of API group version priorities: kube-apiserver's apiVersionPriorities
 * (pkg/controlplane/apiserver/aggregator.go), which kube-aggregator's autoregistration writes
 * into each local APIService (`groupPriorityMinimum`, `versionPriority`) and by which the
 * aggregator orders the groups of discovery (/apis and aggregated discovery).
 */

export interface GroupVersionPriority {
  groupPriorityMinimum: number;
  versionPriority: number;
}

/** `v1` for the core group, `group/version` otherwise: [groupPriorityMinimum, versionPriority]. */
const PRIORITIES: Record<string, [number, number]> = {
  v1: [18000, 1],
  'apiregistration.k8s.io/v1': [18000, 15],
  'apps/v1': [17800, 15],
  'events.k8s.io/v1': [17750, 15],
  'authentication.k8s.io/v1': [17700, 15],
  'authorization.k8s.io/v1': [17600, 15],
  'autoscaling/v1': [17500, 15],
  'autoscaling/v2': [17500, 30],
  'batch/v1': [17400, 15],
  'certificates.k8s.io/v1': [17300, 15],
  'networking.k8s.io/v1': [17200, 15],
  'policy/v1': [17100, 15],
  'rbac.authorization.k8s.io/v1': [17000, 15],
  'storage.k8s.io/v1': [16800, 15],
  'apiextensions.k8s.io/v1': [16700, 15],
  'admissionregistration.k8s.io/v1': [16700, 15],
  'scheduling.k8s.io/v1': [16600, 15],
  'coordination.k8s.io/v1': [16500, 15],
  'node.k8s.io/v1': [16300, 15],
  'discovery.k8s.io/v1': [16200, 15],
  'flowcontrol.apiserver.k8s.io/v1': [16100, 21],
  // metrics-server's manifest registers v1beta1.metrics.k8s.io with these
  'metrics.k8s.io/v1beta1': [100, 100],
};

/** crdregistration_controller: CRD groups rank below every built-in group. */
const CRD_PRIORITY: [number, number] = [1000, 100];

export function groupVersionPriority(group: string, version: string): GroupVersionPriority {
  const [groupPriorityMinimum, versionPriority] =
    PRIORITIES[group ? `${group}/${version}` : version] ?? CRD_PRIORITY;
  return { groupPriorityMinimum, versionPriority };
}

/**
 * The order of groups in discovery, as the aggregator sorts APIServices: higher
 * groupPriorityMinimum first (a group ranks by its highest version), then by name (the
 * APIService names `v1.admissionregistration.k8s.io` < `v1.apiextensions.k8s.io` break ties).
 */
export function compareGroups(
  a: { name: string; versions: string[] },
  b: { name: string; versions: string[] },
): number {
  const rank = (g: { name: string; versions: string[] }) =>
    Math.max(...g.versions.map((v) => groupVersionPriority(g.name, v).groupPriorityMinimum));
  return rank(b) - rank(a) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}
