/**
 * The ResourceQuota admission plugin (plugin/pkg/admission/resourcequota controller.go
 * checkRequest) for the kinds that do not admit themselves (pods have theirs in
 * registry/pod-resource-admission.ts): a new object's usage (its kind's evaluator's, else its
 * object count) added to what its namespace uses may not exceed any unscoped quota's hard
 * limits, else 403 `exceeded quota: <name>, requested: ..., used: ..., limited: ...` as upstream
 * words it.
 */
import { forbidden } from '../api/errors';
import type { KubeObject } from '../api/object';
import { Quantity, tryParseQuantity } from '../api/quantity';
import {
  evaluatedUsage,
  objectCountNames,
  quotaUsage,
  type Usage,
} from '../controllers/quota-usage';
import type { StrategyContext } from '../registry/types';
import type { ServedResource } from './resources';

/** prettyPrint: sorted `name=quantity` pairs. */
function prettyPrint(usage: Usage, names: string[]): string {
  return [...names]
    .sort()
    .map((n) => `${n}=${(usage.get(n) ?? Quantity.fromValue(0)).toString()}`)
    .join(',');
}

function requestedUsage(r: ServedResource, obj: KubeObject, now: number): Usage {
  return (
    evaluatedUsage(r.def, obj, now) ??
    new Map(objectCountNames(r.group, r.plural, r.def).map((n) => [n, Quantity.fromValue(1)]))
  );
}

export function objectCountQuotaAdmission(
  r: ServedResource,
  obj: KubeObject,
  ctx: StrategyContext,
): void {
  const namespace = obj.metadata.namespace;
  if (!r.namespaced || !namespace || r.def.quota?.ownAdmission) return;
  const quotas = ctx
    .list('', 'resourcequotas', namespace)
    .filter(
      (q) =>
        !(q.spec?.scopes ?? []).length && !(q.spec?.scopeSelector?.matchExpressions ?? []).length,
    )
    .sort((a, b) => ((a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1));
  if (!quotas.length) return;
  const requested = requestedUsage(r, obj, ctx.now);
  for (const quota of quotas) {
    const hardList = (quota.status?.hard ?? quota.spec?.hard ?? {}) as Record<string, unknown>;
    const restricted = Object.keys(hardList).filter((n) => requested.has(n));
    if (!restricted.length) continue;
    const hard: Usage = new Map();
    for (const n of restricted) {
      const parsed = tryParseQuantity(hardList[n]);
      if (typeof parsed !== 'string') hard.set(n, parsed);
    }
    const used = quotaUsage(
      { ...quota, spec: { hard: Object.fromEntries(restricted.map((n) => [n, hardList[n]])) } },
      ctx,
    );
    const exceeded = restricted.filter((n) => {
      const limit = hard.get(n);
      const total = (used.get(n) ?? Quantity.fromValue(0)).add(
        requested.get(n) ?? Quantity.fromValue(0),
      );
      return limit !== undefined && total.cmp(limit) > 0;
    });
    if (exceeded.length) {
      throw forbidden(
        r.gr,
        obj.metadata.name ?? '',
        `exceeded quota: ${quota.metadata.name}, requested: ${prettyPrint(requested, exceeded)}, used: ${prettyPrint(used, exceeded)}, limited: ${prettyPrint(hard, exceeded)}`,
      );
    }
  }
}
