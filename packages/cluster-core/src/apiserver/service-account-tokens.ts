/**
 * Bound service account tokens (TokenRequest, `kubectl create token`): JWTs signed per cluster,
 * accepted back as bearer tokens for the service account they name.
 */
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { KubeObject } from '../api/object';
import type { UserInfo } from '../registry/types';

const ISSUER = 'https://kubernetes.default.svc.cluster.local';

const b64 = (data: string | Buffer) => Buffer.from(data).toString('base64url');

export class ServiceAccountTokens {
  private key = randomBytes(32);

  /** The signing key (base64): what a snapshot keeps so issued tokens stay valid. */
  exportKey(): string {
    return this.key.toString('base64');
  }

  /** Takes over a key saved by `exportKey()` (a restore). */
  importKey(saved: string): void {
    const key = Buffer.from(saved, 'base64');
    if (key.length >= 32) this.key = key;
  }

  /** Signs a token for `sa` valid for `expirationSeconds` from `now` (ms). */
  issue(
    sa: KubeObject,
    opts: {
      audiences?: string[];
      expirationSeconds: number;
      now: number;
      boundObject?: KubeObject;
    },
  ): { token: string; expiresAt: number } {
    const iat = Math.floor(opts.now / 1000);
    const exp = iat + opts.expirationSeconds;
    const claims: Record<string, unknown> = {
      aud: opts.audiences?.length ? opts.audiences : [ISSUER],
      exp,
      iat,
      iss: ISSUER,
      jti: randomUUID(),
      'kubernetes.io': {
        namespace: sa.metadata.namespace,
        serviceaccount: { name: sa.metadata.name, uid: sa.metadata.uid },
        ...(opts.boundObject
          ? {
              [opts.boundObject.kind.toLowerCase()]: {
                name: opts.boundObject.metadata.name,
                uid: opts.boundObject.metadata.uid,
              },
            }
          : {}),
      },
      nbf: iat,
      sub: `system:serviceaccount:${sa.metadata.namespace}:${sa.metadata.name}`,
    };
    const head = `${b64(JSON.stringify({ alg: 'HS256', kid: 'kubebelt' }))}.${b64(JSON.stringify(claims))}`;
    return { token: `${head}.${this.sign(head)}`, expiresAt: exp * 1000 };
  }

  /** The service account user a valid, unexpired token stands for. */
  verify(
    token: string,
    now: number,
    lookup: (namespace: string, name: string) => KubeObject | undefined,
  ): UserInfo | undefined {
    const parts = token.split('.');
    if (parts.length !== 3) return undefined;
    const expected = Buffer.from(this.sign(`${parts[0]}.${parts[1]}`));
    const actual = Buffer.from(parts[2]);
    if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return undefined;
    let claims: {
      exp?: number;
      'kubernetes.io'?: { namespace?: string; serviceaccount?: { name?: string; uid?: string } };
    };
    try {
      claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString());
    } catch {
      return undefined;
    }
    if (!claims.exp || claims.exp * 1000 < now) return undefined;
    const ns = claims['kubernetes.io']?.namespace;
    const sa = claims['kubernetes.io']?.serviceaccount;
    if (!ns || !sa?.name) return undefined;
    // A token dies with its service account (a new one of the same name has a new uid).
    const current = lookup(ns, sa.name);
    if (!current || current.metadata.uid !== sa.uid) return undefined;
    return {
      username: `system:serviceaccount:${ns}:${sa.name}`,
      uid: sa.uid,
      groups: ['system:serviceaccounts', `system:serviceaccounts:${ns}`, 'system:authenticated'],
    };
  }

  private sign(data: string): string {
    return createHmac('sha256', this.key).update(data).digest('base64url');
  }
}
