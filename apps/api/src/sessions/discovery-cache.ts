/**
 * kubectl's discovery cache for a fresh embedded cluster, written once by the real kubectl at
 * start-up and copied into each new home. A learner's first command then skips discovery (two
 * large requests and some 25 files written: ~40% of the first `kubectl get nodes`). Objects the
 * lab adds later (CRDs) are not in it; kubectl refetches discovery when it meets a kind the cache
 * lacks, as it does when its cache is older than the cluster's new kinds.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createCluster } from '@kubebelt/cluster-core';

const run = promisify(execFile);

/** Where kubectl keeps the discovery of `server` under ~/.kube/cache/discovery (computeDiscoverCacheDir). */
export function discoveryCacheName(server: string): string {
  return server
    .replace('https://', '')
    .replace('http://', '')
    .replace(/[^(\w/.)]/g, '_');
}

/** Runs kubectl against a new cluster and keeps what it wrote to its cache: the template's folder. */
export async function buildDiscoveryTemplate(
  workDir: string,
  kubectl = 'kubectl',
): Promise<string> {
  mkdirSync(workDir, { recursive: true });
  const dir = mkdtempSync(join(workDir, 'discovery-'));
  const cluster = createCluster({ name: 'discovery' });
  try {
    const server = await cluster.serve({ host: '127.0.0.1', port: 0 });
    const kubeconfig = join(dir, 'kubeconfig');
    writeFileSync(kubeconfig, cluster.kubeconfig(), { mode: 0o600 });
    await run(
      kubectl,
      ['api-resources', '--kubeconfig', kubeconfig, '--cache-dir', join(dir, 'cache')],
      {
        timeout: 30_000,
      },
    );
    const written = join(dir, 'cache', 'discovery', discoveryCacheName(server));
    if (!existsSync(join(written, 'servergroups.json')))
      throw new Error(`kubectl wrote no discovery cache for ${server}`);
    const template = join(dir, 'template');
    cpSync(written, template, { recursive: true });
    rmSync(join(dir, 'cache'), { recursive: true, force: true });
    rmSync(kubeconfig, { force: true });
    return template;
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  } finally {
    await cluster.close();
  }
}

/**
 * Copies the template into a home for each server its kubeconfig names, off the event loop: a
 * learner's first command rarely comes before it is there, and one that does fetches discovery
 * itself, as without a cache. The files are new, so fresh for kubectl's TTL.
 */
export async function prefillDiscoveryCache(
  template: string,
  home: string,
  servers: string[],
): Promise<void> {
  for (const server of servers) {
    const target = join(home, '.kube', 'cache', 'discovery', discoveryCacheName(server));
    if (!existsSync(target)) await cp(template, target, { recursive: true });
  }
}
