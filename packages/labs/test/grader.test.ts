import type { Cluster } from '@kubebelt/cluster-core';
import { gradeCheck, gradeLab } from '../src/grader/grade';
import { gradeContinuously } from '../src/grader/live';
import type { Check, Lab } from '../src/schema';
import { apply, eventually, fastCluster, targetOf } from './cluster-fixture';

let cluster: Cluster;
beforeEach(() => {
  cluster = fastCluster();
});
afterEach(() => cluster.close());

const grade = (check: Check) => gradeCheck(check, targetOf(cluster), 1);
/** Grades until the diagnosis says what the test expects (the cluster needs a moment to get there). */
const diagnosed = (check: Check, pattern: RegExp | string) =>
  eventually(
    () => grade(check),
    (r) =>
      !r.passed &&
      !!r.diagnosis &&
      (typeof pattern === 'string'
        ? r.diagnosis.en.includes(pattern)
        : pattern.test(r.diagnosis.en)),
  );

const deployment = (name: string, image: string, replicas = 2, labels = `app: ${name}`) => `
apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name} }
spec:
  replicas: ${replicas}
  selector: { matchLabels: { ${labels} } }
  template:
    metadata: { labels: { ${labels} } }
    spec: { containers: [{ name: main, image: ${image}, ports: [{ containerPort: 80 }] }] }
`;

describe('field checks', () => {
  it('say what they found against what they expected', async () => {
    apply(cluster, deployment('web', 'nginx:1.27', 2));
    const result = await grade({
      id: 'r',
      type: 'field',
      target: { kind: 'Deployment', name: 'web' },
      path: '.spec.replicas',
      value: 3,
    });
    expect(result.passed).toBe(false);
    expect(result.message.en).toBe('Deployment web: .spec.replicas is 2, expected 3.');
    expect(result.message.zh).toContain('期望 3');
  });

  it('read kubectl JSONPath filters and escaped label keys', async () => {
    apply(cluster, deployment('web', 'nginx:1.27', 1, '"app.kubernetes.io/name": web'));
    const image = await grade({
      id: 'i',
      type: 'field',
      target: { kind: 'Deployment', name: 'web' },
      path: '{.spec.template.spec.containers[?(@.name=="main")].image}',
      value: 'nginx:1.27',
    });
    const label = await grade({
      id: 'l',
      type: 'field',
      target: { kind: 'Deployment', name: 'web' },
      path: '.spec.template.metadata.labels.app\\.kubernetes\\.io/name',
      value: 'web',
    });
    expect([image.passed, label.passed]).toEqual([true, true]);
  });

  it('count matching objects of a selector', async () => {
    apply(cluster, deployment('web', 'nginx:1.27', 3));
    const check: Check = {
      id: 'c',
      type: 'field',
      target: { kind: 'Pod', selector: 'app=web' },
      path: '.status.phase',
      value: 'Running',
      count: 3,
    };
    expect(
      (
        await eventually(
          () => grade(check),
          (r) => r.passed,
        )
      ).passed,
    ).toBe(true);
  });

  it('a CEL expression sees the object', async () => {
    apply(cluster, deployment('web', 'nginx:1.27', 2));
    const result = await grade({
      id: 'x',
      type: 'cel',
      target: { kind: 'Deployment', name: 'web' },
      expression: 'object.spec.replicas >= 2 && object.metadata.name == "web"',
    });
    expect(result.passed).toBe(true);
  });
});

