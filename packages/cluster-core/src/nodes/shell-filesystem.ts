/**
 * The filesystem of a container's shell: the container's files (image files, the kubelet's
 * /etc files, volumes) copied into just-bash's in-memory filesystem when the shell opens, with
 * upstream's `..data` layout for projected volumes, read-only mounts refused with EROFS, and
 * every change written back to the container's store.
 */
import { InMemoryFs } from 'just-bash';
import type { KubeObject } from '../api/object';
import { type ContainerFiles, normalizePath } from './container-filesystem';
import { MARKER, type OpenError } from './redirect-errors';

const EROFS = (path: string) =>
  Object.assign(new Error(`EROFS: read-only file system, open '${path}'`), { code: 'EROFS' });

/**
 * The container's filesystem for one shell: the container's files copied into memory when the
 * shell starts, and every change written back to the container (its layer or its volumes), so a
 * later exec, another container of the pod or the next pod on the claim sees it.
 */
export class ContainerFs extends InMemoryFs {
  private seeding = true;
  /**
   * follow()'s answers, until a link could have changed: every command's PATH lookup and every
   * redirection asks again, and a loop asks thousands of times for the same few paths.
   */
  private readonly followed = new Map<string, string>();

  constructor(
    private readonly files: ContainerFiles,
    private readonly readOnly: string[],
    /** The main process's standard output and error (/proc/1/fd/1 and 2), when this shell is it. */
    private readonly output?: (fd: 1 | 2, text: string) => void,
    /** False while a restarted main process replays what it already wrote (main-process.ts). */
    private readonly live: () => boolean = () => true,
  ) {
    super();
  }

  /** Whether a write to `path` is the main process's output, which goes to its log. */
  private toOutput(path: string, content: unknown): boolean {
    if (!this.output) return false;
    const fd = path === '/proc/1/fd/1' ? 1 : path === '/proc/1/fd/2' ? 2 : 0;
    if (!fd) return false;
    this.output(
      fd,
      typeof content === 'string' ? content : Buffer.from(content as Uint8Array).toString('utf8'),
    );
    return true;
  }

  seeded(): void {
    this.seeding = false;
  }

  private isReadOnly(p: string): boolean {
    return !this.seeding && this.readOnly.some((m) => p === m || p.startsWith(`${m}/`));
  }

  private guard(path: string): string {
    const p = normalizePath(path);
    if (this.isReadOnly(p)) throw EROFS(p);
    return p;
  }

