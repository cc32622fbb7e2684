/** core/v1 ServiceAccount: pkg/registry/core/serviceaccount, printers.go printServiceAccount. */
import { AGE_COLUMN, age, NAME_COLUMN } from './printing';
import { serviceAccountToken } from './serviceaccount-token';
import type { ResourceDefinition } from './types';

export const serviceAccounts: ResourceDefinition = {
  group: '',
  version: 'v1',
  kind: 'ServiceAccount',
  plural: 'serviceaccounts',
  namespaced: true,
  // the strategy allows create on update (PUT of a missing object creates it)
  allowCreateOnUpdate: true,
  shortNames: ['sa'],
  // TokenRequest (`kubectl create token`) is served by the API server
  subresources: [
    {
      name: 'token',
      verbs: ['create'],
      kind: { group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest' },
      openapi: true,
      serve: serviceAccountToken,
    },
  ],
  columns: [
    NAME_COLUMN,
    {
      name: 'Secrets',
      type: 'string',
      description: 'Number of secrets the service account references.',
    },
    AGE_COLUMN,
  ],
  row: (obj, ctx) => [obj.metadata.name, (obj.secrets ?? []).length, age(obj, ctx)],
};
