/**
 * A container's /proc/mounts as containerd 1.7 and runc build it, and `mount` and `df` over it
 * as busybox (coreutils/df.c, libbb/human_readable.c) and GNU coreutils print them.
 *
 * The order is runc's: the spec's default mounts (proc, /dev, devpts, mqueue, sysfs, cgroup2),
 * then the CRI mounts (the kubelet's volume mounts in the container's order, /etc/hosts,
 * /dev/termination-log, then containerd's /etc/hostname, /etc/resolv.conf and /dev/shm),
 * stable-sorted by path depth (containerd's orderedMounts), then the read-only /proc paths and
 * the masked paths (a directory gets a read-only tmpfs, a file /dev/null, so it shows as the
 * /dev tmpfs). Secret, downward API and projected volumes and emptyDir with medium Memory are
 * tmpfs; ConfigMaps, other emptyDirs and the kubelet's files are bind mounts from the node's
 * disk, which shows as /dev/root.
 */
import type { ContainerFiles } from './container-filesystem';
import { busyboxHumanKiB, gnuHumanSize } from './human-sizes';
import { CAPACITY_MEMORY_KI, CAPACITY_STORAGE_KI, EVICTION_MEMORY_KI } from './node-objects';

export interface MountEntry {
  device: string;
  dir: string;
  type: string;
  options: string;
  /** 1K-blocks: size, used, available (none for pseudo file systems). */
  blocks?: [number, number, number];
  /** The file system the entry shows (statvfs's st_dev): bind mounts of one share it. */
  fs: string;
}

const NODE_DISK = '/dev/root';
const DISK_OPTIONS = 'relatime,discard,errors=remount-ro,commit=30';
/** The node's root file system: what the overlay and every bind mount from the node report. */
const DISK: [number, number, number] = [CAPACITY_STORAGE_KI, 6_543_210, 13_574_998];
const DEV: [number, number, number] = [65_536, 0, 65_536];
/** A tmpfs without a size option: half the node's memory. */
const HALF_MEMORY: [number, number, number] = [CAPACITY_MEMORY_KI / 2, 0, CAPACITY_MEMORY_KI / 2];
/** The kubelet sizes a memory-backed volume's tmpfs to the node's allocatable memory. */
const TMPFS_KI = CAPACITY_MEMORY_KI - EVICTION_MEMORY_KI;

const parts = (path: string) => path.split('/').length;

export function mountTable(mounts: ContainerFiles['mounts'], fileCount: (path: string) => number) {
  const entries: MountEntry[] = [
    {
      device: 'overlay',
      dir: '/',
      type: 'overlay',
      options:
        'rw,relatime,lowerdir=/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots/24/fs,upperdir=/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots/25/fs,workdir=/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots/25/work',
      blocks: DISK,
      fs: 'overlay',
    },
    {
      device: 'proc',
      dir: '/proc',
      type: 'proc',
      options: 'rw,nosuid,nodev,noexec,relatime',
      fs: 'proc',
    },
    {
      device: 'tmpfs',
      dir: '/dev',
      type: 'tmpfs',
      options: 'rw,nosuid,size=65536k,mode=755',
      blocks: DEV,
      fs: 'dev',
    },
    {
      device: 'devpts',
      dir: '/dev/pts',
      type: 'devpts',
      options: 'rw,nosuid,noexec,relatime,gid=5,mode=620,ptmxmode=666',
      fs: 'devpts',
    },
    {
      device: 'mqueue',
      dir: '/dev/mqueue',
      type: 'mqueue',
      options: 'rw,nosuid,nodev,noexec,relatime',
      fs: 'mqueue',
    },
    {
      device: 'sysfs',
      dir: '/sys',
      type: 'sysfs',
      options: 'ro,nosuid,nodev,noexec,relatime',
      fs: 'sysfs',
    },
    {
      device: 'cgroup',
      dir: '/sys/fs/cgroup',
      type: 'cgroup2',
      options: 'ro,nosuid,nodev,noexec,relatime',
      fs: 'cgroup',
    },
  ];
  const volume = (m: ContainerFiles['mounts'][number], i: number): MountEntry => {
    const mode = m.readOnly ? 'ro' : 'rw';
    if (!m.memory)
      return {
        device: NODE_DISK,
        dir: m.path,
        type: 'ext4',
        options: `${mode},${DISK_OPTIONS}`,
        blocks: DISK,
        fs: 'disk',
      };
    const used = 4 * fileCount(m.path);
    return {
      device: 'tmpfs',
      dir: m.path,
      type: 'tmpfs',
      options: `${mode},relatime,size=${TMPFS_KI}k`,
      blocks: [TMPFS_KI, used, TMPFS_KI - used],
      fs: `volume-${i}`,
    };
  };
  const disk = (dir: string): MountEntry => ({
    device: NODE_DISK,
    dir,
    type: 'ext4',
    options: `rw,${DISK_OPTIONS}`,
    blocks: DISK,
    fs: 'disk',
  });
  const cri = [
    ...mounts.map(volume),
    ...['/etc/hosts', '/dev/termination-log', '/etc/hostname', '/etc/resolv.conf']
      .filter((p) => !mounts.some((m) => m.path === p))
      .map(disk),
    {
      device: 'shm',
      dir: '/dev/shm',
      type: 'tmpfs',
      options: 'rw,nosuid,nodev,noexec,relatime,size=65536k',
      blocks: DEV,
      fs: 'shm',
    },
  ];
  // Array.prototype.sort is stable, as Go's sort.Stable.
  entries.push(...cri.sort((a, b) => parts(a.dir) - parts(b.dir)));
  for (const dir of ['/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys', '/proc/sysrq-trigger'])
    entries.push({
      device: 'proc',
      dir,
      type: 'proc',
      options: 'ro,nosuid,nodev,noexec,relatime',
      fs: 'proc',
    });
  const masked: [string, boolean][] = [
    ['/proc/acpi', true],
    ['/proc/kcore', false],
    ['/proc/keys', false],
    ['/proc/timer_list', false],
    ['/proc/scsi', true],
    ['/sys/firmware', true],
  ];
  masked.forEach(([dir, directory], i) =>
    entries.push(
      directory
        ? {
            device: 'tmpfs',
            dir,
            type: 'tmpfs',
            options: 'ro,relatime',
            blocks: HALF_MEMORY,
            fs: `masked-${i}`,
          }
        : { ...entries[2], dir },
    ),
  );
  return entries;
}

