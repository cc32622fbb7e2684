import { describe, expect, test } from '@jest/globals';
import type { KubeObject } from '../api/object';
import { fakeContext } from './fake-strategy-context';
import { persistentVolumeClaims } from './persistentvolumeclaims';
import { persistentVolumes } from './persistentvolumes';
import { storageClasses } from './storageclasses';

const ctx = fakeContext();
const NOW = { now: Date.parse('2024-01-01T01:00:00Z') };
const msgs = (errs: { message(): string }[] | undefined) => (errs ?? []).map((e) => e.message());

const pv = (spec: Record<string, unknown>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'PersistentVolume',
  metadata: { name: 'pv1', creationTimestamp: '2024-01-01T00:00:00Z' },
  spec,
});

const pvc = (spec: Record<string, unknown>, extra: Partial<KubeObject> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: { name: 'data', namespace: 'default', creationTimestamp: '2024-01-01T00:00:00Z' },
  spec,
  ...extra,
});

describe('PersistentVolume', () => {
  test('defaults: Retain, Filesystem, hostPath type "" and status Pending on create', () => {
    const obj = pv({
      capacity: { storage: '1024Mi' },
      accessModes: ['ReadWriteOnce'],
      hostPath: { path: '/mnt/data' },
    });
    persistentVolumes.defaults?.(obj);
    persistentVolumes.prepareForCreate?.(obj, ctx);
    expect(obj.spec.persistentVolumeReclaimPolicy).toBe('Retain');
    expect(obj.spec.volumeMode).toBe('Filesystem');
    expect(obj.spec.capacity).toEqual({ storage: '1Gi' });
    expect(obj.spec.hostPath).toEqual({ path: '/mnt/data', type: '' });
    expect(obj.status).toEqual({
      phase: 'Pending',
      lastPhaseTransitionTime: '2024-01-01T00:00:00Z',
    });
    expect(msgs(persistentVolumes.validate?.(obj, ctx))).toEqual([]);
  });

  test('access modes, capacity and a volume type are required', () => {
    expect(msgs(persistentVolumes.validate?.(pv({}), ctx))).toEqual([
      'spec.accessModes: Required value',
      'spec.capacity: Required value',
      'spec.capacity: Unsupported value: {}: supported values: "storage"',
      'spec: Required value: must specify a volume type',
    ]);
  });

  test('the source is immutable after creation', () => {
    const old = pv({
      capacity: { storage: '1Gi' },
      accessModes: ['ReadWriteOnce'],
      hostPath: { path: '/a', type: '' },
    });
    const next = pv({
      capacity: { storage: '2Gi' },
      accessModes: ['ReadWriteOnce'],
      hostPath: { path: '/b', type: '' },
    });
    const errs = msgs(persistentVolumes.validateUpdate?.(next, old, ctx));
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatch(
      /^spec.persistentvolumesource: Forbidden: spec.persistentvolumesource is immutable after creation\n/,
    );
  });

  test('the row shows capacity, modes, policy, status, claim and class', () => {
    const obj = pv({
      capacity: { storage: '5Gi' },
      accessModes: ['ReadWriteMany', 'ReadWriteOnce'],
      persistentVolumeReclaimPolicy: 'Retain',
      claimRef: { namespace: 'default', name: 'data' },
      storageClassName: 'manual',
      volumeMode: 'Filesystem',
    });
    obj.status = { phase: 'Bound' };
    expect(persistentVolumes.row(obj, NOW)).toEqual([
      'pv1',
      '5Gi',
      'RWO,RWX',
      'Retain',
      'Bound',
      'default/data',
      'manual',
      '<unset>',
      '',
      '60m',
      'Filesystem',
    ]);
  });
});

