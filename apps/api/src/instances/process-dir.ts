import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

/**
 * A folder under `root` for this process alone: API processes may share one data directory
 * (scale-out), and each keeps its own made-ahead homes and kubectl cache. The folders of this
 * host's processes that are gone are removed on the way.
 */
export function processDir(root: string): string {
  const host = hostname().replace(/[^\w.-]/g, '_');
  mkdirSync(root, { recursive: true });
  for (const name of readdirSync(root)) {
    const pid = name.startsWith(`${host}-`) ? Number(name.slice(host.length + 1)) : Number.NaN;
    if (Number.isInteger(pid) && (pid === process.pid || !alive(pid)))
      rmSync(join(root, name), { recursive: true, force: true });
  }
  const dir = join(root, `${host}-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
