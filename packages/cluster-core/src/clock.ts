/**
 * The cluster's notion of time. Labs run at real speed; tests advance a manual clock so
 * controllers and kubelets move without waiting.
 */
export interface Clock {
  now(): number;
  /** Runs `fn` after `ms` of this clock's time; returns a cancel function. */
  schedule(ms: number, fn: () => void): () => void;
}

/** setTimeout's limit: longer delays fire at once (a TimeoutOverflowWarning), so they are chained. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

export const realClock: Clock = {
  now: () => Date.now(),
  schedule(ms, fn) {
    const due = Date.now() + ms;
    let timer: NodeJS.Timeout;
    const arm = () => {
      const left = due - Date.now();
      timer = setTimeout(
        left > MAX_TIMEOUT_MS ? arm : fn,
        Math.min(Math.max(left, 0), MAX_TIMEOUT_MS),
      );
      timer.unref?.();
    };
    arm();
    return () => clearTimeout(timer);
  },
};

/** A clock that only moves when told to; timers fire in order during `advance`. */
export class ManualClock implements Clock {
  private current: number;
  private timers: { at: number; seq: number; fn: () => void }[] = [];
  private seq = 0;

  constructor(start = Date.parse('2026-01-01T00:00:00Z')) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  schedule(ms: number, fn: () => void): () => void {
    const timer = { at: this.current + Math.max(0, ms), seq: this.seq++, fn };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((t) => t !== timer);
    };
  }

  /** Moves time forward by `ms`, firing due timers in time order (and those they schedule). */
  async advance(ms: number): Promise<void> {
    const target = this.current + ms;
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.timers[0];
      if (!next || next.at > target) break;
      this.timers.shift();
      this.current = Math.max(this.current, next.at);
      next.fn();
      // Let promise chains started by the timer settle before the next one fires.
      await new Promise((resolve) => setImmediate(resolve));
    }
    this.current = target;
  }
}

/**
 * A cluster's clock: the clock it was given, shifted by an offset a restore sets so that the
 * cluster's time never runs backwards (a snapshot taken at 10:05 of a manual clock restored into
 * a new cluster whose clock says 10:00 goes on from 10:05). Timers are relative, so they move with it.
 */
export class OffsetClock implements Clock {
  /** Milliseconds added to the base clock's time. */
  offsetMs = 0;

  constructor(private readonly base: Clock) {}

  now(): number {
    return this.base.now() + this.offsetMs;
  }

  schedule(ms: number, fn: () => void): () => void {
    return this.base.schedule(ms, fn);
  }

  /** Continues from a snapshot taken at `at` with offset `offsetMs`: never earlier than either. */
  resume(at: number, offsetMs: number): void {
    this.offsetMs = Math.max(this.offsetMs, offsetMs, at - this.base.now());
  }
}

let lastSecond = Number.NaN;
let lastText = '';

/** RFC 3339 with second precision, as metav1.Time marshals (memoized: writes stamp it often). */
export function rfc3339(ms: number): string {
  const second = Math.floor(ms / 1000);
  if (second !== lastSecond) {
    lastSecond = second;
    lastText = new Date(second * 1000).toISOString().replace('.000Z', 'Z');
  }
  return lastText;
}

/** RFC 3339 with microseconds, as metav1.MicroTime marshals. */
export function rfc3339Micro(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}
