import { describe, expect, test } from '@jest/globals';
import type { KubeObject } from '../api/object';
import { configMaps } from './configmaps';
import { fakeContext } from './fake-strategy-context';
import { namespaces } from './namespaces';
import { secrets } from './secrets';
import { serviceAccounts } from './serviceaccounts';

const ctx = fakeContext();
const NOW = { now: Date.parse('2024-01-01T01:00:00Z') };
const meta = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  namespace: 'default',
  creationTimestamp: '2024-01-01T00:00:00Z',
  ...extra,
});

describe('ConfigMap', () => {
  test('bad keys and duplicates in binaryData are reported under data[key]', () => {
    const cm: KubeObject = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: meta('c'),
      data: { 'a b': 'x', dup: 'y' },
      binaryData: { dup: 'eQ==' },
    };
    expect(configMaps.validate?.(cm, ctx).map((e) => e.message())).toEqual([
      `data[a b]: Invalid value: "a b": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`,
      'data[dup]: Invalid value: "dup": duplicate of key present in binaryData',
    ]);
  });

  test('more than 1 MiB of data is too long for the whole object', () => {
    const cm: KubeObject = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: meta('c'),
      data: { big: 'x'.repeat(1024 * 1024 + 1) },
    };
    expect(configMaps.validate?.(cm, ctx).map((e) => e.message())).toEqual([
      ': Too long: may not be more than 1048576 bytes',
    ]);
  });

  test('an immutable ConfigMap refuses data changes and unsetting immutable', () => {
    const old: KubeObject = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: meta('c'),
      data: { a: '1' },
      immutable: true,
    };
    const next = { ...old, data: { a: '2' }, immutable: false };
    expect(configMaps.validateUpdate?.(next, old, ctx).map((e) => e.message())).toEqual([
      'immutable: Forbidden: field is immutable when `immutable` is set',
      'data: Forbidden: field is immutable when `immutable` is set',
    ]);
  });

  test('the row counts data and binaryData', () => {
    const cm: KubeObject = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: meta('c'),
      data: { a: '1' },
      binaryData: { b: 'eQ==' },
    };
    expect(configMaps.row(cm, NOW)).toEqual(['c', 2, '60m']);
  });
});

describe('Secret', () => {
  test('stringData is merged into data as base64 and dropped; type defaults to Opaque', () => {
    const s: KubeObject = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: meta('s'),
      data: { a: 'b2xk' },
      stringData: { a: 'new', b: 'two' },
    };
    secrets.defaults?.(s);
    expect(s.stringData).toBeUndefined();
    expect(s.type).toBe('Opaque');
    expect(s.data).toEqual({
      a: Buffer.from('new').toString('base64'),
      b: Buffer.from('two').toString('base64'),
    });
  });

  test('TLS secrets need tls.crt and tls.key', () => {
    const s: KubeObject = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: meta('s'),
      type: 'kubernetes.io/tls',
      data: {},
    };
    expect(secrets.validate?.(s, ctx).map((e) => e.message())).toEqual([
      'data[tls.crt]: Required value',
      'data[tls.key]: Required value',
    ]);
  });

  test('docker config secrets need well-formed JSON', () => {
    const s: KubeObject = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: meta('s'),
      type: 'kubernetes.io/dockerconfigjson',
      data: { '.dockerconfigjson': Buffer.from('nope').toString('base64') },
    };
    expect(secrets.validate?.(s, ctx).map((e) => e.message())).toEqual([
      `data[.dockerconfigjson]: Invalid value: "<secret contents redacted>": invalid character 'o' in literal null (expecting 'u')`,
    ]);
  });

  test('service account token secrets need the service account annotation', () => {
    const s: KubeObject = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: meta('s'),
      type: 'kubernetes.io/service-account-token',
    };
    expect(secrets.validate?.(s, ctx).map((e) => e.message())).toEqual([
      'metadata.annotations[kubernetes.io/service-account.name]: Required value',
    ]);
  });

  test('basic-auth needs username or password', () => {
    const s: KubeObject = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: meta('s'),
      type: 'kubernetes.io/basic-auth',
      data: {},
    };
    expect(secrets.validate?.(s, ctx).map((e) => e.message())).toEqual([
      'data[username]: Required value',
      'data[password]: Required value',
    ]);
  });

  test('the type cannot change', () => {
    const old: KubeObject = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: meta('s'),
      type: 'Opaque',
    };
    const next = { ...old, type: 'kubernetes.io/tls' };
    expect(secrets.validateUpdate?.(next, old, ctx).map((e) => e.message())).toEqual([
      'type: Invalid value: "kubernetes.io/tls": field is immutable',
    ]);
  });

  test('the row shows type and data count; type is a field selector', () => {
    const s: KubeObject = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: meta('s'),
      type: 'Opaque',
      data: { a: 'YQ==' },
    };
    expect(secrets.row(s, NOW)).toEqual(['s', 'Opaque', 1, '60m']);
    expect(secrets.selectableFields?.type(s)).toBe('Opaque');
  });
});

describe('Namespace', () => {
  const ns = (): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: 'dev', creationTimestamp: '2024-01-01T00:00:00Z' },
  });

  test('create sets phase Active, the kubernetes finalizer and the metadata.name label', () => {
    const obj = ns();
    namespaces.defaults?.(obj);
    namespaces.prepareForCreate?.(obj, ctx);
    expect(obj.status).toEqual({ phase: 'Active' });
    expect(obj.spec).toEqual({ finalizers: ['kubernetes'] });
    expect(obj.metadata.labels).toEqual({ 'kubernetes.io/metadata.name': 'dev' });
  });

  test('update keeps spec.finalizers and status', () => {
    const old = ns();
    namespaces.defaults?.(old);
    namespaces.prepareForCreate?.(old, ctx);
    const next = { ...ns(), spec: { finalizers: [] }, status: { phase: 'Terminating' } };
    namespaces.prepareForUpdate?.(next, old, ctx);
    expect(next.spec).toEqual({ finalizers: ['kubernetes'] });
    expect(next.status).toEqual({ phase: 'Active' });
  });

  test('spec finalizers must be standard or qualified', () => {
    const obj = { ...ns(), spec: { finalizers: ['custom'] } };
    expect(namespaces.validate?.(obj, ctx).map((e) => e.message())).toEqual([
      'spec.finalizers: Invalid value: "custom": name is neither a standard finalizer name nor is it fully qualified',
    ]);
  });

  test('the row shows the phase; status.phase is a field selector; no deletecollection', () => {
    const obj = { ...ns(), status: { phase: 'Active' } };
    expect(namespaces.row(obj, NOW)).toEqual(['dev', 'Active', '60m']);
    expect(namespaces.selectableFields?.['status.phase'](obj)).toBe('Active');
    expect(namespaces.verbs).not.toContain('deletecollection');
  });
});

describe('ServiceAccount', () => {
  test('the row counts secrets', () => {
    const sa: KubeObject = {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: meta('sa'),
      secrets: [{ name: 'x' }],
    };
    expect(serviceAccounts.row(sa, NOW)).toEqual(['sa', 1, '60m']);
    expect(serviceAccounts.shortNames).toEqual(['sa']);
  });
});
