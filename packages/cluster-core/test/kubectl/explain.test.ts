import { KUBECTL_VERSIONS, startCluster, type TestCluster } from './harness';

// Expected texts are what `kubectl explain` prints against a v1.33 cluster: the v3 template
// (staging/src/k8s.io/kubectl/pkg/explain/v2/templates/plaintext.tmpl) differs between 1.27 and
// 1.33 only by the enum lines 1.28+ add.
describe.each(KUBECTL_VERSIONS)('kubectl %s explain', (version) => {
  let t: TestCluster;
  const ok = (args: string[]) => t.ok(args, { version });
  const modern = version !== '1.27';

  beforeAll(async () => {
    t = await startCluster();
  });
  afterAll(async () => {
    await t.close();
  });

  test('explain services prints the kind, version, description and top-level fields', async () => {
    const out = await ok(['explain', 'services']);
    expect(
      out.startsWith(
        'KIND:       Service\nVERSION:    v1\n\nDESCRIPTION:\n    Service is a named abstraction of software service',
      ),
    ).toBe(true);
    expect(out).toContain(
      '\nFIELDS:\n  apiVersion\t<string>\n    APIVersion defines the versioned schema of this representation of an object.\n',
    );
    expect(out).toContain(
      "\n  metadata\t<ObjectMeta>\n    Standard object's metadata. More info:\n",
    );
    expect(out).toContain('\n  spec\t<ServiceSpec>\n');
    expect(out).toContain('\n  status\t<ServiceStatus>\n');
  });

  test('explain svc.spec.ports --recursive lists the ServicePort fields one per line', async () => {
    const out = await ok(['explain', 'svc.spec.ports', '--recursive']);
    const enumLine = modern ? '  enum: SCTP, TCP, UDP\n' : '';
    expect(out).toBe(
      'KIND:       Service\nVERSION:    v1\n\nFIELD: ports <[]ServicePort>\n' +
        (modern ? '\n' : '') +
        '\nDESCRIPTION:\n    The list of ports that are exposed by this service. More info:\n' +
        '    https://kubernetes.io/docs/concepts/services-networking/service/#virtual-ips-and-service-proxies\n' +
        "    ServicePort contains information on service's port.\n    \nFIELDS:\n" +
        '  appProtocol\t<string>\n  name\t<string>\n  nodePort\t<integer>\n  port\t<integer> -required-\n' +
        `  protocol\t<string>\n${enumLine}  targetPort\t<IntOrString>\n\n`,
    );
  });

  test('explain of a field with enum values prints them as 1.28+ does', async () => {
    const out = await ok(['explain', 'service.spec.type']);
    expect(out).toContain('FIELD: type <string>\n');
    if (modern)
      expect(out).toContain(
        'ENUM:\n    ClusterIP\n    ExternalName\n    LoadBalancer\n    NodePort\n',
      );
    expect(out).toContain('Possible enum values:\n     - `"ClusterIP"`');
  });

  test('explain of a missing field fails like upstream', async () => {
    const r = await t.kubectl(['explain', 'configmap.nope'], { version });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('error: field "nope" does not exist\n');
  });

  test('explain --output plaintext-openapiv2 reads the protobuf /openapi/v2', async () => {
    const out = await ok(['explain', 'configmap.data', '--output', 'plaintext-openapiv2']);
    expect(
      out.startsWith(
        'KIND:     ConfigMap\nVERSION:  v1\n\nFIELD:    data <map[string]string>\n\nDESCRIPTION:\n     Data contains the configuration data.',
      ),
    ).toBe(true);
  });
});