describe('the grader explains why', () => {
  it('names the image that cannot be pulled', async () => {
    apply(cluster, deployment('web', 'nginx:1.277'));
    const result = await diagnosed(
      { id: 'r', type: 'rolledOut', target: { kind: 'Deployment', name: 'web' } },
      'cannot pull',
    );
    expect(result.message.en).toContain('is not rolled out: 0 of 2 replicas');
    expect(result.diagnosis?.en).toMatch(
      /container main cannot pull image "nginx:1.277" \((ErrImagePull|ImagePullBackOff)\)/,
    );
  });

  it("quotes a crashing container's last log line", async () => {
    apply(
      cluster,
      `
apiVersion: v1
kind: Pod
metadata: { name: crasher, labels: { app: crasher } }
spec: { containers: [{ name: app, image: busybox:1.36, command: [sh, -c, 'echo "config file /etc/app.conf not found"; exit 1'] }] }
`,
    );
    const check: Check = { id: 'p', type: 'podsReady', selector: 'app=crasher' };
    const result = await eventually(
      () => grade(check),
      (r) => !!r.diagnosis?.en.includes('last log line'),
    );
    expect(result.diagnosis?.en).toContain('container app keeps crashing (exit code 1');
    expect(result.diagnosis?.en).toContain(
      'its last log line: "config file /etc/app.conf not found"',
    );
  });

  it('gives the scheduler reason of a Pending pod', async () => {
    apply(
      cluster,
      `
apiVersion: v1
kind: Pod
metadata: { name: big, labels: { app: big } }
spec: { nodeSelector: { disktype: ssd }, containers: [{ name: app, image: nginx:1.27 }] }
`,
    );
    const result = await diagnosed(
      { id: 'p', type: 'podsReady', selector: 'app=big' },
      'cannot be scheduled',
    );
    expect(result.diagnosis?.en).toMatch(
      /Pod big is Pending and cannot be scheduled: 0\/3 nodes are available/,
    );
  });

  it('says which ConfigMap a container waits for', async () => {
    apply(
      cluster,
      `
apiVersion: v1
kind: Pod
metadata: { name: app, labels: { app: cfg } }
spec: { containers: [{ name: app, image: nginx:1.27, envFrom: [{ configMapRef: { name: app-config } }] }] }
`,
    );
    const result = await eventually(
      () => grade({ id: 'p', type: 'podsReady', selector: 'app=cfg' }),
      (r) => !!r.diagnosis?.en.includes('CreateContainerConfigError'),
    );
    expect(result.diagnosis?.en).toContain('configmap "app-config" not found');
  });

  it('shows the labels pods carry when a Service selects none of them', async () => {
    apply(cluster, deployment('frontend', 'nginx:1.27', 1));
    apply(
      cluster,
      `
apiVersion: v1
kind: Service
metadata: { name: web }
spec: { selector: { app: web-frontend }, ports: [{ port: 80 }] }
`,
    );
    const result = await diagnosed(
      {
        id: 's',
        type: 'serviceEndpoints',
        service: 'web',
        workload: { kind: 'Deployment', name: 'frontend' },
      },
      'carry',
    );
    expect(result.passed).toBe(false);
    expect(result.diagnosis?.en).toMatch(
      /Service web selects app=web-frontend, but no pod in namespace default has these labels; the intended pods carry frontend-[a-z0-9-]+: app=frontend/,
    );
  });

  it('explains why no PersistentVolume matches a claim', async () => {
    apply(
      cluster,
      `
apiVersion: v1
kind: PersistentVolume
metadata: { name: pv-small }
spec: { capacity: { storage: 1Gi }, accessModes: [ReadWriteOnce], storageClassName: manual, hostPath: { path: /data/small } }
---
apiVersion: v1
kind: PersistentVolume
metadata: { name: pv-rox }
spec: { capacity: { storage: 5Gi }, accessModes: [ReadOnlyMany], storageClassName: manual, hostPath: { path: /data/rox } }
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: { name: data }
spec: { storageClassName: manual, accessModes: [ReadWriteOnce], resources: { requests: { storage: 2Gi } } }
`,
    );
    const result = await grade({
      id: 'b',
      type: 'field',
      target: { kind: 'PersistentVolumeClaim', name: 'data' },
      path: '.status.phase',
      value: 'Bound',
    });
    expect(result.diagnosis?.en).toBe(
      'PersistentVolumeClaim data is Pending: no PersistentVolume matches it: pv-rox offers ReadOnlyMany, the claim asks for ReadWriteOnce; pv-small is too small (1Gi < 2Gi).',
    );
  });

  it('says no binding names a subject that may not act', async () => {
    const result = await grade({
      id: 'a',
      type: 'canI',
      as: { user: 'jane' },
      verb: 'list',
      resource: 'pods',
      namespace: 'dev',
    });
    expect(result.message.en).toBe('user jane cannot list pods in namespace dev, expected it to.');
    expect(result.diagnosis?.en).toBe(
      'No RoleBinding in namespace dev or ClusterRoleBinding names user jane, so nothing grants it list pods.',
    );
  });

  it('lists what the bindings of a ServiceAccount grant', async () => {
    apply(
      cluster,
      `
apiVersion: v1
kind: Namespace
metadata: { name: build }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: read-cm, namespace: build }
rules: [{ apiGroups: [""], resources: [configmaps], verbs: [get, list] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: ci-read, namespace: build }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: read-cm }
subjects: [{ kind: ServiceAccount, name: ci, namespace: build }]
`,
    );
    const result = await grade({
      id: 'a',
      type: 'canI',
      as: { serviceAccount: 'build/ci' },
      verb: 'list',
      resource: 'pods',
      namespace: 'build',
    });
    expect(result.passed).toBe(false);
    expect(result.diagnosis?.en).toBe(
      'ServiceAccount build/ci is bound by RoleBinding ci-read → Role read-cm (get,list configmaps), none of which allows list pods.',
    );
  });

  it('tells a NetworkPolicy drop from a refused connection', async () => {
    apply(cluster, deployment('backend', 'nginx:1.27', 1));
    apply(
      cluster,
      `
apiVersion: v1
kind: Service
metadata: { name: backend }
spec: { selector: { app: backend }, ports: [{ port: 80 }] }
---
apiVersion: v1
kind: Pod
metadata: { name: client, labels: { app: client } }
spec: { containers: [{ name: c, image: busybox:1.36, command: [sleep, '3600'] }] }
`,
    );
    const allowed: Check = {
      id: 'c',
      type: 'connectivity',
      from: { pod: 'client' },
      host: 'backend',
      port: 80,
      expect: 'allowed',
    };
    expect(
      (
        await eventually(
          () => grade(allowed),
          (r) => r.passed,
        )
      ).passed,
    ).toBe(true);
    apply(
      cluster,
      `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: deny-all }
spec: { podSelector: {}, policyTypes: [Ingress] }
`,
    );
    const result = await grade(allowed);
    expect(result.passed).toBe(false);
    expect(result.found).toBe('times out (dropped)');
    expect(result.diagnosis?.en).toContain('NetworkPolicies apply here (default/deny-all)');
    expect((await grade({ ...allowed, expect: 'blocked' })).passed).toBe(true);
  });
});

