import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Cluster } from '@kubebelt/cluster-core';
import { gradeLab } from '../src/grader/grade';
import type { GradeReport } from '../src/grader/types';
import type { Lab } from '../src/schema';
import { apply, eventually, fastCluster, targetOf } from './cluster-fixture';

const run = promisify(execFile);

/** The same lab, graded in process and over HTTPS with a kubeconfig, must say the same things. */
const lab: Pick<Lab, 'id' | 'tasks'> = {
  id: 'parity',
  tasks: [
    {
      id: 'all',
      title: { en: 'all', zh: 'all' },
      checks: [
        {
          id: 'replicas',
          type: 'field',
          target: { kind: 'Deployment', name: 'web' },
          path: '.spec.replicas',
          value: 2,
        },
        { id: 'rolled-out', type: 'rolledOut', target: { kind: 'Deployment', name: 'web' } },
        { id: 'ready', type: 'podsReady', selector: 'app=web', count: 2 },
        {
          id: 'endpoints',
          type: 'serviceEndpoints',
          service: 'web',
          workload: { kind: 'Deployment', name: 'web' },
        },
        { id: 'connects', type: 'connectivity', from: { pod: 'client' }, host: 'web', port: 80 },
        {
          id: 'logs',
          type: 'logs',
          target: { kind: 'Pod', name: 'client' },
          contains: 'client ready',
        },
        {
          id: 'can-i',
          type: 'canI',
          as: { serviceAccount: 'default/reader' },
          verb: 'list',
          resource: 'pods',
          namespace: 'default',
        },
        { id: 'broken', type: 'rolledOut', target: { kind: 'Deployment', name: 'broken' } },
        {
          id: 'cel',
          type: 'cel',
          target: { kind: 'Deployment', name: 'web' },
          expression: 'object.spec.replicas == 2',
        },
      ],
    },
  ],
};

let cluster: Cluster;
let dir: string;
beforeAll(async () => {
  cluster = fastCluster();
  dir = mkdtempSync(join(tmpdir(), 'kubebelt-kc-'));
  await cluster.serve();
  writeFileSync(join(dir, 'config'), cluster.kubeconfig());
  apply(
    cluster,
    `
apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  replicas: 2
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: nginx, image: nginx:1.27, ports: [{ containerPort: 80 }] }] }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: broken }
spec:
  replicas: 1
  selector: { matchLabels: { app: broken } }
  template:
    metadata: { labels: { app: broken } }
    spec: { containers: [{ name: nginx, image: nginx:9.99-nope }] }
---
apiVersion: v1
kind: Service
metadata: { name: web }
spec: { selector: { app: web }, ports: [{ port: 80 }] }
---
apiVersion: v1
kind: Pod
metadata: { name: client }
spec: { containers: [{ name: c, image: busybox:1.36, command: [sh, -c, 'echo client ready; sleep 3600'] }] }
---
apiVersion: v1
kind: ServiceAccount
metadata: { name: reader }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: reader-view }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view }
subjects: [{ kind: ServiceAccount, name: reader, namespace: default }]
`,
  );
  // everything but the broken Deployment settles
  await eventually(
    () => gradeLab(lab, targetOf(cluster)),
    (r) =>
      r.tasks[0].checks
        .filter((c) => !c.passed)
        .map((c) => c.id)
        .join() === 'broken' &&
      !!r.tasks[0].checks.find((c) => c.id === 'broken')?.diagnosis?.en.includes('cannot pull'),
  );
});
afterAll(async () => {
  await cluster.close();
  rmSync(dir, { recursive: true, force: true });
});

const summary = (r: GradeReport) =>
  r.tasks[0].checks.map((c) => ({
    id: c.id,
    passed: c.passed,
    message: c.message.en,
    diagnosis: c.diagnosis?.en?.replace(/broken-[a-z0-9-]+/, 'broken-…'),
  }));

describe('grading over a kubeconfig (@kubernetes/client-node)', () => {
  it('finds what grading in process finds, explanations included', async () => {
    const inProcess = await gradeLab(lab, targetOf(cluster));
    const { stdout } = await run(
      process.execPath,
      [
        join(__dirname, 'fixtures/grade-over-kubeconfig.js'),
        join(dir, 'config'),
        JSON.stringify(lab),
      ],
      { timeout: 30_000 },
    );
    const remote = JSON.parse(stdout) as GradeReport;
    expect(summary(remote)).toEqual(summary(inProcess));
    expect(remote.tasks[0].checks.find((c) => c.id === 'broken')?.diagnosis?.en).toContain(
      'cannot pull image "nginx:9.99-nope"',
    );
  });
});
