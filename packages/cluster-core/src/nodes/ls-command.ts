/**
 * `ls` as the image's userland prints it: GNU coreutils' in Debian-based images, busybox's in
 * busybox and Alpine ones. just-bash's own `ls -l` prints `user user` and no link targets, so a
 * ConfigMap volume's `..data -> ..2026_...` layout could not be seen; this one lists owners
 * (root: every file in a simulated container is root's), link targets, sizes and the `total`
 * line as coreutils' ls.c and busybox's coreutils/ls.c do. Output is one name per line, as both
 * print when their output is not a terminal; `-R` and rarer options go to just-bash's `ls`.
 */
import { defineCommand, type ExecResult, type ResolvedCommandContext } from 'just-bash';
import { gnuHumanSize } from './human-sizes';
import type { ImageFlavour } from './image-tools';

interface Entry {
  /** The name as listed (an operand as given, or a directory entry's name). */
  name: string;
  path: string;
  isDir: boolean;
  isLink: boolean;
  mode: number;
  size: number;
  mtime: Date;
  links: number;
  target?: string;
}

interface Options {
  long: boolean;
  all: boolean;
  almostAll: boolean;
  directory: boolean;
  human: boolean;
  time: boolean;
  size: boolean;
  reverse: boolean;
  classify: boolean;
}

const FLAGS: Record<string, keyof Options | undefined> = {
  l: 'long',
  a: 'all',
  A: 'almostAll',
  d: 'directory',
  h: 'human',
  t: 'time',
  S: 'size',
  r: 'reverse',
  F: 'classify',
};

const MONTHS = 'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split(' ');
const SIX_MONTHS_MS = (365.2425 / 2) * 86_400_000;

/** `drwxr-xr-x`, with the sticky and set-id bits as ls shows them. */
function modeString(e: Entry): string {
  const type = e.isLink ? 'l' : e.isDir ? 'd' : '-';
  const m = e.isLink ? 0o777 : e.mode;
  const rwx = (bits: number, special: boolean, ch: string) =>
    `${bits & 4 ? 'r' : '-'}${bits & 2 ? 'w' : '-'}${special ? (bits & 1 ? ch : ch.toUpperCase()) : bits & 1 ? 'x' : '-'}`;
  return (
    type +
    rwx((m >> 6) & 7, Boolean(m & 0o4000), 's') +
    rwx((m >> 3) & 7, Boolean(m & 0o2000), 's') +
    rwx(m & 7, Boolean(m & 0o1000), 't')
  );
}

/** `Dec  7 14:20`, or `Jun  3  2024` for a time more than six months away (both ls'). */
function timeString(mtime: Date, now: number): string {
  const d = mtime;
  const day = `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')}`;
  const recent = Math.abs(now - d.getTime()) < SIX_MONTHS_MS;
  const p = (n: number) => String(n).padStart(2, '0');
  return recent
    ? `${day} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`
    : `${day}  ${d.getUTCFullYear()}`;
}

/** 1K blocks a file takes on a 4 KiB-block filesystem, for `total`. */
const blocks = (e: Entry) => (e.isLink ? 0 : e.isDir ? 4 : Math.ceil(e.size / 4096) * 4);

const indicator = (e: Entry) => (e.isLink ? '@' : e.isDir ? '/' : e.mode & 0o111 ? '*' : '');

async function entry(
  ctx: ResolvedCommandContext,
  name: string,
  path: string,
  follow: boolean,
): Promise<Entry> {
  const l = await ctx.fs.lstat(path);
  const st = follow && l.isSymbolicLink ? await ctx.fs.stat(path).catch(() => l) : l;
  const isLink = st.isSymbolicLink;
  const isDir = st.isDirectory;
  let links = 1;
  if (isDir) {
    links = 2;
    for (const child of await ctx.fs.readdir(path).catch(() => [] as string[])) {
      const c = await ctx.fs.lstat(`${path === '/' ? '' : path}/${child}`).catch(() => undefined);
      if (c?.isDirectory && !c.isSymbolicLink) links++;
    }
  }
  const target = isLink ? await ctx.fs.readlink(path).catch(() => undefined) : undefined;
  return {
    name,
    path,
    isDir,
    isLink,
    mode: st.mode,
    // Directories are a block on disk; a link's size is its target's length.
    size: isLink ? (target?.length ?? 0) : isDir ? 4096 : st.size,
    mtime: st.mtime,
    links,
    target,
  };
}

function sorted(entries: Entry[], o: Options): Entry[] {
  const byName = (a: Entry, b: Entry) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  const out = [...entries].sort((a, b) =>
    o.size
      ? b.size - a.size || byName(a, b)
      : o.time
        ? b.mtime.getTime() - a.mtime.getTime() || byName(a, b)
        : byName(a, b),
  );
  return o.reverse ? out.reverse() : out;
}

