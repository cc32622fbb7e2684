import { crdSchemaForOpenAPIV2 } from './crd-openapi-v2';
import { openapiV2 } from './v2';

describe('CRD schemas in /openapi/v2', () => {
  test('a root that preserves unknown fields is published without properties', () => {
    expect(
      crdSchemaForOpenAPIV2({
        type: 'object',
        'x-kubernetes-preserve-unknown-fields': true,
        properties: { a: { type: 'string' } },
      }),
    ).toBeUndefined();
  });

  test('nested preserve-unknown-fields, nullable, junctors and defaults are dropped as ToStructuralOpenAPIV2 does', () => {
    const v2 = crdSchemaForOpenAPIV2({
      type: 'object',
      required: ['spec', 'opt'],
      properties: {
        spec: {
          type: 'object',
          'x-kubernetes-preserve-unknown-fields': true,
          properties: { x: { type: 'string' } },
        },
        opt: { type: 'string', nullable: true },
        list: {
          type: 'array',
          'x-kubernetes-preserve-unknown-fields': true,
          items: { type: 'string' },
        },
        port: {
          'x-kubernetes-int-or-string': true,
          anyOf: [{ type: 'integer' }, { type: 'string' }],
        },
        size: { type: 'integer', default: 3, minimum: 1 },
      },
    });
    expect(v2).toEqual({
      type: 'object',
      required: ['spec'],
      properties: {
        spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        opt: {},
        list: { 'x-kubernetes-preserve-unknown-fields': true },
        port: { 'x-kubernetes-int-or-string': true },
        size: { type: 'integer', minimum: 1 },
      },
    });
  });

  test('the v2 document uses the v2 form, the v3 definitions keep the schema', () => {
    const resource = {
      group: 'example.com',
      version: 'v1',
      kind: 'Widget',
      plural: 'widgets',
      namespaced: true,
      verbs: ['get', 'list'],
      subresources: [],
      schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
    };
    const doc = openapiV2([resource]).json as { definitions: Record<string, unknown> };
    expect(doc.definitions['com.example.v1.Widget']).toEqual({
      type: 'object',
      'x-kubernetes-group-version-kind': [{ group: 'example.com', kind: 'Widget', version: 'v1' }],
    });
  });
});
