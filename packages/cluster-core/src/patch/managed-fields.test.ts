import { describe, expect, it } from '@jest/globals';
import type { KubeObject, ManagedFieldsEntry } from '../api/object';
import {
  type ManagedFieldsOptions,
  managerFromUserAgent,
  updateManagedFields,
} from './managed-fields';
import { DEPLOYMENT, fixtureSchema } from './testdata/definitions';

function deployment(): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [
            { name: 'nginx', image: 'nginx', ports: [{ containerPort: 80, protocol: 'TCP' }] },
          ],
        },
      },
    },
  };
}

const opts = (
  manager: string,
  now: string,
  extra: Partial<ManagedFieldsOptions> = {},
): ManagedFieldsOptions => ({
  manager,
  apiVersion: 'apps/v1',
  now,
  schema: fixtureSchema,
  rootDefinition: DEPLOYMENT,
  statusSubresource: true,
  ...extra,
});

/** Creates the object as kubectl create would, and gives it the identity the store adds. */
function created(manager = 'kubectl-create'): KubeObject {
  const obj = deployment();
  updateManagedFields(undefined, obj, opts(manager, '2024-05-01T10:00:00.500Z'));
  obj.metadata.uid = 'uid-1';
  obj.metadata.resourceVersion = '1';
  return obj;
}

function entry(obj: KubeObject, manager: string): ManagedFieldsEntry | undefined {
  return obj.metadata.managedFields?.find((e) => e.manager === manager);
}

