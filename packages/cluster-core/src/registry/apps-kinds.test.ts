import { describe, expect, test } from '@jest/globals';
import { invalid } from '../api/errors';
import type { KubeObject } from '../api/object';
import { controllerRevisions } from './controllerrevisions';
import { daemonSets } from './daemonsets';
import { deployments } from './deployments';
import { fakeContext } from './fake-strategy-context';
import { podTemplates } from './podtemplates';
import { replicaSets } from './replicasets';
import { replicationControllers } from './replicationcontrollers';
import { statefulSets } from './statefulsets';
import type { ResourceDefinition } from './types';

const NOW = Date.parse('2025-05-01T12:00:00Z');
const ctx = fakeContext([], undefined, NOW);

function make(def: ResourceDefinition, spec: Record<string, unknown>, name = 'web'): KubeObject {
  const apiVersion = def.group ? `${def.group}/${def.version}` : def.version;
  return {
    apiVersion,
    kind: def.kind,
    metadata: {
      name,
      namespace: 'default',
      uid: 'uid-1',
      creationTimestamp: '2025-05-01T11:00:00Z',
      generation: 1,
    },
    spec,
  };
}

function create(def: ResourceDefinition, obj: KubeObject): string | undefined {
  def.defaults?.(obj);
  def.prepareForCreate?.(obj, ctx);
  const errs = def.validate?.(obj, ctx) ?? [];
  return errs.length
    ? invalid(def.group, def.kind, obj.metadata.name ?? '', errs).message
    : undefined;
}

const template = (
  labels: Record<string, string> = { app: 'web' },
  extra: Record<string, unknown> = {},
) => ({
  metadata: { labels },
  spec: { containers: [{ name: 'nginx', image: 'nginx:1.25' }], ...extra },
});

describe('Deployment', () => {
  test('defaults follow SetDefaults_Deployment', () => {
    const obj = make(deployments, {
      selector: { matchLabels: { app: 'web' } },
      template: template(),
    });
    expect(create(deployments, obj)).toBeUndefined();
    expect(obj.spec).toMatchObject({
      replicas: 1,
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' },
      },
    });
    expect(obj.spec.template.metadata.creationTimestamp).toBeNull();
    expect(obj.status).toEqual({});
  });

  test('a Recreate strategy gets no rollingUpdate', () => {
    const obj = make(deployments, {
      selector: { matchLabels: { app: 'web' } },
      template: template(),
      strategy: { type: 'Recreate' },
    });
    expect(create(deployments, obj)).toBeUndefined();
    expect(obj.spec.strategy).toEqual({ type: 'Recreate' });
  });

  test('negative replicas and a selector that does not match are reported as upstream', () => {
    const obj = make(deployments, {
      replicas: -1,
      selector: { matchLabels: { app: 'other' } },
      template: template(),
    });
    expect(create(deployments, obj)).toBe(
      'Deployment.apps "web" is invalid: [spec.replicas: Invalid value: -1: must be greater than or equal to 0, spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`]',
    );
  });

  test('an empty selector is invalid', () => {
    const obj = make(deployments, { selector: {}, template: template() });
    expect(create(deployments, obj)).toContain(
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment',
    );
  });

  test('rolling update parameters are checked', () => {
    const obj = make(deployments, {
      selector: { matchLabels: { app: 'web' } },
      template: template(),
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '150%', maxSurge: 0 } },
    });
    expect(create(deployments, obj)).toBe(
      'Deployment.apps "web" is invalid: spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"150%"}: must not be greater than 100%',
    );
    const zero = make(deployments, {
      selector: { matchLabels: { app: 'web' } },
      template: template(),
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 0 } },
    });
    expect(create(deployments, zero)).toContain(
      'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:""}: may not be 0 when `maxSurge` is 0',
    );
  });

  test('an unknown strategy type prints the strategy struct', () => {
    const obj = make(deployments, {
      selector: { matchLabels: { app: 'web' } },
      template: template(),
      strategy: { type: 'BlueGreen' },
    });
    expect(create(deployments, obj)).toBe(
      'Deployment.apps "web" is invalid: spec.strategy: Unsupported value: apps.DeploymentStrategy{Type:"BlueGreen", RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}: supported values: "Recreate", "RollingUpdate"',
    );
  });

  test('the selector may not change on update', () => {
    const old = make(deployments, {
      selector: { matchLabels: { app: 'web' } },
      template: template(),
    });
    create(deployments, old);
    const next = structuredClone(old);
    next.spec.selector = { matchLabels: { app: 'web', tier: 'x' } };
    expect(deployments.validateUpdate?.(next, old, ctx).map((e) => e.message())).toEqual([
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web", "tier":"x"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
    ]);
  });

  test('the row shows ready/desired, updated, available and the wide cells', () => {
    const obj = make(deployments, {
      replicas: 3,
      selector: { matchLabels: { app: 'web' } },
      template: template(),
    });
    create(deployments, obj);
    obj.status = { readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 };
    expect(deployments.row(obj, { now: NOW })).toEqual([
      'web',
      '2/3',
      3,
      2,
      '60m',
      'nginx',
      'nginx:1.25',
      'app=web',
    ]);
  });

  test('a name that is not a DNS label draws the upstream warning', () => {
    const obj = make(
      deployments,
      { selector: { matchLabels: { app: 'web' } }, template: template() },
      'web.v2',
    );
    create(deployments, obj);
    expect(deployments.warnings?.(obj, undefined)).toEqual([
      "metadata.name: this is used in Pod names and hostnames, which can result in surprising behavior; a DNS label is recommended: [a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')]",
    ]);
  });
});

