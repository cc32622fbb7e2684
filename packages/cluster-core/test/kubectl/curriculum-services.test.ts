/**
 * Curriculum: Services and kube-proxy (seeds 000, 004): ClusterIP with a port mapping,
 * NodePort 30080, a LoadBalancer with its external IP, headless and ExternalName Services,
 * Endpoints following the pods, cluster DNS (busybox 1.28's nslookup from the Kubernetes DNS
 * docs and the newer applet), service environment variables, and what wget/curl inside a
 * pod see.
 */
import { scaledKubeletTimings } from '../../src/controllers';
import { columns, eventually, KUBECTL_VERSIONS, startCluster, type TestCluster } from './harness';

/** Seed 004's nginx.yaml: a ClusterIP Service with a named port and its Deployment (the seed's daocloud mirror swapped for Docker Hub). */
const NGINX_YAML = `apiVersion: v1
kind: Service
metadata:
  name: nginx-svc
  namespace: default
spec:
  selector:
    app: nginx
  type: ClusterIP
  ports:
  - name: default
    protocol: TCP
    port: 80
    targetPort: 80
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx-deployment
spec:
  selector:
    matchLabels:
      app: nginx
  replicas: 3
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: nginx:1.7.11
        ports:
        - containerPort: 80
          protocol: TCP
`;

/** Seed 004's nginx-nodeport.yaml. */
const NODEPORT_YAML = `apiVersion: v1
kind: Service
metadata:
  labels:
   app: nginx
  name: nginx-service
spec:
  ports:
  - port: 8080
    name: nginx-service
    protocol: TCP
    targetPort: 80
    nodePort: 30080
  selector:
    app: nginx
  type: NodePort
`;

const NGINX_PAGE = '<title>Welcome to nginx!</title>';

