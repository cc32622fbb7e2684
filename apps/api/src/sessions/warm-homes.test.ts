import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WarmHomes } from './warm-homes';

const KIND = { kubernetesVersion: '1.33', sandboxed: false };

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(condition()).toBe(true);
}

describe('homes made ahead of the sessions that take them', () => {
  let dir: string;
  let template: string;
  let warm: WarmHomes;

  const made = () => {
    mkdirSync(join(dir, 'made'), { recursive: true });
    return join(dir, 'made');
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kubebelt-warm-homes-'));
    template = join(dir, 'template');
    mkdirSync(join(template, 'apps', 'v1'), { recursive: true });
    writeFileSync(join(template, 'servergroups.json'), '{"kind":"APIGroupList"}');
    writeFileSync(join(template, 'apps', 'v1', 'serverresources.json'), '{}');
  });

  afterEach(() => {
    warm.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('moves a ready home in with its shell files and the discovery cache of the first cluster', async () => {
    warm = new WarmHomes(made, 2, 0);
    warm.start([KIND], template);
    await until(() => warm.count() === 2);
    const home = join(dir, 'sessions', 's1', 'home');
    expect(warm.moveInto(KIND, home, ['http://127.0.0.1:6443', 'http://127.0.0.1:6444'])).toBe(
      true,
    );
    expect(readFileSync(join(home, '.bashrc'), 'utf8')).toContain('alias k=kubectl');
    expect(existsSync(join(home, '.kubebelt', 'kubectl-completion.bash'))).toBe(true);
    const discovery = join(home, '.kube', 'cache', 'discovery');
    expect(
      existsSync(join(discovery, '127.0.0.1_6443', 'apps', 'v1', 'serverresources.json')),
    ).toBe(true);
    // the second cluster's cache is the caller's to copy
    expect(existsSync(join(discovery, '127.0.0.1_6444'))).toBe(false);
    await until(() => warm.count() === 2);
  });

  it("names the cache after the session's own server address", async () => {
    warm = new WarmHomes(made, 1, 0);
    warm.start([KIND], template);
    await until(() => warm.count() === 1);
    const home = join(dir, 'home');
    warm.moveInto(KIND, home, ['http://127.0.0.1:3000/clusters/abc/default']);
    const discovery = join(home, '.kube', 'cache', 'discovery');
    expect(
      existsSync(
        join(discovery, '127.0.0.1_3000', 'clusters', 'abc', 'default', 'servergroups.json'),
      ),
    ).toBe(true);
    expect(existsSync(join(discovery, '127.0.0.1_6443'))).toBe(false);
  });

  it('has none of a kind not asked for yet, and makes them after the first ask', async () => {
    warm = new WarmHomes(made, 1, 0);
    warm.start([KIND], template);
    await until(() => warm.count() === 1);
    const older = { kubernetesVersion: '1.27', sandboxed: false };
    expect(warm.moveInto(older, join(dir, 'a'), [])).toBe(false);
    await until(() => warm.count() === 2);
    expect(warm.moveInto(older, join(dir, 'b'), [])).toBe(true);
  });

  it('with size 0 makes nothing', async () => {
    warm = new WarmHomes(made, 0, 0);
    warm.start([KIND], template);
    await new Promise((r) => setTimeout(r, 50));
    expect(warm.moveInto(KIND, join(dir, 'a'), [])).toBe(false);
    expect(existsSync(join(dir, 'made'))).toBe(false);
  });
});