describe('ReplicaSet', () => {
  test('defaults replicas to 1 and starts with zero status replicas', () => {
    const obj = make(replicaSets, {
      selector: { matchLabels: { app: 'web' } },
      template: template(),
    });
    expect(create(replicaSets, obj)).toBeUndefined();
    expect(obj.spec.replicas).toBe(1);
    expect(obj.status).toEqual({ replicas: 0 });
    expect(replicaSets.selectableFields?.['status.replicas'](obj)).toBe('0');
  });

  test('the row prints DESIRED CURRENT READY and the selector', () => {
    const obj = make(replicaSets, {
      replicas: 3,
      selector: { matchLabels: { app: 'web' } },
      template: template(),
    });
    create(replicaSets, obj);
    obj.status = { replicas: 3, readyReplicas: 1 };
    expect(replicaSets.row(obj, { now: NOW })).toEqual([
      'web',
      3,
      3,
      1,
      '60m',
      'nginx',
      'nginx:1.25',
      'app=web',
    ]);
  });
});

describe('ReplicationController', () => {
  test('the selector and labels default to the template labels', () => {
    const obj = make(replicationControllers, { template: template({ app: 'legacy' }) });
    expect(create(replicationControllers, obj)).toBeUndefined();
    expect(obj.spec.selector).toEqual({ app: 'legacy' });
    expect(obj.metadata.labels).toEqual({ app: 'legacy' });
  });

  test('a missing template is required', () => {
    const obj = make(replicationControllers, { selector: { app: 'x' } });
    expect(create(replicationControllers, obj)).toBe(
      'ReplicationController "web" is invalid: spec.template: Required value',
    );
  });

  test('activeDeadlineSeconds is not supported', () => {
    const obj = make(replicationControllers, {
      template: template({ app: 'x' }, { activeDeadlineSeconds: 10 }),
    });
    expect(create(replicationControllers, obj)).toBe(
      'ReplicationController "web" is invalid: spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in ReplicationController is not Supported',
    );
  });
});

