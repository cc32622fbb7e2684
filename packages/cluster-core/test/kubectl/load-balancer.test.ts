import { columns, eventually, KUBECTL_VERSIONS, startCluster, type TestCluster } from './harness';

describe.each(KUBECTL_VERSIONS)('LoadBalancer Services with kubectl %s', (version) => {
  let t: TestCluster;
  const ok = (args: string[]) => t.ok(args, { version });

  beforeAll(async () => {
    t = await startCluster();
  });
  afterAll(async () => {
    await t.close();
  });

  test('a LoadBalancer Service gets an external IP and a node port, and loses the IP as ClusterIP', async () => {
    await ok(['create', 'service', 'loadbalancer', 'front', '--tcp=80:8080']);
    const row = await eventually(
      async () => columns((await ok(['get', 'svc', 'front'])).trim().split('\n')[1]),
      (cells) => cells[3] !== '<pending>',
    );
    expect(row[1]).toBe('LoadBalancer');
    expect(row[3]).toMatch(/^172\.30\.255\.\d+$/);
    expect(row[4]).toMatch(/^80:3\d{4}\/TCP$/);
    const events = await ok([
      'get',
      'events',
      '--field-selector',
      'involvedObject.name=front',
      '-o',
      'jsonpath={.items[*].reason}',
    ]);
    expect(events).toContain('EnsuredLoadBalancer');
    await ok(['patch', 'svc', 'front', '-p', '{"spec":{"type":"ClusterIP"}}']);
    await eventually(
      async () =>
        (await ok(['get', 'svc', 'front', '-o', 'jsonpath={.status.loadBalancer}'])).trim(),
      (v) => v === '{}' || v === '',
    );
  });
});
