import { describe, expect, it } from '@jest/globals';
import type { StatusError } from '../api/errors';
import type { KubeObject } from '../api/object';
import type { SchemaLookup, SchemaObject } from './schema';
import { mergeMap, strategicMergePatch } from './strategic-merge-patch';
import { PatchSchema, toStatusError } from './strategic-patch-meta';
import { DEPLOYMENT, fixtureSchema } from './testdata/definitions';

// The mergeItem type of upstream's strategicpatch tests, rebuilt as swagger definitions.
const item = { $ref: '#/definitions/mergeItem' };
const mergeItemDefs: Record<string, SchemaObject> = {
  mergeItem: {
    type: 'object',
    properties: {
      name: { type: 'string' },
      value: { type: 'string' },
      other: { type: 'string' },
      mergingList: {
        type: 'array',
        items: item,
        'x-kubernetes-patch-merge-key': 'name',
        'x-kubernetes-patch-strategy': 'merge',
      },
      nonMergingList: { type: 'array', items: item },
      mergingIntList: {
        type: 'array',
        items: { type: 'integer' },
        'x-kubernetes-patch-strategy': 'merge',
      },
      nonMergingIntList: { type: 'array', items: { type: 'integer' } },
      simpleMap: { type: 'object', additionalProperties: { type: 'string' } },
      replacingItem: { $ref: '#/definitions/raw', 'x-kubernetes-patch-strategy': 'replace' },
      retainKeysMap: {
        $ref: '#/definitions/retainKeysMergeItem',
        'x-kubernetes-patch-strategy': 'retainKeys',
      },
      retainKeysMergingList: {
        type: 'array',
        items: item,
        'x-kubernetes-patch-merge-key': 'name',
        'x-kubernetes-patch-strategy': 'merge,retainKeys',
      },
    },
  },
  retainKeysMergeItem: {
    type: 'object',
    properties: {
      name: { type: 'string' },
      value: { type: 'string' },
      other: { type: 'string' },
      simpleMap: { type: 'object', additionalProperties: { type: 'string' } },
      mergingList: {
        type: 'array',
        items: item,
        'x-kubernetes-patch-merge-key': 'name',
        'x-kubernetes-patch-strategy': 'merge',
      },
    },
  },
  raw: { type: 'object' },
};
const mergeItems: SchemaLookup = (n) => mergeItemDefs[n];

function smp(original: object, patch: object): unknown {
  return mergeMap(
    structuredClone(original) as Record<string, unknown>,
    structuredClone(patch) as Record<string, unknown>,
    PatchSchema.root(mergeItems, 'mergeItem'),
  );
}

function patchDeployment(current: object, patch: object): KubeObject {
  return strategicMergePatch(
    current as KubeObject,
    JSON.stringify(patch),
    fixtureSchema,
    DEPLOYMENT,
  );
}

function statusOf(fn: () => unknown): StatusError {
  try {
    fn();
  } catch (err) {
    return err as StatusError;
  }
  throw new Error('expected an error');
}

