import { scaledKubeletTimings } from '../../src/controllers/simulation-options';
import { eventually, KUBECTL_VERSIONS, startCluster, type TestCluster } from './harness';

describe.each(KUBECTL_VERSIONS)(
  'proxying, dry runs and strict patches with kubectl %s',
  (version) => {
    let t: TestCluster;
    const k = (args: string[], stdin?: string) => t.kubectl(args, { version, stdin });
    const ok = (args: string[], stdin?: string) => t.ok(args, { version, stdin });

    beforeAll(async () => {
      t = await startCluster({ simulation: { kubelet: scaledKubeletTimings(0.05) } });
      await ok(['create', 'deployment', 'web', '--image=nginx', '--replicas=2']);
      await ok(['expose', 'deployment', 'web', '--port=80']);
      await ok(['rollout', 'status', 'deployment/web', '--timeout=60s']);
    });
    afterAll(async () => {
      await t.close();
    });

    test('the services proxy reaches a ready endpoint, as kubectl proxy would', async () => {
      await eventually(
        () => k(['get', 'endpoints', 'web', '-o', 'jsonpath={.subsets[0].addresses[0].ip}']),
        (r) => r.stdout !== '',
      );
      const page = await ok(['get', '--raw', '/api/v1/namespaces/default/services/web:80/proxy/']);
      expect(page).toContain('Welcome to nginx!');
      const missing = await k(['get', '--raw', '/api/v1/namespaces/default/services/nope/proxy/']);
      expect(missing.stderr).toContain('services "nope" not found');
    });

    test('a service without ready endpoints answers 503 through the proxy', async () => {
      await ok(['create', 'service', 'clusterip', 'empty', '--tcp=80:80']);
      const result = await k([
        'get',
        '--raw',
        '/api/v1/namespaces/default/services/empty:80/proxy/',
      ]);
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(
        'Error from server (ServiceUnavailable): no endpoints available for service "empty:80"\n',
      );
    });

    test('drain --dry-run=server evicts nothing', async () => {
      const before = await ok(['get', 'pods', '-o', 'name']);
      const node = (
        await ok(['get', 'pods', '-l', 'app=web', '-o', 'jsonpath={.items[0].spec.nodeName}'])
      ).trim();
      const out = await ok(['drain', node, '--dry-run=server', '--ignore-daemonsets', '--force']);
      expect(out).toContain('(server dry run)');
      await ok(['uncordon', node]);
      expect(await ok(['get', 'pods', '-o', 'name'])).toBe(before);
    });

    test('an edit that introduces an unknown field is an Invalid patch, and nothing changes', async () => {
      const editor = t.file('editor.sh', '#!/bin/sh\nsed -i "s/^  replicas:/  replicaz:/" "$1"\n');
      require('node:fs').chmodSync(editor, 0o755);
      const result = await t.kubectl(['edit', 'deployment', 'web'], {
        version,
        env: { EDITOR: editor },
      });
      expect(result.code).toBe(1);
      // kubectl reopens the editor with the Invalid causes in its header, then gives up.
      expect(result.stderr).toContain('error: deployments.apps "web" is invalid');
      expect(await ok(['get', 'deployment', 'web', '-o', 'jsonpath={.spec.replicas}'])).toBe('2');
    });

    test('a merge patch with an unknown field is accepted with a warning', async () => {
      const result = await k([
        'patch',
        'deployment',
        'web',
        '--type=merge',
        '-p',
        '{"spec":{"replicaz":3}}',
      ]);
      expect(result.code).toBe(0);
      expect(result.stderr).toContain('unknown field "spec.replicaz"');
    });
  },
);
