/**
 * Upstream kubernetes/kubernetes test fixtures (test/fixtures/..., hack/testdata/...) restated as
 * small inline YAML for the upstream-*.test.ts scenarios.
 */
import { execFile } from 'node:child_process';
import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { KUBECTL, type KubectlResult, type KubectlVersion, type TestCluster } from './harness';

/** A namespace name unique per kubectl version, so the two runs of a suite never collide. */
export function nsFor(base: string, version: KubectlVersion): string {
  return `${base}-${version.replace('.', '-')}`;
}

/** test/fixtures/doc-yaml/admin/limitrange/valid-pod.yaml */
export const VALID_POD = `apiVersion: v1
kind: Pod
metadata:
  name: valid-pod
  labels:
    name: valid-pod
spec:
  containers:
  - name: kubernetes-serve-hostname
    image: registry.k8s.io/serve_hostname
    resources:
      limits:
        cpu: "1"
        memory: 512Mi
`;

/** hack/testdata/pod.yaml */
export const TEST_POD = `apiVersion: v1
kind: Pod
metadata:
  name: test-pod
  labels:
    name: test-pod-label
spec:
  containers:
  - name: kubernetes-pause
    image: registry.k8s.io/pause:3.10
`;

/** hack/testdata/pod-apply.yaml */
export const TEST_POD_APPLIED = TEST_POD.replace('test-pod-label', 'test-pod-applied');

/** test/fixtures/doc-yaml/user-guide/multi-pod.yaml (redis-master and valid-pod) */
export const MULTI_POD = `apiVersion: v1
kind: Pod
metadata:
  name: redis-master
  labels:
    app: redis
spec:
  containers:
  - name: master
    image: registry.k8s.io/redis:e2e
    ports:
    - containerPort: 6379
---
${VALID_POD}`;

/** hack/testdata/sorted-pods/sorted-pod{1,2,3}.yaml */
export function sortedPod(n: 1 | 2 | 3): string {
  const label = { 1: 'sorted-pod3-label', 2: 'sorted-pod2-label', 3: 'sorted-pod1-label' }[n];
  const container = { 1: 'kubernetes-pause2', 2: 'kubernetes-pause1', 3: 'kubernetes-pause3' }[n];
  const res = {
    1: { rc: '100m', rm: '128Mi', lc: '200m', lm: '256Mi' },
    2: { rc: '1', rm: '1Gi', lc: '2', lm: '2Gi' },
    3: { rc: '10m', rm: '1Mi', lc: '20m', lm: '2Mi' },
  }[n];
  return `apiVersion: v1
kind: Pod
metadata:
  name: sorted-pod${n}
  labels:
    name: ${label}
spec:
  containers:
  - name: ${container}
    image: registry.k8s.io/pause:3.10
    resources:
      requests: {cpu: "${res.rc}", memory: ${res.rm}}
      limits: {cpu: "${res.lc}", memory: ${res.lm}}
`;
}

/** test/e2e/testing-manifests/guestbook/redis-master-service.yaml */
export const REDIS_MASTER_SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: redis-master
  labels:
    app: redis
    role: master
    tier: backend
spec:
  ports:
  - port: 6379
    targetPort: 6379
  selector:
    app: redis
    role: master
    tier: backend
`;

/** hack/testdata/frontend-controller.yaml */
export const FRONTEND_CONTROLLER = `apiVersion: v1
kind: ReplicationController
metadata:
  name: frontend
spec:
  replicas: 3
  selector:
    name: frontend
  template:
    metadata:
      labels:
        name: frontend
    spec:
      containers:
      - name: php-redis
        image: gcr.io/google_samples/gb-frontend:v4
        resources:
          requests:
            cpu: 100m
            memory: 100Mi
        env:
        - name: GET_HOSTS_FROM
          value: dns
        ports:
        - containerPort: 80
`;

/** hack/testdata/multi-resource-yaml.yaml; `status` is rewritten by the replace and edit steps. */
export function multiResourceYaml(status: string): string {
  return `apiVersion: v1
kind: Service
metadata:
  name: mock
  labels:
    app: mock
    status: ${status}
spec:
  ports:
  - port: 99
    protocol: TCP
    targetPort: 9949
  selector:
    app: mock
---
apiVersion: v1
kind: ReplicationController
metadata:
  name: mock
  labels:
    app: mock
    status: ${status}
spec:
  replicas: 1
  selector:
    app: mock
  template:
    metadata:
      labels:
        app: mock
    spec:
      containers:
      - name: mock-container
        image: registry.k8s.io/pause:3.10
        ports:
        - containerPort: 9949
          protocol: TCP
`;
}

/** hack/testdata/multi-resource-list.json: the same two objects as a v1 List. */
export const MULTI_RESOURCE_LIST = JSON.stringify({
  kind: 'List',
  apiVersion: 'v1',
  items: [
    {
      kind: 'Service',
      apiVersion: 'v1',
      metadata: { name: 'mock', labels: { app: 'mock' } },
      spec: { ports: [{ port: 99, targetPort: 9949 }], selector: { app: 'mock' } },
    },
    {
      kind: 'ReplicationController',
      apiVersion: 'v1',
      metadata: { name: 'mock', labels: { app: 'mock' } },
      spec: {
        replicas: 1,
        selector: { app: 'mock' },
        template: {
          metadata: { labels: { app: 'mock' } },
          spec: { containers: [{ name: 'mock-container', image: 'registry.k8s.io/pause:3.10' }] },
        },
      },
    },
  ],
});

/** A shell script usable as EDITOR that runs `sed -i <expr>` on the files it is given. */
export function sedEditor(expr: string): string {
  return `#!/bin/sh\nsed -i '${expr}' "$@"\n`;
}

/** Runs kubectl like the harness does, with extra environment (EDITOR for `kubectl edit`). */
export function kubectlWithEnv(
  t: TestCluster,
  version: KubectlVersion,
  args: string[],
  extraEnv: Record<string, string>,
): Promise<KubectlResult> {
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: t.dir,
    KUBECONFIG: t.kubeconfig,
    KUBECTL_COMMAND_HEADERS: 'false',
    ...extraEnv,
  };
  return new Promise((resolve) => {
    const child = execFile(
      KUBECTL[version],
      [`--cache-dir=${join(t.dir, `cache-${version}`)}`, ...args],
      { env, cwd: t.dir, timeout: 30_000 },
      (err, stdout, stderr) =>
        resolve({ stdout, stderr, code: err ? (typeof err.code === 'number' ? err.code : 1) : 0 }),
    );
    child.stdin?.end();
  });
}

/** Writes an executable EDITOR script into the test's directory and returns its path. */
export function editorScript(t: TestCluster, name: string, sedExpr: string): string {
  const path = t.file(name, sedEditor(sedExpr));
  chmodSync(path, 0o755);
  return path;
}
