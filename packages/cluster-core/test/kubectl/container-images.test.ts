/**
 * Containers that behave as their images do, seen through the real kubectl: a redirection onto a
 * read-only volume fails one command and the script goes on, resourceFieldRef without limits
 * gives the node's allocatable, `mount` and `df` name the devices a real container shows, `env`
 * lists the environment in the runtime's order, nginx's /etc/nginx and `nginx -t`, and a
 * command's standard error before its standard output in the container's log.
 */
import { scaledKubeletTimings } from '../../src/controllers';
import { eventually, KUBECTL_VERSIONS, startCluster, type TestCluster } from './harness';

const PODS = `apiVersion: v1
kind: Secret
metadata:
  name: creds
stringData:
  username: admin
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  mode: fast
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
    env:
    - name: CPU_LIMIT
      valueFrom:
        resourceFieldRef:
          resource: limits.cpu
    - name: MEMORY_LIMIT_MI
      valueFrom:
        resourceFieldRef:
          resource: limits.memory
          divisor: 1Mi
    volumeMounts:
    - name: creds
      mountPath: /etc/foo
    - name: settings
      mountPath: /etc/settings
    - name: scratch
      mountPath: /scratch
    - name: info
      mountPath: /etc/podinfo
  volumes:
  - name: creds
    secret:
      secretName: creds
  - name: settings
    configMap:
      name: settings
  - name: scratch
    emptyDir: {}
  - name: info
    downwardAPI:
      items:
      - path: cpu_limit
        resourceFieldRef:
          containerName: box
          resource: limits.cpu
          divisor: 1m
      - path: mem_request
        resourceFieldRef:
          containerName: box
          resource: requests.memory
---
apiVersion: v1
kind: Pod
metadata:
  name: limited
spec:
  containers:
  - name: app
    image: busybox:1.36
    command: ["sleep", "3600"]
    resources:
      requests:
        cpu: 250m
        memory: 64Mi
      limits:
        cpu: 500m
        memory: 128Mi
    env:
    - name: CPU_LIMIT
      valueFrom:
        resourceFieldRef:
          resource: limits.cpu
    - name: CPU_LIMIT_M
      valueFrom:
        resourceFieldRef:
          resource: limits.cpu
          divisor: 1m
    - name: MEMORY_REQUEST_MI
      valueFrom:
        resourceFieldRef:
          resource: requests.memory
          divisor: 1Mi
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
    env:
    - name: FIRST
      value: one
    - name: SECOND
      value: two
    volumeMounts:
    - name: creds
      mountPath: /etc/foo
  volumes:
  - name: creds
    secret:
      secretName: creds
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
`;

