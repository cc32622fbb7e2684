/**
 * `serve({ accept })`: a cluster served on an address others can reach (a container network's
 * gateway) takes connections only from the addresses it is told to; the others are closed
 * before TLS, so kubectl from there gets no answer at all.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from '@jest/globals';
import { type Cluster, createCluster } from '../src';
import { KUBECTL } from './kubectl/harness';

const dir = mkdtempSync(join(tmpdir(), 'serve-accept-'));
const clusters: Cluster[] = [];

afterAll(async () => {
  await Promise.all(clusters.map((c) => c.close()));
  rmSync(dir, { recursive: true, force: true });
});

async function kubectlAgainst(accept: (address: string) => boolean) {
  const cluster = createCluster({ nodes: 1 });
  clusters.push(cluster);
  const seen: string[] = [];
  await cluster.serve({
    accept: (address) => {
      seen.push(address);
      return accept(address);
    },
  });
  const kubeconfig = join(dir, `kubeconfig-${clusters.length}`);
  writeFileSync(kubeconfig, cluster.kubeconfig());
  const result = await new Promise<{ ok: boolean; output: string }>((resolve) =>
    execFile(
      KUBECTL['1.33'],
      ['get', 'namespace', 'default', '-o', 'name', '--request-timeout=5s'],
      { env: { PATH: '/usr/bin:/bin', HOME: dir, KUBECONFIG: kubeconfig } },
      (error, stdout, stderr) => resolve({ ok: !error, output: `${stdout}${stderr}` }),
    ),
  );
  return { ...result, seen };
}

test('a cluster served with accept takes kubectl from the addresses it accepts', async () => {
  const { ok, output, seen } = await kubectlAgainst((address) => address === '127.0.0.1');
  expect({ ok, output: output.trim() }).toEqual({ ok: true, output: 'namespace/default' });
  expect(seen[0]).toBe('127.0.0.1');
});

test('and closes connections from any other address before TLS', async () => {
  const cluster = createCluster({ nodes: 1 });
  clusters.push(cluster);
  const url = await cluster.serve({ accept: () => false });
  const { token, caCert } = cluster.connection();
  const error = await new Promise<NodeJS.ErrnoException | undefined>((resolve) => {
    const req = https.get(
      `${url}/api/v1/namespaces`,
      { ca: caCert, headers: { authorization: `Bearer ${token}` } },
      () => resolve(undefined),
    );
    req.on('error', resolve);
  });
  expect(error?.code).toBe('ECONNRESET');
});
