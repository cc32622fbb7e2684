import { Injectable } from '@nestjs/common';

const WINDOW_MS = 15 * 60_000;
const MAX_FAILURES = 10;

/**
 * Failed sign-ins per account: after 10 in 15 minutes the account's sign-in is refused until
 * the oldest failure ages out, whatever the IP (per-IP limits are @nestjs/throttler's).
 * In memory, per process: a replica restart forgets it, which only shortens a lock-out.
 */
@Injectable()
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  /** Seconds until the account may try again, or 0. */
  retryAfter(email: string, now = Date.now()): number {
    const recent = this.recent(email, now);
    if (recent.length < MAX_FAILURES) return 0;
    return Math.ceil((recent[0] + WINDOW_MS - now) / 1000);
  }

  recordFailure(email: string, now = Date.now()): void {
    this.failures.set(email, [...this.recent(email, now), now]);
  }

  recordSuccess(email: string): void {
    this.failures.delete(email);
  }

  private recent(email: string, now: number): number[] {
    return (this.failures.get(email) ?? []).filter((t) => t > now - WINDOW_MS);
  }
}