/** `mount` without arguments (busybox's and util-linux's print the same lines). */
export function mountOutput(entries: MountEntry[]): string {
  return entries.map((e) => `${e.device} on ${e.dir} type ${e.type} (${e.options})\n`).join('');
}

/** The entry whose directory holds `path` (the last of the deepest, as find_mount_point). */
function holding(entries: MountEntry[], path: string): MountEntry | undefined {
  let found: MountEntry | undefined;
  for (const e of entries)
    if (
      (path === e.dir || path.startsWith(e.dir === '/' ? '/' : `${e.dir}/`)) &&
      (!found || e.dir.length >= found.dir.length)
    )
      found = e;
  return found;
}

/** `df [-h] [-k] [-a] [PATH...]` as busybox or GNU coreutils prints it. */
export function dfOutput(
  entries: MountEntry[],
  args: string[],
  busybox: boolean,
): { code: number; out: string; err: string } {
  const flags = args.filter((a) => a.startsWith('-') && a !== '-').join('');
  const human = flags.includes('h');
  const all = flags.includes('a');
  const paths = args.filter((a) => !a.startsWith('-'));
  let err = '';
  let rows: MountEntry[];
  if (paths.length) {
    rows = [];
    for (const p of paths) {
      const e = holding(entries, p.startsWith('/') ? p : `/${p}`);
      if (e) rows.push(e);
      else err += `df: ${p}: can't find mount point\n`;
    }
  } else {
    rows = entries.filter((e) => e.blocks || all);
    // GNU: no pseudo file systems, and one line per file system (the mount nearest the root).
    if (!busybox && !all) {
      const kept = new Map<string, MountEntry>();
      for (const e of rows) {
        const seen = kept.get(e.fs);
        if (!seen || seen.dir.length > e.dir.length) kept.set(e.fs, e);
      }
      rows = rows.filter((e) => kept.get(e.fs) === e);
    }
  }
  const numbers = (e: MountEntry) => {
    const [size, used, avail] = e.blocks ?? [0, 0, 0];
    const total = used + avail;
    const pct = total
      ? busybox
        ? Math.floor((used * 100 + Math.floor(total / 2)) / total)
        : Math.ceil((used * 100) / total)
      : undefined;
    const fmt = (n: number) =>
      human ? (busybox ? busyboxHumanKiB(n) : gnuHumanSize(n * 1024)) : String(n);
    return [
      fmt(size),
      fmt(used),
      fmt(avail),
      pct === undefined ? (busybox ? '0%' : '-') : `${pct}%`,
    ];
  };
  if (busybox) {
    const head = `Filesystem           ${(human ? '     Size' : '1K-blocks').padEnd(15)}Used Available Use% Mounted on\n`;
    const lines = rows.map((e) => {
      const [size, used, avail, pct] = numbers(e);
      const device = e.device.length > 20 ? `${e.device}\n${''.padEnd(20)}` : e.device.padEnd(20);
      return `${device} ${size.padStart(9)} ${used.padStart(9)} ${avail.padStart(9)} ${pct.padStart(4)} ${e.dir}\n`;
    });
    return { code: err ? 1 : 0, out: head + lines.join(''), err };
  }
  const header = [
    'Filesystem',
    human ? 'Size' : '1K-blocks',
    'Used',
    human ? 'Avail' : 'Available',
    'Use%',
    'Mounted on',
  ];
  const table = [header, ...rows.map((e) => [e.device, ...numbers(e), e.dir])];
  const minimum = [14, 5, 5, 5, 4, 0];
  const widths = header.map((_, c) => Math.max(minimum[c], ...table.map((r) => r[c].length)));
  const out = table
    .map((r) =>
      r
        .map((cell, c) =>
          c === 5 ? cell : c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]),
        )
        .join(' '),
    )
    .map((line) => `${line}\n`)
    .join('');
  return {
    code: err ? 1 : 0,
    out,
    err: err.replace(/can't find mount point/g, 'No such file or directory'),
  };
}
