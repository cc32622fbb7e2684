import type { KubeObject } from '../api/object';
import { loadGeneratorHosts, podUsage, serviceLoad } from './container-usage';

const running = (
  name: string,
  containers: Record<string, unknown>[],
  labels: Record<string, string> = {},
): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default', uid: `uid-${name}`, labels },
  spec: { nodeName: 'node01', containers },
  status: {
    phase: 'Running',
    conditions: [{ type: 'Ready', status: 'True' }],
    containerStatuses: containers.map((c) => ({ name: c.name, state: { running: {} } })),
  },
});

const milli = (pod: KubeObject, load = new Map<string, number>()) =>
  Math.round((podUsage(pod, load) ?? []).reduce((sum, c) => sum + c.usage.cpuNanos, 0) / 1e6);

describe('simulated container usage', () => {
  test('an idle nginx uses about a millicore and a few MiB', () => {
    const usage = podUsage(running('web', [{ name: 'nginx', image: 'nginx:1.27' }]), new Map());
    expect(usage?.[0].usage.cpuNanos).toBeLessThan(2e6);
    expect(usage?.[0].usage.memoryBytes).toBeGreaterThan(3 * 1024 * 1024);
    expect(usage?.[0].usage.memoryBytes % 4096).toBe(0);
  });

  test('busy loops burn a core, throttled at the CPU limit', () => {
    const loop = {
      name: 'burn',
      image: 'busybox',
      command: ['sh', '-c', 'while true; do :; done'],
    };
    expect(milli(running('a', [loop]))).toBeGreaterThanOrEqual(1000);
    expect(milli(running('b', [{ ...loop, resources: { limits: { cpu: '250m' } } }]))).toBe(250);
  });

  test('stress workers use --cpu cores and --vm-bytes of memory', () => {
    const pod = running('s', [
      {
        name: 's',
        image: 'polinux/stress',
        command: ['stress'],
        args: ['--cpu', '2', '--vm', '1', '--vm-bytes', '150M'],
      },
    ]);
    const [c] = podUsage(pod, new Map()) ?? [];
    expect(Math.round(c.usage.cpuNanos / 1e6)).toBeGreaterThanOrEqual(3000);
    expect(c.usage.memoryBytes).toBeGreaterThan(150 * 1024 * 1024);
  });

  test('pods without a running container have no sample', () => {
    const pod = running('p', [{ name: 'c', image: 'nginx' }]);
    pod.status.phase = 'Pending';
    expect(podUsage(pod, new Map())).toBeUndefined();
  });

  test('the same pod always gives the same numbers', () => {
    const pod = running('web', [{ name: 'nginx', image: 'nginx' }]);
    expect(podUsage(pod, new Map())).toEqual(podUsage(structuredClone(pod), new Map()));
  });

  test('a wget loop is a load generator for the service it calls', () => {
    expect(
      loadGeneratorHosts({
        command: ['/bin/sh', '-c', 'while sleep 0.01; do wget -q -O- http://php-apache; done'],
      }),
    ).toEqual(['php-apache']);
    expect(loadGeneratorHosts({ command: ['sh', '-c', 'wget -q -O- http://php-apache'] })).toEqual(
      [],
    );
    expect(
      loadGeneratorHosts({
        args: ['/bin/sh', '-c', 'while true; do curl -s web.prod.svc.cluster.local:8080/; done'],
      }),
    ).toEqual(['web.prod.svc.cluster.local']);
  });

  test('load generators load the ready pods behind the service, split evenly', () => {
    const backend = (name: string) =>
      running(
        name,
        [
          {
            name: 'php',
            image: 'registry.k8s.io/hpa-example',
            resources: { requests: { cpu: '200m' }, limits: { cpu: '500m' } },
          },
        ],
        { run: 'php-apache' },
      );
    const generator = running('load', [
      {
        name: 'load',
        image: 'busybox',
        command: ['/bin/sh', '-c', 'while sleep 0.01; do wget -q -O- http://php-apache; done'],
      },
    ]);
    const service = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'php-apache', namespace: 'default' },
      spec: { selector: { run: 'php-apache' }, clusterIP: '10.96.0.20' },
    };
    const pods = [backend('a'), backend('b'), generator];
    const view = {
      list: (_g: string, plural: string) =>
        plural === 'pods' ? pods : plural === 'services' ? [service] : [],
    };
    const load = serviceLoad(view);
    expect(load.get('default/a')).toBe(350);
    expect(milli(pods[0], load)).toBeGreaterThan(340);
    // one pod alone is throttled at its limit
    pods.splice(1, 1);
    expect(milli(pods[0], serviceLoad(view))).toBe(500);
  });
});
