/**
 * A rate-limited work queue as client-go's workqueue: keys are de-duplicated while waiting,
 * a key being processed is never processed twice at once (re-adds during processing run it
 * again afterwards), failures back off per key, and `addAfter` waits on the cluster clock.
 *
 * Nothing runs while the queue is empty: no polling, no timers except pending delays.
 */
import type { Clock } from '../clock';

/** client-go's DefaultControllerRateLimiter starts at 5 ms and doubles; we cap lower (in-memory store). */
const BASE_BACKOFF_MS = 5;
const MAX_BACKOFF_MS = 10_000;

export type Processor = (key: string) => Promise<void>;

export class WorkQueue {
  private readonly queue: string[] = [];
  private readonly waiting = new Set<string>();
  private readonly processing = new Set<string>();
  private readonly dirtyWhileProcessing = new Set<string>();
  private readonly delayed = new Map<string, { at: number; cancel: () => void }>();
  private readonly failures = new Map<string, number>();
  private draining = false;
  private stopped = false;

  constructor(
    private readonly clock: Clock,
    private readonly process: Processor,
    /** Defers a drain to a later turn of the event loop (never a timer on the cluster clock). */
    private readonly defer: (fn: () => void) => void,
  ) {}

  add(key: string): void {
    if (this.stopped) return;
    if (this.processing.has(key)) {
      this.dirtyWhileProcessing.add(key);
      return;
    }
    if (this.waiting.has(key)) return;
    this.waiting.add(key);
    this.queue.push(key);
    this.scheduleDrain();
  }

  /** Adds `key` after `ms` of clock time; an earlier pending delay for the key wins. */
  addAfter(key: string, ms: number): void {
    if (this.stopped) return;
    if (ms <= 0) {
      this.add(key);
      return;
    }
    const at = this.clock.now() + ms;
    const pending = this.delayed.get(key);
    if (pending && pending.at <= at) return;
    pending?.cancel();
    const cancel = this.clock.schedule(ms, () => {
      if (this.delayed.get(key)?.cancel === cancel) this.delayed.delete(key);
      this.add(key);
    });
    this.delayed.set(key, { at, cancel });
  }

  /** Requeues after a failure with per-key exponential backoff. */
  addRateLimited(key: string): void {
    const n = this.failures.get(key) ?? 0;
    this.failures.set(key, n + 1);
    this.addAfter(key, Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** n));
  }

  /** Clears the failure count of a key that processed cleanly. */
  forget(key: string): void {
    this.failures.delete(key);
  }

  get length(): number {
    return this.queue.length;
  }

  /** Whether anything is queued or being processed (pending delays excluded). */
  busy(): boolean {
    return this.queue.length > 0 || this.processing.size > 0;
  }

  stop(): void {
    this.stopped = true;
    for (const { cancel } of this.delayed.values()) cancel();
    this.delayed.clear();
    this.queue.length = 0;
    this.waiting.clear();
  }

  private scheduleDrain(): void {
    if (this.draining) return;
    this.draining = true;
    this.defer(() => void this.drain());
  }

  private async drain(): Promise<void> {
    try {
      // A bounded batch per turn keeps one busy cluster from starving the others.
      for (let i = 0; i < 200 && this.queue.length && !this.stopped; i++) {
        const key = this.queue.shift() as string;
        this.waiting.delete(key);
        this.processing.add(key);
        try {
          await this.process(key);
        } finally {
          this.processing.delete(key);
          if (this.dirtyWhileProcessing.delete(key)) this.add(key);
        }
      }
    } finally {
      this.draining = false;
      if (this.queue.length && !this.stopped) this.scheduleDrain();
    }
  }
}
