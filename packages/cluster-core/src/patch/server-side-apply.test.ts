import { describe, expect, it } from '@jest/globals';
import type { StatusError } from '../api/errors';
import type { KubeObject } from '../api/object';
import { updateManagedFields } from './managed-fields';
import { type ApplyOptions, LAST_APPLIED_ANNOTATION, serverSideApply } from './server-side-apply';
import { DEPLOYMENT, fixtureSchema } from './testdata/definitions';

function config(extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'nginx', image: 'nginx:1.25' }] },
      },
    },
    ...extra,
  };
}

const opts = (manager: string, extra: Partial<ApplyOptions> = {}): ApplyOptions => ({
  manager,
  force: false,
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  now: '2024-05-01T12:00:00Z',
  schema: fixtureSchema,
  rootDefinition: DEPLOYMENT,
  statusSubresource: true,
  ...extra,
});

/** What the store does on create: identity fields. */
function stored(obj: KubeObject): KubeObject {
  const out = structuredClone(obj);
  out.metadata.uid = 'uid-1';
  out.metadata.namespace = 'default';
  out.metadata.resourceVersion = '1';
  return out;
}

function applyError(fn: () => unknown): StatusError {
  try {
    fn();
  } catch (err) {
    return err as StatusError;
  }
  throw new Error('expected an error');
}

function fieldsOf(obj: KubeObject, manager: string): Record<string, unknown> | undefined {
  return obj.metadata.managedFields?.find((e) => e.manager === manager)?.fieldsV1;
}