describe('lab grading', () => {
  const lab: Pick<Lab, 'id' | 'tasks'> = {
    id: 'demo',
    tasks: [
      {
        id: 'create',
        title: { en: 'c', zh: 'c' },
        weight: 2,
        checks: [
          { id: 'exists', type: 'exists', target: { kind: 'Deployment', name: 'web' } },
          {
            id: 'replicas',
            type: 'field',
            target: { kind: 'Deployment', name: 'web' },
            path: '.spec.replicas',
            value: 3,
            weight: 3,
          },
        ],
      },
      {
        id: 'expose',
        title: { en: 'e', zh: 'e' },
        needs: ['create'],
        checks: [{ id: 'svc', type: 'exists', target: { kind: 'Service', name: 'web' } }],
      },
    ],
  };

  it('gives partial credit per check weight and holds tasks whose needs have not passed', async () => {
    apply(cluster, deployment('web', 'nginx:1.27', 2));
    apply(
      cluster,
      `
apiVersion: v1
kind: Service
metadata: { name: web }
spec: { selector: { app: web }, ports: [{ port: 80 }] }
`,
    );
    const report = await gradeLab(lab, targetOf(cluster));
    expect(report.maxScore).toBe(3);
    expect(report.tasks[0]).toMatchObject({ id: 'create', passed: false, score: 0.5, maxScore: 2 });
    expect(report.tasks[1]).toMatchObject({
      id: 'expose',
      passed: false,
      score: 0,
      blockedBy: ['create'],
    });
    expect(report.tasks[1].checks[0].passed).toBe(true);
  });

  it('reports tasks turning green as the cluster changes (continuous mode)', async () => {
    const seen: string[][] = [];
    const live = gradeContinuously(lab, targetOf(cluster), (_r, changed) => seen.push(changed), {
      debounceMs: 20,
    });
    await eventually(
      async () => live.latest(),
      (r) => !!r,
    );
    apply(cluster, deployment('web', 'nginx:1.27', 3));
    const report = await eventually(
      async () => live.latest(),
      (r) => !!r?.tasks[0].passed,
    );
    live.stop();
    expect(report?.tasks[0].passed).toBe(true);
    expect(seen.flat()).toContain('create');
  });
});
