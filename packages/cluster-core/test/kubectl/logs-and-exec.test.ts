import { scaledKubeletTimings } from '../../src/controllers';
import { eventually, KUBECTL_VERSIONS, startCluster, type TestCluster } from './harness';

const POD = `apiVersion: v1
kind: ConfigMap
metadata:
  name: app-config
data:
  color: blue
---
apiVersion: v1
kind: Pod
metadata:
  name: client
spec:
  containers:
  - name: client
    image: busybox:1.36
    command: ["sh", "-c", "while true; do echo tick; sleep 1; done"]
    env:
    - name: GREETING
      value: hello
    - name: COLOR
      valueFrom:
        configMapKeyRef:
          name: app-config
          key: color
    volumeMounts:
    - name: config
      mountPath: /etc/app
  volumes:
  - name: config
    configMap:
      name: app-config
`;

describe.each(KUBECTL_VERSIONS)('kubectl logs and exec with kubectl %s', (version) => {
  let t: TestCluster;
  const ok = (args: string[], stdin?: string) => t.ok(args, { version, stdin });
  const k = (args: string[], stdin?: string) => t.kubectl(args, { version, stdin });

  beforeAll(async () => {
    t = await startCluster({ simulation: { kubelet: scaledKubeletTimings(0.1) } });
    await t.ok(['apply', '-f', '-'], { stdin: POD });
    await t.ok(['create', 'deployment', 'web', '--image=nginx', '--replicas=2']);
    await t.ok(['expose', 'deployment', 'web', '--port=80']);
    await t.ok(['wait', '--for=condition=Ready', 'pod/client', '--timeout=30s']);
    await t.ok(['rollout', 'status', 'deployment/web', '--timeout=30s']);
  });
  afterAll(async () => {
    await t.close();
  });

  test('kubectl logs shows what the container printed', async () => {
    const out = await eventually(
      () => ok(['logs', 'client', '--tail=2']),
      (o) => o === 'tick\ntick\n',
    );
    expect(out).toBe('tick\ntick\n');
    const nginx = await ok(['logs', 'deployment/web']);
    expect(nginx).toContain('/docker-entrypoint.sh: Configuration complete; ready for start up');
  });

  test('kubectl exec sees the environment and the mounted ConfigMap', async () => {
    expect(await ok(['exec', 'client', '--', 'printenv', 'GREETING', 'COLOR'])).toBe(
      'hello\nblue\n',
    );
    expect(await ok(['exec', 'client', '--', 'cat', '/etc/app/color'])).toBe('blue');
    expect(await ok(['exec', 'client', '--', 'hostname'])).toBe('client\n');
  });

  test('a pod reaches a service by name', async () => {
    // busybox's nslookup asks every search domain and exits 1 for the NXDOMAIN ones.
    const dns = await k(['exec', 'client', '--', 'nslookup', 'web']);
    expect(dns.stdout).toMatch(
      /Name:\tweb\.default\.svc\.cluster\.local\nAddress: 10\.\d+\.\d+\.\d+\n/,
    );
    expect(dns.stdout).toContain("** server can't find web.svc.cluster.local: NXDOMAIN\n");
    expect(await ok(['exec', 'client', '--', 'wget', '-qO-', 'http://web'])).toContain(
      '<title>Welcome to nginx!</title>',
    );
  });

  test('exit codes and missing executables are reported as on a real cluster', async () => {
    const failed = await k(['exec', 'client', '--', 'sh', '-c', 'exit 3']);
    expect(failed.code).toBe(3);
    expect(failed.stderr).toBe('command terminated with exit code 3\n');
    const missing = await k(['exec', 'client', '--', 'curl', 'web']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('exec: "curl": executable file not found in $PATH: unknown');
  });
});