describe.each(KUBECTL_VERSIONS)('containers as their images with kubectl %s', (version) => {
  let t: TestCluster;
  const k = (args: string[], stdin?: string) => t.kubectl(args, { version, stdin });

  beforeAll(async () => {
    t = await startCluster({ simulation: { kubelet: scaledKubeletTimings(0.1) } });
    await t.ok(['apply', '-f', '-'], { version, stdin: PODS });
    await t.ok(
      ['wait', '--for=condition=Ready', 'pod/box', 'pod/limited', 'pod/web', '--timeout=30s'],
      { version },
    );
  });
  afterAll(async () => {
    await t.close();
  });

  test('a redirection onto a read-only volume or into a missing directory fails that command and the script goes on', async () => {
    const busybox = await k([
      'exec',
      'box',
      '--',
      'sh',
      '-c',
      'echo x > /etc/foo/y; echo after $?; echo x >> /nope/y; echo again $?; cd /etc/foo && echo x > ../foo/z; echo third $?',
    ]);
    expect(busybox.stdout).toBe('after 1\nagain 1\nthird 1\n');
    expect(busybox.stderr).toBe(
      "sh: can't create /etc/foo/y: Read-only file system\nsh: can't create /nope/y: nonexistent directory\nsh: can't create ../foo/z: Read-only file system\n",
    );
    expect(busybox.code).toBe(0);
    // dash is Debian's sh, bash names the line.
    const dash = await k(['exec', 'web', '--', 'sh', '-c', 'echo x > /etc/foo/y; echo after $?']);
    expect(dash.stderr).toBe('sh: 1: cannot create /etc/foo/y: Read-only file system\n');
    expect(dash.stdout).toBe('after 1\n');
    const bash = await k([
      'exec',
      'web',
      '--',
      'bash',
      '-c',
      'echo start\n{ echo x; } > /nope/y; echo after $?',
    ]);
    expect(bash.stderr).toBe('bash: line 2: /nope/y: No such file or directory\n');
    expect(bash.stdout).toBe('start\nafter 1\n');
    // Writable targets, /dev/null and the standard streams are untouched.
    const fine = await k([
      'exec',
      'box',
      '--',
      'sh',
      '-c',
      'f=/scratch/a; echo hi > $f; cat $f; echo err > /dev/stderr; echo gone > /dev/null; echo $?',
    ]);
    expect([fine.stdout, fine.stderr]).toEqual(['hi\n0\n', 'err\n']);
  });

  test('resourceFieldRef gives the node allocatable for a limit the container does not set, over its divisor rounded up', async () => {
    const env = async (pod: string, name: string) =>
      (await t.ok(['exec', pod, '--', 'printenv', name], { version })).trim();
    // The node has 2 CPUs and 4014712Ki - 100Mi of memory allocatable.
    expect(await env('box', 'CPU_LIMIT')).toBe('2');
    expect(await env('box', 'MEMORY_LIMIT_MI')).toBe(String(Math.ceil((4014712 - 102400) / 1024)));
    expect(
      await t.ok(
        ['exec', 'box', '--', 'cat', '/etc/podinfo/cpu_limit', '/etc/podinfo/mem_request'],
        {
          version,
        },
      ),
    ).toBe('20000');
    // 500m over the default divisor 1 is 1 (ceil), over 1m is 500.
    expect(await env('limited', 'CPU_LIMIT')).toBe('1');
    expect(await env('limited', 'CPU_LIMIT_M')).toBe('500');
    expect(await env('limited', 'MEMORY_REQUEST_MI')).toBe('64');
  });

  test('mount and df show overlay, tmpfs for Secret and token volumes and the node disk for ConfigMaps and emptyDir', async () => {
    const mount = await t.ok(['exec', 'box', '--', 'mount'], { version });
    const lines = mount.trim().split('\n');
    expect(lines[0]).toMatch(/^overlay on \/ type overlay \(rw,relatime,lowerdir=/);
    expect(lines).toContain('tmpfs on /dev type tmpfs (rw,nosuid,size=65536k,mode=755)');
    expect(mount).toMatch(/^tmpfs on \/etc\/foo type tmpfs \(ro,relatime,size=\d+k\)$/m);
    expect(mount).toMatch(
      /^tmpfs on \/var\/run\/secrets\/kubernetes\.io\/serviceaccount type tmpfs \(ro,relatime,size=\d+k\)$/m,
    );
    expect(mount).toMatch(/^\/dev\/root on \/etc\/settings type ext4 \(ro,/m);
    expect(mount).toMatch(/^\/dev\/root on \/scratch type ext4 \(rw,/m);
    expect(mount).toMatch(/^\/dev\/root on \/etc\/hosts type ext4 \(rw,/m);
    // busybox's df: every mount with blocks, the device in 20 columns.
    const df = (await t.ok(['exec', 'box', '--', 'df'], { version })).split('\n');
    expect(df[0]).toBe('Filesystem           1K-blocks      Used Available Use% Mounted on');
    expect(df[1]).toBe('overlay               20134592   6543210  13574998  33% /');
    expect(df).toContain('tmpfs                    65536         0     65536   0% /dev');
    expect(df).toContain('/dev/root             20134592   6543210  13574998  33% /scratch');
    const human = (await t.ok(['exec', 'box', '--', 'df', '-h', '/'], { version })).split('\n');
    expect(human.slice(0, 2)).toEqual([
      'Filesystem                Size      Used Available Use% Mounted on',
      'overlay                  19.2G      6.2G     12.9G  33% /',
    ]);
    // GNU coreutils: columns as wide as their values, one line per file system.
    const gnu = (await t.ok(['exec', 'web', '--', 'df'], { version })).split('\n');
    expect(gnu.slice(0, 3)).toEqual([
      'Filesystem     1K-blocks    Used Available Use% Mounted on',
      'overlay         20134592 6543210  13574998  33% /',
      'tmpfs              65536       0     65536   0% /dev',
    ]);
    expect(gnu.filter((l) => l.startsWith('/dev/root'))).toEqual([
      '/dev/root       20134592 6543210  13574998  33% /etc/hosts',
    ]);
    const gnuHuman = (await t.ok(['exec', 'web', '--', 'df', '-h', '/'], { version })).split('\n');
    expect(gnuHuman.slice(0, 2)).toEqual([
      'Filesystem      Size  Used Avail Use% Mounted on',
      'overlay          20G  6.3G   13G  33% /',
    ]);
  });

  test('env lists PATH, HOSTNAME, the image ENV, the container env, the service links and HOME last', async () => {
    const names = (await t.ok(['exec', 'web', '--', 'env'], { version }))
      .trim()
      .split('\n')
      .map((l) => l.split('=')[0]);
    expect(names.slice(0, 8)).toEqual([
      'PATH',
      'HOSTNAME',
      'NGINX_VERSION',
      'NJS_VERSION',
      'NJS_RELEASE',
      'PKG_RELEASE',
      'DYNPKG_RELEASE',
      'FIRST',
    ]);
    expect(names[8]).toBe('SECOND');
    expect(names[9]).toBe('KUBERNETES_SERVICE_HOST');
    expect(names.at(-1)).toBe('HOME');
  });

  test('nginx has its /etc/nginx and answers nginx -v, -t and -T as nginx does', async () => {
    expect(
      (await t.ok(['exec', 'web', '--', 'ls', '/etc/nginx'], { version })).split('\n'),
    ).toEqual([
      'conf.d',
      'fastcgi_params',
      'mime.types',
      'nginx.conf',
      'scgi_params',
      'uwsgi_params',
      '',
    ]);
    const conf = await t.ok(['exec', 'web', '--', 'cat', '/etc/nginx/nginx.conf'], { version });
    expect(conf).toContain('    include /etc/nginx/conf.d/*.conf;\n');
    expect(
      await t.ok(['exec', 'web', '--', 'grep', 'json', '/etc/nginx/mime.types'], { version }),
    ).toContain('application/json');
    const v = await k(['exec', 'web', '--', 'nginx', '-v']);
    expect([v.stdout, v.stderr, v.code]).toEqual(['', 'nginx version: nginx/1.27.0\n', 0]);
    const test = await k(['exec', 'web', '--', 'nginx', '-t']);
    expect([test.stderr, test.code]).toEqual([
      'nginx: the configuration file /etc/nginx/nginx.conf syntax is ok\nnginx: configuration file /etc/nginx/nginx.conf test is successful\n',
      0,
    ]);
    const dump = await t.ok(['exec', 'web', '--', 'nginx', '-T'], { version });
    expect(dump.match(/^# configuration file .*:$/gm)).toEqual([
      '# configuration file /etc/nginx/nginx.conf:',
      '# configuration file /etc/nginx/mime.types:',
      '# configuration file /etc/nginx/conf.d/default.conf:',
    ]);
    // A broken block is nginx's [emerg] and a failed test.
    const broken = await k([
      'exec',
      'web',
      '--',
      'sh',
      '-c',
      'echo "server { listen 8080" > /etc/nginx/conf.d/broken.conf; nginx -t; echo $?',
    ]);
    expect(broken.stderr).toBe(
      'nginx: [emerg] unexpected end of file, expecting ";" or "}" in /etc/nginx/conf.d/broken.conf:2\nnginx: configuration file /etc/nginx/nginx.conf test failed\n',
    );
    expect(broken.stdout).toBe('1\n');
    await t.ok(['exec', 'web', '--', 'rm', '/etc/nginx/conf.d/broken.conf'], { version });
  });

  test("kubectl logs keeps busybox wget's order: where it connects, then the page", async () => {
    const name = `fetch-${version.replace('.', '')}`;
    await t.ok(
      [
        'run',
        name,
        '--image=busybox:1.36',
        '--restart=Never',
        '--',
        'sh',
        '-c',
        'wget -O- http://web; echo done; sleep 3600',
      ],
      {
        version,
      },
    );
    const logs = await eventually(
      () => k(['logs', name]).then((r) => r.stdout),
      (out) => out.includes('done\n'),
    );
    const lines = logs.split('\n');
    expect(lines[0]).toMatch(/^Connecting to web \(10\.\d+\.\d+\.\d+:80\)$/);
    expect(lines[1]).toBe('writing to stdout');
    expect(lines.indexOf('<!DOCTYPE html>')).toBeGreaterThan(1);
    expect(lines.at(-2)).toBe('done');
  });
});
