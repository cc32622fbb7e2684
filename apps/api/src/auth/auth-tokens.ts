import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits, URL-safe: what a cookie or an invitation link carries. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Only this is stored: a leaked database does not hand out working sessions. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