describe('StatefulSet', () => {
  test('defaults follow SetDefaults_StatefulSet', () => {
    const obj = make(statefulSets, {
      selector: { matchLabels: { app: 'web' } },
      template: template(),
      serviceName: 'web',
    });
    expect(create(statefulSets, obj)).toBeUndefined();
    expect(obj.spec).toMatchObject({
      podManagementPolicy: 'OrderedReady',
      replicas: 1,
      revisionHistoryLimit: 10,
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
    });
    expect(obj.status).toEqual({ replicas: 0, availableReplicas: 0 });
  });

  test('the pod template spec itself is not validated, as upstream', () => {
    const obj = make(statefulSets, {
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: {} },
    });
    expect(create(statefulSets, obj)).toBeUndefined();
  });

  test('a bad pod management policy is named', () => {
    const obj = make(statefulSets, {
      podManagementPolicy: 'Random',
      selector: { matchLabels: { app: 'web' } },
      template: template(),
    });
    expect(create(statefulSets, obj)).toBe(
      'StatefulSet.apps "web" is invalid: spec.podManagementPolicy: Invalid value: "Random": must be \'OrderedReady\' or \'Parallel\'',
    );
  });

  test('only some spec fields may change', () => {
    const old = make(statefulSets, {
      selector: { matchLabels: { app: 'web' } },
      template: template(),
      serviceName: 'web',
    });
    create(statefulSets, old);
    const scaled = structuredClone(old);
    scaled.spec.replicas = 5;
    expect(statefulSets.validateUpdate?.(scaled, old, ctx)).toEqual([]);
    const renamed = structuredClone(old);
    renamed.spec.serviceName = 'other';
    expect(statefulSets.validateUpdate?.(renamed, old, ctx).map((e) => e.message())).toEqual([
      "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    ]);
  });

  test('the row prints READY as ready/desired', () => {
    const obj = make(statefulSets, {
      replicas: 3,
      selector: { matchLabels: { app: 'web' } },
      template: template(),
    });
    create(statefulSets, obj);
    obj.status = { readyReplicas: 2 };
    expect(statefulSets.row(obj, { now: NOW })).toEqual([
      'web',
      '2/3',
      '60m',
      'nginx',
      'nginx:1.25',
    ]);
  });
});

describe('DaemonSet', () => {
  test('defaults and the template generation annotation', () => {
    const obj = make(daemonSets, {
      selector: { matchLabels: { app: 'web' } },
      template: template(),
    });
    expect(create(daemonSets, obj)).toBeUndefined();
    expect(obj.spec.updateStrategy).toEqual({
      type: 'RollingUpdate',
      rollingUpdate: { maxUnavailable: 1, maxSurge: 0 },
    });
    expect(obj.metadata.annotations).toEqual({ 'deprecated.daemonset.template.generation': '1' });
    const next = structuredClone(obj);
    next.spec.template.spec.containers[0].image = 'nginx:1.26';
    daemonSets.prepareForUpdate?.(next, obj, ctx);
    expect(next.metadata.annotations?.['deprecated.daemonset.template.generation']).toBe('2');
  });

  test('surge and unavailability may not both be set', () => {
    const obj = make(daemonSets, {
      selector: { matchLabels: { app: 'web' } },
      template: template(),
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 1 } },
    });
    expect(create(daemonSets, obj)).toBe(
      'DaemonSet.apps "web" is invalid: spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:0, IntVal:1, StrVal:""}: may not be set when maxUnavailable is non-zero',
    );
  });

  test('the row prints the node selector of the template', () => {
    const obj = make(daemonSets, {
      selector: { matchLabels: { app: 'web' } },
      template: template({ app: 'web' }, { nodeSelector: { disk: 'ssd' } }),
    });
    create(daemonSets, obj);
    obj.status = {
      desiredNumberScheduled: 2,
      currentNumberScheduled: 2,
      numberReady: 1,
      updatedNumberScheduled: 2,
      numberAvailable: 1,
    };
    expect(daemonSets.row(obj, { now: NOW })).toEqual([
      'web',
      2,
      2,
      1,
      2,
      1,
      'disk=ssd',
      '60m',
      'nginx',
      'nginx:1.25',
      'app=web',
    ]);
  });
});

describe('ControllerRevision and PodTemplate', () => {
  test('a revision needs data and prints its controller', () => {
    const rev: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'ControllerRevision',
      metadata: {
        name: 'web-5d8f',
        creationTimestamp: '2025-05-01T11:00:00Z',
        ownerReferences: [
          { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: 'u', controller: true },
        ],
      },
      revision: 2,
    };
    expect(controllerRevisions.validate?.(rev, ctx).map((e) => e.message())).toEqual([
      'data: Required value: data is mandatory',
    ]);
    expect(controllerRevisions.row(rev, { now: NOW })).toEqual([
      'web-5d8f',
      'statefulset.apps/web',
      2,
      '60m',
    ]);
  });

  test('a pod template is validated at template and printed with its labels', () => {
    const obj: KubeObject = {
      apiVersion: 'v1',
      kind: 'PodTemplate',
      metadata: { name: 'tpl' },
      template: { metadata: { labels: { a: 'b' } }, spec: {} },
    };
    podTemplates.defaults?.(obj);
    expect(podTemplates.validate?.(obj, ctx).map((e) => e.message())).toEqual([
      'template.spec.containers: Required value',
    ]);
    obj.template.spec.containers = [{ name: 'c', image: 'busybox' }];
    expect(podTemplates.row(obj, { now: NOW })).toEqual(['tpl', 'c', 'busybox', 'a=b']);
  });
});
