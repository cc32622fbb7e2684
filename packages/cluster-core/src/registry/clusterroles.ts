/**
 * rbac.authorization.k8s.io/v1 ClusterRole: ValidateClusterRole (rules, aggregationRule),
 * the default table (NAME, CREATED AT).
 */
import type { KubeObject } from '../api/object';
import { aggregatedRules } from './bootstrap-rbac';
import { DEFAULT_COLUMNS, defaultRow } from './default-table';
import { confirmNoEscalation } from './rbac-escalation';
import { RBAC_GROUP, validateAggregationRule, validateRules } from './rbac-validation';
import type { ResourceDefinition, StrategyContext } from './types';

/**
 * An aggregated role gets the rules of the roles it selects right away, as the
 * clusterrole-aggregation controller writes them moments later upstream. (Roles created
 * afterwards with a matching label are picked up by the authorizer, which aggregates too.)
 */
function aggregate(obj: KubeObject, ctx: StrategyContext): void {
  // roles written with their rules already aggregated (the bootstrap policy) keep them
  if (!(obj.aggregationRule?.clusterRoleSelectors ?? []).length || (obj.rules ?? []).length) return;
  const rules = aggregatedRules(obj, ctx.list(RBAC_GROUP, 'clusterroles'));
  // the controller leaves a role that selects nothing as it was (rules: null)
  if (rules.length) obj.rules = rules;
}

export const clusterRoles: ResourceDefinition = {
  group: RBAC_GROUP,
  version: 'v1',
  kind: 'ClusterRole',
  plural: 'clusterroles',
  namespaced: false,
  // the strategy allows create on update (PUT of a missing object creates it)
  allowCreateOnUpdate: true,
  nameRule: 'path',
  prepareForCreate(obj, ctx) {
    confirmNoEscalation('clusterroles', obj, obj.rules ?? [], ctx);
    aggregate(obj, ctx);
  },
  prepareForUpdate(obj, _old, ctx) {
    confirmNoEscalation('clusterroles', obj, obj.rules ?? [], ctx);
    aggregate(obj, ctx);
  },
  validate: (obj) => [...validateRules(obj, false), ...validateAggregationRule(obj)],
  columns: DEFAULT_COLUMNS,
  row: (obj) => defaultRow(obj),
};
