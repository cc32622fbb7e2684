/**
 * Curriculum: troubleshooting (seed 003 第八章 故障排除, seed 004's "CrashLoopBackOff" in
 * `kubectl get pods -A`): the states a broken workload shows in `get`, `describe`, `logs`
 * and events, and the fixes a learner applies: a wrong image, a crashing command, a missing
 * executable, a memory limit too small, failing probes, and a Service selecting nothing.
 */
import { scaledKubeletTimings } from '../../src/controllers';
import { columns, eventually, KUBECTL_VERSIONS, startCluster, type TestCluster } from './harness';

/** The Kubernetes docs' liveness walkthrough (exec probe on a file the container removes). */
const LIVENESS_EXEC = `apiVersion: v1
kind: Pod
metadata:
  labels:
    test: liveness
  name: liveness-exec
spec:
  containers:
  - name: liveness
    image: registry.k8s.io/busybox
    args:
    - /bin/sh
    - -c
    - touch /tmp/healthy; sleep 3; rm -f /tmp/healthy; sleep 600
    livenessProbe:
      exec:
        command:
        - cat
        - /tmp/healthy
      initialDelaySeconds: 1
      periodSeconds: 1
`;

/** The docs' memory-limit walkthrough: stress allocates 250M under a 100Mi limit. */
const MEMORY_DEMO = `apiVersion: v1
kind: Pod
metadata:
  name: memory-demo-2
spec:
  containers:
  - name: memory-demo-2-ctr
    image: polinux/stress
    resources:
      requests:
        memory: "50Mi"
      limits:
        memory: "100Mi"
    command: ["stress"]
    args: ["--vm", "1", "--vm-bytes", "250M", "--vm-hang", "1"]
`;

