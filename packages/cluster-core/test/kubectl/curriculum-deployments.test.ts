/**
 * Curriculum: Deployments, ReplicaSets and rolling upgrades (seeds 000, 001, 004): create,
 * self-healing, scale, set image, rollout status/history/undo/pause/resume, a rollout stuck on
 * a bad image, and a bare ReplicaSet. Outputs as a 1.33 cluster prints them.
 */
import { scaledKubeletTimings } from '../../src/controllers';
import { columns, eventually, KUBECTL_VERSIONS, startCluster, type TestCluster } from './harness';

/** Seed 000's Deployment, null `strategy`, `resources` and `status` included. */
const WEB1 = `apiVersion: apps/v1
kind: Deployment
metadata:
  creationTimestamp: null
  labels:
    app: web1
  name: web1
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web1
  strategy: 
  template:
    metadata:
      creationTimestamp: null
      labels:
        app: web1
    spec:
      containers:
      - image: nginx
        name: nginx
        ports:
        - containerPort: 80
        resources: 
status: 
`;

/** Seed 001's nginx-deployment. */
const NGINX_DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx-deployment
  labels:
    app: nginx
spec:
  replicas: 3
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: nginx:1.14.2
        ports:
        - containerPort: 80
`;

const REPLICASET = `apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: frontend
  labels:
    tier: frontend
spec:
  replicas: 3
  selector:
    matchLabels:
      tier: frontend
  template:
    metadata:
      labels:
        tier: frontend
    spec:
      containers:
      - name: php-redis
        image: nginx:1.25