describe('PersistentVolumeClaim', () => {
  test('defaults Filesystem and Pending, and takes the default StorageClass', () => {
    const sc = {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: {
        name: 'standard',
        annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' },
      },
    };
    const c = fakeContext([{ group: 'storage.k8s.io', plural: 'storageclasses', object: sc }]);
    const obj = pvc({
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '1Gi' } },
    });
    persistentVolumeClaims.defaults?.(obj);
    persistentVolumeClaims.prepareForCreate?.(obj, c);
    expect(obj.spec.volumeMode).toBe('Filesystem');
    expect(obj.spec.storageClassName).toBe('standard');
    expect(obj.status).toEqual({ phase: 'Pending' });
    const explicit = pvc({
      storageClassName: '',
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '1Gi' } },
    });
    persistentVolumeClaims.prepareForCreate?.(explicit, c);
    expect(explicit.spec.storageClassName).toBe('');
  });

  test('access modes and a storage request are required', () => {
    expect(msgs(persistentVolumeClaims.validate?.(pvc({}), ctx))).toEqual([
      'spec.accessModes: Required value: at least 1 access mode is required',
      'spec.resources[storage]: Required value',
    ]);
  });

  test('the spec of an unbound claim is immutable', () => {
    const old = pvc({
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '1Gi' } },
      volumeMode: 'Filesystem',
    });
    const next = pvc({
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '2Gi' } },
      volumeMode: 'Filesystem',
    });
    const errs = msgs(persistentVolumeClaims.validateUpdate?.(next, old, ctx));
    expect(errs[0]).toMatch(
      /^spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims\n/,
    );
  });

  test('growing a bound claim needs a class that allows expansion', () => {
    const spec = (size: string) => ({
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: size } },
      volumeName: 'pv1',
      storageClassName: 'fast',
    });
    const old = pvc(spec('1Gi'), { status: { phase: 'Bound', capacity: { storage: '1Gi' } } });
    const next = pvc(spec('2Gi'), { status: { phase: 'Bound', capacity: { storage: '1Gi' } } });
    expect(() => persistentVolumeClaims.validateUpdate?.(next, old, ctx)).toThrow(
      'persistentvolumeclaims "data" is forbidden: only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize',
    );
    const sc = {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: 'fast' },
      allowVolumeExpansion: true,
    };
    const c = fakeContext([{ group: 'storage.k8s.io', plural: 'storageclasses', object: sc }]);
    expect(persistentVolumeClaims.validateUpdate?.(next, old, c)).toEqual([]);
  });

  test('the row shows volume, capacity and modes only once bound', () => {
    const pending = pvc(
      {
        accessModes: ['ReadWriteOnce'],
        resources: { requests: { storage: '1Gi' } },
        storageClassName: 'manual',
        volumeMode: 'Filesystem',
      },
      { status: { phase: 'Pending' } },
    );
    expect(persistentVolumeClaims.row(pending, NOW)).toEqual([
      'data',
      'Pending',
      '',
      '',
      '',
      'manual',
      '<unset>',
      '60m',
      'Filesystem',
    ]);
    const bound = pvc(
      {
        accessModes: ['ReadWriteOnce'],
        resources: { requests: { storage: '1Gi' } },
        storageClassName: 'manual',
        volumeName: 'pv1',
        volumeMode: 'Filesystem',
      },
      { status: { phase: 'Bound', capacity: { storage: '5Gi' }, accessModes: ['ReadWriteOnce'] } },
    );
    expect(persistentVolumeClaims.row(bound, NOW).slice(1, 5)).toEqual([
      'Bound',
      'pv1',
      '5Gi',
      'RWO',
    ]);
  });
});

describe('StorageClass', () => {
  test('defaults Delete and Immediate; the default class is marked in the name column', () => {
    const sc: KubeObject = {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: {
        name: 'standard',
        creationTimestamp: '2024-01-01T00:00:00Z',
        annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' },
      },
      provisioner: 'rancher.io/local-path',
    };
    storageClasses.defaults?.(sc);
    expect(sc.reclaimPolicy).toBe('Delete');
    expect(sc.volumeBindingMode).toBe('Immediate');
    expect(storageClasses.row(sc, NOW)).toEqual([
      'standard (default)',
      'rancher.io/local-path',
      'Delete',
      'Immediate',
      false,
      '60m',
    ]);
  });

  test('the provisioner is required and parameters cannot change', () => {
    const sc: KubeObject = {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: 's' },
      volumeBindingMode: 'Immediate',
    };
    expect(msgs(storageClasses.validate?.(sc, ctx))).toEqual(['provisioner: Required value']);
    const old = { ...sc, provisioner: 'a', parameters: { type: 'ssd' } };
    const next = { ...sc, provisioner: 'a', parameters: { type: 'hdd' } };
    expect(msgs(storageClasses.validateUpdate?.(next, old, ctx))).toEqual([
      'parameters: Forbidden: updates to parameters are forbidden.',
    ]);
  });
});
