/**
 * rbac.authorization.k8s.io/v1 RoleBinding: ValidateRoleBinding(Update) (roleRef cannot
 * change), SetDefaults, printers.go printRoleBinding.
 */
import { confirmBindingAllowed } from './rbac-escalation';
import {
  BINDING_COLUMNS,
  bindingRow,
  RBAC_GROUP,
  setBindingDefaults,
  validateBinding,
  validateBindingUpdate,
} from './rbac-validation';
import type { ResourceDefinition } from './types';

export const roleBindings: ResourceDefinition = {
  group: RBAC_GROUP,
  version: 'v1',
  kind: 'RoleBinding',
  plural: 'rolebindings',
  namespaced: true,
  // the strategy allows create on update (PUT of a missing object creates it)
  allowCreateOnUpdate: true,
  nameRule: 'path',
  defaults: setBindingDefaults,
  prepareForCreate: (obj, ctx) => confirmBindingAllowed('rolebindings', obj, ctx),
  prepareForUpdate: (obj, _old, ctx) => confirmBindingAllowed('rolebindings', obj, ctx),
  validate: (obj) => validateBinding(obj, true),
  validateUpdate: (obj, old) => validateBindingUpdate(obj, old),
  columns: BINDING_COLUMNS,
  row: (obj, ctx) => bindingRow(obj, ctx),
};
