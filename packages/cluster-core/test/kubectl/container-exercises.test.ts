/**
 * Container exercises of a public CKAD collection (dgkanatsios/CKAD-exercises) as a learner types
 * them, with what a real cluster and the real images print: `kubectl run -it --rm` one-shots,
 * `ls -l` of projected volumes, sleeps in `kubectl exec`, exec liveness probes, wget and curl
 * against a NetworkPolicy, and each image's root.
 */
import { scaledKubeletTimings } from '../../src/controllers';
import { eventually, KUBECTL_VERSIONS, startCluster, type TestCluster } from './harness';

const PODS = `apiVersion: v1
kind: Secret
metadata:
  name: mysecret2
stringData:
  username: admin
---
apiVersion: v1
kind: Pod
metadata:
  name: box
spec:
  containers:
  - name: box
    image: busybox:1.36
    command: ["sleep", "3600"]
    volumeMounts:
    - name: foo
      mountPath: /etc/foo
  volumes:
  - name: foo
    secret:
      secretName: mysecret2
---
apiVersion: v1
kind: Pod
metadata:
  name: web
  labels:
    app: web
spec:
  containers:
  - name: nginx
    image: nginx:1.27
    volumeMounts:
    - name: foo
      mountPath: /etc/foo
  volumes:
  - name: foo
    secret:
      secretName: mysecret2
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
  - port: 80
---
apiVersion: v1
kind: Pod
metadata:
  name: fetcher
spec:
  containers:
  - name: curl
    image: curlimages/curl:8.5.0
    command: ["sleep", "3600"]
---
apiVersion: v1
kind: Pod
metadata:
  name: alp
spec:
  containers:
  - name: alpine
    image: alpine:3.20
    command: ["sleep", "3600"]
`;

const DENY_INGRESS = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: deny-web
spec:
  podSelector:
    matchLabels:
      app: web
  policyTypes: [Ingress]
`;

describe.each(KUBECTL_VERSIONS)('CKAD container exercises with kubectl %s', (version) => {
  let t: TestCluster;
  const k = (args: string[], stdin?: string) => t.kubectl(args, { version, stdin });

  beforeAll(async () => {
    t = await startCluster({ simulation: { kubelet: scaledKubeletTimings(0.1) } });
    await t.ok(['apply', '-f', '-'], { version, stdin: PODS });
    await t.ok(
      [
        'wait',
        '--for=condition=Ready',
        'pod/box',
        'pod/web',
        'pod/fetcher',
        'pod/alp',
        '--timeout=30s',
      ],
      { version },
    );
  });
  afterAll(async () => {
    await t.close();
  });

  test('kubectl run -it --rm with a short command prints its output and no attach warning', async () => {
    const count = await k([
      'run',
      `count-${version.replace('.', '')}`,
      '--image=busybox',
      '-it',
      '--rm',
      '--restart=Never',
      '--',
      'sh',
      '-c',
      'for i in 1 2 3; do echo $i; done | wc -l',
    ]);
    expect(count.stdout.trim().split(/\r?\n/)[0]).toBe('3');
    expect(count.stderr).not.toContain("couldn't attach");
    expect(count.code).toBe(0);
    const failed = await k([
      'run',
      `fail-${version.replace('.', '')}`,
      '--image=busybox',
      '-i',
      '--rm',
      '--restart=Never',
      '--',
      'sh',
      '-c',
      'echo out; exit 3',
    ]);
    expect(failed.stdout).toContain('out\n');
    expect(failed.stderr).toContain('terminated (Error)');
    expect(failed.stderr).not.toContain("couldn't attach");
    expect(failed.code).toBe(3);
  });

  test('ls -la of a Secret volume shows the ..data links, owned by root, as each image prints them', async () => {
    const busybox = (await t.ok(['exec', 'box', '--', 'ls', '-la', '/etc/foo'], { version }))
      .trim()
      .split('\n');
    expect(busybox[0]).toMatch(/^total \d+$/);
    const data = busybox.find((l) => l.includes('..data ->'));
    expect(data).toMatch(
      /^lrwxrwxrwx {4}1 root {5}root {12}31 \w{3} [ \d]\d \d\d:\d\d \.\.data -> \.\.\d{4}_\d\d_\d\d_\d\d_\d\d_\d\d\.\d{9}$/,
    );
    expect(busybox.at(-1)).toMatch(/ username -> \.\.data\/username$/);
    // coreutils in Debian-based images: columns as wide as their values.
    const gnu = await t.ok(['exec', 'web', '--', 'ls', '-l', '/etc/foo'], { version });
    expect(gnu).toMatch(
      /^lrwxrwxrwx 1 root root 15 \w{3} [ \d]\d \d\d:\d\d username -> \.\.data\/username$/m,
    );
    const missing = await k(['exec', 'box', '--', 'ls', '/nope']);
    expect([missing.stderr.split('\n')[0], missing.code]).toEqual([
      'ls: /nope: No such file or directory',
      1,
    ]);
    const gnuMissing = await k(['exec', 'web', '--', 'ls', '/nope']);
    expect([gnuMissing.stderr.split('\n')[0], gnuMissing.code]).toEqual([
      "ls: cannot access '/nope': No such file or directory",
      2,
    ]);
  });

  test('sleep works in kubectl exec, on the cluster clock', async () => {
    const started = Date.now();
    expect(await t.ok(['exec', 'box', '--', 'sh', '-c', 'sleep 1; echo done'], { version })).toBe(
      'done\n',
    );
    expect((await k(['exec', 'box', '--', 'sleep', '1'])).code).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_000);
  });

  test('each image has its root: busybox, Alpine, Debian with nginx, curl on Alpine with ps', async () => {
    const root = async (pod: string) =>
      (await t.ok(['exec', pod, '--', 'ls', '/'], { version })).trim().split('\n');
    expect(await root('box')).toEqual('bin dev etc home proc root sys tmp usr var'.split(' '));
    expect(await root('alp')).toEqual(
      'bin dev etc home lib media mnt opt proc root run sbin srv sys tmp usr var'.split(' '),
    );
    expect(await root('web')).toEqual(
      'bin boot dev docker-entrypoint.sh etc home lib lib64 media mnt opt proc root run sbin srv sys tmp usr var'.split(
        ' ',
      ),
    );
    expect(await t.ok(['exec', 'fetcher', '--', 'ps'], { version })).toBe(
      'PID   USER     TIME  COMMAND\n    1 root      0:00 sleep 3600\n',
    );
  });

  test('an exec liveness probe records an Unhealthy event for every failure before the kill', async () => {
    const name = `live-${version.replace('.', '')}`;
    await t.ok(['apply', '-f', '-'], {
      version,
      stdin: `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  containers:
  - name: app
    image: busybox:1.36
    args: [/bin/sh, -c, 'touch /tmp/healthy; sleep 1; rm -f /tmp/healthy; sleep 600']
    livenessProbe:
      exec:
        command: [cat, /tmp/healthy]
      initialDelaySeconds: 1
      periodSeconds: 1