function format(entries: Entry[], o: Options, flavour: ImageFlavour, now: number): string {
  if (!o.long) return entries.map((e) => `${e.name}${o.classify ? indicator(e) : ''}\n`).join('');
  const size = (e: Entry) => (o.human ? gnuHumanSize(e.size) : String(e.size));
  if (flavour === 'busybox')
    // busybox: "%-10s %4lu %-8.8s %-8.8s %9llu %s %s"
    return entries
      .map(
        (e) =>
          `${modeString(e)} ${String(e.links).padStart(4)} ${'root'.padEnd(8)} ${'root'.padEnd(8)} ${size(e).padStart(9)} ${timeString(e.mtime, now)} ${e.name}${e.isLink ? ` -> ${e.target}` : o.classify ? indicator(e) : ''}\n`,
      )
      .join('');
  // coreutils: columns as wide as their widest value, one space apart.
  const linkW = Math.max(...entries.map((e) => String(e.links).length));
  const sizeW = Math.max(...entries.map((e) => size(e).length));
  return entries
    .map(
      (e) =>
        `${modeString(e)} ${String(e.links).padStart(linkW)} root root ${size(e).padStart(sizeW)} ${timeString(e.mtime, now)} ${e.name}${e.isLink ? ` -> ${e.target}` : o.classify ? indicator(e) : ''}\n`,
    )
    .join('');
}

function cannotAccess(flavour: ImageFlavour, operand: string): string {
  return flavour === 'busybox'
    ? `ls: ${operand}: No such file or directory\n`
    : `ls: cannot access '${operand}': No such file or directory\n`;
}

/** The image's `ls`; `now` is the shell's clock (for the six-month rule of the time column). */
export function lsCommand(flavour: ImageFlavour, now: () => number) {
  return defineCommand('ls', async (args, ctx): Promise<ExecResult> => {
    const o: Options = {
      long: false,
      all: false,
      almostAll: false,
      directory: false,
      human: false,
      time: false,
      size: false,
      reverse: false,
      classify: false,
    };
    const operands: string[] = [];
    let options = true;
    for (const a of args) {
      if (options && a === '--') options = false;
      else if (options && a.startsWith('--')) {
        if (a.startsWith('--color')) continue;
        const long = {
          '--all': 'all',
          '--almost-all': 'almostAll',
          '--directory': 'directory',
          '--human-readable': 'human',
          '--reverse': 'reverse',
          '--classify': 'classify',
        }[a];
        if (!long)
          return ctx.origCommand ? ctx.origCommand(args) : { stdout: '', stderr: '', exitCode: 2 };
        o[long as keyof Options] = true;
      } else if (options && a.startsWith('-') && a.length > 1) {
        for (const ch of a.slice(1)) {
          if (ch === '1') continue;
          const key = FLAGS[ch];
          // -R and the rarer options: just-bash's ls.
          if (!key)
            return ctx.origCommand
              ? ctx.origCommand(args)
              : { stdout: '', stderr: '', exitCode: 2 };
          o[key] = true;
        }
      } else operands.push(a);
    }
    if (!operands.length) operands.push('.');
    let stdout = '';
    let stderr = '';
    let code = 0;
    const files: Entry[] = [];
    const dirs: Entry[] = [];
    for (const operand of operands) {
      const path = ctx.fs.resolvePath(ctx.cwd, operand);
      try {
        // A link named on the command line is followed unless -l or -d asks about the link itself.
        const e = await entry(
          ctx,
          operand,
          path,
          !(o.long || o.directory) || operand.endsWith('/'),
        );
        (e.isDir && !o.directory ? dirs : files).push(e);
      } catch {
        stderr += cannotAccess(flavour, operand);
        code = flavour === 'busybox' ? 1 : 2;
      }
    }
    const t = now();
    stdout += format(sorted(files, o), o, flavour, t);
    const headers = operands.length > 1;
    for (const [i, dir] of sorted(dirs, o).entries()) {
      if (headers) stdout += `${files.length || i ? '\n' : ''}${dir.name}:\n`;
      const names = (await ctx.fs.readdir(dir.path)).filter(
        (n) => o.all || o.almostAll || !n.startsWith('.'),
      );
      const base = dir.path === '/' ? '' : dir.path;
      const listed = await Promise.all(
        names.map((n) => entry(ctx, n, `${base}/${n}`, false).catch(() => undefined)),
      );
      const children = sorted(
        listed.filter((e): e is Entry => e !== undefined),
        o,
      );
      if (o.all && !o.almostAll) {
        const parent = dir.path === '/' ? '/' : dir.path.replace(/\/[^/]+$/, '') || '/';
        children.unshift(
          await entry(ctx, '.', dir.path, false),
          await entry(ctx, '..', parent, false),
        );
      }
      if (o.long) stdout += `total ${children.reduce((n, e) => n + blocks(e), 0)}\n`;
      stdout += format(children, o, flavour, t);
    }
    return { stdout, stderr, exitCode: code };
  });
}
