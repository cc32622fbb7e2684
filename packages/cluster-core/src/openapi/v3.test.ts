import { describe, expect, test } from '@jest/globals';
import type { ServedResource } from './served-definitions';
import { openapiV3Document, openapiV3Index, openapiV3ResponseHeaders } from './v3';

const VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const resources: ServedResource[] = [
  {
    group: 'apps',
    version: 'v1',
    kind: 'Deployment',
    plural: 'deployments',
    namespaced: true,
    verbs: VERBS,
    subresources: ['status', 'scale'],
  },
  {
    group: '',
    version: 'v1',
    kind: 'Node',
    plural: 'nodes',
    namespaced: false,
    verbs: VERBS,
    subresources: ['status'],
  },
  {
    group: 'stable.example.com',
    version: 'v1',
    kind: 'CronTab',
    plural: 'crontabs',
    namespaced: true,
    verbs: VERBS,
    subresources: [],
    schema: {
      type: 'object',
      properties: { spec: { type: 'object', properties: { cronSpec: { type: 'string' } } } },
    },
  },
];
type Doc = {
  paths: Record<string, Record<string, any>>;
  components: { schemas: Record<string, any> };
};

describe('/openapi/v3', () => {
  test('the index links every served group-version with the hash of its document', () => {
    const index = openapiV3Index(resources) as {
      paths: Record<string, { serverRelativeURL: string }>;
    };
    expect(Object.keys(index.paths)).toEqual([
      'api/v1',
      'apis/apps/v1',
      'apis/stable.example.com/v1',
    ]);
    const doc = openapiV3Document(resources, 'apis/apps/v1');
    expect(doc?.hash).toMatch(/^[0-9A-F]{128}$/);
    expect(index.paths['apis/apps/v1'].serverRelativeURL).toBe(
      `/openapi/v3/apis/apps/v1?hash=${doc?.hash}`,
    );
    expect(openapiV3Document(resources, 'apis/batch/v1')).toBeUndefined();
  });

  test('documents are built once per resource set', () => {
    expect(openapiV3Document([...resources], 'api/v1')).toBe(
      openapiV3Document(resources, 'api/v1'),
    );
  });

  test('resource paths carry the action, the GVK and fieldValidation on writes', () => {
    const body = openapiV3Document(resources, 'apis/apps/v1')?.body as Doc;
    const item = body.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}'];
    expect(item.patch['x-kubernetes-action']).toBe('patch');
    expect(item.patch['x-kubernetes-group-version-kind']).toEqual({
      group: 'apps',
      kind: 'Deployment',
      version: 'v1',
    });
    expect(item.patch.parameters.map((p: { name: string }) => p.name)).toContain('fieldValidation');
    expect(Object.keys(item.patch.requestBody.content)).toContain(
      'application/strategic-merge-patch+json',
    );
    expect(
      body.paths['/apis/apps/v1/namespaces/{namespace}/deployments'].post.parameters.some(
        (p: { name: string; in: string }) => p.name === 'fieldValidation' && p.in === 'query',
      ),
    ).toBe(true);
    expect(body.paths['/apis/apps/v1/deployments'].get['x-kubernetes-action']).toBe('list');
    expect(
      body.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale'].patch[
        'x-kubernetes-group-version-kind'
      ],
    ).toEqual({ group: 'autoscaling', kind: 'Scale', version: 'v1' });
    const nodes = openapiV3Document(resources, 'api/v1')?.body as Doc;
    expect(nodes.paths['/api/v1/nodes/{name}'].get.operationId).toBe('readCoreV1Node');
  });

  test('described references are wrapped in allOf and special types use oneOf, as kube-openapi', () => {
    const schemas = (openapiV3Document(resources, 'apis/apps/v1')!.body as Doc).components.schemas;
    expect(schemas['io.k8s.api.apps.v1.DeploymentSpec'].properties.strategy.allOf).toEqual([
      { $ref: '#/components/schemas/io.k8s.api.apps.v1.DeploymentStrategy' },
    ]);
    expect(schemas['io.k8s.apimachinery.pkg.util.intstr.IntOrString'].oneOf).toEqual([
      { type: 'integer' },
      { type: 'string' },
    ]);
    expect(schemas['io.k8s.apimachinery.pkg.api.resource.Quantity'].type).toBeUndefined();
    expect(schemas['io.k8s.api.core.v1.PodSpec']).toBeDefined();
    expect(schemas['io.k8s.api.core.v1.Node']).toBeUndefined();
  });

  test('CRD-defined kinds appear under their reversed-group name without strategic merge patch', () => {
    const body = openapiV3Document(resources, 'apis/stable.example.com/v1')?.body as Doc;
    const crontab = body.components.schemas['com.example.stable.v1.CronTab'];
    expect(crontab['x-kubernetes-group-version-kind']).toEqual([
      { group: 'stable.example.com', kind: 'CronTab', version: 'v1' },
    ]);
    expect(Object.keys(crontab.properties).sort()).toEqual([
      'apiVersion',
      'kind',
      'metadata',
      'spec',
    ]);
    const patch =
      body.paths['/apis/stable.example.com/v1/namespaces/{namespace}/crontabs/{name}'].patch;
    expect(Object.keys(patch.requestBody.content)).not.toContain(
      'application/strategic-merge-patch+json',
    );
  });

  test('a matching ?hash= makes the document immutable; another hash redirects to the current one', () => {
    const doc = openapiV3Document(resources, 'apis/apps/v1');
    if (!doc) throw new Error('no document');
    const now = new Date('2025-01-02T03:04:05Z');
    expect(openapiV3ResponseHeaders('apis/apps/v1', doc, doc.hash, now).headers).toMatchObject({
      'Cache-Control': 'public, immutable',
      Expires: 'Fri, 02 Jan 2026 03:04:05 UTC',
      Etag: `"${doc.hash}"`,
    });
    expect(openapiV3ResponseHeaders('apis/apps/v1', doc, 'OLD')).toEqual({
      status: 301,
      headers: { Location: `/openapi/v3/apis/apps/v1?hash=${doc.hash}`, Vary: 'Accept' },
    });
  });
});