describe('managedFields on create, update and patch', () => {
  it('records the creator as an Update entry owning every field it set', () => {
    const obj = created();
    expect(obj.metadata.managedFields).toEqual([
      {
        manager: 'kubectl-create',
        operation: 'Update',
        apiVersion: 'apps/v1',
        time: '2024-05-01T10:00:00Z',
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
          'f:spec': {
            'f:replicas': {},
            'f:selector': {},
            'f:template': {
              'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
              'f:spec': {
                'f:containers': {
                  'k:{"name":"nginx"}': {
                    '.': {},
                    'f:image': {},
                    'f:name': {},
                    'f:ports': {
                      '.': {},
                      'k:{"containerPort":80,"protocol":"TCP"}': {
                        '.': {},
                        'f:containerPort': {},
                        'f:protocol': {},
                      },
                    },
                    'f:resources': {},
                  },
                },
              },
            },
          },
        },
      },
    ]);
  });

  it('moves a changed field to the writer and keeps entries sorted by time', () => {
    const old = created();
    const next = structuredClone(old);
    next.spec.replicas = 3;
    updateManagedFields(old, next, opts('kubectl-scale', '2024-05-01T10:05:00Z'));
    expect(next.metadata.managedFields?.map((e) => e.manager)).toEqual([
      'kubectl-create',
      'kubectl-scale',
    ]);
    expect(entry(next, 'kubectl-scale')?.fieldsV1).toEqual({ 'f:spec': { 'f:replicas': {} } });
    expect(
      (entry(next, 'kubectl-create')!.fieldsV1 as Record<string, Record<string, unknown>>)[
        'f:spec'
      ]?.['f:replicas'],
    ).toBeUndefined();
    expect(entry(next, 'kubectl-create')?.time).toBe('2024-05-01T10:00:00Z');
  });

  it('drops an entry once its manager owns nothing, and drops removed fields from owners', () => {
    const old = created();
    const scaled = structuredClone(old);
    scaled.spec.replicas = 2;
    updateManagedFields(old, scaled, opts('kubectl-scale', '2024-05-01T10:01:00Z'));
    const again = structuredClone(scaled);
    again.spec.replicas = 5;
    delete again.metadata.labels;
    updateManagedFields(scaled, again, opts('kubectl-edit', '2024-05-01T10:02:00Z'));
    expect(entry(again, 'kubectl-scale')).toBeUndefined();
    expect(entry(again, 'kubectl-edit')?.fieldsV1).toEqual({ 'f:spec': { 'f:replicas': {} } });
    expect(
      (entry(again, 'kubectl-create')!.fieldsV1 as Record<string, unknown>)['f:metadata'],
    ).toBeUndefined();
  });

  it('leaves managedFields alone on a no-op write', () => {
    const old = created();
    const next = structuredClone(old);
    updateManagedFields(old, next, opts('kubectl-edit', '2024-05-01T11:00:00Z'));
    expect(next.metadata.managedFields).toEqual(old.metadata.managedFields);
  });

  it('records status writes under the status subresource and ignores status on the main resource', () => {
    const old = created();
    const withStatus = structuredClone(old);
    withStatus.status = { replicas: 1, readyReplicas: 1 };
    updateManagedFields(
      old,
      withStatus,
      opts('kube-controller-manager', '2024-05-01T10:00:05Z', { subresource: 'status' }),
    );
    expect(entry(withStatus, 'kube-controller-manager')).toMatchObject({
      operation: 'Update',
      subresource: 'status',
      fieldsV1: { 'f:status': { 'f:readyReplicas': {}, 'f:replicas': {} } },
    });
    const viaMain = structuredClone(withStatus);
    viaMain.status.readyReplicas = 0;
    updateManagedFields(withStatus, viaMain, opts('someone', '2024-05-01T10:00:06Z'));
    expect(entry(viaMain, 'someone')).toBeUndefined();
  });

  it('keeps an object that exists without managedFields untracked', () => {
    const old = deployment();
    old.metadata.uid = 'uid-1';
    const next = structuredClone(old);
    next.spec.replicas = 4;
    updateManagedFields(old, next, opts('kubectl-edit', '2024-05-01T10:00:00Z'));
    expect(next.metadata.managedFields).toBeUndefined();
  });

  it('resets the history when the request sends [] or [{}]', () => {
    for (const reset of [[], [{}]]) {
      const old = created();
      const next = structuredClone(old);
      next.metadata.managedFields = reset as ManagedFieldsEntry[];
      next.spec.replicas = 2;
      updateManagedFields(old, next, opts('kubectl-patch', '2024-05-01T10:09:00Z'));
      expect(next.metadata.managedFields).toBeUndefined();
    }
  });

  it('uses managedFields sent with the request when they are valid', () => {
    const old = created();
    const next = structuredClone(old);
    next.metadata.managedFields = [
      {
        manager: 'mine',
        operation: 'Update',
        apiVersion: 'apps/v1',
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:spec': { 'f:replicas': {} } },
      },
    ];
    updateManagedFields(old, next, opts('kubectl-replace', '2024-05-01T10:09:00Z'));
    expect(next.metadata.managedFields?.map((e) => e.manager)).toEqual(['mine']);
  });

  it('merges the oldest of more than ten updaters into ancient-changes', () => {
    let obj = created('m00');
    for (let i = 1; i <= 10; i++) {
      const next = structuredClone(obj);
      next.metadata.labels = { ...next.metadata.labels, [`l${i}`]: 'x' };
      updateManagedFields(
        obj,
        next,
        opts(`m${String(i).padStart(2, '0')}`, `2024-05-01T10:${String(i).padStart(2, '0')}:00Z`),
      );
      obj = next;
    }
    const managers = obj.metadata.managedFields?.map((e) => e.manager);
    expect(managers).toHaveLength(10);
    expect(managers?.[0]).toBe('ancient-changes');
    expect(managers).not.toContain('m00');
    expect(managers).not.toContain('m01');
  });

  it('names the manager "unknown" when none is given', () => {
    const obj = deployment();
    updateManagedFields(undefined, obj, opts('', '2024-05-01T10:00:00Z'));
    expect(obj.metadata.managedFields?.[0]?.manager).toBe('unknown');
  });
});

describe('default field manager from the User-Agent', () => {
  it('takes what precedes the first slash, as prefixFromUserAgent', () => {
    expect(managerFromUserAgent('kubectl/v1.33.0 (linux/amd64) kubernetes/abcdef')).toBe('kubectl');
    expect(
      managerFromUserAgent(
        'kube-controller-manager/v1.33.0 (linux/amd64) kubernetes/x/system:serviceaccount',
      ),
    ).toBe('kube-controller-manager');
    expect(managerFromUserAgent('Go-http-client/1.1')).toBe('Go-http-client');
    expect(managerFromUserAgent('bad\u0007agent')).toBe('badagent');
    expect(managerFromUserAgent('x'.repeat(200))).toHaveLength(128);
    expect(managerFromUserAgent(undefined)).toBe('');
  });
});
