import { describe, expect, test } from '@jest/globals';
import { invalid } from '../api/errors';
import type { KubeObject } from '../api/object';
import { pods } from './pods';
import type { StrategyContext } from './types';

const NOW = Date.parse('2025-05-01T12:00:00Z');

function context(objects: KubeObject[] = []): StrategyContext {
  const plural = (o: KubeObject) => `${o.kind.toLowerCase()}s`;
  return {
    now: NOW,
    user: { username: 'kubernetes-admin', groups: ['system:masters'] },
    get: (_g, p, ns, name) =>
      objects.find(
        (o) => plural(o) === p && o.metadata.namespace === ns && o.metadata.name === name,
      ),
    list: (_g, p, ns) =>
      objects.filter((o) => plural(o) === p && (!ns || o.metadata.namespace === ns)),
  };
}

const defaultSA: KubeObject = {
  apiVersion: 'v1',
  kind: 'ServiceAccount',
  metadata: { name: 'default', namespace: 'default' },
};

function pod(spec: Record<string, unknown>, name = 'web'): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec };
}

/** Defaults, admission and validation as the create path runs them; the error message if invalid. */
function create(obj: KubeObject, ctx = context([defaultSA])): { obj: KubeObject; error?: string } {
  pods.defaults?.(obj);
  pods.prepareForCreate?.(obj, ctx);
  const errs = pods.validate?.(obj, ctx) ?? [];
  return {
    obj,
    error: errs.length ? invalid('', 'Pod', obj.metadata.name ?? '', errs).message : undefined,
  };
}

