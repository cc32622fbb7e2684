/**
 * rbac.authorization.k8s.io/v1 ClusterRole: ValidateClusterRole (rules, aggregationRule),
 * the default table (NAME, CREATED AT).
 */
import { DEFAULT_COLUMNS, defaultRow } from './default-table';
import { confirmNoEscalation } from './rbac-escalation';
import { RBAC_GROUP, validateAggregationRule, validateRules } from './rbac-validation';
import type { ResourceDefinition } from './types';

export const clusterRoles: ResourceDefinition = {
  group: RBAC_GROUP,
  version: 'v1',
  kind: 'ClusterRole',
  plural: 'clusterroles',
  namespaced: false,
  // the strategy allows create on update (PUT of a missing object creates it)
  allowCreateOnUpdate: true,
  nameRule: 'path',
  prepareForCreate: (obj, ctx) => confirmNoEscalation('clusterroles', obj, obj.rules ?? [], ctx),
  prepareForUpdate: (obj, _old, ctx) => confirmNoEscalation('clusterroles', obj, obj.rules ?? [], ctx),
  validate: (obj) => [...validateRules(obj, false), ...validateAggregationRule(obj)],
  columns: DEFAULT_COLUMNS,
  row: (obj) => defaultRow(obj),
};