describe('strategic merge patch semantics (upstream strategicpatch test cases)', () => {
  it('null deletes a key and a new map value drops its nulls', () => {
    expect(
      smp(
        { name: 'a', value: '1', simpleMap: { k: 'v' } },
        { value: null, other: 'b', simpleMap: { k: null, j: 'w' } },
      ),
    ).toEqual({
      name: 'a',
      other: 'b',
      simpleMap: { j: 'w' },
    });
    expect(smp({}, { simpleMap: { a: null, b: 'x' } })).toEqual({ simpleMap: { b: 'x' } });
  });

  it('merges list items by merge key and appends new ones after the live items', () => {
    expect(
      smp(
        { mergingList: [{ name: '1', value: 'a' }, { name: '2' }] },
        { mergingList: [{ name: '3' }, { name: '1', other: 'x' }] },
      ),
    ).toEqual({
      mergingList: [{ name: '3' }, { name: '1', value: 'a', other: 'x' }, { name: '2' }],
    });
  });

  it('replaces lists without a merge strategy', () => {
    expect(
      smp({ nonMergingList: [{ name: '1' }, { name: '2' }] }, { nonMergingList: [{ name: '3' }] }),
    ).toEqual({
      nonMergingList: [{ name: '3' }],
    });
  });

  it('merges lists of scalars with merge strategy as sets', () => {
    expect(smp({ mergingIntList: [1, 2] }, { mergingIntList: [2, 3] })).toEqual({
      mergingIntList: [1, 2, 3],
    });
  });

  it('$patch: delete removes a list item by merge key', () => {
    expect(
      smp(
        { mergingList: [{ name: '1' }, { name: '2' }] },
        { mergingList: [{ name: '1', $patch: 'delete' }] },
      ),
    ).toEqual({
      mergingList: [{ name: '2' }],
    });
  });

  it('$patch: replace replaces a whole list or map', () => {
    expect(
      smp(
        { mergingList: [{ name: '1' }, { name: '2' }] },
        { mergingList: [{ name: '3' }, { $patch: 'replace' }] },
      ),
    ).toEqual({
      mergingList: [{ name: '3' }],
    });
    expect(
      smp({ simpleMap: { a: '1', b: '2' } }, { simpleMap: { $patch: 'replace', c: '3' } }),
    ).toEqual({ simpleMap: { c: '3' } });
  });

  it('$patch: delete on a map empties it', () => {
    expect(smp({ simpleMap: { a: '1' } }, { simpleMap: { $patch: 'delete' } })).toEqual({
      simpleMap: {},
    });
  });

  it('$deleteFromPrimitiveList removes scalars from a merging list', () => {
    expect(
      smp({ mergingIntList: [1, 2, 3] }, { '$deleteFromPrimitiveList/mergingIntList': [2] }),
    ).toEqual({
      mergingIntList: [1, 3],
    });
  });

  it('$setElementOrder orders the merged list (directive, then patch, then live order)', () => {
    expect(
      smp(
        { mergingList: [{ name: '1' }, { name: '2', other: 'b' }, { name: '4', other: 'c' }] },
        {
          '$setElementOrder/mergingList': [{ name: '2' }, { name: '3' }],
          mergingList: [{ name: '3' }, { name: '1', $patch: 'delete' }],
        },
      ),
    ).toEqual({
      mergingList: [{ name: '2', other: 'b' }, { name: '4', other: 'c' }, { name: '3' }],
    });
    expect(
      smp({ mergingIntList: [1, 3] }, { '$setElementOrder/mergingIntList': [3, 2, 1] }),
    ).toEqual({ mergingIntList: [3, 1] });
  });

  it('$retainKeys clears the fields it does not list', () => {
    expect(
      smp(
        { retainKeysMap: { name: 'a', value: 'b', other: 'c' } },
        { retainKeysMap: { $retainKeys: ['name', 'other'], other: 'd' } },
      ),
    ).toEqual({
      retainKeysMap: { name: 'a', other: 'd' },
    });
  });

  it('replace strategy takes the patch value as is', () => {
    expect(smp({ replacingItem: { a: 1, b: 2 } }, { replacingItem: { c: 3 } })).toEqual({
      replacingItem: { c: 3 },
    });
  });

  it('rejects malformed directives with upstream errors', () => {
    const current = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { finalizers: ['a'] },
      spec: { strategy: { type: 'RollingUpdate' } },
    };
    const run = (patch: object) =>
      statusOf(() =>
        strategicMergePatch(current, JSON.stringify(patch), fixtureSchema, DEPLOYMENT),
      );
    expect(run({ spec: { strategy: { $retainKeys: 'type', type: 'Recreate' } } }).message).toBe(
      'invalid patch format of retainKeys',
    );
    expect(run({ spec: { strategy: { $retainKeys: ['type'], rollingUpdate: {} } } }).message).toBe(
      'invalid patch format of retainKeys',
    );
    expect(run({ metadata: { '$setElementOrder/finalizers': 'a' } }).message).toBe(
      'expected a []interface {}, but received a string',
    );
    expect(run({ '$deleteFromPrimitiveListx/finalizers': ['a'] }).message).toBe(
      'invalid patch format of primitive list',
    );
  });

  it('reports an unknown $patch value and list merging directives as server errors', () => {
    const current = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {},
      spec: { template: { spec: { containers: [{ name: 'a' }] } } },
    };
    const bad = statusOf(() =>
      patchDeployment(current, {
        spec: { template: { spec: { containers: [{ name: 'a', $patch: 'bogus' }] } } },
      }),
    );
    expect(bad.code).toBe(500);
    expect(bad.message).toBe('unknown patch type: bogus in map: map[$patch:bogus name:a]');
    const merge = statusOf(() =>
      patchDeployment(current, {
        spec: { template: { spec: { containers: [{ name: 'a', $patch: 'merge' }] } } },
      }),
    );
    expect(merge.message).toBe('merging lists cannot yet be specified in the patch');
  });

  it('requires the merge key on list items', () => {
    const current = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {},
      spec: { template: { spec: { containers: [{ name: 'a' }] } } },
    };
    const err = statusOf(() =>
      patchDeployment(current, {
        spec: { template: { spec: { containers: [{ image: 'nginx' }] } } },
      }),
    );
    expect(err.code).toBe(500);
    expect(err.message).toBe('map: map[image:nginx] does not contain declared merge key: name');
  });

  it('answers a list of lists with the generic 422', () => {
    const err = statusOf(() => smpStatus({ mergingIntList: [[1]] }, { mergingIntList: [[2]] }));
    expect(err.code).toBe(422);
    expect(err.message).toBe('the server rejected our request due to an error in our request');
  });
});

function smpStatus(original: object, patch: object) {
  try {
    return smp(original, patch);
  } catch (err) {
    throw toStatusError(err);
  }
}

