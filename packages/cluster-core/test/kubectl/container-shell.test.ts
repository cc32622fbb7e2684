import { readFileSync } from 'node:fs';
import { scaledKubeletTimings } from '../../src/controllers';
import { eventually, KUBECTL_VERSIONS, startCluster, type TestCluster } from './harness';

const PODS = `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  mode: fast
  level: "3"
---
apiVersion: v1
kind: Secret
metadata:
  name: creds
stringData:
  user: admin
---
apiVersion: v1
kind: Pod
metadata:
  name: box
spec:
  containers:
  - name: box
    image: busybox:1.36
    command: ["sh", "-c", "sleep 3600"]
    volumeMounts:
    - name: settings
      mountPath: /etc/settings
    - name: creds
      mountPath: /etc/creds
    - name: scratch
      mountPath: /scratch
  - name: peer
    image: busybox:1.36
    command: ["sh", "-c", "sleep 3600"]
    volumeMounts:
    - name: scratch
      mountPath: /shared
  volumes:
  - name: settings
    configMap:
      name: settings
  - name: creds
    secret:
      secretName: creds
  - name: scratch
    emptyDir: {}
---
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: nginx
    image: nginx:1.27
    readinessProbe:
      httpGet:
        path: /
        port: 80
`;

describe.each(KUBECTL_VERSIONS)('a real shell inside containers with kubectl %s', (version) => {
  let t: TestCluster;
  const k = (args: string[], stdin?: string) => t.kubectl(args, { version, stdin });
  /** `kubectl exec box -- sh -c SCRIPT`: what it printed (stdout, then stderr) and its exit code. */
  const sh = async (script: string, pod = 'box', container?: string) => {
    const r = await k([
      'exec',
      pod,
      ...(container ? ['-c', container] : []),
      '--',
      'sh',
      '-c',
      script,
    ]);
    return { out: r.stdout, err: r.stderr, code: r.code };
  };

  beforeAll(async () => {
    t = await startCluster({ simulation: { kubelet: scaledKubeletTimings(0.1) } });
    await t.ok(['apply', '-f', '-'], { stdin: PODS });
    await t.ok(['wait', '--for=condition=Ready', 'pod/box', 'pod/web', '--timeout=30s']);
  });
  afterAll(async () => {
    await t.close();
  });

  test('loops, pipes and command substitution', async () => {
    expect((await sh('for i in 1 2 3; do echo $i; done | wc -l')).out.trim()).toBe('3');
    expect((await sh('i=0; while [ $i -lt 3 ]; do i=$((i+1)); done; echo "i=$i"')).out).toBe(
      'i=3\n',
    );
    expect((await sh('echo "n=$(echo a b c | wc -w)"')).out.trim()).toMatch(/^n=\s*3$/);
    expect((await k(['exec', 'box', '--', 'echo', 'a|b'])).stdout).toBe('a|b\n');
  });

  test('variables, export, conditionals, functions and $?', async () => {
    const r = await sh(
      `X=1; export Y=2; if [ "$X" = 1 ] && [ -n "$Y" ]; then echo yes; else echo no; fi
greet() { echo "hi $1"; return 4; }
greet there; echo "status $?"
false || echo "after false $?"
echo '$X stays literal'`,
    );
    expect(r.out).toBe('yes\nhi there\nstatus 4\nafter false 1\n$X stays literal\n');
  });

  test('redirects, here-docs, globs and cd', async () => {
    const r = await sh(`cd /tmp && echo one > a.txt && echo two >> a.txt
cat < a.txt
ls /nope 2>/dev/null || echo "ls failed"
cat <<EOF > b.txt
level=$(cat /etc/settings/level)
EOF
cat b.txt; echo /tmp/*.txt; pwd`);
    expect(r.out).toBe('one\ntwo\nls failed\nlevel=3\n/tmp/a.txt /tmp/b.txt\n/tmp\n');
    // The container's layer keeps what an earlier exec wrote.
    expect((await sh('cat /tmp/a.txt')).out).toBe('one\ntwo\n');
  });

  test('exit codes and missing commands', async () => {
    expect((await sh('exit 3')).code).toBe(3);
    const missing = await sh('notexist');
    expect(missing.code).toBe(127);
    expect(missing.err).toContain('sh: notexist: not found');
    // busybox has no bash; the nginx image has no ps and no wget.
    expect((await k(['exec', 'box', '--', 'bash'])).stderr).toContain(
      'exec: "bash": executable file not found in $PATH',
    );
    expect((await sh('ps', 'web')).code).toBe(127);
    expect((await sh('ps')).out).toContain('PID   USER     TIME  COMMAND');
  });

  test('ConfigMap and Secret volumes are read-only with the ..data links', async () => {
    const ls = await sh('ls -a /etc/settings; readlink /etc/settings/mode; cat /etc/settings/mode');
    expect(ls.out).toMatch(/\.\.data\n/);
    expect(ls.out).toContain('mode\n..data/mode\nfast');
    const touch = await sh('touch /etc/creds/x');
    expect(touch.code).toBe(1);
    expect(touch.err).toContain('Read-only file system');
    const redirect = await sh('echo x > /etc/settings/mode');
    expect(redirect.code).toBe(1);
    expect(redirect.err).toContain("sh: can't create /etc/settings/mode: Read-only file system");
    expect((await sh('cat /etc/creds/user')).out).toBe('admin');
  });

  test('an emptyDir is shared between the containers of a pod', async () => {
    await sh('echo from-box > /scratch/note');
    expect((await sh('cat /shared/note', 'box', 'peer')).out).toBe('from-box\n');
  });

  test('image files: os-release, passwd, resolv.conf and nginx pages', async () => {
    expect((await sh('cat /etc/resolv.conf')).out).toContain(
      'search default.svc.cluster.local svc.cluster.local cluster.local',
    );
    expect((await sh('head -1 /etc/passwd')).out).toBe('root:x:0:0:root:/root:/bin/sh\n');
    expect((await sh('ls /')).out.split('\n')).toEqual(
      expect.arrayContaining([
        'bin',
        'dev',
        'etc',
        'home',
        'proc',
        'root',
        'sys',
        'tmp',
        'usr',
        'var',
      ]),
    );
    expect((await sh('grep -c nginx /usr/share/nginx/html/index.html', 'web')).out.trim()).not.toBe(
      '0',
    );
    expect((await sh('cat /etc/os-release', 'web')).out).toContain('Debian GNU/Linux 12');
  });

  test("arguments alone replace the image's CMD: busybox runs them, nginx's entrypoint execs them", async () => {
    const run = await k([
      'run',
      'say',
      '--image=busybox',
      '-i',
      '--restart=Never',
      '--',
      'echo',
      'hello world',
    ]);
    expect(run.stdout).toContain('hello world\n');
    await t.ok(['run', 'env-printer', '--image=nginx', '--env=GREETING=hi', '--', 'env'], {
      version,
    });
    await eventually(
      () => k(['logs', 'env-printer']).then((r) => r.stdout),
      (out) => out.includes('GREETING=hi'),
    );
  });

  test('a tag the repository does not have fails to pull', async () => {
    await t.ok(['run', 'typo', '--image=nginx:1.91'], { version });
    const events = await eventually(
      () =>
        k([
          'get',
          'events',
          '--field-selector=involvedObject.name=typo',
          '-o',
          'jsonpath={range .items[*]}{.message}{"\\n"}{end}',
        ]).then((r) => r.stdout),
      (out) => out.includes('Failed to pull image "nginx:1.91"'),
    );
    expect(events).toContain('Error: ErrImagePull');
  });

  test('nginx logs the requests it serves, from wget and from the kubelet', async () => {
    const ip = (
      await t.ok(['get', 'pod', 'web', '-o', 'jsonpath={.status.podIP}'], { version })
    ).trim();
    const fetched = await sh(`wget -qO- http://${ip}/ | grep -c Welcome`);
    expect(fetched.out.trim()).toBe('2');
    const logs = (await k(['logs', 'web'])).stdout;
    expect(logs).toMatch(/"GET \/ HTTP\/1\.1" 200 615 "-" "Wget" "-"/);
    expect(logs).toContain('"GET / HTTP/1.1" 200 615 "-" "kube-probe/1.33" "-"');
  });

  test('kubectl cp copies into and out of a container (tar through exec)', async () => {
    const local = t.file('notes.txt', 'line one\nline two\n');
    const into = await k(['cp', local, 'box:/tmp/notes.txt', '-c', 'box']);
    expect(into.stderr).not.toMatch(/error/i);
    expect((await sh('cat /tmp/notes.txt; wc -l < /tmp/notes.txt')).out).toBe(
      'line one\nline two\n2\n',
    );
    await sh('echo "made inside" > /tmp/inside.txt');
    const back = `${t.dir}/inside.txt`;
    const out = await k(['cp', 'box:/tmp/inside.txt', back, '-c', 'box']);
    expect(out.stderr).not.toMatch(/error/i);
    expect(readFileSync(back, 'utf8')).toBe('made inside\n');
  });

  test('postStart and preStop hooks run in the container; a failing preStop is a Warning event', async () => {
    const pod = `apiVersion: v1
kind: Pod
metadata:
  name: hooked
spec:
  terminationGracePeriodSeconds: 2
  containers:
  - name: app
    image: busybox:1.36
    command: ["sh", "-c", "sleep 3600"]
    lifecycle:
      postStart:
        exec:
          command: ["sh", "-c", "date > /tmp/started; echo ready >> /tmp/started"]
      preStop:
        exec:
          command: ["sh", "-c", "echo draining; exit 2"]
`;
    await t.ok(['apply', '-f', '-'], { version, stdin: pod });
    await t.ok(['wait', '--for=condition=Ready', 'pod/hooked', '--timeout=30s'], { version });
    const started = await eventually(
      () => sh('cat /tmp/started', 'hooked').then((r) => r.out),
      (out) => out.includes('ready'),
    );
    expect(started).toMatch(/^\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d UTC \d{4}\nready\n$/);
    await t.ok(['delete', 'pod', 'hooked', '--wait=false'], { version });
    const events = await eventually(
      () =>
        k([
          'get',
          'events',
          '--field-selector=involvedObject.name=hooked,reason=FailedPreStopHook',
          '-o',
          'jsonpath={.items[*].message}',
        ]).then((r) => r.stdout),
      (out) => out.length > 0,
    );
    expect(events).toContain(
      'Exec lifecycle hook ([sh -c echo draining; exit 2]) for Container "app" in Pod "hooked_default(',
    );
    expect(events).toContain(
      'failed - error: command \'sh -c echo draining; exit 2\' exited with 2: , message: "draining\\n"',
    );
  });

  test('arguments naming a command busybox does not have: StartError, exit code 128', async () => {
    await t.ok(['run', 'nope', '--image=busybox', '--restart=Never', '--', 'notexist'], {
      version,
    });
    const terminated = await eventually(
      () =>
        k([
          'get',
          'pod',
          'nope',
          '-o',
          'jsonpath={.status.containerStatuses[0].state.terminated}',
        ]).then((r) => r.stdout),
      (out) => out.includes('StartError'),
    );
    expect(JSON.parse(terminated)).toMatchObject({ exitCode: 128, reason: 'StartError' });
    expect(JSON.parse(terminated).message).toContain(
      'exec: "notexist": executable file not found in $PATH',
    );
  });
});
