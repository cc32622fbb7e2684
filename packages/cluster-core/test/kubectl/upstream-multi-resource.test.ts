/**
 * Upstream test/cmd/generic-resources.sh run_multi_resources_tests: create, get, describe,
 * replace --force, edit, label, annotate and delete a Service and a ReplicationController from a
 * multi-document YAML file and from a v1 List.
 */
import { KUBECTL_VERSIONS, startCluster, type TestCluster } from './harness';
import {
  editorScript,
  kubectlWithEnv,
  MULTI_RESOURCE_LIST,
  multiResourceYaml,
  nsFor,
} from './upstream-fixtures';

describe.each(KUBECTL_VERSIONS)('upstream generic-resources.sh with kubectl %s', (version) => {
  let t: TestCluster;
  const ns = nsFor('multi', version);
  const k = (args: string[], stdin?: string) => t.kubectl(['-n', ns, ...args], { version, stdin });
  const ok = (args: string[], stdin?: string) => t.ok(['-n', ns, ...args], { version, stdin });
  const label = (ref: string, key: string) =>
    ok(['get', ref, '-o', `go-template={{.metadata.labels.${key}}}`]);

  beforeAll(async () => {
    t = await startCluster();
    await t.ok(['create', 'namespace', ns], { version });
  });
  afterAll(async () => {
    await t.close();
  });

  test.each([
    ['a multi-document YAML file', 'yaml'],
    ['a v1 List', 'list'],
  ])(
    'the objects of %s go through create, get, describe, replace --force, edit, label, annotate and delete',
    async (_what, form) => {
      const file = t.file(
        `multi-${form}-${version}`,
        form === 'yaml' ? multiResourceYaml('created') : MULTI_RESOURCE_LIST,
      );
      const replacement = t.file(`multi-${form}-modify-${version}`, multiResourceYaml('replaced'));
      expect(await ok(['create', '-f', file])).toBe(
        'service/mock created\nreplicationcontroller/mock created\n',
      );
      expect(
        await ok([
          'get',
          'services',
          '-o',
          'go-template={{range.items}}{{.metadata.name}}:{{end}}',
        ]),
      ).toBe('mock:');
      expect(
        await ok(['get', 'rc', '-o', 'go-template={{range.items}}{{.metadata.name}}:{{end}}']),
      ).toBe('mock:');
      const got = await ok(['get', '-f', file]);
      expect(got).toMatch(
        /^NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE\nservice\/mock\s+ClusterIP/,
      );
      expect(got).toMatch(
        /\n\nNAME\s+DESIRED\s+CURRENT\s+READY\s+AGE\nreplicationcontroller\/mock\s+1\s+/,
      );
      const watch = await k(['get', '-f', file, '--watch']);
      expect(watch.code).toBe(1);
      expect(watch.stderr).toContain(
        'watch is only supported on individual resources and resource collections',
      );
      const described = await ok(['describe', '-f', file]);
      expect(described).toMatch(/Name:\s+mock\nNamespace:\s+multi/);
      expect(described).toContain('Pods Status:');
      expect(await ok(['replace', '-f', replacement, '--force', '--cascade'])).toBe(
        'service "mock" deleted\nreplicationcontroller "mock" deleted\nservice/mock replaced\nreplicationcontroller/mock replaced\n',
      );
      expect(await label('services/mock', 'status')).toBe('replaced');
      expect(await label('rc/mock', 'status')).toBe('replaced');
      const editor = editorScript(
        t,
        `multi-editor-${form}-${version}.sh`,
        's/status: replaced/status: edited/g',
      );
      const edit = await kubectlWithEnv(t, version, ['-n', ns, 'edit', '-f', file], {
        EDITOR: editor,
      });
      expect(edit.stdout).toBe('service/mock edited\nreplicationcontroller/mock edited\n');
      expect(await label('services/mock', 'status')).toBe('edited');
      expect(await label('rc/mock', 'status')).toBe('edited');
      expect(await ok(['label', '-f', file, 'labeled=true', '--overwrite'])).toBe(
        'service/mock labeled\nreplicationcontroller/mock labeled\n',
      );
      expect(await label('services/mock', 'labeled')).toBe('true');
      expect(await label('rc/mock', 'labeled')).toBe('true');
      // kubectl 1.27 itself prints "annotate"
      expect(await ok(['annotate', '-f', file, 'annotated=true', '--overwrite'])).toMatch(
        /^service\/mock annotated?\nreplicationcontroller\/mock annotated?\n$/,
      );
      expect(
        await ok(['get', 'rc/mock', '-o', 'go-template={{.metadata.annotations.annotated}}']),
      ).toBe('true');
      expect(await ok(['delete', '-f', file])).toBe(
        'service "mock" deleted\nreplicationcontroller "mock" deleted\n',
      );
      expect(await ok(['get', 'services,rc', '-o', 'name'])).toBe('');
    },
  );
});