describe('Pod defaults and admission', () => {
  test('a created pod gets the defaults, status and admission additions of a real cluster', () => {
    const { obj, error } = create(
      pod({ containers: [{ name: 'nginx', image: 'nginx', ports: [{ containerPort: 80 }] }] }),
    );
    expect(error).toBeUndefined();
    const spec = obj.spec;
    expect(spec).toMatchObject({
      restartPolicy: 'Always',
      dnsPolicy: 'ClusterFirst',
      schedulerName: 'default-scheduler',
      securityContext: {},
      terminationGracePeriodSeconds: 30,
      enableServiceLinks: true,
      serviceAccountName: 'default',
      serviceAccount: 'default',
      priority: 0,
      preemptionPolicy: 'PreemptLowerPriority',
    });
    expect(spec.containers[0]).toMatchObject({
      imagePullPolicy: 'Always',
      terminationMessagePath: '/dev/termination-log',
      terminationMessagePolicy: 'File',
      resources: {},
      ports: [{ containerPort: 80, protocol: 'TCP' }],
    });
    expect(spec.containers[0].volumeMounts[0]).toMatchObject({
      mountPath: '/var/run/secrets/kubernetes.io/serviceaccount',
      readOnly: true,
    });
    expect(spec.volumes[0].name).toMatch(/^kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(spec.volumes[0].projected.sources[0]).toEqual({
      serviceAccountToken: { expirationSeconds: 3607, path: 'token' },
    });
    expect(spec.tolerations).toEqual([
      {
        key: 'node.kubernetes.io/not-ready',
        operator: 'Exists',
        effect: 'NoExecute',
        tolerationSeconds: 300,
      },
      {
        key: 'node.kubernetes.io/unreachable',
        operator: 'Exists',
        effect: 'NoExecute',
        tolerationSeconds: 300,
      },
    ]);
    expect(obj.status).toEqual({ phase: 'Pending', qosClass: 'BestEffort' });
  });

  test('a tagged image is pulled IfNotPresent and limits become requests', () => {
    const { obj } = create(
      pod({
        containers: [
          {
            name: 'c',
            image: 'nginx:1.25',
            resources: { limits: { cpu: '500m', memory: '128Mi' } },
          },
        ],
      }),
    );
    const c = obj.spec.containers[0];
    expect(c.imagePullPolicy).toBe('IfNotPresent');
    expect(c.resources.requests).toEqual({ cpu: '500m', memory: '128Mi' });
    expect(obj.status.qosClass).toBe('Guaranteed');
  });

  test('quantities are written back in canonical form', () => {
    const { obj } = create(
      pod({
        containers: [
          { name: 'c', image: 'busybox', resources: { requests: { cpu: 0.5, memory: '1024Mi' } } },
        ],
      }),
    );
    expect(obj.spec.containers[0].resources.requests).toEqual({ cpu: '500m', memory: '1Gi' });
    expect(obj.status.qosClass).toBe('Burstable');
  });

  test('automountServiceAccountToken: false leaves the pod without a token volume', () => {
    const { obj } = create(
      pod({ automountServiceAccountToken: false, containers: [{ name: 'c', image: 'busybox' }] }),
    );
    expect(obj.spec.volumes).toBeUndefined();
    expect(obj.spec.containers[0].volumeMounts).toBeUndefined();
  });

  test('a missing service account is refused by admission', () => {
    expect(() =>
      create(pod({ serviceAccountName: 'robot', containers: [{ name: 'c', image: 'busybox' }] })),
    ).toThrow(
      'pods "web" is forbidden: error looking up service account default/robot: serviceaccount "robot" not found',
    );
  });
});

describe('Pod validation', () => {
  test('a pod without containers is rejected', () => {
    expect(create(pod({})).error).toBe('Pod "web" is invalid: spec.containers: Required value');
  });

  test('container names must be DNS labels and unique, images are required', () => {
    const { error } = create(
      pod({ containers: [{ name: 'Web', image: 'nginx' }, { name: 'Web' }] }),
    );
    expect(error).toContain(
      'spec.containers[0].name: Invalid value: "Web": a lowercase RFC 1123 label must consist of lower case alphanumeric characters',
    );
    expect(error).toContain('spec.containers[1].image: Required value');
    expect(error).toContain('spec.containers[1].name: Duplicate value: "Web"');
  });

  test('requests above limits name the resource and limit', () => {
    const { error } = create(
      pod({
        containers: [
          {
            name: 'c',
            image: 'busybox',
            resources: { requests: { cpu: '2' }, limits: { cpu: '1' } },
          },
        ],
      }),
    );
    expect(error).toBe(
      'Pod "web" is invalid: spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1',
    );
  });

  test('an invalid restartPolicy lists the supported values', () => {
    const { error } = create(
      pod({ restartPolicy: 'Sometimes', containers: [{ name: 'c', image: 'busybox' }] }),
    );
    expect(error).toBe(
      'Pod "web" is invalid: spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
    );
  });

  test('a mount of an undeclared volume is not found', () => {
    const { error } = create(
      pod({
        containers: [
          { name: 'c', image: 'busybox', volumeMounts: [{ name: 'data', mountPath: '/data' }] },
        ],
      }),
    );
    expect(error).toBe(
      'Pod "web" is invalid: spec.containers[0].volumeMounts[0].name: Not found: "data"',
    );
  });

  test('ports out of range and bad protocols are reported', () => {
    const { error } = create(
      pod({
        containers: [
          { name: 'c', image: 'busybox', ports: [{ containerPort: 70000, protocol: 'HTTP' }] },
        ],
      }),
    );
    expect(error).toContain(
      'spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
    );
    expect(error).toContain(
      'spec.containers[0].ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
    );
  });

  test('a configMap volume needs a name', () => {
    const { error } = create(
      pod({
        volumes: [{ name: 'cfg', configMap: {} }],
        containers: [{ name: 'c', image: 'busybox' }],
      }),
    );
    expect(error).toBe('Pod "web" is invalid: spec.volumes[0].configMap.name: Required value');
  });

  test('a probe without a handler must specify one', () => {
    const { error } = create(
      pod({
        containers: [{ name: 'c', image: 'busybox', livenessProbe: { initialDelaySeconds: 5 } }],
      }),
    );
    expect(error).toBe(
      'Pod "web" is invalid: spec.containers[0].livenessProbe: Required value: must specify a handler type',
    );
  });
});

describe('Pod updates', () => {
  const created = () => create(pod({ containers: [{ name: 'c', image: 'nginx:1.25' }] })).obj;

  test('changing the image is allowed', () => {
    const old = created();
    const next = structuredClone(old);
    next.spec.containers[0].image = 'nginx:1.26';
    expect(pods.validateUpdate?.(next, old, context())).toEqual([]);
  });

  test('changing anything else is forbidden with the upstream list of updatable fields', () => {
    const old = created();
    const next = structuredClone(old);
    next.spec.restartPolicy = 'Never';
    const errs = pods.validateUpdate?.(next, old, context()) ?? [];
    expect(errs).toHaveLength(1);
    expect(errs[0].message()).toMatch(
      /^spec: Forbidden: pod updates may not change fields other than `spec.containers\[\*\].image`,`spec.initContainers\[\*\].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` \(only additions to existing tolerations\),`spec.terminationGracePeriodSeconds` \(allow it to be set to 1 if it was previously negative\)\n {2}core.PodSpec\{/,
    );
  });

  test('adding a container is forbidden', () => {
    const old = created();
    const next = structuredClone(old);
    next.spec.containers.push({ ...next.spec.containers[0], name: 'd' });
    const errs = pods.validateUpdate?.(next, old, context()) ?? [];
    expect(errs.map((e) => e.message())).toEqual([
      'spec.containers: Forbidden: pod updates may not add or remove containers',
    ]);
  });
});

describe('Pod printing', () => {
  const ctx = { now: NOW };
  const base = (
    status: Record<string, unknown>,
    extra: Record<string, unknown> = {},
  ): KubeObject => ({
    ...pod({ containers: [{ name: 'c', image: 'busybox' }], ...extra }),
    metadata: { name: 'web', namespace: 'default', creationTimestamp: '2025-05-01T11:55:00Z' },
    status,
  });

  test('a pending pod prints Pending with no IP or node', () => {
    expect(pods.row(base({ phase: 'Pending' }), ctx)).toEqual([
      'web',
      '0/1',
      'Pending',
      '0',
      '5m',
      '<none>',
      '<none>',
      '<none>',
      '<none>',
    ]);
  });

  test('a running ready pod counts ready containers', () => {
    const row = pods.row(
      base(
        {
          phase: 'Running',
          podIPs: [{ ip: '10.244.0.5' }],
          containerStatuses: [{ name: 'c', ready: true, restartCount: 0, state: { running: {} } }],
        },
        { nodeName: 'node-1' },
      ),
      ctx,
    );
    expect(row.slice(0, 7)).toEqual(['web', '1/1', 'Running', '0', '5m', '10.244.0.5', 'node-1']);
  });

  test('a crash-looping container shows its waiting reason and restarts with the last restart age', () => {
    const row = pods.row(
      base({
        phase: 'Running',
        containerStatuses: [
          {
            name: 'c',
            ready: false,
            restartCount: 4,
            state: { waiting: { reason: 'CrashLoopBackOff' } },
            lastState: { terminated: { exitCode: 1, finishedAt: '2025-05-01T11:58:00Z' } },
          },
        ],
      }),
      ctx,
    );
    expect(row.slice(1, 4)).toEqual(['0/1', 'CrashLoopBackOff', '4 (2m ago)']);
  });

  test('a pod waiting on its init container shows Init:0/1', () => {
    const row = pods.row(
      base(
        {
          phase: 'Pending',
          initContainerStatuses: [
            { name: 'init', state: { waiting: { reason: 'PodInitializing' } } },
          ],
        },
        { initContainers: [{ name: 'init', image: 'busybox' }] },
      ),
      ctx,
    );
    expect(row[2]).toBe('Init:0/1');
  });

  test('a deleted running pod prints Terminating', () => {
    const obj = base({ phase: 'Running' });
    obj.metadata.deletionTimestamp = '2025-05-01T12:00:30Z';
    expect(pods.row(obj, ctx)[2]).toBe('Terminating');
  });
});

describe('Pod resource admission', () => {
  const limitRange: KubeObject = {
    apiVersion: 'v1',
    kind: 'LimitRange',
    metadata: { name: 'defaults', namespace: 'default' },
    spec: {
      limits: [
        {
          type: 'Container',
          default: { cpu: '500m', memory: '256Mi' },
          defaultRequest: { cpu: '250m', memory: '128Mi' },
          max: { cpu: '1' },
        },
      ],
    },
  };
  const quota = (hard: Record<string, string>): KubeObject => ({
    apiVersion: 'v1',
    kind: 'ResourceQuota',
    metadata: { name: 'compute', namespace: 'default' },
    spec: { hard },
  });

  test('LimitRanger fills missing requests and limits and records what it set', () => {
    const { obj } = create(
      pod({ containers: [{ name: 'c', image: 'busybox' }] }),
      context([defaultSA, limitRange]),
    );
    expect(obj.spec.containers[0].resources).toEqual({
      limits: { cpu: '500m', memory: '256Mi' },
      requests: { cpu: '250m', memory: '128Mi' },
    });
    expect(obj.metadata.annotations).toEqual({
      'kubernetes.io/limit-ranger':
        'LimitRanger plugin set: cpu, memory request for container c; cpu, memory limit for container c',
    });
    expect(obj.status.qosClass).toBe('Burstable');
  });

  test('LimitRanger refuses a container above the maximum', () => {
    const big = pod({
      containers: [{ name: 'c', image: 'busybox', resources: { limits: { cpu: '2' } } }],
    });
    expect(() => create(big, context([defaultSA, limitRange]))).toThrow(
      'pods "web" is forbidden: maximum cpu usage per Container is 1, but limit is 2',
    );
  });

  test('a quota on limits requires every container to set them', () => {
    const bare = pod({ containers: [{ name: 'c', image: 'busybox' }] });
    expect(() =>
      create(bare, context([defaultSA, quota({ 'limits.cpu': '2', 'limits.memory': '1Gi' })])),
    ).toThrow(
      'pods "web" is forbidden: failed quota: compute: must specify limits.cpu for: c; limits.memory for: c',
    );
  });

  test('a pod beyond the quota names requested, used and limited amounts', () => {
    const existing = pod(
      {
        containers: [{ name: 'c', image: 'busybox', resources: { requests: { memory: '768Mi' } } }],
      },
      'old',
    );
    const next = pod({
      containers: [{ name: 'c', image: 'busybox', resources: { requests: { memory: '512Mi' } } }],
    });
    expect(() =>
      create(next, context([defaultSA, quota({ 'requests.memory': '1Gi' }), existing])),
    ).toThrow(
      'pods "web" is forbidden: exceeded quota: compute, requested: requests.memory=512Mi, used: requests.memory=768Mi, limited: requests.memory=1Gi',
    );
  });

  test('a pod count quota counts live pods', () => {
    const existing = pod({ containers: [{ name: 'c', image: 'busybox' }] }, 'old');
    expect(() =>
      create(
        pod({ containers: [{ name: 'c', image: 'busybox' }] }),
        context([defaultSA, quota({ pods: '1' }), existing]),
      ),
    ).toThrow(
      'pods "web" is forbidden: exceeded quota: compute, requested: pods=1, used: pods=1, limited: pods=1',
    );
  });
});
