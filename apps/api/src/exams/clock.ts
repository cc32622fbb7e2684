import { Injectable } from '@nestjs/common';

/** setTimeout's longest delay (~24.8 days): farther times are reached in several steps. */
const MAX_DELAY_MS = 2 ** 31 - 1;

/**
 * The server's clock, the only one an exam's time is read from. Injected so that tests can run
 * an exam's hours in milliseconds (test/manual-clock.ts); the candidate's clock is never asked.
 */
@Injectable()
export class Clock {
  now(): number {
    return Date.now();
  }

  /** Calls `fn` once `time` (ms since the epoch) has come; returns a cancel function. */
  at(time: number, fn: () => void): () => void {
    let timer: NodeJS.Timeout | undefined;
    const arm = () => {
      const delay = time - this.now();
      if (delay <= 0 && timer) return fn();
      timer = setTimeout(arm, Math.min(Math.max(0, delay), MAX_DELAY_MS));
      timer.unref();
    };
    arm();
    return () => clearTimeout(timer);
  }
}
