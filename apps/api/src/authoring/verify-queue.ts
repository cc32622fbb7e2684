/**
 * Verify runs are heavy (a cluster for the solution and one per mistake, all in this process):
 * at most `slots` at once, the others wait their turn in order.
 */
export class VerifyQueue {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly slots: number) {}

  /** Runs `job` when a slot is free; `onQueued` is told its place while it waits. */
  async run<T>(job: () => Promise<T>, onQueued: (position: number) => void): Promise<T> {
    if (this.running >= this.slots) {
      onQueued(this.waiting.length + 1);
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    this.running++;
    try {
      return await job();
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }
}
