import type { KubeObject } from '../../src/api/object';
import { type SimulatedCluster, simulatedCluster } from './simulated-cluster';

const quota = (
  name: string,
  hard: Record<string, string>,
  extra: Record<string, unknown> = {},
): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ResourceQuota',
  metadata: { name, namespace: 'default' },
  spec: { hard, ...extra },
});

const pod = (name: string, resources: Record<string, unknown>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default' },
  spec: { containers: [{ name: 'c', image: 'nginx', resources }] },
});

const configMap = (name: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: 'default' },
  data: { a: 'b' },
});

describe('ResourceQuota usage', () => {
  let c: SimulatedCluster;
  beforeEach(() => {
    c = simulatedCluster({ simulation: { systemWorkloads: false } });
  });
  afterEach(async () => {
    await c.close();
  });
  /** kube-root-ca.crt (which quotas count) appears once the cluster CA is generated, off the event loop. */
  const rootCaPublished = async () => {
    for (let i = 0; i < 300 && !c.get('', 'configmaps', 'default', 'kube-root-ca.crt'); i++)
      await new Promise((r) => setTimeout(r, 10));
  };

  test('status mirrors hard and counts pods, compute requests and limits', async () => {
    c.create(
      '',
      'resourcequotas',
      quota('compute', {
        pods: '10',
        'requests.cpu': '2',
        'requests.memory': '2Gi',
        'limits.cpu': '4',
        'limits.memory': '4Gi',
      }),
    );
    c.create(
      '',
      'pods',
      pod('a', {
        requests: { cpu: '250m', memory: '64Mi' },
        limits: { cpu: '500m', memory: '128Mi' },
      }),
    );
    c.create(
      '',
      'pods',
      pod('b', {
        requests: { cpu: '250m', memory: '64Mi' },
        limits: { cpu: '500m', memory: '128Mi' },
      }),
    );
    await c.settle();
    const q = c.get('', 'resourcequotas', 'default', 'compute');
    expect(q?.status).toEqual({
      hard: {
        pods: '10',
        'requests.cpu': '2',
        'requests.memory': '2Gi',
        'limits.cpu': '4',
        'limits.memory': '4Gi',
      },
      used: {
        pods: '2',
        'requests.cpu': '500m',
        'requests.memory': '128Mi',
        'limits.cpu': '1',
        'limits.memory': '256Mi',
      },
    });
    c.remove('', 'pods', 'default', 'b');
    await c.advance(5_000, 500);
    expect(c.get('', 'resourcequotas', 'default', 'compute')?.status.used).toMatchObject({
      pods: '1',
      'requests.cpu': '250m',
    });
  });

  test('object counts cover configmaps, secrets, services, node ports, claims and count/<resource>.<group>', async () => {
    await rootCaPublished();
    c.create(
      '',
      'resourcequotas',
      quota('objects', {
        configmaps: '5',
        secrets: '5',
        services: '5',
        'services.nodeports': '5',
        'services.loadbalancers': '1',
        persistentvolumeclaims: '5',
        'requests.storage': '10Gi',
        'count/deployments.apps': '3',
      }),
    );
    c.create('', 'configmaps', configMap('one'));
    c.create('', 'services', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'np', namespace: 'default' },
      spec: {
        type: 'NodePort',
        selector: { a: 'b' },
        ports: [{ port: 80 }, { port: 81, name: 'x' }].map((p, i) => ({ ...p, name: `p${i}` })),
      },
    });
    c.create('', 'persistentvolumeclaims', {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'data', namespace: 'default' },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
    });
    c.create('apps', 'deployments', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd', namespace: 'default' },
      spec: {
        replicas: 0,
        selector: { matchLabels: { a: 'b' } },
        template: {
          metadata: { labels: { a: 'b' } },
          spec: { containers: [{ name: 'c', image: 'nginx' }] },
        },
      },
    });
    await c.settle();
    const used = c.get('', 'resourcequotas', 'default', 'objects')?.status.used;
    // the kube-root-ca.crt ConfigMap counts too; `kubernetes` is a ClusterIP service
    expect(used).toEqual({
      configmaps: '2',
      secrets: '0',
      services: '2',
      'services.nodeports': '2',
      'services.loadbalancers': '0',
      persistentvolumeclaims: '1',
      'requests.storage': '1Gi',
      'count/deployments.apps': '1',
    });
  });

  test('creating an object over the quota is forbidden with the upstream message', async () => {
    await rootCaPublished();
    c.create('', 'resourcequotas', quota('cm', { configmaps: '2', 'count/configmaps': '3' }));
    c.create('', 'configmaps', configMap('one'));
    await c.settle();
    expect(() => c.create('', 'configmaps', configMap('two'))).toThrow(
      'configmaps "two" is forbidden: exceeded quota: cm, requested: configmaps=1, used: configmaps=2, limited: configmaps=2',
    );
  });

  test('scoped quotas count only the pods they select', async () => {
    c.create('', 'resourcequotas', quota('besteffort', { pods: '5' }, { scopes: ['BestEffort'] }));
    c.create('', 'pods', pod('free', {}));
    c.create('', 'pods', pod('paid', { requests: { cpu: '100m' } }));
    await c.settle();
    expect(c.get('', 'resourcequotas', 'default', 'besteffort')?.status.used).toEqual({
      pods: '1',
    });
  });
});