describe('strategic merge patch on Kubernetes objects', () => {
  const deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', finalizers: ['a'], labels: { app: 'web' } },
    spec: {
      replicas: 1,
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' },
      },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [
            {
              name: 'nginx',
              image: 'nginx:1.25',
              ports: [{ containerPort: 80, protocol: 'TCP' }],
              env: [{ name: 'A', value: '1' }],
            },
            { name: 'sidecar', image: 'busybox' },
          ],
          volumes: [{ name: 'data', emptyDir: {} }],
          tolerations: [{ key: 'a', operator: 'Exists' }],
        },
      },
    },
  };

  it('kubectl set image: patches one container by name and keeps the others', () => {
    const out = patchDeployment(deployment, {
      spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.26' }] } } },
    });
    expect(out.spec.template.spec.containers).toEqual([
      {
        name: 'nginx',
        image: 'nginx:1.26',
        ports: [{ containerPort: 80, protocol: 'TCP' }],
        env: [{ name: 'A', value: '1' }],
      },
      { name: 'sidecar', image: 'busybox' },
    ]);
    expect(deployment.spec.template.spec.containers[0]?.image).toBe('nginx:1.25');
  });

  it('merges env by name and ports by containerPort', () => {
    const out = patchDeployment(deployment, {
      spec: {
        template: {
          spec: {
            containers: [
              {
                name: 'nginx',
                env: [
                  { name: 'B', value: '2' },
                  { name: 'A', value: '3' },
                ],
                ports: [{ containerPort: 443 }],
              },
            ],
          },
        },
      },
    });
    const nginx = out.spec.template.spec.containers[0];
    expect(nginx.env).toEqual([
      { name: 'B', value: '2' },
      { name: 'A', value: '3' },
    ]);
    expect(nginx.ports).toEqual([{ containerPort: 443 }, { containerPort: 80, protocol: 'TCP' }]);
  });

  it('replaces atomic lists such as tolerations', () => {
    const out = patchDeployment(deployment, {
      spec: { template: { spec: { tolerations: [{ key: 'b', operator: 'Exists' }] } } },
    });
    expect(out.spec.template.spec.tolerations).toEqual([{ key: 'b', operator: 'Exists' }]);
  });

  it('merges finalizers as a set and removes them with $deleteFromPrimitiveList', () => {
    expect(
      patchDeployment(deployment, { metadata: { finalizers: ['b', 'a'] } }).metadata.finalizers,
    ).toEqual(['b', 'a']);
    expect(
      patchDeployment(deployment, { metadata: { '$deleteFromPrimitiveList/finalizers': ['a'] } })
        .metadata.finalizers,
    ).toEqual([]);
  });

  it('kubectl label: null removes a label, a value adds one', () => {
    const out = patchDeployment(deployment, { metadata: { labels: { app: null, tier: 'fe' } } });
    expect(out.metadata.labels).toEqual({ tier: 'fe' });
  });

  it('kubectl apply switching the rollout strategy: $retainKeys drops rollingUpdate', () => {
    const out = patchDeployment(deployment, {
      spec: { strategy: { $retainKeys: ['type'], type: 'Recreate', rollingUpdate: null } },
    });
    expect(out.spec.strategy).toEqual({ type: 'Recreate' });
  });

  it('removes a container with $patch: delete', () => {
    const out = patchDeployment(deployment, {
      spec: {
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'nginx' }],
            containers: [{ name: 'sidecar', $patch: 'delete' }],
          },
        },
      },
    });
    expect(out.spec.template.spec.containers.map((c: { name: string }) => c.name)).toEqual([
      'nginx',
    ]);
  });

  it('fails on a field the schema does not know when both sides are objects', () => {
    const err = statusOf(() =>
      patchDeployment(
        { ...deployment, spec: { ...deployment.spec, bogus: {} } },
        { spec: { bogus: { a: 1 } } },
      ),
    );
    expect(err.code).toBe(500);
    expect(err.message).toBe(
      'unable to find api field in struct DeploymentSpec for the json field "bogus"',
    );
  });

  it('rejects a body that is not a JSON object', () => {
    expect(
      statusOf(() => strategicMergePatch(deployment, '[1]', fixtureSchema, DEPLOYMENT)).message,
    ).toBe('json: cannot unmarshal array into Go value of type map[string]interface {}');
    expect(
      statusOf(() => strategicMergePatch(deployment, '{', fixtureSchema, DEPLOYMENT)).message,
    ).toBe('invalid JSON patch');
  });

  it('answers 415 for kinds without a schema (custom resources)', () => {
    const err = statusOf(() =>
      strategicMergePatch(
        { apiVersion: 'example.com/v1', kind: 'Foo', metadata: {} },
        '{}',
        undefined,
        undefined,
      ),
    );
    expect(err.code).toBe(415);
    expect(err.reason).toBe('UnsupportedMediaType');
    expect(err.message).toBe(
      'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
    );
  });
});
