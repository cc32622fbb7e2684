/**
 * apiextensions.k8s.io/v1 CustomResourceDefinition, the object itself: SetDefaults (singular,
 * listKind, conversion None), the strategy (status reset with the storage version on create,
 * stored versions kept on update), validation in crd-validation.ts, the default table.
 * Serving the custom resources it defines is the API server's job (custom-resources.ts).
 */
import type { KubeObject } from '../api/object';
import { validateCRD, validateCRDUpdate } from './crd-validation';
import { DEFAULT_COLUMNS, defaultRow } from './default-table';
import type { ResourceDefinition } from './types';

/** Appends the storage version to status.storedVersions (IsStoredVersion). */
function recordStorageVersion(crd: KubeObject): void {
  const storage = ((crd.spec?.versions ?? []) as { name: string; storage?: boolean }[]).find(
    (v) => v.storage,
  );
  if (!storage) return;
  const stored: string[] = (crd.status.storedVersions ??= []);
  if (!stored.includes(storage.name)) stored.push(storage.name);
}

export const customResourceDefinitions: ResourceDefinition = {
  group: 'apiextensions.k8s.io',
  version: 'v1',
  kind: 'CustomResourceDefinition',
  plural: 'customresourcedefinitions',
  namespaced: false,
  shortNames: ['crd', 'crds'],
  categories: ['api-extensions'],
  statusSubresource: true,
  generation: true,
  defaults(obj) {
    const spec = (obj.spec ??= {});
    const names = (spec.names ??= {});
    if (!names.singular && names.kind) names.singular = String(names.kind).toLowerCase();
    if (!names.listKind && names.kind) names.listKind = `${names.kind}List`;
    if (spec.conversion == null) spec.conversion = { strategy: 'None' };
    if (
      spec.conversion.webhook?.clientConfig?.service &&
      spec.conversion.webhook.clientConfig.service.port == null
    ) {
      spec.conversion.webhook.clientConfig.service.port = 443;
    }
  },
  prepareForCreate(obj) {
    obj.status = { acceptedNames: { kind: '', plural: '' }, storedVersions: [] };
    recordStorageVersion(obj);
  },
  prepareForUpdate(obj, old) {
    obj.status = structuredClone(
      old.status ?? { acceptedNames: { kind: '', plural: '' }, storedVersions: [] },
    );
    recordStorageVersion(obj);
  },
  validate: (obj) => validateCRD(obj),
  validateUpdate: (obj, old) => validateCRDUpdate(obj, old),
  columns: DEFAULT_COLUMNS,
  row: (obj) => defaultRow(obj),
};
