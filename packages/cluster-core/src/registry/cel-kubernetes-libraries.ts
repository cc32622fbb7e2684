/**
 * The Kubernetes CEL libraries admission policies use (k8s.io/apiserver/pkg/cel/library): the
 * string, list and regex functions learners meet most (strings.go, lists.go, regex.go), the
 * quantity library (quantity.go) and the authorizer (authz.go), registered on a cel-js
 * Environment.
 */
import type { Environment } from '@marcbachmann/cel-js';
import { Quantity } from '../api/quantity';
import type { UserInfo } from './types';

/** strings.go, lists.go and regex.go: what cel-js does not have itself. */
function stringsListsRegex(env: Environment): Environment {
  return env
    .registerFunction({
      name: 'replace',
      receiverType: 'string',
      returnType: 'string',
      handler: (s: string, from: string, to: string) => s.split(from).join(to),
      params: [
        { name: 'from', type: 'string' },
        { name: 'to', type: 'string' },
      ],
    })
    .registerFunction({
      name: 'find',
      receiverType: 'string',
      returnType: 'string',
      handler: (s: string, re: string) => new RegExp(re).exec(s)?.[0] ?? '',
      params: [{ name: 'regex', type: 'string' }],
    })
    .registerFunction({
      name: 'findAll',
      receiverType: 'string',
      returnType: 'list',
      handler: (s: string, re: string) => [...s.matchAll(new RegExp(re, 'g'))].map((m) => m[0]),
      params: [{ name: 'regex', type: 'string' }],
    })
    .registerFunction({
      name: 'isSorted',
      receiverType: 'list',
      returnType: 'bool',
      handler: (l: unknown[]) =>
        l.every((v, i) => i === 0 || (l[i - 1] as number) <= (v as number)),
      params: [],
    })
    .registerFunction({
      name: 'sum',
      receiverType: 'list',
      returnType: 'dyn',
      handler: (l: unknown[]) =>
        l.reduce<unknown>(
          (a, b) => (a as number) + (b as number),
          typeof l[0] === 'number' ? 0 : BigInt(0),
        ),
      params: [],
    })
    .registerFunction({
      name: 'min',
      receiverType: 'list',
      returnType: 'dyn',
      handler: (l: unknown[]) => extreme(l, (a, b) => a < b),
      params: [],
    })
    .registerFunction({
      name: 'max',
      receiverType: 'list',
      returnType: 'dyn',
      handler: (l: unknown[]) => extreme(l, (a, b) => a > b),
      params: [],
    });
}

/** k8s.io/apiserver/pkg/cel/library/quantity.go: quantity(), isQuantity() and Quantity's methods. */
function quantityLibrary(env: Environment): Environment {
  const method = (
    name: string,
    returnType: string,
    params: string[],
    handler: (q: Quantity, ...args: never[]) => unknown,
  ) =>
    env.registerFunction({
      name,
      receiverType: 'Quantity',
      returnType,
      handler,
      params: params.map((type, i) => ({ name: `arg${i}`, type })),
    });
  env.registerType('Quantity', Quantity);
  env.registerFunction('quantity(string): Quantity', (s: string) => Quantity.parse(s));
  env.registerFunction('isQuantity(string): bool', (s: string) => {
    try {
      Quantity.parse(s);
      return true;
    } catch {
      return false;
    }
  });
  method('sign', 'int', [], (q) => BigInt(q.sign()));
  method('isInteger', 'bool', [], (q) => q.nanos % 1_000_000_000n === 0n);
  method('asInteger', 'int', [], (q) => {
    if (q.nanos % 1_000_000_000n !== 0n) throw new Error('cannot convert value to integer');
    return q.nanos / 1_000_000_000n;
  });
  method('asApproximateFloat', 'double', [], (q) => q.asApproximateFloat64());
  method('isLessThan', 'bool', ['Quantity'], (q, o: Quantity) => q.cmp(o) < 0);
  method('isGreaterThan', 'bool', ['Quantity'], (q, o: Quantity) => q.cmp(o) > 0);
  method('compareTo', 'int', ['Quantity'], (q, o: Quantity) => BigInt(q.cmp(o)));
  method('add', 'Quantity', ['Quantity'], (q, o: Quantity) => q.add(o));
  method('add', 'Quantity', ['int'], (q, n: bigint) => q.add(Quantity.fromValue(n)));
  method('sub', 'Quantity', ['Quantity'], (q, o: Quantity) => q.sub(o));
  method('sub', 'Quantity', ['int'], (q, n: bigint) => q.sub(Quantity.fromValue(n)));
  return env;
}

/** What an authorization check asks (authorizer.AttributesRecord). */
export interface AuthorizationCheck {
  verb: string;
  group: string;
  resource: string;
  subresource: string;
  namespace: string;
  name: string;
  path?: string;
}

export type Authorize = (
  user: UserInfo,
  check: AuthorizationCheck,
) => { allowed: boolean; reason?: string };

