import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type LoadedLab, loadContent } from '../src/content/loader';
import { verifyLab } from '../src/verify/verify-lab';

const example = resolve(__dirname, '../../../labs/kubernetes/deployments/deployment-basics');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kubebelt-verify-test-'));
  cpSync(example, dir, { recursive: true });
  // the mistakes have their own test below; these tests look at the solution and the checks
  rmSync(join(dir, 'mistakes'), { recursive: true });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const edit = (file: string, from: string, to: string) => {
  const path = join(dir, file);
  writeFileSync(path, readFileSync(path, 'utf8').replace(from, to));
};
const load = (): LoadedLab => {
  const catalog = loadContent(dir);
  expect(catalog.problems).toEqual([]);
  return catalog.labs.get('deployment-basics') as LoadedLab;
};

describe('kubebelt-lab verify', () => {
  it('fails a lab whose solution.sh does not solve it, naming the task and check', async () => {
    edit('solution.sh', '--replicas=4', '--replicas=3');
    const result = await verifyLab(load(), { settleTimeoutMs: 8_000 });
    expect(result.ok).toBe(false);
    expect(result.failures).toContainEqual({
      task: 'scale',
      check: 'replicas',
      message: 'fails after solution.sh: Deployment web: .spec.replicas is 3, expected 4.',
    });
  });

  it('fails a lab whose solution.sh itself fails', async () => {
    edit('solution.sh', 'kubectl scale deployment web', 'kubectl scale deployment webb');
    const result = await verifyLab(load());
    expect(result.failures[0].message).toMatch(
      /^solution\.sh exited with 1: .*deployments\.apps "webb" not found/,
    );
  });

  it('fails a check that passes before the solution: it could never fail', async () => {
    edit(
      'lab.yaml',
      '      - id: app-label',
      '      - id: default-namespace\n        type: exists\n        target: { kind: Namespace, name: default }\n      - id: app-label',
    );
    const result = await verifyLab(load());
    expect(result.failures).toEqual([
      {
        task: 'create',
        check: 'default-namespace',
        message:
          'passes before solution.sh and no mistake makes it fail, so it can never fail: Namespace default exists.',
      },
    ]);
  });

  it('checks that a mistake fails the check it names with its message', async () => {
    cpSync(join(example, 'mistakes'), join(dir, 'mistakes'), { recursive: true });
    edit(
      'mistakes/scaled-to-three.sh',
      '# message: is 3, expected 4',
      '# message: is 5, expected 4',
    );
    const result = await verifyLab(load(), { mistakeTimeoutMs: 3_000 });
    expect(result.mistakes).toEqual([
      { name: 'scaled-to-three', ok: false },
      { name: 'wrong-tag', ok: true },
    ]);
    expect(result.failures).toEqual([
      {
        task: 'scale',
        check: 'replicas',
        message:
          'mistakes/scaled-to-three.sh: the check fails with "Deployment web: .spec.replicas is 3, expected 4.", expected a message containing "is 5, expected 4"',
      },
    ]);
  });
});
