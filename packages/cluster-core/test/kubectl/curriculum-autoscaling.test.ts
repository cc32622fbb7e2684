/**
 * Curriculum: autoscaling (seed 002 "水平扩展 ... 基于CPU等资源负载率的自动水平扩展", seed 003
 * 第五章 自动伸缩): the Kubernetes HorizontalPodAutoscaler walkthrough as a learner replays it
 * (php-apache, `kubectl autoscale`, a busybox load generator, `kubectl get hpa`, `kubectl top`),
 * then manual scaling for comparison. A manual clock moves the HPA's 15 s syncs and the 5 min
 * scale-down stabilization without waiting.
 */
import { ManualClock } from '../../src/clock';
import { scaledKubeletTimings } from '../../src/controllers';
import { columns, KUBECTL_VERSIONS, startCluster, type TestCluster } from './harness';

/** https://k8s.io/examples/application/php-apache.yaml */
const PHP_APACHE = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: php-apache
spec:
  selector:
    matchLabels:
      run: php-apache
  template:
    metadata:
      labels:
        run: php-apache
    spec:
      containers:
      - name: php-apache
        image: registry.k8s.io/hpa-example
        ports:
        - containerPort: 80
        resources:
          limits:
            cpu: 500m
          requests:
            cpu: 200m
---
apiVersion: v1
kind: Service
metadata:
  name: php-apache
  labels:
    run: php-apache
spec:
  ports:
  - port: 80
  selector:
    run: php-apache
