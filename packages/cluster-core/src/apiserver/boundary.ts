/**
 * The boundary of one cluster in a process that hosts many: whatever goes wrong inside a
 * request, a streaming connection or a timer of one cluster is answered there (a 500 Status as
 * kube-apiserver's panic recovery writes it, or a dropped connection), logged once, and the
 * process and every other cluster go on (apiserver filters/wrap.go WithPanicRecovery,
 * apimachinery runtime.HandleCrash).
 */
import type { ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { internalError } from '../api/errors';
import type { Clock } from '../clock';
import { sendJson } from './http';

/** Where a cluster's unexpected errors go; `where` says what was running (a request, a stream, a timer). */
export type ErrorReporter = (err: unknown, where: string) => void;

export function consoleReporter(cluster: string): ErrorReporter {
  return (err, where) => console.error(`[cluster ${cluster}] ${where}:`, err);
}

/**
 * Runs one request's work, synchronous or not. An error that escapes it is reported and
 * answered with a 500 "Internal error" Status if nothing was written yet; otherwise the
 * connection is dropped, as a Go handler's panic aborts a response already started.
 */
export function guardRequest(
  report: ErrorReporter,
  where: string,
  res: ServerResponse,
  work: () => Promise<void> | void,
): void {
  const fail = (err: unknown) => {
    report(err, where);
    try {
      if (!res.headersSent) sendJson(res, 500, internalError(err).toStatus());
      else res.destroy();
    } catch {
      res.destroy();
    }
  };
  try {
    const done = work();
    if (done) done.catch(fail);
  } catch (err) {
    fail(err);
  }
}

/** The same for an upgrade request: the raw socket is all there is to close. */
export function guardConnection(
  report: ErrorReporter,
  where: string,
  socket: Duplex,
  work: () => Promise<void> | void,
): void {
  const fail = (err: unknown) => {
    report(err, where);
    socket.destroy();
  };
  try {
    const done = work();
    if (done) done.catch(fail);
  } catch (err) {
    fail(err);
  }
}

/** A clock whose timers report what their callbacks throw instead of ending the process. */
export function guardedClock(clock: Clock, report: ErrorReporter): Clock {
  return {
    now: () => clock.now(),
    schedule: (ms, fn) =>
      clock.schedule(ms, () => {
        try {
          fn();
        } catch (err) {
          report(err, 'timer');
        }
      }),
  };
}
