import type { Clock } from '../src/exams/clock';

/**
 * Takes over the app's Clock: time stands still until advanced, and timers due by then fire,
 * so that an exam's ten minutes pass in a test at once (and the candidate cannot tell).
 */
export class ManualClock {
  private time: number;
  private timers: { at: number; fn: () => void; cancelled: boolean }[] = [];

  constructor(clock: Clock, start = Date.now()) {
    this.time = start;
    clock.now = () => this.time;
    clock.at = (at, fn) => {
      const timer = { at, fn, cancelled: false };
      this.timers.push(timer);
      return () => {
        timer.cancelled = true;
      };
    };
  }

  advance(ms: number): void {
    this.time += ms;
    const due = this.timers.filter((t) => t.at <= this.time && !t.cancelled);
    this.timers = this.timers.filter((t) => !due.includes(t));
    for (const t of due) t.fn();
  }
}
