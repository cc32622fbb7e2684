/**
 * `nginx` run inside the nginx image beside its running server: `-v`, `-t` and `-T` check the
 * configuration under /etc/nginx as nginx's parser would report a broken brace or a missing
 * `;` (src/core/ngx_conf_file.c), `-s SIGNAL` signals the master, and a second server cannot
 * bind the port the first one holds. The messages are nginx's own (src/core/nginx.c).
 */
import { defineCommand, type IFileSystem } from 'just-bash';
import { commandResult } from './command-result';
import { nginxTime, nginxVersion } from './container-logs';

const CONF = '/etc/nginx/nginx.conf';

/** The files nginx reads, in the order it reads them: nginx.conf and what it includes. */
async function configFiles(
  fs: IFileSystem,
  path: string,
  out: { path: string; text: string }[],
): Promise<string | undefined> {
  let text: string;
  try {
    text = await fs.readFile(path);
  } catch {
    return `open() "${path}" failed (2: No such file or directory)`;
  }
  out.push({ path, text });
  const problem = syntaxError(text, path);
  if (problem) return problem;
  for (const m of text.matchAll(/^\s*include\s+([^;\s]+)\s*;/gm)) {
    const pattern = m[1].startsWith('/') ? m[1] : `/etc/nginx/${m[1]}`;
    const dir = pattern.slice(0, pattern.lastIndexOf('/'));
    const glob = pattern.slice(pattern.lastIndexOf('/') + 1);
    const names = glob.includes('*')
      ? (await fs.readdir(dir).catch(() => [] as string[]))
          .filter((n) =>
            new RegExp(`^${glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`).test(
              n,
            ),
          )
          .sort()
      : [glob];
    for (const name of names) {
      const error = await configFiles(fs, `${dir}/${name}`, out);
      if (error) return error;
    }
  }
  return undefined;
}

/** ngx_conf_parse's complaints about blocks and directive ends. */
function syntaxError(text: string, path: string): string | undefined {
  let depth = 0;
  let pending = false;
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') line++;
    else if (c === '#') while (i + 1 < text.length && text[i + 1] !== '\n') i++;
    else if (c === "'" || c === '"') {
      const end = text.indexOf(c, i + 1);
      if (end < 0) break;
      line += text.slice(i, end).split('\n').length - 1;
      i = end;
      pending = true;
    } else if (c === ';') pending = false;
    else if (c === '{') {
      depth++;
      pending = false;
    } else if (c === '}') {
      if (pending || depth === 0) return `unexpected "}" in ${path}:${line}`;
      depth--;
    } else if (!/\s/.test(c)) pending = true;
  }
  if (pending) return `unexpected end of file, expecting ";" or "}" in ${path}:${line}`;
  if (depth > 0) return `unexpected end of file, expecting "}" in ${path}:${line}`;
  return undefined;
}

export function nginxCommand(image: string, now: () => number) {
  return defineCommand('nginx', async (args, ctx) => {
    const flags = args.filter((a) => a.startsWith('-'));
    const pid = 30 + (Math.floor(now() / 1000) % 50);
    for (const f of flags)
      if (!['-v', '-V', '-t', '-T', '-q', '-s', '-g', '-c', '-p', '-e', '-h', '-?'].includes(f))
        return commandResult(1, '', `nginx: invalid option: "${f.slice(1)}"\n`);
    if (flags.includes('-v') || flags.includes('-V'))
      return commandResult(0, '', `nginx version: nginx/${nginxVersion(image)}\n`);
    const conf = args.includes('-c') ? (args[args.indexOf('-c') + 1] ?? CONF) : CONF;
    if (flags.includes('-t') || flags.includes('-T')) {
      const files: { path: string; text: string }[] = [];
      const error = await configFiles(ctx.fs, conf, files);
      const quiet = flags.includes('-q');
      if (error)
        return commandResult(
          1,
          '',
          `nginx: [emerg] ${error}\nnginx: configuration file ${conf} test failed\n`,
        );
      return commandResult(
        0,
        flags.includes('-T')
          ? files.map((f) => `# configuration file ${f.path}:\n${f.text}\n`).join('')
          : '',
        quiet
          ? ''
          : `nginx: the configuration file ${conf} syntax is ok\nnginx: configuration file ${conf} test is successful\n`,
      );
    }
    if (flags.includes('-s')) {
      const signal = args[args.indexOf('-s') + 1];
      if (!['stop', 'quit', 'reopen', 'reload'].includes(signal ?? ''))
        return commandResult(1, '', `nginx: invalid option: "-s ${signal ?? ''}"\n`);
      return commandResult(
        0,
        '',
        `${nginxTime(now())} [notice] ${pid}#${pid}: signal process started\n`,
      );
    }
    // Another server: the running one holds port 80 (five tries, as ngx_open_listening_sockets).
    const failure = (address: string) =>
      `${nginxTime(now())} [emerg] ${pid}#${pid}: bind() to ${address} failed (98: Address already in use)\nnginx: [emerg] bind() to ${address} failed (98: Address already in use)\n`;
    const tries = Array.from({ length: 5 }, () => failure('0.0.0.0:80') + failure('[::]:80'));
    return commandResult(
      1,
      '',
      `${tries.join('')}${nginxTime(now())} [emerg] ${pid}#${pid}: still could not bind()\nnginx: [emerg] still could not bind()\n`,
    );
  });
}