/** k8s.io/apiserver/pkg/cel/library/authz.go: the `authorizer` variable and its checks. */
export class CelAuthorizer {
  /** authorizer.requestResource: a check preset with the request's resource. */
  requestResource?: CelResourceCheck;
  constructor(
    readonly authorizeAs: Authorize,
    /** Whose permissions are checked: the request's user, or authorizer.serviceAccount(...)'s. */
    readonly user: UserInfo,
  ) {}
  authorize(check: AuthorizationCheck): { allowed: boolean; reason?: string } {
    return this.authorizeAs(this.user, check);
  }
}
export class CelGroupCheck {
  constructor(
    readonly authz: CelAuthorizer,
    readonly group: string,
  ) {}
}
export class CelResourceCheck {
  constructor(
    readonly authz: CelAuthorizer,
    readonly attrs: Omit<AuthorizationCheck, 'verb'>,
  ) {}
  with(part: Partial<AuthorizationCheck>): CelResourceCheck {
    return new CelResourceCheck(this.authz, { ...this.attrs, ...part });
  }
}
export class CelPathCheck {
  constructor(
    readonly authz: CelAuthorizer,
    readonly path: string,
  ) {}
}
export class CelDecision {
  constructor(readonly decision: { allowed: boolean; reason?: string }) {}
}

function authorizerLibrary(env: Environment): Environment {
  env
    .registerType('Authorizer', CelAuthorizer)
    .registerType('GroupCheck', CelGroupCheck)
    .registerType('ResourceCheck', CelResourceCheck)
    .registerType('PathCheck', CelPathCheck)
    .registerType('Decision', CelDecision);
  const fn = (
    receiverType: string,
    name: string,
    returnType: string,
    params: string[],
    handler: (...args: never[]) => unknown,
  ) =>
    env.registerFunction({
      name,
      receiverType,
      returnType,
      handler,
      params: params.map((type, i) => ({ name: `arg${i}`, type })),
    });
  fn(
    'Authorizer',
    'group',
    'GroupCheck',
    ['string'],
    (a: CelAuthorizer, g: string) => new CelGroupCheck(a, g),
  );
  fn(
    'Authorizer',
    'path',
    'PathCheck',
    ['string'],
    (a: CelAuthorizer, p: string) => new CelPathCheck(a, p),
  );
  // authorizer.serviceAccount(namespace, name): the same checks for that service account
  fn(
    'Authorizer',
    'serviceAccount',
    'Authorizer',
    ['string', 'string'],
    (a: CelAuthorizer, ns: string, name: string) =>
      new CelAuthorizer(a.authorizeAs, {
        username: `system:serviceaccount:${ns}:${name}`,
        groups: ['system:serviceaccounts', `system:serviceaccounts:${ns}`, 'system:authenticated'],
      }),
  );
  fn(
    'GroupCheck',
    'resource',
    'ResourceCheck',
    ['string'],
    (g: CelGroupCheck, resource: string) =>
      new CelResourceCheck(g.authz, {
        group: g.group,
        resource,
        subresource: '',
        namespace: '',
        name: '',
      }),
  );
  fn(
    'ResourceCheck',
    'subresource',
    'ResourceCheck',
    ['string'],
    (r: CelResourceCheck, v: string) => r.with({ subresource: v }),
  );
  fn('ResourceCheck', 'namespace', 'ResourceCheck', ['string'], (r: CelResourceCheck, v: string) =>
    r.with({ namespace: v }),
  );
  fn('ResourceCheck', 'name', 'ResourceCheck', ['string'], (r: CelResourceCheck, v: string) =>
    r.with({ name: v }),
  );
  fn(
    'ResourceCheck',
    'check',
    'Decision',
    ['string'],
    (r: CelResourceCheck, verb: string) => new CelDecision(r.authz.authorize({ ...r.attrs, verb })),
  );
  fn(
    'PathCheck',
    'check',
    'Decision',
    ['string'],
    (p: CelPathCheck, verb: string) =>
      new CelDecision(
        p.authz.authorize({
          verb,
          path: p.path,
          group: '',
          resource: '',
          subresource: '',
          namespace: '',
          name: '',
        }),
      ),
  );
  fn('Decision', 'allowed', 'bool', [], (d: CelDecision) => d.decision.allowed);
  fn('Decision', 'denied', 'bool', [], (d: CelDecision) => !d.decision.allowed);
  fn('Decision', 'reason', 'string', [], (d: CelDecision) => d.decision.reason ?? '');
  fn('Decision', 'errored', 'bool', [], () => false);
  fn('Decision', 'error', 'string', [], () => '');
  return env;
}

function extreme(list: unknown[], better: (a: number, b: number) => boolean): unknown {
  if (!list.length) throw new Error('min/max of an empty list');
  return list.reduce((a, b) => (better(b as number, a as number) ? b : a));
}

/** Registers every library on `env`. */
export function withKubernetesLibraries(env: Environment): Environment {
  return authorizerLibrary(quantityLibrary(stringsListsRegex(env)));
}