`;

describe.each(KUBECTL_VERSIONS)(
  'curriculum: deployments and rolling upgrades with kubectl %s',
  (version) => {
    let t: TestCluster;
    const ok = (args: string[], stdin?: string) => t.ok(args, { version, stdin });
    const k = (args: string[], stdin?: string) => t.kubectl(args, { version, stdin });
    const rows = (out: string) => out.trim().split('\n').map(columns);
    const podNames = async (selector: string) =>
      (
        await ok([
          'get',
          'pods',
          '-l',
          selector,
          '-o',
          'jsonpath={range .items[*]}{.metadata.name}{"\\n"}{end}',
        ])
      )
        .split('\n')
        .filter(Boolean);
    const readyReplicas = (kind: string, name: string, n: number) =>
      eventually(
        () => ok(['get', kind, name, '-o', 'jsonpath={.status.readyReplicas}/{.status.replicas}']),
        (v) => v === `${n}/${n}`,
        20_000,
      );

    beforeAll(async () => {
      t = await startCluster({ simulation: { kubelet: scaledKubeletTimings(0.1) } });
    });
    afterAll(async () => {
      await t.close();
    });

    test('the seed Deployment YAML (null strategy) gets the default RollingUpdate strategy and comes up 3/3', async () => {
      expect(await ok(['apply', '-f', t.file('web1.yaml', WEB1)])).toBe(
        'deployment.apps/web1 created\n',
      );
      const status = await ok(['rollout', 'status', 'deployment/web1', '--timeout=30s']);
      expect(status.trim().split('\n').pop()).toBe('deployment "web1" successfully rolled out');
      const [header, row] = rows(await ok(['get', 'deployment', 'web1']));
      expect(header).toEqual(['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE']);
      expect(row.slice(0, 4)).toEqual(['web1', '3/3', '3', '3']);
      const d = JSON.parse(await ok(['get', 'deployment', 'web1', '-o', 'json']));
      expect(d.spec.strategy).toEqual({
        type: 'RollingUpdate',
        rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' },
      });
      expect(d.metadata.annotations).toEqual({
        'deployment.kubernetes.io/revision': '1',
        'kubectl.kubernetes.io/last-applied-configuration': expect.any(String),
      });
      expect(d.status).toEqual({
        availableReplicas: 3,
        conditions: [
          expect.objectContaining({
            type: 'Available',
            status: 'True',
            reason: 'MinimumReplicasAvailable',
            message: 'Deployment has minimum availability.',
          }),
          expect.objectContaining({
            type: 'Progressing',
            status: 'True',
            reason: 'NewReplicaSetAvailable',
            message: expect.stringMatching(
              /^ReplicaSet "web1-[a-z0-9]+" has successfully progressed\.$/,
            ),
          }),
        ],
        observedGeneration: 1,
        readyReplicas: 3,
        replicas: 3,
        updatedReplicas: 3,
      });
    });

    test('Deployment > ReplicaSet > Pod: names, owner references and the pod-template-hash label', async () => {
      const rs = rows(await ok(['get', 'rs', '-l', 'app=web1']));
      expect(rs[0]).toEqual(['NAME', 'DESIRED', 'CURRENT', 'READY', 'AGE']);
      expect(rs).toHaveLength(2);
      const rsName = rs[1][0];
      const hash = rsName.slice('web1-'.length);
      expect(hash).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
      expect(rs[1].slice(1, 4)).toEqual(['3', '3', '3']);
      const pods = await podNames('app=web1');
      expect(pods).toHaveLength(3);
      for (const p of pods)
        expect(p).toMatch(new RegExp(`^${rsName}-[bcdfghjklmnpqrstvwxz2456789]{5}$`));
      const owner = await ok([
        'get',
        'pod',
        pods[0],
        '-o',
        'jsonpath={.metadata.ownerReferences[0].kind}/{.metadata.ownerReferences[0].name} {.metadata.labels.pod-template-hash}',
      ]);
      expect(owner).toBe(`ReplicaSet/${rsName} ${hash}`);
      const rsOwner = await ok([
        'get',
        'rs',
        rsName,
        '-o',
        'jsonpath={.metadata.ownerReferences[0].kind}/{.metadata.ownerReferences[0].name} {.metadata.ownerReferences[0].controller}',
      ]);
      expect(rsOwner).toBe('Deployment/web1 true');
      const described = await ok(['describe', 'rs', rsName]);
      expect(described).toContain('Controlled By:  Deployment/web1\n');
      expect(described).toContain('Replicas:       3 current / 3 desired\n');
      expect(described).toContain(
        'Pods Status:    3 Running / 0 Waiting / 0 Succeeded / 0 Failed\n',
      );
    });

    test('a deleted pod is replaced by the ReplicaSet (self-healing)', async () => {
      const before = await podNames('app=web1');
      expect(await ok(['delete', 'pod', before[0]])).toBe(`pod "${before[0]}" deleted\n`);
      const after = await eventually(
        () => podNames('app=web1'),
        (names) => names.length === 3 && !names.includes(before[0]),
      );
      expect(after.filter((n) => !before.includes(n))).toHaveLength(1);
      await readyReplicas('deployment', 'web1', 3);
      const events = await ok([
        'get',
        'events',
        '--field-selector',
        `involvedObject.kind=ReplicaSet`,
        '-o',
        'jsonpath={range .items[*]}{.reason}: {.message}{"\\n"}{end}',
      ]);
      expect(events).toMatch(/SuccessfulCreate: Created pod: web1-\w+-\w{5}\n/);
    });

    test('kubectl scale up and down', async () => {
      expect(await ok(['scale', 'deployment', 'web1', '--replicas=5'])).toBe(
        'deployment.apps/web1 scaled\n',
      );
      await readyReplicas('deployment', 'web1', 5);
      expect(await podNames('app=web1')).toHaveLength(5);
      expect(await ok(['scale', 'deploy/web1', '--replicas=2'])).toBe(
        'deployment.apps/web1 scaled\n',
      );
      await eventually(
        () => podNames('app=web1'),
        (n) => n.length === 2,
      );
      const [, row] = rows(await ok(['get', 'deploy', 'web1']));
      expect(row.slice(0, 4)).toEqual(['web1', '2/2', '2', '2']);
      const described = await ok(['describe', 'deploy', 'web1']);
      expect(described).toMatch(/Scaled up replica set web1-\w+ from 3 to 5\n/);
      expect(described).toMatch(/Scaled down replica set web1-\w+ from 5 to 2\n/);
    });

    test('a rolling update of seed 001 (nginx:1.14.2 -> 1.16.1) surges one pod at a time, records --record, and undoes', async () => {
      await ok(['apply', '-f', t.file('nginx-deployment.yaml', NGINX_DEPLOYMENT)]);
      await ok(['rollout', 'status', 'deployment/nginx-deployment', '--timeout=30s']);
      const updated = await k([
        'set',
        'image',
        'deployment/nginx-deployment',
        'nginx=nginx:1.16.1',
        '--record',
      ]);
      expect(updated.stdout).toBe('deployment.apps/nginx-deployment image updated\n');
      expect(updated.stderr).toBe(
        'Flag --record has been deprecated, --record will be removed in the future\n',
      );
      const status = await ok([
        'rollout',
        'status',
        'deployment/nginx-deployment',
        '--timeout=30s',
      ]);
      const lines = status.trim().split('\n');
      expect(lines[0]).toMatch(
        /^Waiting for deployment "nginx-deployment" rollout to finish: \d out of 3 new replicas have been updated\.\.\.$/,
      );
      expect(lines.pop()).toBe('deployment "nginx-deployment" successfully rolled out');
      const history = rows(await ok(['rollout', 'history', 'deployment/nginx-deployment']));
      expect(history[0]).toEqual(['deployment.apps/nginx-deployment']);
      expect(history[1]).toEqual(['REVISION', 'CHANGE-CAUSE']);
      expect(history[2]).toEqual(['1', '<none>']);
      expect(history[3][0]).toBe('2');
      expect(history[3][1]).toMatch(
        /^kubectl\.1\.\d\d set image deployment\/nginx-deployment nginx=nginx:1\.16\.1 .*--record=true$/,
      );
      const rev2 = await ok(['rollout', 'history', 'deployment/nginx-deployment', '--revision=2']);
      expect(rev2).toContain('deployment.apps/nginx-deployment with revision #2\nPod Template:\n');
      expect(rev2).toContain('    Image:\tnginx:1.16.1\n');
      const events = await ok(['describe', 'deployment', 'nginx-deployment']);
      const scaling = events
        .split('\n')
        .filter((l) => l.includes('ScalingReplicaSet'))
        .map((l) =>
          l.replace(/^.*deployment-controller {2}/, '').replace(/nginx-deployment-\w+/, 'RS'),
        );
      // maxSurge 25% of 3 rounds up to 1, maxUnavailable rounds down to 0: one new pod, then one old pod down.
      expect(scaling).toEqual([
        'Scaled up replica set RS from 0 to 3',
        'Scaled up replica set RS from 0 to 1',
        'Scaled down replica set RS from 3 to 2',
        'Scaled up replica set RS from 1 to 2',
        'Scaled down replica set RS from 2 to 1',
        'Scaled up replica set RS from 2 to 3',
        'Scaled down replica set RS from 1 to 0',
      ]);
      const rs = rows(await ok(['get', 'rs', '-l', 'app=nginx', '-o', 'wide']));
      expect(
        rs
          .slice(1)
          .map((r) => [r[1], r[6]])
          .sort(),
      ).toEqual([
        ['0', 'nginx:1.14.2'],
        ['3', 'nginx:1.16.1'],
      ]);
      expect(await ok(['rollout', 'undo', 'deployment/nginx-deployment'])).toBe(
        'deployment.apps/nginx-deployment rolled back\n',
      );
      await ok(['rollout', 'status', 'deployment/nginx-deployment', '--timeout=30s']);
      expect(
        await ok([
          'get',
          'deploy',
          'nginx-deployment',
          '-o',
          'jsonpath={.spec.template.spec.containers[0].image}',
        ]),
      ).toBe('nginx:1.14.2');
      const afterUndo = rows(await ok(['rollout', 'history', 'deployment/nginx-deployment']));
      expect(afterUndo.slice(2).map((r) => r[0])).toEqual(['2', '3']);
      const missing = await k([
        'rollout',
        'undo',
        'deployment/nginx-deployment',
        '--to-revision=7',
      ]);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toBe('error: unable to find specified revision 7 in history\n');
    });

    test('kubectl annotate kubernetes.io/change-cause names the revision in rollout history', async () => {
      await ok(['set', 'image', 'deployment/web1', 'nginx=nginx:1.25']);
      await ok(['annotate', 'deployment/web1', 'kubernetes.io/change-cause=upgrade to 1.25']);
      await ok(['rollout', 'status', 'deployment/web1', '--timeout=30s']);
      const history = rows(await ok(['rollout', 'history', 'deployment/web1']));
      expect(history.slice(2)).toEqual([
        ['1', '<none>'],
        ['2', 'upgrade to 1.25'],
      ]);
    });

    test('pause holds a template change back, resume rolls it out', async () => {
      expect(await ok(['rollout', 'pause', 'deployment/web1'])).toBe(
        'deployment.apps/web1 paused\n',
      );
      await ok(['set', 'image', 'deployment/web1', 'nginx=nginx:1.26']);
      const waiting = await k(['rollout', 'status', 'deployment/web1', '--timeout=2s']);
      expect(waiting.code).toBe(1);
      expect(waiting.stdout).toContain(
        'Waiting for deployment "web1" rollout to finish: 0 out of 2 new replicas have been updated...\n',
      );
      expect(waiting.stderr).toBe('error: timed out waiting for the condition\n');
      const described = await ok(['describe', 'deploy', 'web1']);
      expect(described).toMatch(/ {2}Progressing {4}Unknown {2}DeploymentPaused\n/);
      expect(described).toContain('NewReplicaSet:   <none>\n');
      const again = await k(['rollout', 'pause', 'deployment/web1']);
      expect(again.stderr).toBe('error: deployments.apps "web1" is already paused\n');
      expect(await ok(['rollout', 'resume', 'deployment/web1'])).toBe(
        'deployment.apps/web1 resumed\n',
      );
      const status = await ok(['rollout', 'status', 'deployment/web1', '--timeout=30s']);
      expect(status.trim().split('\n').pop()).toBe('deployment "web1" successfully rolled out');
      expect(
        rows(await ok(['rollout', 'history', 'deployment/web1']))
          .slice(2)
          .map((r) => r[0]),
      ).toEqual(['1', '2', '3']);
    });

    test('a rollout to a missing image keeps the old pods serving and is undone', async () => {
      await ok(['set', 'image', 'deployment/web1', 'nginx=nginx:9.9.9-nope']);
      const stuck = await k(['rollout', 'status', 'deployment/web1', '--timeout=3s']);
      expect(stuck.code).toBe(1);
      expect(stuck.stdout).toContain(
        'Waiting for deployment "web1" rollout to finish: 1 out of 2 new replicas have been updated...\n',
      );
      const pods = rows(await ok(['get', 'pods', '-l', 'app=web1']));
      const statuses = pods
        .slice(1)
        .map((r) => r[2])
        .sort();
      // maxUnavailable 25% of 2 is 0: both old pods keep running next to the one surged pod.
      expect(statuses.filter((s) => s === 'Running')).toHaveLength(2);
      expect(statuses.filter((s) => s === 'ErrImagePull' || s === 'ImagePullBackOff')).toHaveLength(
        1,
      );
      const [, row] = rows(await ok(['get', 'deploy', 'web1']));
      expect(row.slice(0, 4)).toEqual(['web1', '2/2', '1', '2']);
      await ok(['rollout', 'undo', 'deployment/web1']);
      await ok(['rollout', 'status', 'deployment/web1', '--timeout=30s']);
      await eventually(
        () => podNames('app=web1'),
        (n) => n.length === 2,
      );
      expect(
        await ok([
          'get',
          'deploy',
          'web1',
          '-o',
          'jsonpath={.spec.template.spec.containers[0].image}',
        ]),
      ).toBe('nginx:1.26');
    });

    test('a bare ReplicaSet keeps its count, adopts nothing else, and scales', async () => {
      expect(await ok(['create', '-f', t.file('rs.yaml', REPLICASET)])).toBe(
        'replicaset.apps/frontend created\n',
      );
      await readyReplicas('rs', 'frontend', 3);
      const [header, row] = rows(await ok(['get', 'rs', 'frontend', '-o', 'wide']));
      expect(header).toEqual([
        'NAME',
        'DESIRED',
        'CURRENT',
        'READY',
        'AGE',
        'CONTAINERS',
        'IMAGES',
        'SELECTOR',
      ]);
      expect([...row.slice(0, 4), ...row.slice(5)]).toEqual([
        'frontend',
        '3',
        '3',
        '3',
        'php-redis',
        'nginx:1.25',
        'tier=frontend',
      ]);
      const pods = await podNames('tier=frontend');
      expect(pods.every((p) => /^frontend-[bcdfghjklmnpqrstvwxz2456789]{5}$/.test(p))).toBe(true);
      await ok(['delete', 'pod', pods[0], '--wait=false']);
      await eventually(
        () => podNames('tier=frontend'),
        (n) => n.length === 3 && !n.includes(pods[0]),
      );
      expect(await ok(['scale', 'rs', 'frontend', '--replicas=1'])).toBe(
        'replicaset.apps/frontend scaled\n',
      );
      await eventually(
        () => podNames('tier=frontend'),
        (n) => n.length === 1,
      );
      expect(await ok(['delete', 'rs', 'frontend'])).toBe('replicaset.apps "frontend" deleted\n');
      await eventually(
        () => podNames('tier=frontend'),
        (n) => n.length === 0,
      );
    });

    test('deleting the Deployment deletes its ReplicaSets and pods', async () => {
      expect(await ok(['delete', 'deployment', 'web1'])).toBe('deployment.apps "web1" deleted\n');
      await eventually(
        () => podNames('app=web1'),
        (n) => n.length === 0,
        20_000,
      );
      const rs = await k(['get', 'rs', '-l', 'app=web1']);
      expect(rs.stderr).toBe('No resources found in default namespace.\n');
    });
  },
);