describe('server-side apply', () => {
  it('creates the object and records an Apply entry for the manager', () => {
    const obj = serverSideApply(undefined, config(), opts('kubectl'));
    expect(obj.spec.replicas).toBe(2);
    expect(obj.spec.template.spec.containers).toEqual([{ name: 'nginx', image: 'nginx:1.25' }]);
    expect(obj.metadata.managedFields).toEqual([
      {
        manager: 'kubectl',
        operation: 'Apply',
        apiVersion: 'apps/v1',
        time: '2024-05-01T12:00:00Z',
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:spec': {
            'f:replicas': {},
            'f:selector': {},
            'f:template': {
              'f:metadata': { 'f:labels': { 'f:app': {} } },
              'f:spec': {
                'f:containers': { 'k:{"name":"nginx"}': { '.': {}, 'f:image': {}, 'f:name': {} } },
              },
            },
          },
        },
      },
    ]);
  });

  it('conflicts when another manager owns a field with a different value', () => {
    const live = config();
    updateManagedFields(undefined, live, {
      manager: 'kubectl-client-side-apply',
      apiVersion: 'apps/v1',
      now: '2024-05-01T11:00:00Z',
      schema: fixtureSchema,
      rootDefinition: DEPLOYMENT,
    });
    const cfg = config();
    cfg.spec.replicas = 5;
    const err = applyError(() => serverSideApply(stored(live), cfg, opts('other')));
    expect(err.code).toBe(409);
    expect(err.reason).toBe('Conflict');
    expect(err.message).toBe(
      'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas',
    );
    expect(err.details).toEqual({
      causes: [
        {
          reason: 'FieldManagerConflict',
          message: 'conflict with "kubectl-client-side-apply" using apps/v1',
          field: '.spec.replicas',
        },
      ],
    });
  });

  it('lists several conflicts grouped by manager', () => {
    const live = stored(serverSideApply(undefined, config(), opts('alpha')));
    const bumped = structuredClone(live);
    bumped.spec.template.spec.containers[0].image = 'nginx:1.26';
    updateManagedFields(live, bumped, {
      manager: 'kubectl-set',
      apiVersion: 'apps/v1',
      now: '2024-05-01T12:30:00Z',
      schema: fixtureSchema,
      rootDefinition: DEPLOYMENT,
    });
    const cfg = config();
    cfg.spec.replicas = 7;
    cfg.spec.template.spec.containers[0].image = 'nginx:1.27';
    const err = applyError(() => serverSideApply(bumped, cfg, opts('beta')));
    expect(err.message).toBe(
      'Apply failed with 2 conflicts: conflicts with "alpha":\n- .spec.replicas\nconflicts with "kubectl-set" using apps/v1:\n- .spec.template.spec.containers[name="nginx"].image',
    );
    expect(err.details?.causes?.map((c) => c.field)).toEqual([
      '.spec.replicas',
      '.spec.template.spec.containers[name="nginx"].image',
    ]);
  });

  it('force takes ownership of conflicting fields', () => {
    const live = stored(serverSideApply(undefined, config(), opts('alpha')));
    const cfg = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: { replicas: 9 },
    } as KubeObject;
    const out = serverSideApply(
      live,
      cfg,
      opts('beta', { force: true, now: '2024-05-01T13:00:00Z' }),
    );
    expect(out.spec.replicas).toBe(9);
    expect(fieldsOf(out, 'beta')).toEqual({ 'f:spec': { 'f:replicas': {} } });
    expect(
      (fieldsOf(out, 'alpha')!['f:spec'] as Record<string, unknown>)['f:replicas'],
    ).toBeUndefined();
  });

  it('removes fields the manager applied before and omits now', () => {
    const first = config();
    first.metadata.labels = { app: 'web', tier: 'fe' };
    const live = stored(serverSideApply(undefined, first, opts('kubectl')));
    const second = config();
    second.metadata.labels = { app: 'web' };
    delete second.spec.replicas;
    const out = serverSideApply(live, second, opts('kubectl'));
    expect(out.metadata.labels).toEqual({ app: 'web' });
    expect(out.spec.replicas).toBeUndefined();
    expect(out.spec.template.spec.containers[0].image).toBe('nginx:1.25');
  });

  it('keeps an omitted field another applier also owns', () => {
    const live = stored(serverSideApply(undefined, config(), opts('alpha')));
    const shared = serverSideApply(
      live,
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web' },
        spec: { replicas: 2 },
      } as KubeObject,
      opts('beta'),
    );
    const withoutReplicas = config();
    delete withoutReplicas.spec.replicas;
    const out = serverSideApply(shared, withoutReplicas, opts('alpha'));
    expect(out.spec.replicas).toBe(2);
    expect(fieldsOf(out, 'beta')).toEqual({ 'f:spec': { 'f:replicas': {} } });
  });

  it('merges associative lists by key, sets by value and replaces atomic lists', () => {
    const first = config();
    first.metadata.finalizers = ['a'];
    first.spec.template.spec.tolerations = [{ key: 'x', operator: 'Exists' }];
    const live = stored(serverSideApply(undefined, first, opts('alpha')));
    const second = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', finalizers: ['b'] },
      spec: {
        template: {
          spec: {
            containers: [{ name: 'sidecar', image: 'busybox' }],
            tolerations: [{ key: 'y', operator: 'Exists' }],
          },
        },
      },
    } as KubeObject;
    const out = serverSideApply(live, second, opts('beta', { force: true }));
    expect(out.metadata.finalizers).toEqual(['a', 'b']);
    expect(out.spec.template.spec.containers.map((c: { name: string }) => c.name)).toEqual([
      'nginx',
      'sidecar',
    ]);
    expect(out.spec.template.spec.tolerations).toEqual([{ key: 'y', operator: 'Exists' }]);
    expect(fieldsOf(out, 'beta')).toMatchObject({
      'f:metadata': { 'f:finalizers': { 'v:"b"': {} } },
    });
  });

  it('keys container ports by containerPort and the default protocol', () => {
    const first = config();
    first.spec.template.spec.containers[0].ports = [{ containerPort: 80, protocol: 'TCP' }];
    const live = stored(serverSideApply(undefined, first, opts('alpha')));
    const second = config();
    second.spec.template.spec.containers[0].ports = [{ containerPort: 80, name: 'http' }];
    const out = serverSideApply(live, second, opts('alpha'));
    expect(out.spec.template.spec.containers[0].ports).toEqual([
      { containerPort: 80, name: 'http' },
    ]);
  });

  it('changes nothing and keeps the time on a repeated apply', () => {
    const live = stored(serverSideApply(undefined, config(), opts('kubectl')));
    const again = serverSideApply(live, config(), opts('kubectl', { now: '2024-05-02T00:00:00Z' }));
    expect(again).toEqual(live);
  });

  it('gives fields that existed before the first apply to before-first-apply', () => {
    const live = stored(config());
    delete live.metadata.managedFields;
    const out = serverSideApply(
      live,
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web' },
        spec: { paused: true },
      } as KubeObject,
      opts('kubectl'),
    );
    expect(out.metadata.managedFields?.map((e) => `${e.manager}/${e.operation}`)).toEqual([
      'kubectl/Apply',
      'before-first-apply/Update',
    ]);
  });

  it('rejects a configuration of another version or kind', () => {
    const err = applyError(() =>
      serverSideApply(undefined, { ...config(), apiVersion: 'apps/v1beta1' }, opts('kubectl')),
    );
    expect(err.code).toBe(400);
    expect(err.message).toBe('invalid object type: apps/v1beta1, Kind=Deployment');
    expect(
      applyError(() => serverSideApply(undefined, {} as KubeObject, opts('kubectl'))).message,
    ).toBe('invalid object type: /, Kind=');
  });

  it('rejects managedFields in the configuration', () => {
    const cfg = config();
    cfg.metadata.managedFields = [{ manager: 'x' }];
    const err = applyError(() => serverSideApply(undefined, cfg, opts('kubectl')));
    expect(err.code).toBe(400);
    expect(err.message).toBe('metadata.managedFields must be nil');
  });

  it('reports typed errors as upstream does when it builds the typed patch object', () => {
    const wrongType = config();
    wrongType.metadata.namespace = 'default';
    wrongType.spec.replicas = 'two';
    const err = applyError(() => serverSideApply(undefined, wrongType, opts('kubectl')));
    expect(err.code).toBe(500);
    expect(err.message).toBe(
      'failed to create typed patch object (default/web; apps/v1, Kind=Deployment): .spec.replicas: expected numeric (int or float), got string',
    );
    const unknown = config();
    unknown.spec.replicaz = 1;
    expect(applyError(() => serverSideApply(undefined, unknown, opts('kubectl'))).message).toBe(
      'failed to create typed patch object (/web; apps/v1, Kind=Deployment): .spec.replicaz: field not declared in schema',
    );
    const dup = config();
    dup.spec.template.spec.containers[0].env = [{ name: 'A' }, { name: 'A' }];
    expect(applyError(() => serverSideApply(undefined, dup, opts('kubectl'))).message).toBe(
      'failed to create typed patch object (/web; apps/v1, Kind=Deployment): .spec.template.spec.containers[name="nginx"].env: duplicate entries for key [name="A"]',
    );
  });

  it('lets kubectl take over fields its last client-side apply set, and rewrites the annotation', () => {
    const cfg = config();
    const live = structuredClone(cfg);
    live.metadata.annotations = { [LAST_APPLIED_ANNOTATION]: `${JSON.stringify(cfg)}\n` };
    updateManagedFields(undefined, live, {
      manager: 'kubectl-client-side-apply',
      apiVersion: 'apps/v1',
      now: '2024-05-01T11:00:00Z',
      schema: fixtureSchema,
      rootDefinition: DEPLOYMENT,
    });
    const next = config();
    next.spec.template.spec.containers[0].image = 'nginx:1.26';
    const out = serverSideApply(stored(live), next, opts('kubectl'));
    expect(out.spec.template.spec.containers[0].image).toBe('nginx:1.26');
    expect(
      JSON.parse(out.metadata.annotations?.[LAST_APPLIED_ANNOTATION] ?? '{}').spec.template.spec
        .containers[0].image,
    ).toBe('nginx:1.26');
    const changedElsewhere = structuredClone(next);
    changedElsewhere.spec.replicas = 4;
    const liveChanged = stored(live);
    liveChanged.spec.replicas = 3;
    const err = applyError(() => serverSideApply(liveChanged, changedElsewhere, opts('kubectl')));
    expect(err.message).toBe(
      'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas',
    );
  });
});
