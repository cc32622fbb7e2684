/**
 * The deployment artefacts under deploy/: each Kustomize overlay rendered by the real kubectl
 * and applied with `--dry-run=server` to a Kubernetes API server (our cluster-core, over HTTPS),
 * which validates every object by Kubernetes' rules; the driver's ClusterRole applied for real
 * and the kubernetes driver run with its ServiceAccount's token; the variables the manifests
 * and the compose file set are ones the platform reads.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Cluster, createCluster } from '@kubebelt/cluster-core';
import type { LoadedLab } from '@kubebelt/labs';
import { parse, parseAllDocuments } from 'yaml';
import { configVariables } from '../src/config/app-config';
import { repoRoot } from '../src/paths';
import { HostCluster } from '../src/sessions/drivers/kubernetes/host-cluster';
import {
  KubernetesDriver,
  kubernetesDriverConfig,
  kubernetesDriverVariables,
} from '../src/sessions/drivers/kubernetes-driver';

const KUBECTL = '/usr/bin/kubectl';
const OVERLAYS = ['production', 'classroom'];
const deployDir = join(repoRoot, 'deploy');

interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
  [key: string]: unknown;
}

let host: Cluster;
let dir: string;
let kubeconfig: string;

function kubectl(args: string[], options: { stdin?: string; kubeconfig?: string } = {}) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const child = execFile(
      KUBECTL,
      args,
      {
        env: {
          PATH: '/usr/bin:/bin',
          HOME: dir,
          KUBECONFIG: options.kubeconfig ?? kubeconfig,
        },
        timeout: 60_000,
        maxBuffer: 16 * 1024 * 1024,
      },
      (err, stdout, stderr) =>
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
    );
    child.stdin?.end(options.stdin ?? '');
  });
}

async function ok(args: string[], options: { stdin?: string; kubeconfig?: string } = {}) {
  const r = await kubectl(args, options);
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r.stdout;
}

const rendered = new Map<string, { yaml: string; objects: Manifest[] }>();

async function render(overlay: string) {
  const cached = rendered.get(overlay);
  if (cached) return cached;
  const yaml = await ok(['kustomize', join(deployDir, 'kubernetes/overlays', overlay)]);
  const objects = parseAllDocuments(yaml).map((d) => d.toJSON() as Manifest);
  rendered.set(overlay, { yaml, objects });
  return { yaml, objects };
}

const toYaml = (objects: Manifest[]) => objects.map((o) => JSON.stringify(o)).join('\n---\n');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kubebelt-deploy-'));
  host = createCluster({ name: 'host' });
  await host.serve();
  kubeconfig = join(dir, 'admin.kubeconfig');
  writeFileSync(kubeconfig, host.kubeconfig());
});

afterAll(async () => {
  await host?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe.each(OVERLAYS)('the %s overlay', (overlay) => {
  test('renders every kind the platform needs', async () => {
    const { objects } = await render(overlay);
    expect(objects.map((o) => o.kind).sort()).toEqual(
      [
        'ClusterRole',
        'ClusterRoleBinding',
        'ConfigMap',
        'Deployment',
        'HorizontalPodAutoscaler',
        'Ingress',
        'Namespace',
        'PodDisruptionBudget',
        'Service',
        'ServiceAccount',
        ...(overlay === 'production' ? ['PersistentVolumeClaim'] : []),
      ].sort(),
    );
    const namespace = objects.find((o) => o.kind === 'Namespace')?.metadata.name;
    const binding = objects.find((o) => o.kind === 'ClusterRoleBinding') as unknown as {
      subjects: { namespace: string }[];
    };
    expect(binding.subjects[0].namespace).toBe(namespace);
  });

  test('is valid by Kubernetes rules: kubectl apply --dry-run=server creates every object', async () => {
    const { yaml, objects } = await render(overlay);
    // a dry run creates nothing, so the namespace the objects go to must exist first
    await ok(['apply', '-f', '-'], {
      stdin: toYaml(objects.filter((o) => o.kind === 'Namespace')),
    });
    const out = await ok(['apply', '--dry-run=server', '-f', '-'], { stdin: yaml });
    const lines = out.trim().split('\n').sort();
    const expected = objects
      .map((o) => {
        const group = o.apiVersion.includes('/') ? `.${o.apiVersion.split('/')[0]}` : '';
        const verb = o.kind === 'Namespace' ? 'unchanged' : 'created';
        return `${o.kind.toLowerCase()}${group}/${o.metadata.name} ${verb} (server dry run)`;
      })
      .sort();
    expect(lines).toEqual(expected);
    // nothing but the namespace was stored
    const kept = await ok(['get', 'deployments,services,ingresses', '-A', '-o', 'name']);
    expect(kept).not.toContain('kubebelt');
  });

  test('a broken object in it is refused by the same server (the dry run validates)', async () => {
    const { objects } = await render(overlay);
    const broken = objects.map((o) =>
      o.kind === 'HorizontalPodAutoscaler'
        ? { ...o, spec: { ...(o.spec as object), minReplicas: 20, maxReplicas: 3 } }
        : o,
    );
    const r = await kubectl(['apply', '--dry-run=server', '-f', '-'], { stdin: toYaml(broken) });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'The HorizontalPodAutoscaler "kubebelt" is invalid: spec.maxReplicas: Invalid value: 3: must be greater than or equal to `minReplicas`',
    );
  });

  test('a misspelt field is refused (strict field validation)', async () => {
    const { objects } = await render(overlay);
    const misspelt = objects.map((o) =>
      o.kind === 'Service' ? { ...o, spec: { ...(o.spec as object), selektor: {} } } : o,
    );
    const r = await kubectl(['apply', '--dry-run=server', '-f', '-'], { stdin: toYaml(misspelt) });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'Service in version "v1" cannot be handled as a Service: strict decoding error: unknown field "spec.selektor"',
    );
  });
});

describe("the driver's ClusterRole", () => {
  let saKubeconfig: string;
  let driver: KubernetesDriver;

  beforeAll(async () => {
    const { objects } = await render('production');
    const rbac = objects.filter((o) =>
      ['Namespace', 'ServiceAccount', 'ClusterRole', 'ClusterRoleBinding'].includes(o.kind),
    );
    await ok(['apply', '-f', '-'], { stdin: toYaml(rbac) });
    const token = (await ok(['create', 'token', 'kubebelt', '-n', 'kubebelt'])).trim();
    const admin = await HostCluster.connect({ kubeconfig });
    saKubeconfig = join(dir, 'platform.kubeconfig');
    writeFileSync(saKubeconfig, admin.kubeconfigFor(token, 'kubebelt'));
    driver = new KubernetesDriver(
      kubernetesDriverConfig({ KUBEBELT_KUBERNETES_KUBECONFIG: saKubeconfig }),
    );
  });

  afterAll(() => driver?.close());

  test('is enough for the kubernetes driver to start and end a session', async () => {
    expect(await driver.check()).toMatchObject({ usable: true });
    const lab = {
      lab: { id: 'rbac', kubernetesVersion: '1.33' },
      setupObjects: [
        {
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: { name: 'db', namespace: 'default' },
          stringData: { password: 'x' },
        },
      ],
    } as unknown as LoadedLab;
    const env = await driver.create(lab, { sessionId: '33333333-cccc-4ccc-8ccc-333333333333' });
    const namespace = env.namespace?.('default') ?? '';
    const learner = join(dir, 'learner.kubeconfig');
    const admin = await HostCluster.connect({ kubeconfig });
    writeFileSync(learner, admin.kubeconfigFor(env.token('default'), namespace));
    expect(
      await ok(['create', 'deployment', 'web', '--image=nginx'], { kubeconfig: learner }),
    ).toBe('deployment.apps/web created\n');
    expect(await ok(['get', 'secret', 'db', '-o', 'name'], { kubeconfig: learner })).toBe(
      'secret/db\n',
    );
    await env.destroy();
    const gone = await kubectl(['get', 'namespace', namespace]);
    expect(gone.stdout + gone.stderr).toMatch(/NotFound|Terminating/);
  });

  test('gives the platform nothing cluster-wide beyond namespaces', async () => {
    const can = async (...args: string[]) =>
      (await kubectl(['auth', 'can-i', ...args], { kubeconfig: saKubeconfig })).stdout.trim();
    expect(await can('create', 'namespaces')).toBe('yes');
    expect(await can('create', 'clusterroles')).toBe('no');
    expect(await can('create', 'clusterrolebindings')).toBe('no');
    expect(await can('delete', 'nodes')).toBe('no');
    expect(await can('escalate', 'roles', '-n', 'kube-system')).toBe('no');
    expect(await can('update', 'resourcequotas', '-n', 'default')).toBe('no');
  });
});

describe('the settings the artefacts give the platform', () => {
  const known = new Set<string>([
    ...configVariables,
    ...kubernetesDriverVariables,
    'KUBEBELT_CHROMIUM',
    'NODE_ENV',
  ]);

  test('every variable of the ConfigMap and the Deployment is one the platform reads', async () => {
    const { objects } = await render('production');
    const config = objects.find((o) => o.kind === 'ConfigMap') as unknown as {
      data: Record<string, string>;
    };
    const deployment = objects.find((o) => o.kind === 'Deployment') as unknown as {
      spec: { template: { spec: { containers: { env: { name: string }[] }[] } } };
    };
    const env = deployment.spec.template.spec.containers[0].env.map((e) => e.name);
    // POD_IP only feeds KUBEBELT_INTERNAL_URL ($(POD_IP))
    const names = [...Object.keys(config.data), ...env.filter((n) => n !== 'POD_IP')];
    expect(names.filter((n) => !known.has(n))).toEqual([]);
  });

  test('every variable the compose file sets is one the platform reads', () => {
    const compose = parse(readFileSync(join(deployDir, 'docker-compose.yml'), 'utf8'));
    const names = Object.keys(compose.services.platform.environment);
    expect(names.filter((n) => !known.has(n))).toEqual([]);
    expect(compose.services.platform.depends_on).toEqual({
      postgres: { condition: 'service_healthy' },
      redis: { condition: 'service_healthy' },
    });
  });
});
