import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

// @node-rs/argon2's defaults are argon2id with 19 MiB, 2 iterations, 1 thread: OWASP's
// recommended minimum. The PHC string it returns records the parameters, so they can be raised
// later without breaking the hashes already stored.
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return verify(passwordHash, password);
}

/** 16 URL-safe characters, 96 bits of entropy: easy to copy from a terminal. */
export function generatePassword(): string {
  return randomBytes(12).toString('base64url');
}
