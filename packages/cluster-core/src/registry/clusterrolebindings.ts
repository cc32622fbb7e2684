/**
 * rbac.authorization.k8s.io/v1 ClusterRoleBinding: ValidateClusterRoleBinding(Update),
 * SetDefaults, printers.go printClusterRoleBinding.
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

export const clusterRoleBindings: ResourceDefinition = {
  group: RBAC_GROUP,
  version: 'v1',
  kind: 'ClusterRoleBinding',
  plural: 'clusterrolebindings',
  namespaced: false,
  // the strategy allows create on update (PUT of a missing object creates it)
  allowCreateOnUpdate: true,
  nameRule: 'path',
  defaults: setBindingDefaults,
  prepareForCreate: (obj, ctx) => confirmBindingAllowed('clusterrolebindings', obj, ctx),
  prepareForUpdate: (obj, _old, ctx) => confirmBindingAllowed('clusterrolebindings', obj, ctx),
  validate: (obj) => validateBinding(obj, false),
  validateUpdate: (obj, old) => validateBindingUpdate(obj, old),
  columns: BINDING_COLUMNS,
  row: (obj, ctx) => bindingRow(obj, ctx),
};
