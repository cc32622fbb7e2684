import type { ExecResult } from 'just-bash';

/** What a simulated command hands back to the shell: its exit code, then what it printed. */
export const commandResult = (code: number, stdout = '', stderr = ''): ExecResult => ({
  stdout,
  stderr,
  exitCode: code,
});
