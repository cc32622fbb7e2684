import type { Account } from '../database/prisma-client';

/** Who made a request: their account and the session token's hash (for logout). */
export interface SignedIn {
  account: Account;
  sessionId: string;
}

export const SESSION_COOKIE = 'kubebelt_session';
