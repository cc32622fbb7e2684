import { scaledKubeletTimings } from '../../src/controllers';
import { eventually, KUBECTL_VERSIONS, startCluster, type TestCluster } from './harness';

/** A pod whose only container runs `sh -c script args...` and is never restarted. */
const scriptPod = (
  name: string,
  script: string,
  { image = 'busybox:1.36', args = [] as string[] } = {},
) => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  restartPolicy: Never
  containers:
  - name: main
    image: ${image}
    command: ${JSON.stringify(['sh', '-c', script, ...args])}
`;

const SHELL_FEATURES = `
for i in 1 2 3; do echo "line $i"; done | wc -l
echo "a|b"
X=1
if [ "$X" = 1 ]; then echo "X is $X"; else echo never; fi
greet() { echo "hello $1"; }
greet learner
false
echo "status $?"
cd /tmp && pwd
echo saved > /tmp/note
cat < /tmp/note
ls /nonexistent 2>/dev/null || echo "ls failed quietly"
echo 'single $X quoted'
cat <<EOF
here-doc sees $X
EOF
for f in /etc/host*; do echo "glob $f"; done
exit 3
`;

const WRITES_AND_WAITS = `
i=0
while [ $i -lt 3 ]; do
  i=$((i+1))
  echo "round $i"
  echo "round $i" >> /data/rounds.log
  sleep 0.3
done
echo done
`;

const SHARED = `apiVersion: v1
kind: Pod
metadata:
  name: writer
spec:
  restartPolicy: Never
  containers:
  - name: main
    image: busybox:1.36
    command: ["sh", "-c", ${JSON.stringify(WRITES_AND_WAITS)}]
    volumeMounts:
    - name: data
      mountPath: /data
  - name: reader
    image: busybox:1.36
    command: ["sh", "-c", "sleep 3600"]
    volumeMounts:
    - name: data
      mountPath: /data
  volumes:
  - name: data
    emptyDir: {}
`;

describe.each(KUBECTL_VERSIONS)('shell main processes with kubectl %s', (version) => {
  let t: TestCluster;
  const ok = (args: string[], stdin?: string) => t.ok(args, { version, stdin });
  const k = (args: string[], stdin?: string) => t.kubectl(args, { version, stdin });
  const terminated = async (pod: string) => {
    try {
      const state = await eventually(
        () => ok(['get', 'pod', pod, '-o', 'jsonpath={.status.containerStatuses[0].state}']),
        (o) => o.includes('terminated'),
      );
      return JSON.parse(state).terminated;
    } catch (err) {
      // What the pod looked like, to tell a slow start from a script that never ends.
      const yaml = await k(['get', 'pod', pod, '-o', 'yaml']);
      const logs = await k(['logs', pod]);
      throw new Error(
        `${(err as Error).message}\n${yaml.stdout}\nlogs:\n${logs.stdout}${logs.stderr}`,
      );
    }
  };

  beforeAll(async () => {
    t = await startCluster({ simulation: { kubelet: scaledKubeletTimings(0.1) } });
    await t.ok(['apply', '-f', '-'], {
      stdin: [
        scriptPod('features', SHELL_FEATURES),
        scriptPod('ticker', 'n=0; while true; do n=$((n+1)); echo "tick $n"; sleep 0.2; done'),
        scriptPod('busy', 'while true; do echo spin; done'),
        scriptPod('positional', 'echo "$0 got $1 and $2"', { args: ['me', 'one', 'two'] }),
        scriptPod('missing', 'echo before; curl http://web; echo "curl said $?"'),
        scriptPod('bash-script', 'declare -A m=([k]=v); echo "${m[k]} ${BASH_VERSION%%.*}"', {
          image: 'bash:5',
        }),
        SHARED,
        `apiVersion: v1
kind: Pod
metadata:
  name: bootcamp
spec:
  containers:
  - name: app
    image: gcr.io/google-samples/kubernetes-bootcamp:v1
`,
      ].join('\n---\n'),
    });
  });
  afterAll(async () => {
    await t.close();
  });

  test('a script runs in a real shell: loops, pipes, conditionals, functions, $?, cd, redirects, here-docs, globs', async () => {
    const state = await terminated('features');
    expect(state).toMatchObject({ exitCode: 3, reason: 'Error' });
    expect(await ok(['logs', 'features'])).toBe(
      [
        '3',
        'a|b',
        'X is 1',
        'hello learner',
        'status 1',
        '/tmp',
        'saved',
        'ls failed quietly',
        'single $X quoted',
        'here-doc sees 1',
        'glob /etc/hostname',
        'glob /etc/hosts',
        '',
      ].join('\n'),
    );
  });

  test('a loop logs each round as it runs, on the cluster clock', async () => {
    await ok(['wait', '--for=condition=Ready', 'pod/ticker', '--timeout=30s']);
    const out = await eventually(
      () => ok(['logs', 'ticker', '--timestamps']),
      (o) => o.split('\n').length > 4,
    );
    const lines = out.trim().split('\n');
    expect(lines.slice(0, 3).map((l) => l.split(' ').slice(1).join(' '))).toEqual([
      'tick 1',
      'tick 2',
      'tick 3',
    ]);
    const times = lines.map((l) => Date.parse(l.split(' ')[0]));
    expect(times[1] - times[0]).toBeGreaterThanOrEqual(150);
    expect(
      await ok(['get', 'pod', 'ticker', '-o', 'jsonpath={.status.containerStatuses[0].ready}']),
    ).toBe('true');
  });

  test('a loop that never sleeps keeps running without stopping the cluster', async () => {
    await ok(['wait', '--for=condition=Ready', 'pod/busy', '--timeout=30s']);
    await eventually(
      () => ok(['logs', 'busy', '--tail=1']),
      (o) => o === 'spin\n',
    );
    expect(await ok(['get', 'pod', 'busy', '-o', 'jsonpath={.status.phase}'])).toBe('Running');
    expect(await ok(['get', 'namespaces', '-o', 'name'])).toContain('namespace/default');
  });

  test('sh -c SCRIPT NAME ARGS sets $0 and the positional parameters', async () => {
    expect(await terminated('positional')).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(await ok(['logs', 'positional'])).toBe('me got one and two\n');
  });

  test("a command the image lacks fails as busybox's shell reports it", async () => {
    expect(await terminated('missing')).toMatchObject({ exitCode: 0 });
    expect(await ok(['logs', 'missing'])).toBe('before\nsh: curl: not found\ncurl said 127\n');
  });

  test('bash scripts run in bash', async () => {
    await terminated('bash-script');
    expect(await ok(['logs', 'bash-script'])).toBe('v 5\n');
  });

  test("a script that starts the image's own program (sh -c 'node server.js') keeps running it", async () => {
    await ok(['wait', '--for=condition=Ready', 'pod/bootcamp', '--timeout=30s']);
    expect(
      await ok([
        'get',
        'pod',
        'bootcamp',
        '-o',
        'jsonpath={.status.containerStatuses[0].restartCount}',
      ]),
    ).toBe('0');
  });

  test("a script's writes reach the pod's other containers as it writes them", async () => {
    const state = await terminated('writer');
    expect(state).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(await ok(['logs', 'writer', '-c', 'main'])).toBe('round 1\nround 2\nround 3\ndone\n');
    expect(await ok(['exec', 'writer', '-c', 'reader', '--', 'cat', '/data/rounds.log'])).toBe(
      'round 1\nround 2\nround 3\n',
    );
    const failed = await k(['logs', 'writer', '-c', 'nosuch']);
    expect(failed.code).toBe(1);
  });
});
