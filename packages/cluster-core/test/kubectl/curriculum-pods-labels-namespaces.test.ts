/**
 * Curriculum: Pods, Labels and Namespaces (seeds 000, 002, 004): what a learner types in the
 * first lessons, replayed with real kubectl. Expected outputs are what a kubeadm 1.33 cluster
 * prints (the seeds' own transcripts where they have them).
 */
import { scaledKubeletTimings } from '../../src/controllers';
import { columns, eventually, KUBECTL_VERSIONS, startCluster, type TestCluster } from './harness';

/** The Pod YAML of seed 000 as `kubectl run --dry-run=client -o yaml` printed it (null fields kept). */
/** The Kubernetes docs' init container walkthrough (myapp-pod waits for myservice and mydb). */
const MYAPP_POD = `apiVersion: v1
kind: Pod
metadata:
  name: myapp-pod
  labels:
    app.kubernetes.io/name: MyApp
spec:
  containers:
  - name: myapp-container
    image: busybox:1.28
    command: ['sh', '-c', 'echo The app is running! && sleep 3600']
  initContainers:
  - name: init-myservice
    image: busybox:1.28
    command: ['sh', '-c', "until nslookup myservice.$(cat /var/run/secrets/kubernetes.io/serviceaccount/namespace).svc.cluster.local; do echo waiting for myservice; sleep 2; done"]
  - name: init-mydb
    image: busybox:1.28
    command: ['sh', '-c', "until nslookup mydb.$(cat /var/run/secrets/kubernetes.io/serviceaccount/namespace).svc.cluster.local; do echo waiting for mydb; sleep 2; done"]
`;

/** The docs' streaming sidecar: one container appends to a log file, the other tails it. */
const COUNTER = `apiVersion: v1
kind: Pod
metadata:
  name: counter
spec:
  containers:
  - name: count
    image: busybox:1.28
    args:
    - /bin/sh
    - -c
    - >
      i=0;
      while true;
      do
        echo "$i: $(date)" >> /var/log/1.log;
        i=$((i+1));
        sleep 1;
      done
    volumeMounts:
    - name: varlog
      mountPath: /var/log
  - name: count-log-1
    image: busybox:1.28
    args: [/bin/sh, -c, 'tail -n+1 -F /var/log/1.log']
    volumeMounts:
    - name: varlog
      mountPath: /var/log
  volumes:
  - name: varlog
    emptyDir: {}
`;

const POD_SVC = `apiVersion: v1
kind: Pod
metadata:
  creationTimestamp: null
  labels:
    run: pod-svc
  name: pod-svc
spec:
  containers:
  - image: nginx
    imagePullPolicy: IfNotPresent
    name: pod-svc
    resources: 
  dnsPolicy: ClusterFirst
  restartPolicy: Always
status: 
`;

