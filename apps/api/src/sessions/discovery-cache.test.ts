import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type Cluster, createCluster } from '@kubebelt/cluster-core';
import {
  buildDiscoveryTemplate,
  discoveryCacheName,
  prefillDiscoveryCache,
} from './discovery-cache';

const run = promisify(execFile);

describe('kubectl discovery cache for new homes', () => {
  let dir: string;
  let template: string;
  let cluster: Cluster;
  let server: string;
  let kubeconfig: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kubebelt-discovery-'));
    template = await buildDiscoveryTemplate(join(dir, 'work'));
    cluster = createCluster({ name: 'lab' });
    server = await cluster.serve({ host: '127.0.0.1', port: 0 });
    kubeconfig = join(dir, 'kubeconfig');
    writeFileSync(kubeconfig, cluster.kubeconfig());
  }, 60_000);

  afterAll(async () => {
    await cluster.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** kubectl as a learner's shell runs it, in a home of its own; the requests it logged. */
  async function kubectl(home: string, ...args: string[]) {
    const { stdout, stderr } = await run('kubectl', [...args, '--kubeconfig', kubeconfig, '-v=6'], {
      env: { PATH: process.env.PATH, HOME: home },
    });
    // `GET https://...` before kubectl 1.31, `"Response" verb="GET" url="https://..."` since
    const requests = [
      ...stderr.matchAll(/verb="(\w+)" url="([^"]+)"|\] (GET|POST) (https?:\S+)/g),
    ].map((m) => `${m[1] ?? m[3]} ${m[2] ?? m[4]}`);
    return { stdout, requests };
  }

  it('names the folder as kubectl does (computeDiscoverCacheDir)', () => {
    expect(discoveryCacheName('http://127.0.0.1:6443')).toBe('127.0.0.1_6443');
    expect(discoveryCacheName('https://10.0.0.1:8443')).toBe('10.0.0.1_8443');
    expect(discoveryCacheName('http://127.0.0.1:3000/clusters/abc-1/default')).toBe(
      '127.0.0.1_3000/clusters/abc_1/default',
    );
  });

  it('holds what kubectl wrote for a fresh cluster', () => {
    expect(existsSync(join(template, 'servergroups.json'))).toBe(true);
    expect(existsSync(join(template, 'apps', 'v1', 'serverresources.json'))).toBe(true);
  });

  it("spares a new home's first command its discovery requests", async () => {
    const cold = mkdtempSync(join(dir, 'home-'));
    const first = await kubectl(cold, 'get', 'nodes');
    expect(first.requests.some((r) => /\/apis?\?timeout/.test(r))).toBe(true);

    const warm = mkdtempSync(join(dir, 'home-'));
    await prefillDiscoveryCache(template, warm, [server]);
    const prefilled = await kubectl(warm, 'get', 'nodes');
    expect(prefilled.stdout).toContain('controlplane');
    expect(prefilled.requests).toHaveLength(1);
    expect(prefilled.requests[0]).toMatch(/\/api\/v1\/nodes/);
  }, 30_000);

  it('does not hide kinds added after it was written (kubectl refetches discovery)', async () => {
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'widgets.example.com' },
      spec: {
        group: 'example.com',
        names: { plural: 'widgets', singular: 'widget', kind: 'Widget' },
        scope: 'Namespaced',
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            schema: {
              openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
            },
          },
        ],
      },
    };
    const file = join(dir, 'crd.json');
    writeFileSync(file, JSON.stringify(crd));
    const home = mkdtempSync(join(dir, 'home-'));
    await prefillDiscoveryCache(template, home, [server]);
    await kubectl(home, 'apply', '-f', file);
    await kubectl(home, 'wait', '--for=condition=Established', 'crd/widgets.example.com');
    const listed = await kubectl(home, 'get', 'widgets');
    expect(
      listed.requests.some((r) => /\/apis\/example\.com\/v1\/namespaces\/default\/widgets/.test(r)),
    ).toBe(true);
  }, 30_000);
});