describe.each(KUBECTL_VERSIONS)('curriculum: services with kubectl %s', (version) => {
  let t: TestCluster;
  const ok = (args: string[], stdin?: string) => t.ok(args, { version, stdin });
  const k = (args: string[], stdin?: string) => t.kubectl(args, { version, stdin });
  const rows = (out: string) => out.trim().split('\n').map(columns);
  const clusterIP = (name: string) => ok(['get', 'svc', name, '-o', 'jsonpath={.spec.clusterIP}']);

  beforeAll(async () => {
    t = await startCluster({ simulation: { kubelet: scaledKubeletTimings(0.1) } });
    await t.ok(['run', 'client', '--image=busybox', '--', 'sleep', '3600']);
    await t.ok(['run', 'dns128', '--image=busybox:1.28', '--', 'sleep', '3600']);
    await t.ok(['wait', '--for=condition=Ready', 'pod/client', 'pod/dns128', '--timeout=30s']);
  });
  afterAll(async () => {
    await t.close();
  });

  test('seed 004: a Service and its Deployment from one file; describe lists the three endpoints', async () => {
    expect(await ok(['create', '-f', t.file('nginx.yaml', NGINX_YAML)])).toBe(
      'service/nginx-svc created\ndeployment.apps/nginx-deployment created\n',
    );
    await ok(['rollout', 'status', 'deployment/nginx-deployment', '--timeout=30s']);
    const pods = rows(await ok(['get', 'pods', '-l', 'app=nginx', '-o', 'wide']));
    expect(pods.slice(1).map((r) => r[2])).toEqual(['Running', 'Running', 'Running']);
    const ips = pods
      .slice(1)
      .map((r) => r[5])
      .sort();
    const described = await ok(['describe', 'svc', 'nginx-svc']);
    expect(described).toMatch(/\nType: +ClusterIP\n/);
    expect(described).toMatch(/\nPort: +default {2}80\/TCP\nTargetPort: +80\/TCP\n/);
    const endpoints = /\nEndpoints: +(\S+)\n/.exec(described)?.[1] ?? '';
    expect(endpoints.split(',').sort()).toEqual(ips.map((ip) => `${ip}:80`));
    const [header, row] = rows(await ok(['get', 'svc', 'nginx-svc', '-o', 'wide']));
    expect(header).toEqual([
      'NAME',
      'TYPE',
      'CLUSTER-IP',
      'EXTERNAL-IP',
      'PORT(S)',
      'AGE',
      'SELECTOR',
    ]);
    expect([row[0], row[1], row[3], row[4], row[6]]).toEqual([
      'nginx-svc',
      'ClusterIP',
      '<none>',
      '80/TCP',
      'app=nginx',
    ]);
    expect(row[2]).toMatch(/^10\.(9[6-9]|1[01]\d)\.\d+\.\d+$/);
  });

  test('a pod reaches the Service by name, FQDN and cluster IP, and a pod of another namespace by name.namespace', async () => {
    expect(await ok(['exec', 'client', '--', 'wget', '-qO-', 'http://nginx-svc'])).toContain(
      NGINX_PAGE,
    );
    expect(
      await ok(['exec', 'client', '--', 'wget', '-qO-', 'nginx-svc.default.svc.cluster.local:80']),
    ).toContain(NGINX_PAGE);
    expect(
      await ok(['exec', 'client', '--', 'wget', '-qO-', await clusterIP('nginx-svc')]),
    ).toContain(NGINX_PAGE);
    await ok(['create', 'namespace', 'other']);
    await ok(['run', 'visitor', '--image=busybox', '-n', 'other', '--', 'sleep', '3600']);
    await ok(['wait', '--for=condition=Ready', 'pod/visitor', '-n', 'other', '--timeout=30s']);
    expect(
      await ok(['exec', '-n', 'other', 'visitor', '--', 'wget', '-qO-', 'nginx-svc.default']),
    ).toContain(NGINX_PAGE);
    const bare = await k(['exec', '-n', 'other', 'visitor', '--', 'wget', '-qO-', 'nginx-svc']);
    expect(bare.code).toBe(1);
    expect(bare.stderr).toBe(
      "wget: bad address 'nginx-svc'\ncommand terminated with exit code 1\n",
    );
    const verbose = await t.kubectl(['exec', 'client', '--', 'wget', '-O-', 'nginx-svc'], {
      version,
    });
    expect(verbose.stderr).toMatch(
      /^Connecting to nginx-svc \(10\.\d+\.\d+\.\d+:80\)\nwriting to stdout\n/,
    );
  });

  test('seed 000: a Service port mapped to another target port (httpd-svc:8080 -> 80)', async () => {
    await ok(['create', 'deployment', 'httpd', '--image=httpd', '--replicas=2']);
    expect(
      await ok([
        'expose',
        'deployment',
        'httpd',
        '--name=httpd-svc',
        '--port=8080',
        '--target-port=80',
      ]),
    ).toBe('service/httpd-svc exposed\n');
    await ok(['rollout', 'status', 'deployment/httpd', '--timeout=30s']);
    const [, row] = rows(await ok(['get', 'svc', 'httpd-svc']));
    expect(row.slice(3, 5)).toEqual(['<none>', '8080/TCP']);
    expect(await ok(['exec', 'client', '--', 'wget', '-qO-', 'httpd-svc:8080'])).toBe(
      '<html><body><h1>It works!</h1></body></html>\n',
    );
    const wrongPort = await k(['exec', 'client', '--', 'wget', '-qO-', 'httpd-svc:80']);
    expect(wrongPort.code).toBe(1);
    const svc = JSON.parse(await ok(['get', 'svc', 'httpd-svc', '-o', 'json']));
    expect(svc.spec).toMatchObject({
      ports: [{ port: 8080, protocol: 'TCP', targetPort: 80 }],
      selector: { app: 'httpd' },
      sessionAffinity: 'None',
      type: 'ClusterIP',
      internalTrafficPolicy: 'Cluster',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
    });
    expect(svc.spec.clusterIPs).toEqual([svc.spec.clusterIP]);
  });

  test('seed 004: NodePort 30080 answers on every node address; out-of-range and taken ports are refused', async () => {
    expect(await ok(['apply', '-f', t.file('nginx-nodeport.yaml', NODEPORT_YAML)])).toBe(
      'service/nginx-service created\n',
    );
    const [header, row] = rows(await ok(['get', 'svc', 'nginx-service']));
    expect(header).toEqual(['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE']);
    expect([row[1], row[3], row[4]]).toEqual(['NodePort', '<none>', '8080:30080/TCP']);
    for (const nodeIP of ['172.30.1.2', '172.30.2.2', '172.30.2.3']) {
      expect(
        await ok(['exec', 'client', '--', 'wget', '-qO-', `http://${nodeIP}:30080`]),
      ).toContain(NGINX_PAGE);
    }
    expect(await ok(['exec', 'client', '--', 'wget', '-qO-', 'nginx-service:8080'])).toContain(
      NGINX_PAGE,
    );
    const described = await ok(['describe', 'svc', 'nginx-service']);
    expect(described).toMatch(/\nNodePort: +nginx-service {2}30080\/TCP\n/);
    expect(described).toMatch(/\nExternal Traffic Policy: +Cluster\n/);
    const outOfRange = await k(
      ['apply', '-f', '-'],
      NODEPORT_YAML.replace('30080', '40000').replace(/name: nginx-service$/m, 'name: np-range'),
    );
    expect(outOfRange.code).toBe(1);
    expect(outOfRange.stderr).toBe(
      'The Service "np-range" is invalid: spec.ports[0].nodePort: Invalid value: 40000: provided port is not in the valid range. The range of valid ports is 30000-32767\n',
    );
    const taken = await k(
      ['apply', '-f', '-'],
      NODEPORT_YAML.replace(/name: nginx-service$/m, 'name: np-taken'),
    );
    expect(taken.stderr).toBe(
      'The Service "np-taken" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated\n',
    );
  });

  test('seed 000: expose a pod as a LoadBalancer; the load balancer (MetalLB in the seed) gives it an external IP', async () => {
    await ok(['run', 'blog', '--image=nginx']);
    expect(
      await ok(['expose', '--name=blogsvc', 'pod', 'blog', '--port=80', '--type=LoadBalancer']),
    ).toBe('service/blogsvc exposed\n');
    const wide = await eventually(
      () => ok(['get', 'svc', 'blogsvc', '-o', 'wide']),
      (o) => !o.includes('<pending>'),
    );
    const [header, row] = rows(wide);
    expect(header).toEqual([
      'NAME',
      'TYPE',
      'CLUSTER-IP',
      'EXTERNAL-IP',
      'PORT(S)',
      'AGE',
      'SELECTOR',
    ]);
    expect([row[1], row[6]]).toEqual(['LoadBalancer', 'run=blog']);
    expect(row[3]).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    await ok(['wait', '--for=condition=Ready', 'pod/blog', '--timeout=30s']);
    expect(await ok(['exec', 'client', '--', 'wget', '-qO-', row[3]])).toContain(NGINX_PAGE);
    expect(row[4]).toMatch(/^80:3\d{4}\/TCP$/);
    const nodePort = Number(row[4].slice(3, 8));
    expect(nodePort).toBeGreaterThanOrEqual(30000);
    expect(nodePort).toBeLessThanOrEqual(32767);
    await ok(['wait', '--for=condition=Ready', 'pod/blog', '--timeout=30s']);
    expect(await ok(['exec', 'client', '--', 'wget', '-qO-', `172.30.2.2:${nodePort}`])).toContain(
      NGINX_PAGE,
    );
  });

  test('endpoints follow the ready pods: none after scaling to zero, and the connection is refused', async () => {
    const ep = rows(await ok(['get', 'endpoints', 'nginx-svc']));
    expect(ep[0]).toEqual(['NAME', 'ENDPOINTS', 'AGE']);
    expect(ep[1][1].split(',')).toHaveLength(3);
    const slices = rows(
      await ok(['get', 'endpointslices', '-l', 'kubernetes.io/service-name=nginx-svc']),
    );
    expect(slices[0]).toEqual(['NAME', 'ADDRESSTYPE', 'PORTS', 'ENDPOINTS', 'AGE']);
    expect(slices[1][0]).toMatch(/^nginx-svc-[a-z0-9]{5}$/);
    expect(slices[1].slice(1, 3)).toEqual(['IPv4', '80']);
    await ok(['scale', 'deployment', 'nginx-deployment', '--replicas=0']);
    const empty = await eventually(
      () => ok(['get', 'ep', 'nginx-svc']),
      (o) => rows(o)[1]?.[1] === '<none>',
    );
    expect(rows(empty)[1].slice(0, 2)).toEqual(['nginx-svc', '<none>']);
    const refused = await k(['exec', 'client', '--', 'wget', '-qO-', 'nginx-svc']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      `wget: can't connect to remote host (${await clusterIP('nginx-svc')}): Connection refused\ncommand terminated with exit code 1\n`,
    );
    await ok(['scale', 'deployment', 'nginx-deployment', '--replicas=3']);
    await ok(['rollout', 'status', 'deployment/nginx-deployment', '--timeout=30s']);
    await eventually(
      () => ok(['get', 'ep', 'nginx-svc', '-o', 'jsonpath={.subsets[0].addresses[*].ip}']),
      (o) => o.split(' ').length === 3,
    );
  });

  test('busybox:1.28 nslookup prints as the Kubernetes DNS docs show', async () => {
    const ip = await clusterIP('nginx-svc');
    expect(await ok(['exec', 'dns128', '--', 'nslookup', 'nginx-svc'])).toBe(
      `Server:    10.96.0.10\nAddress 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n\nName:      nginx-svc\nAddress 1: ${ip} nginx-svc.default.svc.cluster.local\n`,
    );
    expect(await ok(['exec', 'dns128', '--', 'nslookup', 'kubernetes.default'])).toBe(
      'Server:    10.96.0.10\nAddress 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n\nName:      kubernetes.default\nAddress 1: 10.96.0.1 kubernetes.default.svc.cluster.local\n',
    );
    const missing = await k(['exec', 'dns128', '--', 'nslookup', 'nosuch']);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toBe(
      'Server:    10.96.0.10\nAddress 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n\n',
    );
    expect(missing.stderr).toBe(
      "nslookup: can't resolve 'nosuch'\ncommand terminated with exit code 1\n",
    );
  });

  test("newer busybox's nslookup asks each search domain and fails on a partial name", async () => {
    const ip = await clusterIP('nginx-svc');
    const header = 'Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n';
    expect(
      await ok(['exec', 'client', '--', 'nslookup', 'nginx-svc.default.svc.cluster.local']),
    ).toBe(`${header}Name:\tnginx-svc.default.svc.cluster.local\nAddress: ${ip}\n\n\n`);
    const short = await k(['exec', 'client', '--', 'nslookup', 'nginx-svc']);
    expect(short.code).toBe(1);
    expect(short.stdout).toBe(
      `${header}Name:\tnginx-svc.default.svc.cluster.local\nAddress: ${ip}\n\n` +
        "** server can't find nginx-svc.svc.cluster.local: NXDOMAIN\n\n** server can't find nginx-svc.cluster.local: NXDOMAIN\n\n" +
        "\n** server can't find nginx-svc.svc.cluster.local: NXDOMAIN\n\n** server can't find nginx-svc.cluster.local: NXDOMAIN\n\n",
    );
    const partial = await k(['exec', 'client', '--', 'nslookup', 'kubernetes.default']);
    expect(partial.stdout).toBe(
      `${header}** server can't find kubernetes.default: NXDOMAIN\n\n** server can't find kubernetes.default: NXDOMAIN\n\n`,
    );
    expect(partial.stderr).toBe('command terminated with exit code 1\n');
    expect(await ok(['exec', 'client', '--', 'nslookup', '10.96.0.1'])).toBe(
      `${header}1.0.96.10.in-addr.arpa\tname = kubernetes.default.svc.cluster.local\n\n`,
    );
    expect(await ok(['exec', 'client', '--', 'cat', '/etc/resolv.conf'])).toBe(
      'search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n',
    );
  });

  test('a headless Service resolves to its pods; an ExternalName Service is a DNS alias', async () => {
    await ok([
      'create',
      'service',
      'clusterip',
      'nginx-headless',
      '--clusterip=None',
      '--tcp=80:80',
    ]);
    await ok(['set', 'selector', 'service', 'nginx-headless', 'app=nginx']);
    const [, row] = rows(await ok(['get', 'svc', 'nginx-headless']));
    expect(row.slice(1, 5)).toEqual(['ClusterIP', 'None', '<none>', '80/TCP']);
    const podIPs = (
      await ok(['get', 'pods', '-l', 'app=nginx', '-o', 'jsonpath={.items[*].status.podIP}'])
    )
      .split(' ')
      .sort();
    const answer = await ok([
      'exec',
      'client',
      '--',
      'nslookup',
      'nginx-headless.default.svc.cluster.local',
    ]);
    const addresses = [...answer.matchAll(/Address: (\S+)\n/g)].map((m) => m[1]).sort();
    expect(addresses).toEqual(podIPs);
    expect(
      await ok(['create', 'service', 'externalname', 'ext', '--external-name=www.example.com']),
    ).toBe('service/ext created\n');
    const [header, ext] = rows(await ok(['get', 'svc', 'ext']));
    expect(header).toEqual(['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE']);
    expect(ext.slice(0, 5)).toEqual(['ext', 'ExternalName', '<none>', 'www.example.com', '<none>']);
  });

  test('pods started after a Service see its variables; localhost is the pod itself', async () => {
    await ok(['run', 'late', '--image=nginx']);
    await ok(['wait', '--for=condition=Ready', 'pod/late', '--timeout=30s']);
    const ip = await clusterIP('nginx-svc');
    const env = await ok(['exec', 'late', '--', 'env']);
    expect(env).toContain(`NGINX_SVC_SERVICE_HOST=${ip}\n`);
    expect(env).toContain('NGINX_SVC_SERVICE_PORT=80\n');
    expect(env).toContain('NGINX_SVC_SERVICE_PORT_DEFAULT=80\n');
    expect(env).toContain(`NGINX_SVC_PORT_80_TCP=tcp://${ip}:80\n`);
    expect(env).toContain('KUBERNETES_SERVICE_HOST=10.96.0.1\n');
    expect(await ok(['exec', 'late', '--', 'curl', '-s', 'localhost'])).toContain(NGINX_PAGE);
    const noCurl = await k(['exec', 'client', '--', 'curl', 'nginx-svc']);
    expect(noCurl.stderr).toContain('exec: "curl": executable file not found in $PATH: unknown');
  });

  test('a throwaway pod: kubectl run --rm -i prints what the command printed and deletes the pod', async () => {
    const ip = await clusterIP('nginx-svc');
    const dns = await k([
      'run',
      'dns-test',
      '--rm',
      '-i',
      '--image=busybox:1.28',
      '--restart=Never',
      '--',
      'nslookup',
      'nginx-svc',
    ]);
    expect(dns.code).toBe(0);
    expect(dns.stdout).toBe(
      `Server:    10.96.0.10\nAddress 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n\nName:      nginx-svc\nAddress 1: ${ip} nginx-svc.default.svc.cluster.local\npod "dns-test" deleted\n`,
    );
    const page = await k([
      'run',
      'web-test',
      '--rm',
      '-i',
      '--image=busybox',
      '--restart=Never',
      '--',
      'wget',
      '-qO-',
      'nginx-svc',
    ]);
    expect(page.stdout).toContain(NGINX_PAGE);
    expect(page.stdout).toMatch(/pod "web-test" deleted\n$/);
    const failing = await k([
      'run',
      'fail-test',
      '-i',
      '--image=busybox',
      '--restart=Never',
      '--',
      'wget',
      '-qO-',
      'nosuch-svc',
    ]);
    expect(failing.code).toBe(1);
    expect(failing.stdout).toBe("wget: bad address 'nosuch-svc'\n");
    expect(rows(await ok(['get', 'pod', 'fail-test']))[1].slice(1, 3)).toEqual(['0/1', 'Error']);
  });

  test('an interactive busybox shell reads its commands from the attached stdin and ends with exit', async () => {
    const session = await k(
      ['run', 'shell', '-i', '--rm', '--image=busybox', '--restart=Never', '--', 'sh'],
      'echo inside $HOSTNAME\nwget -qO- nginx-svc | grep title\nexit 0\n',
    );
    expect(session.code).toBe(0);
    expect(session.stdout).toBe(
      'inside shell\n<title>Welcome to nginx!</title>\npod "shell" deleted\n',
    );
  });

  test('kube-proxy runs as a DaemonSet on every node and its ConfigMap leaves the mode to the default (iptables)', async () => {
    const [header, row] = rows(await ok(['get', 'ds', 'kube-proxy', '-n', 'kube-system']));
    expect(header).toEqual([
      'NAME',
      'DESIRED',
      'CURRENT',
      'READY',
      'UP-TO-DATE',
      'AVAILABLE',
      'NODE SELECTOR',
      'AGE',
    ]);
    expect(row.slice(0, 7)).toEqual([
      'kube-proxy',
      '3',
      '3',
      '3',
      '3',
      '3',
      'kubernetes.io/os=linux',
    ]);
    const config = await ok([
      'get',
      'cm',
      'kube-proxy',
      '-n',
      'kube-system',
      '-o',
      'jsonpath={.data.config\\.conf}',
    ]);
    expect(config).toContain('kind: KubeProxyConfiguration\n');
    expect(config).toContain('mode: ""\n');
    const logs = await ok(['logs', '-n', 'kube-system', '-l', 'k8s-app=kube-proxy', '--tail=-1']);
    const proxier = logs.split('\n').filter((l) => l.includes('Proxier'));
    expect(proxier).toHaveLength(3);
    for (const line of proxier)
      expect(line).toMatch(
        /^I\d{4} \d\d:\d\d:\d\d\.\d{6} {7}1 server_linux\.go:\d+\] "Using iptables Proxier"$/,
      );
  });
});
