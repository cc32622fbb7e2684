/**
 * Deleting pods with real kubectl: the simulated kubelet stops the containers, reports the
 * terminal status and confirms the deletion; finalizers hold a stopped pod until they go; a Job
 * replaces a pod deleted by hand.
 */
import { columns, eventually, KUBECTL_VERSIONS, startCluster, type TestCluster } from './harness';

const heldPod = (name: string) => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  finalizers:
  - example.com/hold
spec:
  containers:
  - name: nginx
    image: nginx
`;

describe.each(KUBECTL_VERSIONS)('pod termination with kubectl %s', (version) => {
  let t: TestCluster;
  const ns = `term-${version.replace('.', '-')}`;
  const k = (args: string[], stdin?: string) => t.kubectl(['-n', ns, ...args], { version, stdin });
  const ok = (args: string[], stdin?: string) => t.ok(['-n', ns, ...args], { version, stdin });
  const row = async (name: string) =>
    columns((await ok(['get', 'pod', name, '--no-headers'])).split('\n')[0]);
  const running = (name: string) =>
    ok(['wait', '--for=condition=Ready', `pod/${name}`, '--timeout=20s']);

  beforeAll(async () => {
    // Deleted pods stay Terminating for 3 s of real time, so kubectl can look at them.
    t = await startCluster({ simulation: { kubelet: { terminateMs: 3_000 } } });
    await t.ok(['create', 'namespace', ns], { version });
  });
  afterAll(async () => {
    await t.close();
  });

  test('kubectl delete pod returns once the kubelet has stopped the pod, and the pod is gone', async () => {
    await ok(['run', 'web', '--image=nginx']);
    await running('web');
    expect(await ok(['delete', 'pod', 'web'])).toBe('pod "web" deleted\n');
    const get = await k(['get', 'pod', 'web']);
    expect(get.code).toBe(1);
    expect(get.stderr).toBe('Error from server (NotFound): pods "web" not found\n');
    const events = await ok([
      'get',
      'events',
      '--field-selector',
      'involvedObject.name=web',
      '-o',
      'jsonpath={range .items[*]}{.reason}: {.message}{"\\n"}{end}',
    ]);
    expect(events).toContain('Killing: Stopping container web\n');
  });

  test('a pod held by a finalizer is Terminating, then stopped and not ready, and goes when the finalizer is removed', async () => {
    await ok(['apply', '-f', '-'], heldPod('held'));
    await running('held');
    expect(await ok(['delete', 'pod', 'held', '--wait=false'])).toBe('pod "held" deleted\n');
    const terminating = await row('held');
    expect(terminating.slice(0, 3)).toEqual(['held', '1/1', 'Terminating']);
    // Once stopped the pod is terminal (nginx quits cleanly on its stop signal): kubectl prints
    // the container's reason instead of Terminating, as its printer does for terminal pods.
    const stopped = await eventually(
      () => row('held'),
      (r) => r[1] === '0/1',
      15_000,
    );
    expect(stopped.slice(0, 3)).toEqual(['held', '0/1', 'Completed']);
    const status = await ok([
      'get',
      'pod',
      'held',
      '-o',
      'jsonpath={.status.phase} {.status.containerStatuses[0].state.terminated.reason} {.status.conditions[?(@.type=="Ready")].status} {.metadata.deletionGracePeriodSeconds}',
    ]);
    expect(status).toBe('Succeeded Completed False 0');
    expect(
      await ok([
        'patch',
        'pod',
        'held',
        '--type=json',
        '-p',
        '[{"op":"remove","path":"/metadata/finalizers"}]',
      ]),
    ).toBe('pod/held patched\n');
    const gone = await eventually(
      () => k(['get', 'pod', 'held']),
      (r) => r.code !== 0,
    );
    expect(gone.stderr).toBe('Error from server (NotFound): pods "held" not found\n');
  });

  test('a held sleep killed after the grace period shows Error and Failed', async () => {
    await ok(['run', 'sleeper', '--image=busybox', '--', 'sleep', '3600']);
    await ok([
      'patch',
      'pod',
      'sleeper',
      '--type=merge',
      '-p',
      '{"metadata":{"finalizers":["example.com/hold"]}}',
    ]);
    await running('sleeper');
    await ok(['delete', 'pod', 'sleeper', '--wait=false']);
    const stopped = await eventually(
      () => row('sleeper'),
      (r) => r[1] === '0/1',
      15_000,
    );
    expect(stopped.slice(0, 3)).toEqual(['sleeper', '0/1', 'Error']);
    expect(
      await ok([
        'get',
        'pod',
        'sleeper',
        '-o',
        'jsonpath={.status.phase} {.status.containerStatuses[0].state.terminated.exitCode}',
      ]),
    ).toBe('Failed 137');
    await ok([
      'patch',
      'pod',
      'sleeper',
      '--type=json',
      '-p',
      '[{"op":"remove","path":"/metadata/finalizers"}]',
    ]);
    await eventually(
      () => k(['get', 'pod', 'sleeper']),
      (r) => r.code !== 0,
    );
  });

  test('--grace-period=0 --force removes a running pod at once', async () => {
    await ok(['run', 'forced', '--image=nginx']);
    await running('forced');
    const result = await k(['delete', 'pod', 'forced', '--grace-period=0', '--force']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('pod "forced" force deleted\n');
    expect(result.stderr).toContain(
      'Immediate deletion does not wait for confirmation that the running resource has been terminated',
    );
    expect((await k(['get', 'pod', 'forced'])).code).toBe(1);
  });

  test('a Job pod deleted by hand counts as failed and is replaced', async () => {
    await ok(['create', 'job', 'work', '--image=busybox', '--', 'sleep', '3600']);
    const podName = async () =>
      (await ok(['get', 'pods', '-l', 'job-name=work', '-o', 'name'])).trim();
    const first = await eventually(podName, (n) => n !== '' && !n.includes('\n'));
    await ok(['wait', '--for=condition=Ready', first, '--timeout=20s']);
    expect(await ok(['delete', first])).toBe(`${first.replace('pod/', 'pod "')}" deleted\n`);
    // The Job's pod-failure back-off holds the replacement for 10 s.
    const replaced = await eventually(podName, (n) => n !== '' && n !== first, 25_000);
    await ok(['wait', '--for=condition=Ready', replaced, '--timeout=20s']);
    expect(
      await ok(['get', 'job', 'work', '-o', 'jsonpath={.status.failed} {.status.active}']),
    ).toBe('1 1');
  }, 60_000);
});
