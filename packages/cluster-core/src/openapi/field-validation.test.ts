import { describe, expect, test } from '@jest/globals';
import { unknownFields } from './field-validation';
import type { ServedResource } from './served-definitions';

const VERBS = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];
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
    kind: 'ConfigMap',
    plural: 'configmaps',
    namespaced: true,
    verbs: VERBS,
    subresources: [],
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
      properties: {
        spec: {
          type: 'object',
          properties: {
            cronSpec: { type: 'string' },
            extra: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
          },
        },
      },
    },
  },
];

describe('unknownFields', () => {
  test('reports unknown fields with their full path, list indexes in brackets', () => {
    const obj = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', labelz: {} },
      spec: {
        replicass: 2,
        selector: {},
        template: { spec: { containers: [{ name: 'a' }, { name: 'b', imagee: 'nginx' }] } },
      },
    };
    expect(unknownFields(resources, 'apps', 'v1', 'Deployment', obj)).toEqual([
      'unknown field "metadata.labelz"',
      'unknown field "spec.replicass"',
      'unknown field "spec.template.spec.containers[1].imagee"',
    ]);
  });

  test('a valid object has none, maps and int-or-string values included', () => {
    const obj = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', labels: { app: 'web' } },
      spec: {
        selector: { matchLabels: { app: 'web' } },
        strategy: { rollingUpdate: { maxSurge: '25%' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: {
            containers: [{ name: 'a', image: 'nginx', resources: { limits: { cpu: '1' } } }],
          },
        },
      },
    };
    expect(unknownFields(resources, 'apps', 'v1', 'Deployment', obj)).toEqual([]);
  });

  test('duplicate fields are found in the raw JSON, in document order', () => {
    const raw =
      '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a","name":"b"},"data":{"k":"1","k":"2"},"foo":1}';
    expect(unknownFields(resources, '', 'v1', 'ConfigMap', JSON.parse(raw), raw)).toEqual([
      'duplicate field "metadata.name"',
      'duplicate field "data.k"',
      'unknown field "foo"',
    ]);
  });

  test('custom resources report what structural pruning drops, not preserved subtrees', () => {
    const obj = {
      apiVersion: 'stable.example.com/v1',
      kind: 'CronTab',
      metadata: { name: 'c', bogus: 1 },
      spec: { cronSpec: '* * * * *', image: 'x', extra: { any: 1 } },
      top: 1,
    };
    expect(unknownFields(resources, 'stable.example.com', 'v1', 'CronTab', obj)).toEqual([
      'unknown field "metadata.bogus"',
      'unknown field "spec.image"',
      'unknown field "top"',
    ]);
  });
});