  /** Why opening `path` for writing fails, as the kernel would say (redirect-errors.ts). */
  async openError(path: string): Promise<OpenError | undefined> {
    const p = normalizePath(path);
    // The interpreter's own targets (/dev/null, /dev/stdout) and the main process's output.
    if (/^\/(dev|proc)\//.test(p)) return undefined;
    const parent = await super
      .stat(await this.follow(p.slice(0, p.lastIndexOf('/')) || '/'))
      .catch(() => undefined);
    if (!parent) return 'ENOENT';
    if (!parent.isDirectory) return 'ENOTDIR';
    const target = await this.follow(p);
    if ((await super.stat(target).catch(() => undefined))?.isDirectory) return 'EISDIR';
    if (this.isReadOnly(target) || this.isReadOnly(p)) return 'EROFS';
    return undefined;
  }

  /** Keeps a file in the container's store, as text (a binary file written by a shell does not survive it as is). */
  private async mirror(path: string): Promise<void> {
    if (this.seeding || !this.live()) return;
    const st = await super.stat(path).catch(() => undefined);
    if (!st) {
      this.files.remove(path);
      return;
    }
    if (st.isDirectory) {
      for (const name of await super.readdir(path))
        await this.mirror(`${path === '/' ? '' : path}/${name}`);
      return;
    }
    if (st.isFile)
      this.files.write(path, Buffer.from(await super.readFileBuffer(path)).toString('utf8'), false);
  }

  override async writeFile(
    path: string,
    content: Parameters<InMemoryFs['writeFile']>[1],
    options?: Parameters<InMemoryFs['writeFile']>[2],
  ) {
    const p = this.guard(path);
    if (this.toOutput(p, content)) return;
    await super.writeFile(p, content, options);
    await this.mirror(p);
  }

  override async appendFile(
    path: string,
    content: Parameters<InMemoryFs['appendFile']>[1],
    options?: Parameters<InMemoryFs['appendFile']>[2],
  ) {
    const p = this.guard(path);
    if (this.toOutput(p, content)) return;
    const existed = !this.seeding && (await super.stat(p).catch(() => undefined))?.isFile;
    await super.appendFile(p, content, options);
    // An append stays one (a `tail -f` of the file sees only the new lines).
    if (existed && this.live())
      this.files.write(
        p,
        typeof content === 'string' ? content : Buffer.from(content as Uint8Array).toString('utf8'),
        true,
      );
    else if (!existed) await this.mirror(p);
  }

  override async mkdir(path: string, options?: Parameters<InMemoryFs['mkdir']>[1]) {
    await super.mkdir(this.guard(path), options);
  }

  override async rm(path: string, options?: Parameters<InMemoryFs['rm']>[1]) {
    this.followed.clear();
    const p = this.guard(path);
    const gone = this.seeding || !this.live() ? [] : this.filesUnder(p);
    await super.rm(p, options);
    this.followed.clear();
    for (const f of gone) this.files.remove(f);
  }

  override async cp(src: string, dest: string, options?: Parameters<InMemoryFs['cp']>[2]) {
    this.followed.clear();
    const d = this.guard(dest);
    await super.cp(src, d, options);
    this.followed.clear();
    await this.mirror(d);
  }

  override async mv(src: string, dest: string) {
    this.followed.clear();
    const s = this.guard(src);
    const d = this.guard(dest);
    const gone = this.live() ? this.filesUnder(s) : [];
    await super.mv(s, d);
    this.followed.clear();
    for (const f of gone) this.files.remove(f);
    await this.mirror(d);
  }

  override async symlink(target: string, linkPath: string) {
    this.followed.clear();
    await super.symlink(target, this.guard(linkPath));
    this.followed.clear();
  }

  override async chmod(path: string, mode: number) {
    await super.chmod(this.guard(path), mode);
  }

  override async utimes(path: string, atime: Date, mtime: Date) {
    await super.utimes(this.guard(path), atime, mtime);
  }

  /**
   * The path with every symbolic link resolved, component by component: InMemoryFs does not
   * follow a link whose target runs through another link (`mode -> ..data/mode`, `..data -> ..2026_...`).
   */
  private async follow(path: string): Promise<string> {
    const known = this.followed.get(path);
    if (known !== undefined) return known;
    const resolved = await this.resolve(path);
    if (this.followed.size >= 4_096) this.followed.clear();
    this.followed.set(path, resolved);
    return resolved;
  }

  private async resolve(path: string): Promise<string> {
    let parts = normalizePath(path).split('/').filter(Boolean);
    let done = '';
    for (let hops = 0; parts.length && hops < 40; ) {
      const next = `${done}/${parts[0]}`;
      const st = await super.lstat(next).catch(() => undefined);
      if (st?.isSymbolicLink) {
        hops++;
        const target = await super.readlink(next);
        parts = [
          ...normalizePath(target, done || '/')
            .split('/')
            .filter(Boolean),
          ...parts.slice(1),
        ];
        done = '';
      } else {
        done = next;
        parts = parts.slice(1);
      }
    }
    return done || '/';
  }

  override async readFile(path: string, options?: Parameters<InMemoryFs['readFile']>[1]) {
    return super.readFile(await this.follow(path), options);
  }

  override async readFileBuffer(path: string) {
    return super.readFileBuffer(await this.follow(path));
  }

  override async readFileBytes(path: string) {
    return super.readFileBytes(await this.follow(path));
  }

  override async stat(path: string) {
    // A redirection's target that cannot be opened fails the interpreter's check of it.
    if (path.startsWith(MARKER)) throw new Error(`EIO: cannot open, stat '${path}'`);
    return super.stat(await this.follow(path));
  }

  override async exists(path: string) {
    if (path.startsWith(MARKER)) return true;
    return super.exists(await this.follow(path));
  }

  override async realpath(path: string) {
    const p = await this.follow(path);
    if (!(await super.exists(p))) return super.realpath(path);
    return p;
  }

  private filesUnder(path: string): string[] {
    return this.getAllPaths().filter((p) => p === path || p.startsWith(`${path}/`));
  }
}

/**
 * Upstream's AtomicWriter layout of a ConfigMap/Secret/downward API volume: the data in a
 * timestamped directory, `..data` pointing at it, and each top-level name a link through `..data`.
 */
async function projectVolume(
  fs: InMemoryFs,
  files: ContainerFiles,
  mountPath: string,
  created: number,
) {
  const d = new Date(created);
  const p = (n: number) => String(n).padStart(2, '0');
  const stamp = `..${d.getUTCFullYear()}_${p(d.getUTCMonth() + 1)}_${p(d.getUTCDate())}_${p(d.getUTCHours())}_${p(d.getUTCMinutes())}_${p(d.getUTCSeconds())}.${String(created % 1_000_000_000).padStart(9, '0')}`;
  const base = mountPath === '/' ? '' : mountPath;
  await fs.mkdir(`${base}/${stamp}`, { recursive: true });
  const walk = async (rel: string) => {
    for (const name of files.list(`${base}/${rel}`) ?? []) {
      const r = rel ? `${rel}/${name}` : name;
      const content = files.read(`${base}/${r}`);
      if (content === undefined) {
        await fs.mkdir(`${base}/${stamp}/${r}`, { recursive: true });
        await walk(r);
      } else await fs.writeFile(`${base}/${stamp}/${r}`, content);
    }
  };
  await walk('');
  await fs.symlink(stamp, `${base}/..data`);
  for (const name of files.list(base || '/') ?? [])
    await fs.symlink(`..data/${name}`, `${base}/${name}`);
}

/** Copies what the container sees into a fresh filesystem for a shell. */
export async function seed(
  fs: ContainerFs,
  files: ContainerFiles,
  pod: KubeObject,
  rootDirs: string[],
): Promise<void> {
  for (const dir of rootDirs) await fs.mkdir(`/${dir}`, { recursive: true });
  const projected = files.mounts.filter((m) => m.projected).map((m) => m.path);
  const created = Date.parse(pod.metadata.creationTimestamp ?? '') || 0;
  const walk = async (dir: string, depth: number): Promise<void> => {
    if (depth > 12) return;
    for (const name of files.list(dir) ?? []) {
      const path = `${dir === '/' ? '' : dir}/${name}`;
      if (projected.includes(path)) {
        await projectVolume(fs, files, path, created);
        continue;
      }
      const content = files.read(path);
      if (content !== undefined) await fs.writeFile(path, content);
      // An image file under a volume mount is hidden by the volume.
      else if (files.list(path) !== undefined) {
        await fs.mkdir(path, { recursive: true });
        await walk(path, depth + 1);
      }
    }
  };
  await walk('/', 0);
  for (const m of files.mounts) await fs.mkdir(m.path, { recursive: true }).catch(() => undefined);
  fs.seeded();
}
