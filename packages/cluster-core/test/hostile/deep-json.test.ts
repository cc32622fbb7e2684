/**
 * Deeply nested request bodies are decoded as upstream decodes them: Go's JSON scanner accepts
 * up to 10,000 levels (and the typed decoder drops what the kind has no field for), deeper input
 * is a syntax error. Nothing is a 500.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { type Cluster, createCluster } from '../../src';

let cluster: Cluster;
let base: string;
const reported: unknown[] = [];

beforeAll(async () => {
  cluster = createCluster({ nodes: 1, onError: (err) => reported.push(err) });
  base = await cluster.serve({ insecureHttp: true });
});
afterAll(async () => {
  await cluster.close();
  expect(reported).toEqual([]);
});

function nested(depth: number): string {
  return `${'{"x":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

function post(name: string, extra: string, fieldValidation: string) {
  const body = `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"${name}"},"data":{"a":"b"},"extra":${extra}}`;
  return fetch(`${base}/api/v1/namespaces/default/configmaps?fieldValidation=${fieldValidation}`, {
    method: 'POST',
    body,
    headers: { Authorization: `Bearer ${cluster.core.token}`, 'Content-Type': 'application/json' },
  });
}

describe('a ConfigMap with an unknown field nested 5,000 levels deep', () => {
  test('is created without the field under fieldValidation=Warn, with a warning', async () => {
    const res = await post('deep-warn', nested(5000), 'Warn');
    expect(res.status).toBe(201);
    expect(res.headers.get('warning')).toBe('299 - "unknown field \\"extra\\""');
    const created = (await res.json()) as Record<string, unknown>;
    expect(created.extra).toBeUndefined();
    expect(created.data).toEqual({ a: 'b' });
  });

  test('is created without the field under fieldValidation=Ignore', async () => {
    const res = await post('deep-ignore', nested(9000), 'Ignore');
    expect(res.status).toBe(201);
    expect(((await res.json()) as Record<string, unknown>).extra).toBeUndefined();
  });

  test('is refused by fieldValidation=Strict as an unknown field', async () => {
    const res = await post('deep-strict', nested(5000), 'Strict');
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toBe(
      'ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "extra"',
    );
  });
});

test('a body nested deeper than 10,000 levels is the scanner error Go gives', async () => {
  const res = await post('too-deep', nested(10_000), 'Warn');
  expect(res.status).toBe(400);
  expect(((await res.json()) as { message: string }).message).toContain(
    "couldn't get version/kind; json parse error: invalid character '{' exceeded max depth",
  );
});

describe('an apply body whose YAML aliases expand into aliases (a "billion laughs")', () => {
  test('is refused at once as go-yaml refuses it, not expanded', async () => {
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(10).fill(`*${prev}`).join(',')}]`);
    }
    const body = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: laughs\n${levels.join('\n')}\n`;
    const started = Date.now();
    const res = await fetch(
      `${base}/api/v1/namespaces/default/configmaps/laughs?fieldManager=kubectl&force=true`,
      {
        method: 'PATCH',
        body,
        headers: {
          Authorization: `Bearer ${cluster.core.token}`,
          'Content-Type': 'application/apply-patch+yaml',
        },
      },
    );
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toBe(
      'error encoding patch: error converting YAML to JSON: yaml: document contains excessive aliasing',
    );
  });
});

describe('a custom resource that keeps unknown fields, nested deep', () => {
  const h = () => ({
    Authorization: `Bearer ${cluster.core.token}`,
    'Content-Type': 'application/json',
  });

  beforeAll(async () => {
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'widgets.example.com' },
      spec: {
        group: 'example.com',
        scope: 'Namespaced',
        names: { plural: 'widgets', singular: 'widget', kind: 'Widget' },
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            schema: {
              openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
            },
          },
        ],
      },
    };
    const res = await fetch(`${base}/apis/apiextensions.k8s.io/v1/customresourcedefinitions`, {
      method: 'POST',
      headers: h(),
      body: JSON.stringify(crd),
    });
    expect(res.status).toBe(201);
    for (let i = 0; i < 100; i++) {
      const discovery = await fetch(`${base}/apis/example.com/v1`, { headers: h() });
      if (discovery.status === 200) break;
      await new Promise((r) => setTimeout(r, 50));
    }
  });

  const create = (name: string, depth: number) =>
    fetch(`${base}/apis/example.com/v1/namespaces/default/widgets`, {
      method: 'POST',
      headers: h(),
      body: `{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"${name}"},"spec":${nested(depth)}}`,
    });

  test('is stored whole at 1,000 levels', async () => {
    const res = await create('w1000', 1000);
    expect(res.status).toBe(201);
  });

  test('past what this process can walk, is a 400 saying so, not a 500, and nothing is stored', async () => {
    const res = await create('w5000', 5000);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toBe(
      'the object provided is nested too deeply for this simulated API server (kube-apiserver decodes up to 10000 levels)',
    );
    const get = await fetch(`${base}/apis/example.com/v1/namespaces/default/widgets/w5000`, {
      headers: h(),
    });
    expect(get.status).toBe(404);
  });
});
