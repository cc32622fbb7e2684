/**
 * A session's folder under the data directory: the learner's home (kept with the session,
 * across restarts) and the unix sockets its clusters are served on.
 */

import { execFile, execFileSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  readdirSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { mergeKubeconfigs } from '@kubebelt/labs';
import { FIRST_CLUSTER_PORT, type SessionPaths } from '../terminal/sandbox';

const run = promisify(execFile);

const NOBODY = 65534;
const VERSIONED_KUBECTL_DIR = '/usr/lib/google-cloud-sdk/bin';

/**
 * The sandbox binds the home as uid 65534, which must be able to reach it: every folder from
 * the data directory down gets the search bit for others (contents stay unreadable).
 */
export function makeTraversable(dir: string, upTo: string): void {
  let current = dir;
  for (;;) {
    const mode = statSync(current).mode;
    if ((mode & 0o001) === 0) chmodSync(current, (mode & 0o7777) | 0o001);
    if (current === upTo || dirname(current) === current) return;
    current = dirname(current);
  }
}

export function sessionPaths(
  sessionsDir: string,
  sessionId: string,
): SessionPaths & { root: string } {
  const root = join(sessionsDir, sessionId);
  return { root, home: join(root, 'home'), sockets: join(root, 'run') };
}

export interface HomeOptions {
  /** The home as the shell sees it (/home/learner in the sandbox). */
  shellHome: string;
  clusters: KubeconfigCluster[];
  kubernetesVersion: string;
  sandboxed: boolean;
}

/**
 * Writes .kube/config, and .bashrc and the kubectl of the lab's version unless the home has them
 * (a home made ahead by WarmHomes, moved in, has them already); returns whether it wrote them.
 */
export function prepareHome(paths: SessionPaths, options: HomeOptions): boolean {
  mkdirSync(paths.sockets, { recursive: true, mode: 0o755 });
  const fresh = !existsSync(join(paths.home, '.bashrc'));
  if (fresh) writeHomeFiles(paths.home, options.kubernetesVersion);
  else mkdirSync(join(paths.home, '.kube'), { recursive: true });
  // the kubeconfig always follows the session's clusters (their ports and tokens)
  const kubeconfig = join(paths.home, '.kube', 'config');
  writeFileSync(kubeconfig, tokenKubeconfig(options.clusters), { mode: 0o600 });
  if (options.sandboxed && process.getuid?.() === 0) {
    if (fresh) chownTree(paths.home, NOBODY);
    else for (const p of [join(paths.home, '.kube'), kubeconfig]) chownSync(p, NOBODY, NOBODY);
  }
  return fresh;
}

/** What every new home holds besides its kubeconfig: .bashrc, .vimrc, the lab's kubectl and its completion. */
export function writeHomeFiles(home: string, kubernetesVersion: string): void {
  mkdirSync(join(home, '.kube'), { recursive: true });
  writeFileSync(join(home, '.bashrc'), BASHRC);
  writeFileSync(join(home, '.bash_profile'), '[ -f ~/.bashrc ] && . ~/.bashrc\n');
  writeFileSync(
    join(home, '.vimrc'),
    'set expandtab tabstop=2 shiftwidth=2 autoindent\nsyntax on\n',
  );
  const kubectl = kubectlFor(kubernetesVersion);
  mkdirSync(join(home, '.kubebelt', 'bin'), { recursive: true });
  if (kubectl !== 'kubectl') symlinkSync(kubectl, join(home, '.kubebelt', 'bin', 'kubectl'));
  writeFileSync(join(home, '.kubebelt', 'kubectl-completion.bash'), kubectlCompletion(kubectl));
}

/** The kubectl of a lab's Kubernetes version where this machine has it, else the default one. */
export function kubectlFor(kubernetesVersion: string): string {
  const versioned = join(VERSIONED_KUBECTL_DIR, `kubectl.${kubernetesVersion}`);
  return existsSync(versioned) ? versioned : 'kubectl';
}

const completions = new Map<string, string>();

/**
 * `kubectl completion bash`, generated once per kubectl binary: sourcing a file at each shell
 * start is ~70 ms faster than running kubectl there.
 */
function kubectlCompletion(kubectl: string): string {
  let script = completions.get(kubectl);
  if (script === undefined) {
    try {
      script = execFileSync(kubectl, ['completion', 'bash'], { encoding: 'utf8', timeout: 10_000 });
    } catch {
      script = '';
    }
    completions.set(kubectl, script);
  }
  return script;
}

/** Generates the completion scripts of these kubectls now, without blocking (at start-up). */
export async function preloadKubectlCompletions(kubectls: Iterable<string>): Promise<void> {
  for (const kubectl of new Set(kubectls)) {
    if (completions.has(kubectl)) continue;
    const script = await run(kubectl, ['completion', 'bash'], { timeout: 10_000 }).then(
      (r) => r.stdout,
      () => '',
    );
    completions.set(kubectl, script);
  }
}

export interface KubeconfigCluster {
  name: string;
  token: string;
  server: string;
  namespace?: string;
  /** The CA of an HTTPS server (PEM). */
  caCert?: string;
}

/** A kubeconfig with one context per cluster (named after it), each with its bearer token. */
export function tokenKubeconfig(clusters: KubeconfigCluster[]): string {
  return mergeKubeconfigs(
    clusters.map((c) => ({
      name: c.name,
      kubeconfig: JSON.stringify({
        clusters: [{ name: c.name, cluster: clusterEntry(c) }],
        users: [{ name: 'admin', user: { token: c.token } }],
        contexts: [
          {
            name: c.name,
            context: {
              cluster: c.name,
              user: 'admin',
              ...(c.namespace ? { namespace: c.namespace } : {}),
            },
          },
        ],
      }),
    })),
  );
}

function clusterEntry(c: KubeconfigCluster): Record<string, string> {
  if (!c.caCert) return { server: c.server };
  return {
    server: c.server,
    'certificate-authority-data': Buffer.from(c.caCert).toString('base64'),
  };
}

/** The address of cluster `index` inside the sandbox (socat forwards it to the cluster's socket). */
export function sandboxServer(index: number): string {
  return `http://127.0.0.1:${FIRST_CLUSTER_PORT + index}`;
}

/** After the platform wrote into the home (setup.sh as root), the sandboxed learner owns it again. */
export function handHomeToLearner(paths: SessionPaths, sandboxed: boolean): void {
  if (sandboxed && process.getuid?.() === 0) chownTree(paths.home, NOBODY);
}

export function chownTree(path: string, uid: number): void {
  chownSync(path, uid, uid);
  if (!statSync(path).isDirectory()) return;
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const child = join(path, entry.name);
    if (entry.isSymbolicLink()) continue;
    if (entry.isDirectory()) chownTree(child, uid);
    else chownSync(child, uid, uid);
  }
}

