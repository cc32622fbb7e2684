/**
 * What a ResourceQuota counts (pkg/quota/v1 CalculateUsage over the evaluators of
 * pkg/quota/v1/evaluator/core and the generic object-count evaluator): per quota the namespace's
 * total for the resources in its `hard`, honouring the quota's scopes. The kinds bring their
 * evaluators (ResourceDefinition.quota: registry/pod-quota.ts, service-quota.ts,
 * persistentvolumeclaim-quota.ts); everything else is an object count. Shared by the
 * resourcequota controller and quota admission.
 */
import type { KubeObject } from '../api/object';
import { Quantity } from '../api/quantity';
import { addTo, type Usage } from '../api/resource-usage';
import { builtinResources } from '../registry';
import type { ResourceDefinition } from '../registry/types';

export type { Usage };

/** Reads objects of the quota's namespace. */
export interface QuotaView {
  now: number;
  list(group: string, plural: string, namespace?: string): KubeObject[];
}

/** A kind with its own evaluator. */
interface Evaluator {
  def: ResourceDefinition;
  counts(name: string): boolean;
  usage(obj: KubeObject, now: number): Usage;
  matchesScopes?(quota: KubeObject, obj: KubeObject): boolean;
}

const EVALUATORS: Evaluator[] = builtinResources.flatMap((def) => {
  const quota = def.quota;
  return quota?.counts && quota.usage
    ? [{ def, counts: quota.counts, usage: quota.usage, matchesScopes: quota.matchesScopes }]
    : [];
});
/** Scoped quotas only count what a scope can select (pods); those evaluators go first. */
const SCOPED = EVALUATORS.filter((e) => e.matchesScopes);
const UNSCOPED = EVALUATORS.filter((e) => !e.matchesScopes);

/** The group and plural an object-count resource name counts, or undefined when it is not one. */
function countedResource(name: string): { group: string; plural: string } | undefined {
  const legacy = builtinResources.find((d) => d.quota?.legacyCount === name);
  if (legacy) return { group: legacy.group, plural: legacy.plural };
  if (!name.startsWith('count/')) return undefined;
  const rest = name.slice('count/'.length);
  const dot = rest.indexOf('.');
  return dot < 0
    ? { group: '', plural: rest }
    : { group: rest.slice(dot + 1), plural: rest.slice(0, dot) };
}

/** The quota resource names an object of a resource uses when it is only counted. */
export function objectCountNames(
  group: string,
  plural: string,
  def: Pick<ResourceDefinition, 'quota'>,
): string[] {
  const names = [`count/${plural}${group ? `.${group}` : ''}`];
  if (def.quota?.legacyCount) names.push(def.quota.legacyCount);
  return names;
}

/** The usage of a kind's own evaluator, or undefined when its objects are only counted. */
export function evaluatedUsage(
  def: Pick<ResourceDefinition, 'quota'>,
  obj: KubeObject,
  now: number,
): Usage | undefined {
  return def.quota?.counts ? def.quota.usage?.(obj, now) : undefined;
}

/**
 * CalculateUsage for a quota: the namespace's usage of every resource in `hard` that an
 * evaluator knows, zero when nothing uses it. Resources nobody counts are left out.
 */
export function quotaUsage(quota: KubeObject, view: QuotaView): Usage {
  const ns = quota.metadata.namespace;
  const hard = Object.keys(quota.spec?.hard ?? {});
  const scoped =
    (quota.spec?.scopes ?? []).length > 0 ||
    (quota.spec?.scopeSelector?.matchExpressions ?? []).length > 0;
  const used: Usage = new Map();
  const sum = (e: Evaluator) => {
    const names = hard.filter((n) => e.counts(n));
    if (!names.length) return;
    for (const n of names) used.set(n, Quantity.fromValue(0));
    const objects = view
      .list(e.def.group, e.def.plural, ns)
      .filter((o) => !e.matchesScopes || e.matchesScopes(quota, o));
    for (const obj of objects)
      for (const [k, v] of e.usage(obj, view.now)) if (names.includes(k)) addTo(used, k, v);
  };
  for (const e of SCOPED) sum(e);
  if (scoped) return used;
  for (const e of UNSCOPED) sum(e);
  for (const name of hard) {
    if (used.has(name) || EVALUATORS.some((e) => e.counts(name))) continue;
    const counted = countedResource(name);
    if (!counted) continue;
    used.set(name, Quantity.fromValue(view.list(counted.group, counted.plural, ns).length));
  }
  return used;
}
