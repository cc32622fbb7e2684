import { describe, expect, test } from '@jest/globals';
import type { ServedResource } from './served-definitions';
import { OPENAPI_V2_PROTOBUF, openapiV2Response } from './v2';

const resources: ServedResource[] = [
  {
    group: '',
    version: 'v1',
    kind: 'ConfigMap',
    plural: 'configmaps',
    namespaced: true,
    verbs: ['get', 'list', 'patch'],
    subresources: [],
  },
];

describe('/openapi/v2', () => {
  test("kubectl's protobuf Accept gets a gnostic Document", () => {
    const r = openapiV2Response(resources, OPENAPI_V2_PROTOBUF);
    expect(r.status).toBe(200);
    expect(r.headers['Content-Type']).toBe(
      'application/com.github.proto-openapi.spec.v2.v1.0+protobuf',
    );
    const body = r.body as Buffer;
    // field 1 (swagger), length 3, "2.0"
    expect([...body.subarray(0, 5)]).toEqual([0x0a, 3, 0x32, 0x2e, 0x30]);
    expect(body.includes(Buffer.from('io.k8s.api.core.v1.ConfigMap'))).toBe(true);
    expect(body.includes(Buffer.from('x-kubernetes-group-version-kind'))).toBe(true);
  });

  test('JSON is served for application/json, 406 for anything else', () => {
    const json = openapiV2Response(resources, 'application/json');
    expect(JSON.parse(json.body as string)).toMatchObject({ swagger: '2.0' });
    expect(openapiV2Response(resources, 'text/html').status).toBe(406);
  });
});
