/**
 * Upstream test/cmd/events.sh (kubectl events: -A, -n, --for, --types, --no-headers, -o json|yaml,
 * --watch) with the scheduler's event for a pod instead of the CronJob controller's.
 */
import { columns, eventually, KUBECTL_VERSIONS, startCluster, type TestCluster } from './harness';
import { nsFor } from './upstream-fixtures';

describe.each(KUBECTL_VERSIONS)('upstream events.sh with kubectl %s', (version) => {
  let t: TestCluster;
  const ns = nsFor('test-events', version);
  const k = (args: string[]) => t.kubectl(args, { version });
  const ok = (args: string[]) => t.ok(args, { version });

  beforeAll(async () => {
    t = await startCluster();
    await ok(['create', 'namespace', ns]);
    await ok(['run', 'pi', '--image=nginx', '-n', ns]);
    await eventually(
      () => ok(['events', '-n', ns]),
      (o) => o.includes('Scheduled'),
      20_000,
    );
  });
  afterAll(async () => {
    await t.close();
  });

  test('kubectl events lists the namespace events with the upstream columns, -A adds NAMESPACE', async () => {
    const rows = (await ok(['events', '-n', ns])).trim().split('\n').map(columns);
    expect(rows[0]).toEqual(['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE']);
    expect(rows).toEqual(
      expect.arrayContaining([
        [
          expect.any(String),
          'Normal',
          'Scheduled',
          'Pod/pi',
          expect.stringMatching(new RegExp(`^Successfully assigned ${ns}/pi to node0[12]$`)),
        ],
      ]),
    );
    const all = (await ok(['events', '-A'])).trim().split('\n').map(columns);
    expect(all[0]).toEqual(['NAMESPACE', 'LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE']);
    expect(all.some((r) => r[0] === ns && r[3] === 'Scheduled')).toBe(true);
  });

  test('--for, --types and --no-headers filter and format the events of one object', async () => {
    const forPod = await ok(['events', '-n', ns, '--for=Pod/pi']);
    expect(forPod).toContain('Scheduled');
    expect(await ok(['events', '-n', ns, '--for=Pod/pi', '--types=Normal'])).toContain('Scheduled');
    const warnings = await k(['events', '-n', ns, '--for=Pod/pi', '--types=Warning']);
    expect(warnings.stdout).not.toContain('Scheduled');
    const bare = await ok(['events', '-n', ns, '--for=Pod/pi', '--no-headers']);
    expect(bare).not.toContain('LAST SEEN');
    expect(bare).toContain('Scheduled');
  });

  test('events print as a v1 EventList in JSON and YAML, and --watch streams them', async () => {
    const list = JSON.parse(await ok(['events', '-n', ns, '--for=Pod/pi', '--output=json']));
    expect(list).toMatchObject({ kind: 'EventList', apiVersion: 'v1' });
    expect(list.items.find((e: { reason: string }) => e.reason === 'Scheduled')).toMatchObject({
      involvedObject: { kind: 'Pod', name: 'pi', namespace: ns },
      type: 'Normal',
      // the scheduler records through events.k8s.io/v1: the v1 view has reportingComponent, an empty source
      reportingComponent: 'default-scheduler',
      action: 'Binding',
      source: {},
    });
    expect(await ok(['events', '-n', ns, '--for=Pod/pi', '--output=yaml'])).toContain(
      'reason: Scheduled',
    );
    const watched = await k(['events', '-n', ns, '--for=Pod/pi', '--watch', '--request-timeout=1']);
    expect(watched.stdout).toContain('Scheduled');
  });

  test('kubectl get events selects by involvedObject, reason and type fields', async () => {
    const out = await ok([
      'get',
      'events',
      '-n',
      ns,
      '--field-selector',
      'involvedObject.kind=Pod,involvedObject.name=pi,reason=Scheduled,type=Normal',
      '-o',
      'jsonpath={.items[*].reason}',
    ]);
    expect(out).toBe('Scheduled');
    const none = await k(['get', 'events', '-n', ns, '--field-selector', 'reason=NoSuchReason']);
    expect(none.stderr).toBe(`No resources found in ${ns} namespace.\n`);
  });
});
