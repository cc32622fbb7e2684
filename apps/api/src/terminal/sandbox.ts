/**
 * The learner's shell: bubblewrap as uid 65534 with its own mount, pid, ipc, uts and network
 * namespaces, a read-only /usr, a private writable home, and no network but the session's
 * clusters, reached through one unix socket each (socat maps them to 127.0.0.1:6443, 6444, ...).
 * Without bubblewrap, on a loopback-only server (a learner's own laptop), the shell runs as the
 * server's user with the same home and kubeconfig.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const SANDBOX_HOME = '/home/learner';
export const SANDBOX_SOCKETS = '/run/kubebelt';
export const FIRST_CLUSTER_PORT = 6443;

export type SandboxMode = 'bwrap' | 'none' | 'refused';

export interface SandboxStatus {
  mode: SandboxMode;
  /** Why terminals are unsandboxed or refused. */
  reason?: string;
}

export interface ShellCommand {
  file: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
}

export interface SessionPaths {
  home: string;
  sockets: string;
}

const LOOPBACK = /^(127\.|::1$|localhost$)/;

/** Decides once, at start-up, how terminals run here. */
export function detectSandbox(
  setting: 'auto' | 'bwrap' | 'none',
  host: string | undefined,
): SandboxStatus {
  const loopback = !!host && LOOPBACK.test(host);
  const probe = probeBubblewrap();
  if (setting !== 'none' && probe.usable) return { mode: 'bwrap' };
  const why = setting === 'none' ? 'KUBEBELT_SANDBOX=none' : probe.reason;
  if (setting === 'bwrap')
    return { mode: 'refused', reason: `KUBEBELT_SANDBOX=bwrap but ${probe.reason}` };
  if (loopback)
    return {
      mode: 'none',
      reason: `terminals run unsandboxed as the server's user (${why}); fine on a laptop, install bubblewrap and socat for a shared server`,
    };
  return {
    mode: 'refused',
    reason: `terminals are refused on ${host ?? 'every interface'} without a sandbox (${why}): install the bubblewrap and socat packages (apt-get install -y bubblewrap socat)`,
  };
}

function probeBubblewrap(): { usable: boolean; reason?: string } {
  for (const tool of ['bwrap', 'socat']) {
    if (!['/usr/bin', '/usr/local/bin', '/bin'].some((d) => existsSync(join(d, tool))))
      return { usable: false, reason: `${tool} is not installed` };
  }
  const result = spawnSync('bwrap', [...isolation(), '--', '/bin/true'], { timeout: 5_000 });
  if (result.status === 0) return { usable: true };
  return {
    usable: false,
    reason: `bwrap cannot create a sandbox here: ${String(result.stderr).trim() || `exit ${result.status}`}`,
  };
}

/** Namespaces and the read-only system the shell sees (PLATFORM.md's recipe). */
function isolation(): string[] {
  const args = [
    '--unshare-all',
    '--die-with-parent',
    '--ro-bind',
    '/usr',
    '/usr',
    '--symlink',
    'usr/bin',
    '/bin',
    '--symlink',
    'usr/lib',
    '/lib',
    '--symlink',
    'usr/lib64',
    '/lib64',
    '--symlink',
    'usr/sbin',
    '/sbin',
    '--proc',
    '/proc',
    '--dev',
    '/dev',
    '--tmpfs',
    '/tmp',
  ];
  for (const path of [
    '/etc/passwd',
    '/etc/group',
    '/etc/ssl',
    '/etc/alternatives',
    '/etc/bash.bashrc',
    '/etc/inputrc',
    '/etc/vim',
    '/etc/nanorc',
    '/etc/terminfo',
    '/etc/bash_completion.d',
  ])
    args.push('--ro-bind-try', path, path);
  return args;
}

/** `bash -i` (no script) or `bash -c script` for the session, in its sandbox or not. */
export function shellCommand(
  mode: 'bwrap' | 'none',
  paths: SessionPaths,
  clusters: string[],
  script?: string,
): ShellCommand {
  const bash = script === undefined ? ['-i'] : ['-c', script];
  if (mode === 'none') {
    return { file: '/bin/bash', args: bash, env: shellEnv(paths.home), cwd: paths.home };
  }
  const forwards = clusters
    .map(
      (name, i) =>
        `socat TCP-LISTEN:${FIRST_CLUSTER_PORT + i},bind=127.0.0.1,fork,reuseaddr UNIX-CONNECT:${SANDBOX_SOCKETS}/${name}.sock &`,
    )
    .join(' ');
  // wait for the forwards to listen before the first prompt (a learner may type at once)
  const ready = clusters
    .map(
      (_n, i) =>
        `for _ in $(seq 250); do (exec 3<>/dev/tcp/127.0.0.1/${FIRST_CLUSTER_PORT + i}) 2>/dev/null && break; sleep 0.004; done`,
    )
    .join('; ');
  const run =
    script === undefined ? 'exec /bin/bash -i' : `exec /bin/bash -c ${shellQuote(script)}`;
  const inner = `${forwards} ${ready}; ${run}`;
  const bwrap = [
    ...isolation(),
    '--bind',
    paths.home,
    SANDBOX_HOME,
    '--bind',
    paths.sockets,
    SANDBOX_SOCKETS,
    '--chdir',
    SANDBOX_HOME,
    '--clearenv',
    ...Object.entries(shellEnv(SANDBOX_HOME)).flatMap(([k, v]) => ['--setenv', k, v]),
    '--',
    '/bin/bash',
    '-c',
    inner,
  ];
  // as root, drop to nobody first (uid 65534, no groups); otherwise the server's user runs it
  const asRoot = process.getuid?.() === 0;
  return asRoot
    ? {
        file: '/usr/bin/setpriv',
        args: ['--reuid=65534', '--regid=65534', '--clear-groups', 'bwrap', ...bwrap],
        env: { PATH: '/usr/bin:/bin' },
        cwd: '/',
      }
    : { file: 'bwrap', args: bwrap, env: { PATH: '/usr/bin:/bin' }, cwd: '/' };
}

/** The shell's environment (a workstation's shells get the same). */
export function shellEnv(home: string): Record<string, string> {
  return {
    HOME: home,
    USER: 'learner',
    PATH: `${home}/.kubebelt/bin:/usr/local/bin:/usr/bin:/bin`,
    TERM: 'xterm-256color',
    LANG: 'C.UTF-8',
    KUBECONFIG: `${home}/.kube/config`,
    KUBE_EDITOR: 'vim',
    EDITOR: 'vim',
  };
}

export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