describe.each(KUBECTL_VERSIONS)(
  'curriculum: pods, labels and namespaces with kubectl %s',
  (version) => {
    let t: TestCluster;
    const ok = (args: string[], stdin?: string) => t.ok(args, { version, stdin });
    const k = (args: string[], stdin?: string) => t.kubectl(args, { version, stdin });
    const rows = (out: string) => out.trim().split('\n').map(columns);
    const running = (name: string, ns = 'default') =>
      eventually(
        () => k(['get', 'pod', name, '-n', ns, '-o', 'jsonpath={.status.phase}']),
        (r) => r.stdout === 'Running',
      );

    beforeAll(async () => {
      t = await startCluster({ simulation: { kubelet: scaledKubeletTimings(0.1) } });
    });
    afterAll(async () => {
      await t.close();
    });

    test('the seed Pod YAML with null resources and status is created and runs', async () => {
      expect(await ok(['apply', '-f', t.file('pod-svc.yaml', POD_SVC)])).toBe(
        'pod/pod-svc created\n',
      );
      await running('pod-svc');
      const [header, row] = rows(await ok(['get', 'pods', 'pod-svc']));
      expect(header).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
      expect(row.slice(0, 4)).toEqual(['pod-svc', '1/1', 'Running', '0']);
      const pod = JSON.parse(await ok(['get', 'pod', 'pod-svc', '-o', 'json']));
      expect(pod.spec.containers[0].resources).toEqual({});
      expect(pod.spec.containers[0].imagePullPolicy).toBe('IfNotPresent');
      expect(pod.status.qosClass).toBe('BestEffort');
      const again = await k(['create', '-f', 'pod-svc.yaml']);
      expect(again.code).toBe(1);
      expect(again.stderr).toBe(
        'Error from server (AlreadyExists): error when creating "pod-svc.yaml": pods "pod-svc" already exists\n',
      );
    });

    test('kubectl run --port, get -o wide --show-labels, describe and delete (seed 004)', async () => {
      expect(await ok(['run', 'nginx', '--image=nginx:latest', '--port=80'])).toBe(
        'pod/nginx created\n',
      );
      await running('nginx');
      const [header, row] = rows(await ok(['get', 'pods', 'nginx', '-o', 'wide', '--show-labels']));
      expect(header).toEqual([
        'NAME',
        'READY',
        'STATUS',
        'RESTARTS',
        'AGE',
        'IP',
        'NODE',
        'NOMINATED NODE',
        'READINESS GATES',
        'LABELS',
      ]);
      expect(row[0]).toBe('nginx');
      expect(row[5]).toMatch(/^10\.244\.[12]\.\d+$/);
      expect(['node01', 'node02']).toContain(row[6]);
      expect(row.slice(7)).toEqual(['<none>', '<none>', 'run=nginx']);
      const described = await ok(['describe', 'pod', 'nginx']);
      expect(described).toMatch(
        /^Name: {13}nginx\nNamespace: {8}default\nPriority: {9}0\nService Account: {2}default\nNode: {13}node0[12]\/172\.30\.2\.[23]\n/,
      );
      expect(described).toContain('    Image:          nginx:latest\n');
      expect(described).toContain('    Port:           80/TCP\n    Host Port:      0/TCP\n');
      expect(described).toContain('QoS Class:                   BestEffort\n');
      expect(described).toMatch(
        /Normal {2}Scheduled {2}\S+ +default-scheduler {2}Successfully assigned default\/nginx to node0[12]\n/,
      );
      expect(described).toMatch(/Normal {2}Started +\S+ +kubelet +Started container nginx\n/);
      expect(await ok(['delete', 'pod', 'nginx'])).toBe('pod "nginx" deleted\n');
      const gone = await k(['get', 'pod', 'nginx']);
      expect(gone.stderr).toBe('Error from server (NotFound): pods "nginx" not found\n');
    });

    test('labels: add, refuse to overwrite, overwrite, select with equality and set expressions, -L, remove', async () => {
      await ok(['run', 'lbl-a', '--image=nginx', '--labels=app=web,tier=frontend']);
      await ok(['run', 'lbl-b', '--image=nginx', '--labels=app=db,tier=backend']);
      expect(await ok(['label', 'pod', 'lbl-a', 'env=prod'])).toBe('pod/lbl-a labeled\n');
      const refused = await k(['label', 'pod', 'lbl-a', 'env=dev']);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toBe(
        "error: 'env' already has a value (prod), and --overwrite is false\n",
      );
      expect(await ok(['label', 'pod', 'lbl-a', 'env=dev', '--overwrite'])).toBe(
        'pod/lbl-a labeled\n',
      );
      expect(await ok(['label', 'pod', 'lbl-b', 'env=test'])).toBe('pod/lbl-b labeled\n');
      const shown = rows(await ok(['get', 'pods', '-l', 'app', '--show-labels']));
      expect(shown.map((r) => [r[0], r[5]])).toEqual([
        ['NAME', 'LABELS'],
        ['lbl-a', 'app=web,env=dev,tier=frontend'],
        ['lbl-b', 'app=db,env=test,tier=backend'],
      ]);
      expect(await ok(['get', 'pods', '-l', 'tier=frontend', '-o', 'name'])).toBe('pod/lbl-a\n');
      expect(await ok(['get', 'pods', '-l', 'tier!=frontend,app', '-o', 'name'])).toBe(
        'pod/lbl-b\n',
      );
      expect(await ok(['get', 'pods', '-l', 'env in (dev,test)', '-o', 'name'])).toBe(
        'pod/lbl-a\npod/lbl-b\n',
      );
      expect(await ok(['get', 'pods', '-l', 'env notin (dev)', '-o', 'name'])).toContain(
        'pod/lbl-b\n',
      );
      const byColumn = rows(await ok(['get', 'pods', '-l', 'app', '-L', 'env,tier']));
      expect(byColumn[0]).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'ENV', 'TIER']);
      expect(byColumn.slice(1).map((r) => r.slice(-2))).toEqual([
        ['dev', 'frontend'],
        ['test', 'backend'],
      ]);
      expect(await ok(['label', 'pod', 'lbl-a', 'env-'])).toBe('pod/lbl-a unlabeled\n');
      expect(await ok(['get', 'pod', 'lbl-a', '-o', 'jsonpath={.metadata.labels}'])).toBe(
        '{"app":"web","tier":"frontend"}',
      );
      const none = await k(['get', 'pods', '-l', 'app=nothing']);
      expect(none.stdout).toBe('');
      expect(none.stderr).toBe('No resources found in default namespace.\n');
    });

    test('annotations are shown by describe and never select', async () => {
      // kubectl 1.27 words its own success line "annotate" (its PrintFlags operation).
      const annotated = version === '1.27' ? 'pod/lbl-a annotate\n' : 'pod/lbl-a annotated\n';
      expect(
        await ok(['annotate', 'pod', 'lbl-a', 'owner=ops-team', 'description=front end']),
      ).toBe(annotated);
      const described = await ok(['describe', 'pod', 'lbl-a']);
      expect(described).toContain(
        'Annotations:      description: front end\n                  owner: ops-team\n',
      );
      const refused = await k(['annotate', 'pod', 'lbl-a', 'owner=dev']);
      expect(refused.stderr).toBe(
        "error: --overwrite is false but found the following declared annotation(s): 'owner' already has a value (ops-team)\n",
      );
      expect(await ok(['annotate', 'pod', 'lbl-a', 'owner-'])).toBe(annotated);
      const bad = await k(['get', 'pods', '-l', 'owner=ops team']);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain('unable to parse requirement');
    });

    test('a new cluster has the four namespaces of the seed, all Active', async () => {
      const ns = rows(await ok(['get', 'namespaces']));
      expect(ns[0]).toEqual(['NAME', 'STATUS', 'AGE']);
      expect(ns.slice(1).map((r) => r.slice(0, 2))).toEqual([
        ['default', 'Active'],
        ['kube-node-lease', 'Active'],
        ['kube-public', 'Active'],
        ['kube-system', 'Active'],
      ]);
      const leases = rows(await ok(['get', 'leases', '-n', 'kube-node-lease']));
      expect(leases[0]).toEqual(['NAME', 'HOLDER', 'AGE']);
      expect(leases.slice(1).map((r) => r.slice(0, 2))).toEqual([
        ['controlplane', 'controlplane'],
        ['node01', 'node01'],
        ['node02', 'node02'],
      ]);
    });

    test('namespaces isolate names: the same pod name in two namespaces, -n, -A and delete namespace', async () => {
      expect(await ok(['create', 'namespace', 'team-a'])).toBe('namespace/team-a created\n');
      expect(await ok(['create', 'ns', 'team-b'])).toBe('namespace/team-b created\n');
      await ok(['run', 'app', '--image=nginx', '-n', 'team-a']);
      await ok(['run', 'app', '--image=nginx', '--namespace=team-b']);
      await running('app', 'team-a');
      await running('app', 'team-b');
      const all = rows(await ok(['get', 'pods', '-A', '-l', 'run=app']));
      expect(all[0]).toEqual(['NAMESPACE', 'NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
      expect(all.slice(1).map((r) => r.slice(0, 4))).toEqual([
        ['team-a', 'app', '1/1', 'Running'],
        ['team-b', 'app', '1/1', 'Running'],
      ]);
      const missing = await k(['get', 'pod', 'app']);
      expect(missing.stderr).toBe('Error from server (NotFound): pods "app" not found\n');
      const empty = await k(['get', 'pods', '-n', 'kube-public']);
      expect(empty.stderr).toBe('No resources found in kube-public namespace.\n');
      const systemPods = rows(await ok(['get', 'pods', '-n', 'kube-system']));
      expect(systemPods.slice(1).map((r) => r[0])).toEqual(
        expect.arrayContaining([
          'etcd-controlplane',
          'kube-apiserver-controlplane',
          'kube-controller-manager-controlplane',
          'kube-scheduler-controlplane',
        ]),
      );
      expect(await ok(['delete', 'namespace', 'team-b'])).toBe('namespace "team-b" deleted\n');
      const gone = await k(['get', 'ns', 'team-b']);
      expect(gone.stderr).toBe('Error from server (NotFound): namespaces "team-b" not found\n');
      const dup = await k(['create', 'ns', 'team-a']);
      expect(dup.stderr).toBe(
        'Error from server (AlreadyExists): namespaces "team-a" already exists\n',
      );
    });

    test('nodes and persistent volumes are not namespaced; kubectl says so', async () => {
      const clusterScoped = await ok(['api-resources', '--namespaced=false', '-o', 'name']);
      expect(clusterScoped.split('\n')).toEqual(
        expect.arrayContaining([
          'nodes',
          'persistentvolumes',
          'namespaces',
          'storageclasses.storage.k8s.io',
        ]),
      );
      const namespaced = await ok(['api-resources', '--namespaced=true', '-o', 'name']);
      expect(namespaced.split('\n')).toEqual(
        expect.arrayContaining(['pods', 'services', 'deployments.apps', 'persistentvolumeclaims']),
      );
      const warned = await k(['get', 'nodes', '-n', 'team-a']);
      expect(warned.code).toBe(0);
      expect(rows(warned.stdout)[0]).toEqual(['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION']);
    });

    test('describe node shows the kubelet facts a learner reads (seed 004 "kubectl describe node")', async () => {
      const node = await ok(['describe', 'node', 'node01']);
      expect(node).toMatch(
        /^Name: {15}node01\nRoles: {14}<none>\nLabels: {13}beta\.kubernetes\.io\/arch=amd64\n/,
      );
      expect(node).toContain('Taints:             <none>\nUnschedulable:      false\n');
      expect(node).toMatch(
        /Conditions:\n {2}Type {3,}Status {2}LastHeartbeatTime {3,}LastTransitionTime {3,}Reason {3,}Message\n/,
      );
      expect(node).toMatch(
        / {2}Ready {3,}True {4}.* {3}KubeletReady {3,}kubelet is posting ready status\n/,
      );
      expect(node).toContain('Addresses:\n  InternalIP:  172.30.2.2\n  Hostname:    node01\n');
      expect(node).toContain('  Container Runtime Version:  containerd://');
      expect(node).toContain('  Kubelet Version:            v1.33.0\n');
      expect(node).toMatch(/Non-terminated Pods: {10}\(\d+ in total\)\n/);
      expect(node).toContain(
        'Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n',
      );
    });

    test('kubectl get service and describe service kubernetes (seed 004)', async () => {
      const [header, row] = rows(await ok(['get', 'service']));
      expect(header).toEqual(['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE']);
      expect(row.slice(0, 5)).toEqual([
        'kubernetes',
        'ClusterIP',
        '10.96.0.1',
        '<none>',
        '443/TCP',
      ]);
      const described = await ok(['describe', 'service', 'kubernetes']);
      expect(described).toMatch(/\nLabels: +component=apiserver\n +provider=kubernetes\n/);
      expect(described).toMatch(
        /Port: +https {2}443\/TCP\nTargetPort: +6443\/TCP\nEndpoints: +172\.30\.1\.2:6443\n/,
      );
    });

    test('init containers run in order and hold the app until the Services they wait for exist', async () => {
      expect(await ok(['apply', '-f', t.file('myapp.yaml', MYAPP_POD)])).toBe(
        'pod/myapp-pod created\n',
      );
      const waiting = await eventually(
        () => ok(['get', 'pod', 'myapp-pod']),
        (o) => rows(o)[1][2] === 'Init:0/2',
      );
      expect(rows(waiting)[1].slice(1, 4)).toEqual(['0/1', 'Init:0/2', '0']);
      const initLog = await eventually(
        () => ok(['logs', 'myapp-pod', '-c', 'init-myservice']).catch(() => ''),
        (l) => l.includes('waiting for myservice'),
      );
      expect(initLog).toMatch(
        /^Server: {4}10\.96\.0\.10\nAddress 1: 10\.96\.0\.10 kube-dns\.kube-system\.svc\.cluster\.local\n\nnslookup: can't resolve 'myservice\.default\.svc\.cluster\.local'\nwaiting for myservice\n/,
      );
      const app = await k(['logs', 'myapp-pod']);
      expect(app.stderr).toContain('is waiting to start: PodInitializing');
      await ok(['create', 'service', 'clusterip', 'myservice', '--tcp=80:9376']);
      await eventually(
        () => ok(['get', 'pod', 'myapp-pod']),
        (o) => rows(o)[1][2] === 'Init:1/2',
        15_000,
      );
      await ok(['create', 'service', 'clusterip', 'mydb', '--tcp=80:9377']);
      await ok(['wait', '--for=condition=Ready', 'pod/myapp-pod', '--timeout=30s']);
      expect(rows(await ok(['get', 'pod', 'myapp-pod']))[1].slice(1, 3)).toEqual([
        '1/1',
        'Running',
      ]);
      expect(await ok(['logs', 'myapp-pod', '-c', 'myapp-container'])).toBe(
        'The app is running!\n',
      );
      const described = await ok(['describe', 'pod', 'myapp-pod']);
      expect(described).toMatch(
        / {2}init-myservice:\n[\s\S]*? {4}State: +Terminated\n {6}Reason: +Completed\n {6}Exit Code: +0\n/,
      );
    });

    test("a streaming sidecar shows another container's log file with kubectl logs -c", async () => {
      await ok(['apply', '-f', t.file('counter.yaml', COUNTER)]);
      await ok(['wait', '--for=condition=Ready', 'pod/counter', '--timeout=30s']);
      const lines = await eventually(
        () => ok(['logs', 'counter', '-c', 'count-log-1']),
        (l) => l.split('\n').length > 3,
      );
      const numbered = lines.trim().split('\n');
      numbered.forEach((line, i) =>
        expect(line).toMatch(
          new RegExp(`^${i}: \\w{3} \\w{3} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d UTC \\d{4}$`),
        ),
      );
      expect(await ok(['logs', 'counter', '-c', 'count'])).toBe('');
      expect(
        await ok(['exec', 'counter', '-c', 'count', '--', 'head', '-n', '1', '/var/log/1.log']),
      ).toMatch(/^0: /);
    });
  },
);
