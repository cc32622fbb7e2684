/**
 * Learners' home directories made ahead of the sessions that take them: .bashrc, the lab's
 * kubectl and its completion, and kubectl's discovery cache of a fresh cluster (some 70 files and
 * folders: 20 to 40 ms of file system work on a small machine, which a learner pressing Start
 * would otherwise wait for). A session takes one with a single rename and writes its kubeconfig.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { cp } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { discoveryCacheName } from './discovery-cache';
import { MadeAhead } from './made-ahead';
import { chownTree, sandboxServer, writeHomeFiles } from './session-home';

const NOBODY = 65534;

export interface HomeKind {
  kubernetesVersion: string;
  /** Owned by the sandbox's uid 65534 (a sandboxed shell or a workstation), else by this process's user. */
  sandboxed: boolean;
}

/** Where a made-ahead home keeps the discovery cache until a session names its first cluster's address. */
const PREBUILT_DISCOVERY = discoveryCacheName(sandboxServer(0));

export class WarmHomes {
  private pool?: MadeAhead<HomeKind, string>;
  private closed = false;

  constructor(
    /** Makes the folder the homes are made in, this process's alone (at start). */
    private readonly makeDir: () => string,
    /** Homes kept ready per kind (0: none). */
    private readonly size: number,
    private readonly refillDelayMs = 1_000,
    /** Told once when a home cannot be made; sessions then write their own. */
    private readonly report: (error: Error) => void = () => {},
  ) {}

  /** Starts making these kinds (the most used first), with kubectl's discovery cache when given. */
  start(kinds: HomeKind[], discoveryTemplate?: string): void {
    // start-up's kubectl preparation may finish after the process began to shut down
    if (this.size === 0 || this.closed) return;
    const dir = this.makeDir();
    this.pool = new MadeAhead({
      size: this.size,
      kinds: 3,
      refillDelayMs: this.refillDelayMs,
      keyOf: (kind) => `${kind.kubernetesVersion}/${kind.sandboxed}`,
      make: (kind) => makeHome(dir, kind, discoveryTemplate),
      discard: (home) => rmSync(home, { recursive: true, force: true }),
      report: this.report,
    });
    this.pool.start(kinds);
  }

  /**
   * Moves a home of this kind to `home` (which must not exist) and places its discovery cache
   * under the first server's address; false when none is ready (the caller writes one).
   */
  moveInto(kind: HomeKind, home: string, servers: string[]): boolean {
    const made = this.pool?.take(kind);
    if (!made) return false;
    mkdirSync(dirname(home), { recursive: true });
    renameSync(made, home);
    const discovery = join(home, '.kube', 'cache', 'discovery');
    const prebuilt = join(discovery, PREBUILT_DISCOVERY);
    const first = servers[0] && join(discovery, discoveryCacheName(servers[0]));
    if (first && first !== prebuilt && existsSync(prebuilt)) {
      mkdirSync(dirname(first), { recursive: true });
      renameSync(prebuilt, first);
    }
    return true;
  }

  count(): number {
    return this.pool?.count() ?? 0;
  }

  close(): void {
    this.closed = true;
    this.pool?.close();
  }
}

async function makeHome(dir: string, kind: HomeKind, discoveryTemplate?: string): Promise<string> {
  const home = mkdtempSync(join(dir, 'home-'));
  chmodSync(home, 0o755);
  writeHomeFiles(home, kind.kubernetesVersion);
  // the copy runs off the event loop; the few small writes above do not
  if (discoveryTemplate)
    await cp(discoveryTemplate, join(home, '.kube', 'cache', 'discovery', PREBUILT_DISCOVERY), {
      recursive: true,
    });
  if (kind.sandboxed && process.getuid?.() === 0) chownTree(home, NOBODY);
  return home;
}
