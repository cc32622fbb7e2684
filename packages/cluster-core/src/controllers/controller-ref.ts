/**
 * ControllerRef bookkeeping shared by the workload controllers (pkg/controller
 * controller_ref_manager.go): an owner claims the objects its selector matches, adopting
 * orphans and releasing owned objects that no longer match; objects controlled by someone
 * else are left alone.
 */
import type { KubeObject, OwnerReference } from '../api/object';
import { labelSelectorMatches } from '../nodes/node-selection';
import type { ControllerContext } from './controller-context';

export function controllerRefOf(obj: KubeObject): OwnerReference | undefined {
  return (obj.metadata.ownerReferences ?? []).find((r) => r.controller);
}

/** metav1.NewControllerRef */
export function newControllerRef(owner: KubeObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name ?? '',
    uid: owner.metadata.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** Whether a selector selects nothing (nil) — an empty selector selects everything. */
// biome-ignore lint/suspicious/noExplicitAny: selectors are free-form JSON
export function selects(selector: any, labels: Record<string, string> | undefined): boolean {
  if (!selector) return false;
  if (!Object.keys(selector.matchLabels ?? {}).length && !(selector.matchExpressions ?? []).length)
    return true;
  return labelSelectorMatches(selector, labels);
}

/**
 * Claims `candidates` for `owner` (of resource group/plural `kind`): returns the objects it
 * controls afterwards. Adoption and release are metadata updates through the REST store.
 */
export function claim(
  ctx: ControllerContext,
  owner: KubeObject,
  // biome-ignore lint/suspicious/noExplicitAny: selectors are free-form JSON
  selector: any,
  candidates: KubeObject[],
  resource: { group: string; plural: string },
): KubeObject[] {
  const uid = owner.metadata.uid;
  const owned: KubeObject[] = [];
  for (const obj of candidates) {
    const ref = controllerRefOf(obj);
    const matches = selects(selector, obj.metadata.labels);
    if (ref) {
      if (ref.uid !== uid) continue;
      if (matches) {
        owned.push(obj);
        continue;
      }
      if (owner.metadata.deletionTimestamp) continue;
      // Release: drop our reference (ReleasePod / ReleaseReplicaSet).
      try {
        ctx.mutate(resource.group, resource.plural, obj, (o) => {
          o.metadata.ownerReferences = (o.metadata.ownerReferences ?? []).filter(
            (r) => r.uid !== uid,
          );
          if (!o.metadata.ownerReferences.length) delete o.metadata.ownerReferences;
        });
      } catch {
        // Gone or changed: the next sync decides again.
      }
      continue;
    }
    if (!matches || obj.metadata.deletionTimestamp || owner.metadata.deletionTimestamp) continue;
    try {
      const adopted = ctx.mutate(resource.group, resource.plural, obj, (o) => {
        o.metadata.ownerReferences = [
          ...(o.metadata.ownerReferences ?? []),
          newControllerRef(owner),
        ];
      });
      owned.push(adopted);
    } catch {
      // Someone else adopted it first, or it is gone.
    }
  }
  return owned;
}

/** Objects of `plural` in `namespace` whose controller is `owner`'s kind, looked up by uid. */
export function ownerKeyOf(obj: KubeObject, kind: string): string | undefined {
  const ref = controllerRefOf(obj);
  if (!ref || ref.kind !== kind) return undefined;
  return `${obj.metadata.namespace}/${ref.name}`;
}