`;

describe.each(KUBECTL_VERSIONS)('curriculum: autoscaling with kubectl %s', (version) => {
  let t: TestCluster;
  let clock: ManualClock;
  const ok = (args: string[], stdin?: string) => t.ok(args, { version, stdin });
  const rows = (out: string) => out.trim().split('\n').map(columns);
  /** Moves the cluster clock in steps, letting controllers and kubelets react. */
  const advance = async (ms: number, step = 500) => {
    for (let done = 0; done < ms; done += step) {
      await clock.advance(step);
      await new Promise((r) => setTimeout(r, 1));
    }
  };
  const hpaRow = async () => rows(await ok(['get', 'hpa', 'php-apache']))[1].slice(0, 6);
  const replicas = () => ok(['get', 'deployment', 'php-apache', '-o', 'jsonpath={.spec.replicas}']);

  beforeAll(async () => {
    clock = new ManualClock(Date.now());
    t = await startCluster({
      clock,
      simulation: { kubelet: scaledKubeletTimings(0.1), systemWorkloads: false },
    });
  });
  afterAll(async () => {
    await t.close();
  });

  test('php-apache runs and answers OK! through its Service', async () => {
    expect(await ok(['apply', '-f', t.file('php-apache.yaml', PHP_APACHE)])).toBe(
      'deployment.apps/php-apache created\nservice/php-apache created\n',
    );
    await ok(['run', 'client', '--image=busybox:1.28', '--', 'sleep', '3600']);
    await advance(4_000);
    expect(rows(await ok(['get', 'deploy', 'php-apache']))[1].slice(0, 4)).toEqual([
      'php-apache',
      '1/1',
      '1',
      '1',
    ]);
    expect(await ok(['exec', 'client', '--', 'wget', '-q', '-O-', 'http://php-apache'])).toBe(
      'OK!',
    );
    const logs = await ok(['logs', 'deployment/php-apache']);
    expect(logs).toContain(
      "AH00558: apache2: Could not reliably determine the server's fully qualified domain name",
    );
    expect(logs).toMatch(/AH00094: Command line: 'apache2 -D FOREGROUND'\n$/);
  });

  test('kubectl autoscale creates the HPA; its first sync reports 0% of the 50% target', async () => {
    expect(
      await ok([
        'autoscale',
        'deployment',
        'php-apache',
        '--cpu-percent=50',
        '--min=1',
        '--max=10',
      ]),
    ).toBe('horizontalpodautoscaler.autoscaling/php-apache autoscaled\n');
    const [header] = rows(await ok(['get', 'hpa']));
    expect(header).toEqual([
      'NAME',
      'REFERENCE',
      'TARGETS',
      'MINPODS',
      'MAXPODS',
      'REPLICAS',
      'AGE',
    ]);
    // The controller's queue first syncs a new HPA after its 15 s resync period.
    expect(await hpaRow()).toEqual([
      'php-apache',
      'Deployment/php-apache',
      'cpu: <unknown>/50%',
      '1',
      '10',
      '0',
    ]);
    await advance(16_000);
    expect(await hpaRow()).toEqual([
      'php-apache',
      'Deployment/php-apache',
      'cpu: 0%/50%',
      '1',
      '10',
      '1',
    ]);
    const hpa = JSON.parse(await ok(['get', 'hpa', 'php-apache', '-o', 'json']));
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.spec).toMatchObject({
      maxReplicas: 10,
      minReplicas: 1,
      metrics: [
        {
          type: 'Resource',
          resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } },
        },
      ],
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'php-apache' },
    });
  });

  test('a load generator drives the HPA up to about 7 replicas, as in the walkthrough', async () => {
    await ok([
      'run',
      'load-generator',
      '--image=busybox:1.28',
      '--restart=Never',
      '--',
      '/bin/sh',
      '-c',
      'while sleep 0.01; do wget -q -O- http://php-apache; done',
    ]);
    await advance(20_000);
    expect(rows(await ok(['get', 'pod', 'load-generator']))[1].slice(1, 3)).toEqual([
      '1/1',
      'Running',
    ]);
    const first = await hpaRow();
    // One pod capped at its 500m limit: 250% of the 200m request asks for 5 replicas, but an HPA
    // without spec.behavior scales up to at most max(2 * current, 4) at a time.
    expect(first[2]).toBe('cpu: 250%/50%');
    expect(await replicas()).toBe('4');
    await advance(60_000);
    // The load spread over 4 pods (~87%) asks for about 7; the walkthrough warns the final count varies.
    const n = Number(await replicas());
    expect(n).toBeGreaterThanOrEqual(6);
    expect(n).toBeLessThanOrEqual(8);
    const settled = await hpaRow();
    expect(settled.slice(3, 6)).toEqual(['1', '10', String(n)]);
    expect(settled[2]).toMatch(/^cpu: [3-5]\d%\/50%$/);
    expect(rows(await ok(['get', 'deployment', 'php-apache']))[1].slice(0, 4)).toEqual([
      'php-apache',
      `${n}/${n}`,
      `${n}`,
      `${n}`,
    ]);
    const described = await ok(['describe', 'hpa', 'php-apache']);
    expect(described).toMatch(
      /Normal {2}SuccessfulRescale +\S+ +horizontal-pod-autoscaler {2}New size: 4; reason: cpu resource utilization \(percentage of request\) above target\n/,
    );
    expect(described).toMatch(
      new RegExp(
        `New size: ${n}; reason: cpu resource utilization \\(percentage of request\\) above target\\n`,
      ),
    );
    expect(described).toMatch(/ {2}AbleToScale +True +ReadyForNewScale|ScaleDownStabilized/);
    const top = rows(await ok(['top', 'pods', '-l', 'run=php-apache']));
    expect(top[0]).toEqual(['NAME', 'CPU(cores)', 'MEMORY(bytes)']);
    expect(top).toHaveLength(n + 1);
    for (const r of top.slice(1)) expect(Number(r[1].replace('m', ''))).toBeGreaterThan(50);
  }, 120_000); // 80 s of a load generator's loop on the cluster's clock

  test('without load the HPA scales back to 1 once the 5-minute stabilization window has passed', async () => {
    await ok(['delete', 'pod', 'load-generator', '--wait=false']);
    await advance(60_000, 1_000);
    expect(Number(await replicas())).toBeGreaterThan(1);
    expect((await hpaRow())[2]).toBe('cpu: 0%/50%');
    await advance(300_000, 2_000);
    expect(await replicas()).toBe('1');
    const described = await ok(['describe', 'hpa', 'php-apache']);
    expect(described).toMatch(/New size: 1; reason: All metrics below target\n/);
  });

  test('kubectl scale is overridden by the HPA; deleting the HPA gives the count back to the user', async () => {
    await ok(['scale', 'deployment', 'php-apache', '--replicas=4']);
    await advance(20_000);
    expect(await replicas()).toBe('1');
    expect(await ok(['delete', 'hpa', 'php-apache'])).toBe(
      'horizontalpodautoscaler.autoscaling "php-apache" deleted\n',
    );
    await ok(['scale', 'deployment', 'php-apache', '--replicas=4']);
    await advance(20_000);
    expect(await replicas()).toBe('4');
  });
});