`,
    });
    const events = await eventually(
      () =>
        k([
          'get',
          'events',
          `--field-selector=involvedObject.name=${name}`,
          '-o',
          'jsonpath={range .items[*]}{.reason}|{.count}|{.message}{"\\n"}{end}',
        ]).then((r) => r.stdout),
      (out) => out.includes('Killing|'),
    );
    expect(events).toContain(
      "Unhealthy|3|Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory",
    );
    expect(events).toContain('Killing|1|Container app failed liveness probe, will be restarted');
  });

  test('wget and curl: saved files, HTTP errors, headers', async () => {
    const saved = await t.ok(
      [
        'exec',
        'box',
        '--',
        'sh',
        '-c',
        'cd /tmp && wget -q http://web -O page.html && wc -c < page.html',
      ],
      { version },
    );
    expect(saved.trim()).toBe('615');
    const notFound = await k(['exec', 'box', '--', 'wget', '-O-', 'http://web/nope']);
    expect(notFound.stderr).toMatch(
      /^Connecting to web \(10\.\d+\.\d+\.\d+:80\)\nwget: server returned error: HTTP\/1\.1 404 Not Found\n/,
    );
    const head = await t.ok(['exec', 'fetcher', '--', 'curl', '-sI', 'http://web'], { version });
    expect(head).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(head).toContain('Content-Length: 615\r\n');
    expect((await k(['exec', 'fetcher', '--', 'curl', '-sf', 'http://web/nope'])).code).toBe(22);
  });

  test('a NetworkPolicy that drops the connection makes wget and curl wait for their timeout', async () => {
    await t.ok(['apply', '-f', '-'], { version, stdin: DENY_INGRESS });
    try {
      let started = Date.now();
      const wget = await k(['exec', 'box', '--', 'wget', '-T', '1', '-O-', 'http://web']);
      expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
      expect(wget.stderr).toMatch(
        /^Connecting to web \(10\.\d+\.\d+\.\d+:80\)\nwget: download timed out\n/,
      );
      expect(wget.code).toBe(1);
      started = Date.now();
      const curl = await k([
        'exec',
        'fetcher',
        '--',
        'curl',
        '--connect-timeout',
        '1',
        'http://web',
      ]);
      expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
      expect(curl.stderr).toContain(
        'curl: (28) Failed to connect to web port 80 after 1002 ms: Timeout was reached',
      );
      expect(curl.code).toBe(28);
      // -s hides the error, -S shows it again.
      const silent = await k(['exec', 'fetcher', '--', 'curl', '-s', '-m', '1', 'http://web']);
      expect([silent.stderr.includes('curl:'), silent.code]).toEqual([false, 28]);
    } finally {
      await t.ok(['delete', 'networkpolicy', 'deny-web'], { version });
    }
  });
});
