/**
 * Things made before the sessions that take them (clusters, homes), kept per kind for the kinds
 * asked for last. A taken one is replaced a moment later, so that the replacement does not
 * compete with the start that took it; one is made at a time.
 */
export interface MadeAheadOptions<K, T> {
  /** How many are kept ready per kind (0: nothing is made ahead). */
  size: number;
  /** How many kinds are kept: the ones asked for last. */
  kinds: number;
  refillDelayMs: number;
  keyOf(kind: K): string;
  make(kind: K): T | Promise<T>;
  /** Lets go of one nobody took (a kind no longer kept, or at close). */
  discard(item: T): void;
  /** Told once when one cannot be made; nothing more is made then. */
  report?(error: Error): void;
}

export class MadeAhead<K, T> {
  private readonly ready = new Map<string, T[]>();
  /** Kinds wanted, the one asked for last first. */
  private readonly wanted: K[] = [];
  private refill?: NodeJS.Timeout;
  private filling = false;
  private stopped = false;

  constructor(private readonly options: MadeAheadOptions<K, T>) {}

  /** Starts making these kinds (the most wanted first). */
  start(kinds: K[]): void {
    for (const kind of [...kinds].reverse()) this.want(kind);
    this.scheduleRefill();
  }

  /** One of this kind made earlier, if one is ready; the kind is wanted from now on either way. */
  take(kind: K): T | undefined {
    if (this.options.size === 0 || this.stopped) return undefined;
    this.want(kind);
    this.scheduleRefill();
    return this.ready.get(this.options.keyOf(kind))?.shift();
  }

  /** How many are ready now. */
  count(): number {
    return [...this.ready.values()].reduce((n, list) => n + list.length, 0);
  }

  /** Stops making more and discards what nobody took. */
  close(): void {
    this.stopped = true;
    if (this.refill) clearTimeout(this.refill);
    for (const item of [...this.ready.values()].flat()) this.options.discard(item);
    this.ready.clear();
  }

  private want(kind: K): void {
    const { keyOf } = this.options;
    const at = this.wanted.findIndex((k) => keyOf(k) === keyOf(kind));
    if (at >= 0) this.wanted.splice(at, 1);
    this.wanted.unshift(kind);
    for (const dropped of this.wanted.splice(this.options.kinds)) {
      for (const item of this.ready.get(keyOf(dropped)) ?? []) this.options.discard(item);
      this.ready.delete(keyOf(dropped));
    }
  }

  private scheduleRefill(): void {
    if (this.refill || this.filling || this.stopped || this.options.size === 0) return;
    this.refill = setTimeout(() => {
      this.refill = undefined;
      void this.makeOne();
    }, this.options.refillDelayMs);
    this.refill.unref();
  }

  private async makeOne(): Promise<void> {
    const { keyOf, size } = this.options;
    const kind = this.wanted.find((k) => (this.ready.get(keyOf(k))?.length ?? 0) < size);
    if (!kind || this.stopped) return;
    this.filling = true;
    try {
      const item = await this.options.make(kind);
      if (this.stopped || !this.wanted.some((k) => keyOf(k) === keyOf(kind)))
        this.options.discard(item);
      else this.ready.set(keyOf(kind), [...(this.ready.get(keyOf(kind)) ?? []), item]);
    } catch (error) {
      this.stopped = true;
      this.options.report?.(error as Error);
      return;
    } finally {
      this.filling = false;
    }
    this.scheduleRefill();
  }
}
