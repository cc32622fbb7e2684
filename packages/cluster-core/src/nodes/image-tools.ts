/**
 * Which commands a catalogue image has: busybox and alpine carry busybox's applets (ps, df,
 * nc, nslookup, wget, but no bash and no curl); Debian-based images (nginx, httpd, redis, the
 * language images) have bash and coreutils but no ps, wget or nslookup; some add curl.
 */
import type { CommandName } from 'just-bash';
import { type ImageInfo, resolveImage } from './image-catalogue';

export type ImageFlavour = 'busybox' | 'debian';

/** just-bash commands both userlands have. */
const CORE: CommandName[] = [
  'echo',
  'cat',
  'printf',
  'ls',
  'mkdir',
  'mktemp',
  'rmdir',
  'touch',
  'rm',
  'cp',
  'mv',
  'ln',
  'chmod',
  'pwd',
  'readlink',
  'head',
  'tail',
  'wc',
  'stat',
  'grep',
  'fgrep',
  'egrep',
  'sed',
  'awk',
  'sort',
  'uniq',
  'comm',
  'cut',
  'paste',
  'tr',
  'nl',
  'fold',
  'expand',
  'unexpand',
  'split',
  'tee',
  'find',
  'basename',
  'dirname',
  'du',
  'env',
  'printenv',
  'xargs',
  'true',
  'false',
  'yes',
  'clear',
  'sh',
  'date',
  'sleep',
  'timeout',
  'seq',
  'expr',
  'md5sum',
  'sha1sum',
  'sha256sum',
  'tac',
  'od',
  'gzip',
  'gunzip',
  'zcat',
  'tar',
  'base64',
  'diff',
  'which',
  'hostname',
  'whoami',
];
const BUSYBOX_BUILTINS: CommandName[] = [...CORE, 'rev', 'strings'];
const DEBIAN_BUILTINS: CommandName[] = [...CORE, 'bash', 'join'];

/** Commands cluster-core adds (container-bash.ts), by userland. */
const BUSYBOX_EXTRA = ['tar', 'ps', 'df', 'mount', 'nc', 'nslookup', 'wget', 'ping', 'id', 'uname'];
const DEBIAN_EXTRA = ['tar', 'df', 'mount', 'id', 'uname'];

export interface ImageTools {
  info?: ImageInfo;
  flavour: ImageFlavour;
  entrypoint: string[];
  cmd: string[];
  /** just-bash's built-in commands the image has. */
  builtins: CommandName[];
  /** Every command name the image has, built-in or added. */
  commands: Set<string>;
}

/** Images built FROM scratch: a single static binary and no shell or userland at all. */
const SCRATCH = new Set(['docker.io/hashicorp/http-echo', 'registry.k8s.io/liveness']);
/** Images built on Alpine whose repository name does not say so. */
const ALPINE_BASED = new Set([
  'docker.io/alpine/socat',
  'docker.io/corelab/gb-frontend',
  'docker.io/curlimages/curl',
]);

export function imageFlavour(image: string): ImageFlavour {
  const repo = resolveImage(image)?.info?.repository ?? '';
  return /\/(busybox|alpine|busyboxplus)$/.test(repo) ||
    ALPINE_BASED.has(repo) ||
    /-alpine|^alpine/.test(image.split(':')[1] ?? '')
    ? 'busybox'
    : 'debian';
}

export function imageTools(image: string): ImageTools {
  const info = resolveImage(image)?.info;
  const repo = info?.repository ?? '';
  const flavour = imageFlavour(image);
  if (SCRATCH.has(repo))
    return {
      info,
      flavour,
      entrypoint: info?.entrypoint ?? [],
      cmd: info?.cmd ?? [],
      builtins: [],
      commands: new Set(),
    };
  const builtins = flavour === 'busybox' ? BUSYBOX_BUILTINS : DEBIAN_BUILTINS;
  const commands = new Set<string>([
    ...builtins,
    ...(flavour === 'busybox' ? BUSYBOX_EXTRA : DEBIAN_EXTRA),
    'ash',
    // A shell builtin (just-bash has none; container-bash.ts adds one).
    'trap',
  ]);
  if (flavour === 'busybox') commands.delete('bash');
  if (/\/(nginx|python|node|golang|netshoot|curl|busyboxplus)$/.test(repo)) commands.add('curl');
  // nginx's binary answers -v, -t, -T and -s beside the running server (nginx-command.ts).
  if (/\/nginx$/.test(repo) && flavour === 'debian') commands.add('nginx');
  if (/\/netshoot$/.test(repo))
    for (const t of ['wget', 'nslookup', 'ping', 'ps', 'nc']) commands.add(t);
  return {
    info,
    flavour,
    entrypoint: info?.entrypoint ?? [],
    cmd: info?.cmd ?? [],
    builtins,
    commands,
  };
}
