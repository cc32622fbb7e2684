import { describe, expect, test } from '@jest/globals';
import type { KubeObject } from '../api/object';
import { customResourceDefinitions as crds } from './customresourcedefinitions';
import { fakeContext } from './fake-strategy-context';

const ctx = fakeContext();
const msgs = (errs: { message(): string }[] | undefined) => (errs ?? []).map((e) => e.message());

const crd = (
  overrides: Record<string, unknown> = {},
  schema: unknown = {
    type: 'object',
    properties: { spec: { type: 'object', properties: { size: { type: 'integer' } } } },
  },
): KubeObject => ({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.example.com', creationTimestamp: '2024-01-01T00:00:00Z' },
  spec: {
    group: 'example.com',
    scope: 'Namespaced',
    names: { plural: 'widgets', kind: 'Widget', shortNames: ['wd'] },
    versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: schema } }],
    ...overrides,
  },
});

function create(obj: KubeObject): KubeObject {
  crds.defaults?.(obj);
  crds.prepareForCreate?.(obj, ctx);
  return obj;
}

describe('CustomResourceDefinition', () => {
  test('defaults singular, listKind and conversion; create records the storage version', () => {
    const obj = create(crd());
    expect(obj.spec.names).toEqual({
      plural: 'widgets',
      kind: 'Widget',
      shortNames: ['wd'],
      singular: 'widget',
      listKind: 'WidgetList',
    });
    expect(obj.spec.conversion).toEqual({ strategy: 'None' });
    expect(obj.status).toEqual({ acceptedNames: { kind: '', plural: '' }, storedVersions: ['v1'] });
    expect(msgs(crds.validate?.(obj, ctx))).toEqual([]);
    expect(crds.shortNames).toEqual(['crd', 'crds']);
    expect(crds.row(obj, { now: 0 })).toEqual(['widgets.example.com', '2024-01-01T00:00:00Z']);
  });

  test('the name must be plural.group and the group needs a dot', () => {
    const obj = create(crd({ group: 'example' }));
    expect(msgs(crds.validate?.(obj, ctx))).toEqual([
      'metadata.name: Invalid value: "widgets.example.com": must be spec.names.plural+"."+spec.group',
      'spec.group: Invalid value: "example": should be a domain with at least one dot',
    ]);
  });

  test('schemas need types: at the root, for properties and for array items', () => {
    const obj = create(
      crd({}, { properties: { spec: { properties: { tags: { type: 'array' } } } } }),
    );
    expect(msgs(crds.validate?.(obj, ctx))).toEqual([
      'spec.versions[0].schema.openAPIV3Schema.properties[spec].properties[tags].items: Required value: must be specified',
      'spec.versions[0].schema.openAPIV3Schema.properties[spec].type: Required value: must not be empty for specified object fields',
      'spec.versions[0].schema.openAPIV3Schema.type: Required value: must not be empty at the root',
    ]);
  });

  test('exactly one storage version and a known scope', () => {
    const obj = create(
      crd({
        scope: 'Global',
        versions: [
          {
            name: 'v1',
            served: true,
            storage: false,
            schema: { openAPIV3Schema: { type: 'object' } },
          },
        ],
      }),
    );
    expect(msgs(crds.validate?.(obj, ctx))).toEqual([
      'spec.scope: Unsupported value: "Global": supported values: "Cluster", "Namespaced"',
      'spec.versions: Invalid value: []apiextensions.CustomResourceDefinitionVersion{...}: must have exactly one version marked as storage version',
      'status.storedVersions: Invalid value: []string{}: must have at least one stored version',
    ]);
  });

  test('group and plural never change; scope and kind once established', () => {
    const old = create(crd());
    old.status.conditions = [{ type: 'Established', status: 'True' }];
    const next = create(crd({ scope: 'Cluster', names: { plural: 'gadgets', kind: 'Gadget' } }));
    expect(msgs(crds.validateUpdate?.(next, old, ctx))).toEqual([
      'spec.scope: Invalid value: "Cluster": field is immutable',
      'spec.names.kind: Invalid value: "Gadget": field is immutable',
      'spec.names.plural: Invalid value: "gadgets": field is immutable',
    ]);
  });
});
