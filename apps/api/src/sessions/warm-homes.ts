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
import { chownTree, sandboxServer, writeHomeFiles } from './session-home';

const NOBODY = 65534;
/** How many kinds of home (Kubernetes version, sandboxed or not) are kept: the ones asked for last. */
const MAX_KINDS = 3;

export interface HomeKind {
  kubernetesVersion: string;
  /** Owned by the sandbox's uid 65534 (a sandboxed shell or a workstation), else by this process's user. */
  sandboxed: boolean;
}

/** Where a made-ahead home keeps the discovery cache until a session names its first cluster's address. */
const PREBUILT_DISCOVERY = discoveryCacheName(sandboxServer(0));

export class WarmHomes {
  private readonly ready = new Map<string, string[]>();
  /** Kinds wanted, the one asked for last first. */
  private readonly kinds: HomeKind[] = [];
  private refill?: NodeJS.Timeout;
  private filling = false;
  private closed = false;
  private discoveryTemplate?: string;

  private dir = '';

  constructor(
    /** Makes the folder the homes are made in, this process's alone (at start). */
    private readonly makeDir: () => string,
    /** Homes kept ready per kind (0: none). */
    private readonly size: number,
    private readonly refillDelayMs = 1_000,
    /** Told once when a home cannot be made; sessions then write their own. */
    private readonly report: (error: Error) => void = () => {},
  ) {}

  /** Starts filling for these kinds (the most used first), with kubectl's discovery cache when given. */
  start(kinds: HomeKind[], discoveryTemplate?: string): void {
    if (this.size === 0) return;
    this.dir = this.makeDir();
    this.discoveryTemplate = discoveryTemplate;
    for (const kind of [...kinds].reverse()) this.want(kind);
    this.scheduleRefill();
  }

  /**
   * Moves a home of this kind to `home` (which must not exist) and places its discovery cache
   * under the first server's address; false when none is ready (the caller writes one).
   */
  moveInto(kind: HomeKind, home: string, servers: string[]): boolean {
    if (this.size === 0 || this.closed) return false;
    this.want(kind);
    this.scheduleRefill();
    const made = this.ready.get(keyOf(kind))?.shift();
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
    return [...this.ready.values()].reduce((n, list) => n + list.length, 0);
  }

  close(): void {
    this.closed = true;
    if (this.refill) clearTimeout(this.refill);
  }

  private want(kind: HomeKind): void {
    const key = keyOf(kind);
    const at = this.kinds.findIndex((k) => keyOf(k) === key);
    if (at >= 0) this.kinds.splice(at, 1);
    this.kinds.unshift(kind);
    for (const dropped of this.kinds.splice(MAX_KINDS)) {
      for (const home of this.ready.get(keyOf(dropped)) ?? [])
        rmSync(home, { recursive: true, force: true });
      this.ready.delete(keyOf(dropped));
    }
  }

  private scheduleRefill(): void {
    if (this.refill || this.filling || this.closed || this.size === 0) return;
    this.refill = setTimeout(() => {
      this.refill = undefined;
      void this.fillOne();
    }, this.refillDelayMs);
    this.refill.unref();
  }

  /** Makes one missing home, then comes back for the next. */
  private async fillOne(): Promise<void> {
    const kind = this.kinds.find((k) => (this.ready.get(keyOf(k))?.length ?? 0) < this.size);
    if (!kind || this.closed) return;
    this.filling = true;
    try {
      const home = await makeHome(this.dir, kind, this.discoveryTemplate);
      if (this.closed || !this.kinds.some((k) => keyOf(k) === keyOf(kind)))
        rmSync(home, { recursive: true, force: true });
      else this.ready.set(keyOf(kind), [...(this.ready.get(keyOf(kind)) ?? []), home]);
    } catch (error) {
      this.closed = true;
      this.report(error as Error);
      return;
    } finally {
      this.filling = false;
    }
    this.scheduleRefill();
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

const keyOf = (kind: HomeKind) => `${kind.kubernetesVersion}/${kind.sandboxed}`;
