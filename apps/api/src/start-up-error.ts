/**
 * An error that stops the API from starting and that the operator can fix from its message
 * alone (a bad setting, an unreachable database): main prints it as one line, no stack trace.
 */
export class StartUpError extends Error {
  override readonly name = 'StartUpError';
}