describe.each(KUBECTL_VERSIONS)('curriculum: troubleshooting with kubectl %s', (version) => {
  let t: TestCluster;
  const ok = (args: string[], stdin?: string) => t.ok(args, { version, stdin });
  const k = (args: string[], stdin?: string) => t.kubectl(args, { version, stdin });
  const rows = (out: string) => out.trim().split('\n').map(columns);
  const statusOf = async (pod: string) => rows(await ok(['get', 'pod', pod]))[1][2];
  const eventsOf = (pod: string) =>
    ok([
      'get',
      'events',
      '--field-selector',
      `involvedObject.name=${pod}`,
      '-o',
      'jsonpath={range .items[*]}{.type} {.reason}: {.message}{"\\n"}{end}',
    ]);

  beforeAll(async () => {
    t = await startCluster({ simulation: { kubelet: scaledKubeletTimings(0.1) } });
  });
  afterAll(async () => {
    await t.close();
  });

  test("a tag that does not exist: ErrImagePull, then ImagePullBackOff, with containerd's reason; set image fixes it", async () => {
    await ok(['create', 'deployment', 'web', '--image=nginx:1.999']);
    const pod = await ok([
      'get',
      'pods',
      '-l',
      'app=web',
      '-o',
      'jsonpath={.items[0].metadata.name}',
    ]);
    await eventually(
      () => statusOf(pod),
      (s) => s === 'ImagePullBackOff',
    );
    const events = await eventsOf(pod);
    expect(events).toContain('Normal Pulling: Pulling image "nginx:1.999"\n');
    expect(events).toContain(
      'Warning Failed: Failed to pull image "nginx:1.999": rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:1.999": failed to resolve reference "docker.io/library/nginx:1.999": docker.io/library/nginx:1.999: not found\n',
    );
    expect(events).toContain('Warning Failed: Error: ErrImagePull\n');
    expect(events).toContain('Normal BackOff: Back-off pulling image "nginx:1.999"\n');
    expect(events).toContain('Warning Failed: Error: ImagePullBackOff\n');
    const described = await ok(['describe', 'pod', pod]);
    expect(described).toMatch(/ {4}State: +Waiting\n {6}Reason: +ImagePullBackOff\n/);
    const waiting = JSON.parse(
      await ok(['get', 'pod', pod, '-o', 'jsonpath={.status.containerStatuses[0].state.waiting}']),
    );
    expect(waiting).toEqual({
      reason: 'ImagePullBackOff',
      message:
        'Back-off pulling image "nginx:1.999": ErrImagePull: rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:1.999": failed to resolve reference "docker.io/library/nginx:1.999": docker.io/library/nginx:1.999: not found',
    });
    const logs = await k(['logs', pod]);
    expect(logs.code).toBe(1);
    expect(logs.stderr).toBe(
      `Error from server (BadRequest): container "nginx" in pod "${pod}" is waiting to start: trying and failing to pull image\n`,
    );
    await ok(['set', 'image', 'deployment/web', 'nginx=nginx:1.27']);
    await ok(['rollout', 'status', 'deployment/web', '--timeout=30s']);
  });

  test('a misspelt repository is "pull access denied"', async () => {
    await ok(['run', 'typo', '--image=ngnix']);
    const events = await eventually(
      () => eventsOf('typo'),
      (e) => e.includes('ErrImagePull'),
    );
    expect(events).toContain(
      'Warning Failed: Failed to pull image "ngnix": rpc error: code = Unknown desc = failed to pull and unpack image "docker.io/library/ngnix:latest": failed to resolve reference "docker.io/library/ngnix:latest": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed\n',
    );
  });

  test('a crashing command: Error, then CrashLoopBackOff with restarts; logs --previous shows why', async () => {
    await ok([
      'run',
      'crash',
      '--image=busybox',
      '--',
      'sh',
      '-c',
      'echo "connecting to db..."; echo "fatal: db unreachable" >&2; exit 1',
    ]);
    const out = await eventually(
      () => ok(['get', 'pod', 'crash']),
      (o) => rows(o)[1][2] === 'CrashLoopBackOff' && Number(rows(o)[1][3].split(' ')[0]) >= 1,
    );
    expect(rows(out)[1][3]).toMatch(/^\d+ \(\d+s ago\)$/);
    const described = await ok(['describe', 'pod', 'crash']);
    expect(described).toMatch(
      / {4}State: +Waiting\n {6}Reason: +CrashLoopBackOff\n {4}Last State: +Terminated\n {6}Reason: +Error\n {6}Exit Code: +1\n/,
    );
    expect(described).toMatch(
      /Warning {2}BackOff +\S+(?: \(x\d+ over \S+\))? +kubelet +Back-off restarting failed container crash in pod crash_default\([0-9a-f-]{36}\)\n/,
    );
    expect(await ok(['logs', 'crash', '--previous'])).toBe(
      'connecting to db...\nfatal: db unreachable\n',
    );
    // Read while it waits again (with the short test back-off it may be between restarts).
    const message = await eventually(
      () =>
        ok([
          'get',
          'pod',
          'crash',
          '-o',
          'jsonpath={.status.containerStatuses[0].state.waiting.message}',
        ]),
      (m) => m.startsWith('back-off'),
    );
    expect(message).toMatch(
      /^back-off \d+(\.\d+)?m?s restarting failed container=crash pod=crash_default\([0-9a-f-]{36}\)$/,
    );
  });

  test('an executable missing from the image: StartError, exit code 128, started at the epoch', async () => {
    await ok(['run', 'nocmd', '--image=busybox', '--command', '--', 'myapp', '--serve']);
    await eventually(
      () =>
        ok([
          'get',
          'pod',
          'nocmd',
          '-o',
          'jsonpath={.status.containerStatuses[0].lastState.terminated.reason}',
        ]),
      (r) => r === 'StartError',
    );
    const last = JSON.parse(
      await ok([
        'get',
        'pod',
        'nocmd',
        '-o',
        'jsonpath={.status.containerStatuses[0].lastState.terminated}',
      ]),
    );
    expect(last).toMatchObject({
      exitCode: 128,
      reason: 'StartError',
      startedAt: '1970-01-01T00:00:00Z',
      message: expect.stringContaining(
        'exec: "myapp": executable file not found in $PATH: unknown',
      ),
    });
    const described = await ok(['describe', 'pod', 'nocmd']);
    expect(described).toContain('      Started:      Thu, 01 Jan 1970 00:00:00 +0000\n');
  });

  test('a memory limit too small for the process: OOMKilled with exit code 137', async () => {
    await ok(['apply', '-f', t.file('memory-demo-2.yaml', MEMORY_DEMO)]);
    const last = await eventually(
      () =>
        ok([
          'get',
          'pod',
          'memory-demo-2',
          '-o',
          'jsonpath={.status.containerStatuses[0].lastState.terminated}',
        ]),
      (v) => v.includes('OOMKilled'),
    );
    expect(JSON.parse(last)).toMatchObject({ exitCode: 137, reason: 'OOMKilled' });
    const described = await ok(['describe', 'pod', 'memory-demo-2']);
    expect(described).toMatch(
      / {4}Last State: +Terminated\n {6}Reason: +OOMKilled\n {6}Exit Code: +137\n/,
    );
    expect(described).toMatch(
      / {4}Limits:\n {6}memory: +100Mi\n {4}Requests:\n {6}memory: +50Mi\n/,
    );
    expect(await ok(['logs', 'memory-demo-2', '--previous'])).toBe(
      'stress: info: [1] dispatching hogs: 0 cpu, 0 io, 1 vm, 0 hdd\n',
    );
  });

  test('the liveness walkthrough: the probe fails once the file is removed and the container is restarted', async () => {
    await ok(['apply', '-f', t.file('exec-liveness.yaml', LIVENESS_EXEC)]);
    const restarted = await eventually(
      () =>
        ok([
          'get',
          'pod',
          'liveness-exec',
          '-o',
          'jsonpath={.status.containerStatuses[0].restartCount}',
        ]),
      (n) => Number(n) >= 1,
      20_000,
    );
    expect(Number(restarted)).toBeGreaterThanOrEqual(1);
    const events = await eventsOf('liveness-exec');
    expect(events).toContain(
      "Warning Unhealthy: Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory\n",
    );
    expect(events).toContain(
      'Normal Killing: Container liveness failed liveness probe, will be restarted\n',
    );
    const described = await ok(['describe', 'pod', 'liveness-exec']);
    expect(described).toContain(
      '    Liveness:       exec [cat /tmp/healthy] delay=1s timeout=1s period=1s #success=1 #failure=3\n',
    );
  });

  test('a failing readiness probe keeps the pod out of its Service', async () => {
    await ok(
      ['apply', '-f', '-'],
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'not-ready', labels: { app: 'probe-demo' } },
        spec: {
          containers: [
            {
              name: 'nginx',
              image: 'nginx',
              readinessProbe: { httpGet: { path: '/', port: 8080 }, periodSeconds: 1 },
            },
          ],
        },
      }),
    );
    await ok(['expose', 'pod', 'not-ready', '--port=80', '--name=probe-svc']);
    const events = await eventually(
      () => eventsOf('not-ready'),
      (e) => e.includes('Unhealthy'),
    );
    const ip = await ok(['get', 'pod', 'not-ready', '-o', 'jsonpath={.status.podIP}']);
    expect(events).toContain(
      `Warning Unhealthy: Readiness probe failed: Get "http://${ip}:8080/": dial tcp ${ip}:8080: connect: connection refused\n`,
    );
    expect(rows(await ok(['get', 'pod', 'not-ready']))[1].slice(1, 3)).toEqual(['0/1', 'Running']);
    // Only ready addresses are listed: the ENDPOINTS cell is empty.
    expect(await ok(['get', 'endpoints', 'probe-svc'])).toMatch(/\nprobe-svc {3}\s+\d+s\n$/);
    expect(
      await ok(['get', 'endpoints', 'probe-svc', '-o', 'jsonpath={.subsets[0].addresses}']),
    ).toBe('');
    const notReady = await ok([
      'get',
      'endpoints',
      'probe-svc',
      '-o',
      'jsonpath={.subsets[0].notReadyAddresses[0].ip}',
    ]);
    expect(notReady).toBe(ip);
  });

  test('a Service whose selector matches nothing has no endpoints until the labels agree', async () => {
    await ok(['create', 'service', 'clusterip', 'web-svc', '--tcp=80:80']);
    expect(await ok(['get', 'svc', 'web-svc', '-o', 'jsonpath={.spec.selector}'])).toBe(
      '{"app":"web-svc"}',
    );
    expect(rows(await ok(['get', 'ep', 'web-svc']))[1].slice(0, 2)).toEqual(['web-svc', '<none>']);
    await ok(['set', 'selector', 'svc', 'web-svc', 'app=web']);
    const ep = await eventually(
      () => ok(['get', 'ep', 'web-svc']),
      (o) => /10\.244/.test(o),
    );
    expect(rows(ep)[1][1]).toMatch(/^10\.244\.\d+\.\d+:80$/);
  });

  test('kubectl debug adds an ephemeral busybox next to a running container and a node debugger pod', async () => {
    await ok(['run', 'app', '--image=nginx']);
    await ok(['wait', '--for=condition=Ready', 'pod/app', '--timeout=30s']);
    const session = await k(
      ['debug', '-i', 'app', '--image=busybox', '--target=app', '--container=dbg'],
      'echo debugging $HOSTNAME\nwget -qO- localhost | grep title\nexit\n',
    );
    expect(session.code).toBe(0);
    expect(session.stdout).toBe(
      'Targeting container "app". If you don\'t see processes from this container it may be because the container runtime doesn\'t support this feature.\ndebugging app\n<title>Welcome to nginx!</title>\n',
    );
    const status = JSON.parse(
      await ok(['get', 'pod', 'app', '-o', 'jsonpath={.status.ephemeralContainerStatuses[0]}']),
    );
    expect(status).toMatchObject({
      name: 'dbg',
      ready: false,
      restartCount: 0,
      state: { terminated: { exitCode: 0, reason: 'Completed' } },
    });
    expect(status.started).toBeUndefined();
    expect(rows(await ok(['get', 'pod', 'app']))[1].slice(1, 4)).toEqual(['1/1', 'Running', '0']);
    const described = await ok(['describe', 'pod', 'app']);
    expect(described).toMatch(/\nEphemeral Containers:\n {2}dbg:\n/);
    const node = await k(['debug', 'node/node01', '-i', '--image=busybox', '--', 'hostname']);
    expect(node.code).toBe(0);
    expect(node.stdout).toMatch(
      /^Creating debugging pod node-debugger-node01-\w{5} with container debugger on node node01\.\n/,
    );
    expect(node.stdout).toContain('node01\n');
  });

  test('kubectl get pods -A shows the cluster at a glance; events sort by time', async () => {
    const all = rows(await ok(['get', 'pods', '-A']));
    expect(all[0]).toEqual(['NAMESPACE', 'NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
    const statuses = new Set(all.slice(1).map((r) => r[3]));
    expect(statuses).toContain('Running');
    expect(statuses).toContain('CrashLoopBackOff');
    expect([...statuses].some((s) => s === 'ImagePullBackOff' || s === 'ErrImagePull')).toBe(true);
    const events = rows(await ok(['get', 'events', '--sort-by=.lastTimestamp']));
    expect(events[0]).toEqual(['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE']);
    expect(events.slice(1).every((e) => e[1] === 'Normal' || e[1] === 'Warning')).toBe(true);
    const warnings = rows(await ok(['get', 'events', '--field-selector', 'type=Warning']));
    expect(warnings.slice(1).every((e) => e[1] === 'Warning')).toBe(true);
  });
});
