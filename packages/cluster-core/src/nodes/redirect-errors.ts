/**
 * A redirection the kernel refuses (`echo x > /etc/foo/y` onto a read-only volume, into a
 * directory that does not exist) fails that one command, with the image's shell's message, and
 * the script goes on: POSIX 2.8.1, a redirection error of a command that is not a special
 * built-in does not end a non-interactive shell.
 *
 * just-bash lets the error of opening such a target escape the whole script
 * (interpreter/redirections.ts openOutputEntry with handleWriteError=false for fds 0-2), but it
 * does turn a failed check of the target into the command's error ("cannot open redirect
 * target", status 1). So a transform plugin sends every output redirection's target through
 * `__kubebelt_redirect`, which answers the target itself, or a marker path that names why it
 * cannot be opened; ContainerFs fails the check of a marker path, and redirectMessages() writes
 * the marker's message as the image's shell prints it.
 */
import type { CustomCommand, ScriptNode, TransformPlugin, WordNode } from 'just-bash';
import { defineCommand } from 'just-bash';

export type OpenError = 'EROFS' | 'ENOENT' | 'ENOTDIR' | 'EISDIR';

const COMMAND = '__kubebelt_redirect';
/**
 * The start of a marker path: `/.kubebelt-unopenable/REASON/LINE/TARGET`, the target encoded as
 * one path segment (the interpreter normalises the path it checks: `..` must not climb out).
 */
export const MARKER = '/.kubebelt-unopenable/';
const OUTPUT_OPERATORS = new Set(['>', '>>', '>|', '&>', '&>>']);

/** Where a redirection target is one the interpreter treats itself, checking it costs a subshell for nothing. */
const literalSpecial = (word: WordNode) =>
  word.parts.every((p) => p.type === 'Literal' || p.type === 'SingleQuoted') &&
  /^\/(dev|proc)\//.test(word.parts.map((p) => (p as { value: string }).value).join(''));

const literal = (value: string): WordNode => ({
  type: 'Word',
  parts: [{ type: 'Literal', value }],
});

/** `"$(__kubebelt_redirect LINE WORD)"`: the target as the shell expands it, checked when the redirection is made. */
function checkedTarget(word: WordNode, line: number): WordNode {
  const body: ScriptNode = {
    type: 'Script',
    statements: [
      {
        type: 'Statement',
        background: false,
        operators: [],
        pipelines: [
          {
            type: 'Pipeline',
            negated: false,
            commands: [
              {
                type: 'SimpleCommand',
                assignments: [],
                name: literal(COMMAND),
                args: [literal(String(line)), word],
                redirections: [],
              },
            ],
          },
        ],
      },
    ],
  };
  return {
    type: 'Word',
    parts: [
      { type: 'DoubleQuoted', parts: [{ type: 'CommandSubstitution', legacy: false, body }] },
    ],
  };
}

/** The plugin that routes every output redirection's target through the check. */
export const redirectChecks: TransformPlugin = {
  name: 'kubebelt-redirect-checks',
  transform({ ast }) {
    let line = 1;
    const visit = (node: unknown): void => {
      if (!node || typeof node !== 'object') return;
      if (Array.isArray(node)) {
        for (const n of node) visit(n);
        return;
      }
      const n = node as {
        type?: string;
        line?: number;
        operator?: string;
        target?: WordNode | { type: string };
      };
      if (n.line) line = n.line;
      if (
        n.type === 'Redirection' &&
        OUTPUT_OPERATORS.has(n.operator ?? '') &&
        n.target?.type === 'Word' &&
        !literalSpecial(n.target as WordNode)
      ) {
        n.target = checkedTarget(n.target as WordNode, line);
        return;
      }
      for (const value of Object.values(node)) visit(value);
    };
    visit(ast);
    return { ast };
  },
};

/** The command the checked targets call: the target, or the marker of why it cannot be opened. */
export function redirectCommand(
  openError: (target: string, cwd: string) => Promise<OpenError | undefined>,
): CustomCommand {
  return defineCommand(COMMAND, async (args, ctx) => {
    const [line, ...words] = args;
    // Unquoted words that split stay one target (bash would call it an ambiguous redirect).
    const target = words.join(' ');
    const reason = target ? await openError(target, ctx.cwd) : undefined;
    return {
      stdout: reason
        ? `${MARKER}${reason}/${line}/${encodeURIComponent(target).replace(/\./g, '%2E')}`
        : target,
      stderr: '',
      exitCode: 0,
    };
  });
}

export interface RedirectContext {
  /** Lines cluster-core put before the script (`set -- ARGS`). */
  lineOffset?: number;
  /** An interactive shell: bash names no line. */
  interactive?: boolean;
}

const STRERROR: Record<OpenError, string> = {
  EROFS: 'Read-only file system',
  ENOENT: 'No such file or directory',
  ENOTDIR: 'Not a directory',
  EISDIR: 'Is a directory',
};

/**
 * just-bash's `bash: MARKER: cannot open redirect target` as the image's shell prints the failed
 * open: busybox ash's `can't create %s: %s` with "nonexistent directory" for ENOENT/ENOTDIR
 * (shell/ash.c openredirect, errmsg), dash's `cannot create %s: %s` with "Directory
 * nonexistent" (src/redir.c, E_CREAT), bash's `FILE: strerror` (redir.c redirection_error).
 */
export function redirectMessages(
  text: string,
  busybox: boolean,
  shell: string,
  context: RedirectContext = {},
): string {
  if (!text.includes(MARKER)) return text;
  return (
    text
      // `set -x` would show the check itself.
      .replace(new RegExp(`^\\++ ${COMMAND} .*\\n`, 'gm'), '')
      .replace(
        /^bash: \/\.kubebelt-unopenable\/(\w+)\/(\d+)\/(\S*): cannot open redirect target$/gm,
        (_m, reason: OpenError, n: string, encoded: string) => {
          const target = decodeURIComponent(encoded);
          const line = Math.max(1, Number(n) - (context.lineOffset ?? 0));
          const missing = reason === 'ENOENT' || reason === 'ENOTDIR';
          if (busybox)
            return `sh: can't create ${target}: ${missing ? 'nonexistent directory' : STRERROR[reason]}`;
          if (shell === 'bash')
            return `bash: ${context.interactive ? '' : `line ${line}: `}${target}: ${STRERROR[reason]}`;
          return `sh: ${line}: cannot create ${target}: ${missing ? 'Directory nonexistent' : STRERROR[reason]}`;
        },
      )
  );
}