const BASHRC = `# kubebelt lab shell
[ -f /etc/bash.bashrc ] && . /etc/bash.bashrc
export KUBECONFIG="$HOME/.kube/config" KUBE_EDITOR=vim EDITOR=vim
alias k=kubectl
# kubectl's completion and the bash-completion helpers it needs are read at the first TAB, not
# at every shell start
__kubebelt_complete() {
  if ! declare -F _get_comp_words_by_ref >/dev/null && [ -f /usr/share/bash-completion/bash_completion ]; then
    . /usr/share/bash-completion/bash_completion
  fi
  . ~/.kubebelt/kubectl-completion.bash
  complete -o default -F __start_kubectl kubectl k
  __start_kubectl "$@"
}
[ -f ~/.kubebelt/kubectl-completion.bash ] && complete -o default -F __kubebelt_complete kubectl k
# the current context, read from the kubeconfig (cheaper than running kubectl at every prompt)
__kubebelt_context() { sed -n 's/^current-context: *//p' "$KUBECONFIG" 2>/dev/null; }
PS1='\\[\\e[1;36m\\]($(__kubebelt_context))\\[\\e[0m\\] \\[\\e[1;32m\\]learner@kubebelt\\[\\e[0m\\]:\\[\\e[1;34m\\]\\w\\[\\e[0m\\]\\$ '
`;
