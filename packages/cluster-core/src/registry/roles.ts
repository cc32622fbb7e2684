/** rbac.authorization.k8s.io/v1 Role: ValidateRole, the default table (NAME, CREATED AT). */
import { DEFAULT_COLUMNS, defaultRow } from './default-table';
import { confirmNoEscalation } from './rbac-escalation';
import { RBAC_GROUP, validateRules } from './rbac-validation';
import type { ResourceDefinition } from './types';

export const roles: ResourceDefinition = {
  group: RBAC_GROUP,
  version: 'v1',
  kind: 'Role',
  plural: 'roles',
  namespaced: true,
  // the strategy allows create on update (PUT of a missing object creates it)
  allowCreateOnUpdate: true,
  nameRule: 'path',
  prepareForCreate: (obj, ctx) => confirmNoEscalation('roles', obj, obj.rules ?? [], ctx),
  prepareForUpdate: (obj, _old, ctx) => confirmNoEscalation('roles', obj, obj.rules ?? [], ctx),
  validate: (obj) => validateRules(obj, true),
  columns: DEFAULT_COLUMNS,
  row: (obj) => defaultRow(obj),
};
