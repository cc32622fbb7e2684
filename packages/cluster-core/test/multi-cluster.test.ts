/**
 * Several clusters per learner, as the CKA exam's k8s-c1, k8s-c2: `kubebelt-cluster serve
 * --clusters` writes one kubeconfig with a context per cluster, and kubectl switches between
 * clusters that share nothing.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { parseClusterList, type Serving, serve } from '../src/cli';
import { KUBECTL } from './kubectl/harness';

let dir: string;
let serving: Serving;

function kubectl(...args: string[]): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(
      KUBECTL['1.33'],
      args,
      { env: { PATH: process.env.PATH ?? '/usr/bin', HOME: dir, KUBECONFIG: serving.kubeconfig } },
      (err, stdout, stderr) =>
        err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout),
    ),
  );
}

const options = () => ({
  kubeconfig: join(dir, 'kubeconfig'),
  port: 0,
  host: '127.0.0.1',
  nodes: 1,
  name: 'kubebelt',
  clusters: parseClusterList('k8s-c1,k8s-c2:2'),
  state: join(dir, 'state.json'),
  insecureHttp: false,
});

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kubebelt-clusters-'));
  serving = await serve(options());
});

afterAll(async () => {
  await serving.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('the kubeconfig has a context per cluster, the first one current', async () => {
  expect(
    (await kubectl('config', 'get-contexts', '-o', 'name')).split('\n').filter(Boolean),
  ).toEqual(['k8s-c1', 'k8s-c2']);
  expect(await kubectl('config', 'current-context')).toBe('k8s-c1\n');
});

test('use-context switches between clusters that share nothing', async () => {
  expect(await kubectl('get', 'nodes', '-o', 'name')).toBe('node/controlplane\n');
  await kubectl('create', 'configmap', 'only-in-c1');
  await kubectl('config', 'use-context', 'k8s-c2');
  expect((await kubectl('get', 'nodes', '-o', 'name')).split('\n').filter(Boolean)).toHaveLength(2);
  await expect(kubectl('get', 'configmap', 'only-in-c1')).rejects.toThrow('NotFound');
  await kubectl('config', 'use-context', 'k8s-c1');
  expect(await kubectl('get', 'configmap', 'only-in-c1', '-o', 'name')).toBe(
    'configmap/only-in-c1\n',
  );
});

test('the state file keeps each cluster under its name across a restart', async () => {
  await serving.stop();
  serving = await serve(options());
  expect(await kubectl('--context', 'k8s-c1', 'get', 'configmap', 'only-in-c1', '-o', 'name')).toBe(
    'configmap/only-in-c1\n',
  );
  await expect(kubectl('--context', 'k8s-c2', 'get', 'configmap', 'only-in-c1')).rejects.toThrow(
    'NotFound',
  );
});

describe('--clusters', () => {
  test('takes NAME or NAME:NODES', () => {
    expect(parseClusterList('k8s-c1,k8s-c3:3')).toEqual([
      { name: 'k8s-c1', nodes: undefined },
      { name: 'k8s-c3', nodes: 3 },
    ]);
  });

  test.each([
    ['k8s-c1,k8s-c1', 'cluster k8s-c1 is listed twice'],
    ['K8S', '"K8S" is not NAME or NAME:NODES'],
    ['a:0', 'a: nodes must be between 1 and 100'],
  ])('refuses %s', (value, message) => {
    expect(() => parseClusterList(value)).toThrow(message);
  });
});
