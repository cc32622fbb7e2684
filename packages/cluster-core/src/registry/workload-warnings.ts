/**
 * The WarningsOnCreate / WarningsOnUpdate the workload strategies share: a name that is not a
 * DNS label (it becomes part of pod names and hostnames) and the pod template warnings.
 */
import type { KubeObject } from '../api/object';
import { isDNS1123Label } from '../api/validation';
import { podSpecWarnings } from './pod-warnings';
import { isObj } from './spec-access';

/** `metadata.name: this is used in Pod names and hostnames, ...` (Deployment, ReplicaSet, Job, ...). */
export function dnsLabelNameWarning(obj: KubeObject): string[] {
  const msgs = isDNS1123Label(obj.metadata.name ?? '');
  if (!msgs.length) return [];
  return [
    `metadata.name: this is used in Pod names and hostnames, which can result in surprising behavior; a DNS label is recommended: [${msgs.join(' ')}]`,
  ];
}

/** GetWarningsForPodTemplate with the template at `path` (e.g. `spec.template`). */
export function templateWarnings(path: string, template: unknown): string[] {
  const t = isObj(template) ? template : {};
  return podSpecWarnings(path, isObj(t.spec) ? t.spec : {}, isObj(t.metadata) ? t.metadata : {});
}
