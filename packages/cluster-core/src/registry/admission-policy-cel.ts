/**
 * CEL for admission policies (k8s.io/apiserver/pkg/admission/plugin/cel): expressions compiled
 * and run with @marcbachmann/cel-js, the library the lab grader uses, over the variables a
 * ValidatingAdmissionPolicy declares (object, oldObject, request, params, namespaceObject,
 * variables, authorizer), with the Kubernetes string, list and regex library functions learners
 * meet most, and errors worded as cel-go's where they reach the user.
 */
import { type ASTNode, Environment } from '@marcbachmann/cel-js';
import { Quantity } from '../api/quantity';
import type { UserInfo } from './types';

/** What an expression compiled to: a function of the variables, or cel-go's compile error. */
export interface CompiledExpression {
  expression: string;
  /** `compilation failed: ERROR: <input>:1:7: ...` as cel-go words it. */
  error?: string;
  ast?: ASTNode;
  /** The type the checker inferred (`bool`, `string`, `dyn`, ...). */
  outputType?: string;
  run?(variables: Record<string, unknown>): unknown;
}

const BASE_VARIABLES = [
  'object',
  'oldObject',
  'request',
  'namespaceObject',
  'authorizer',
  'variables',
];

function library(env: Environment): Environment {
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

const environments = new Map<string, Environment>();

/** One environment per set of declared variables (params only when the policy has a paramKind). */
function environmentFor(hasParams: boolean): Environment {
  const key = hasParams ? 'params' : 'plain';
  let env = environments.get(key);
  if (!env) {
    env = authorizerLibrary(
      quantityLibrary(
        library(
          new Environment({ enableOptionalTypes: true, homogeneousAggregateLiterals: false }),
        ),
      ),
    );
    for (const name of hasParams ? [...BASE_VARIABLES, 'params'] : BASE_VARIABLES)
      env.registerVariable(name, 'dyn');
    environments.set(key, env);
  }
  return env;
}

/** cel-go's caret display: the line, then dots up to the column. */
export function caret(
  expression: string,
  offset: number,
): { line: number; column: number; text: string } {
  const before = expression.slice(0, offset);
  const line = before.split('\n').length;
  const lineStart = before.lastIndexOf('\n') + 1;
  const column = offset - lineStart + 1;
  const lineText = expression.split('\n')[line - 1] ?? '';
  return { line, column, text: `\n | ${lineText}\n | ${'.'.repeat(column - 1)}^` };
}

/** cel-js's wording of an error where cel-go's differs. */
function celGoWording(summary: string): string {
  const unknown = /^Unknown variable: (.*)$/.exec(summary);
  if (unknown) return `undeclared reference to '${unknown[1]}' (in container '')`;
  if (/^No such key: /.test(summary)) return `n${summary.slice(1)}`;
  return summary;
}

interface CelError {
  summary?: string;
  message: string;
  node?: { pos?: number; start?: number };
  range?: { start: number };
}

function summaryOf(err: unknown): string {
  const e = err as CelError;
  return celGoWording((e.summary ?? e.message ?? String(err)).split('\n')[0]);
}

const compiled = new Map<string, CompiledExpression>();

/** Compiles (parses and checks) an expression once per process; the result is shared. */
export function compile(expression: string, hasParams: boolean): CompiledExpression {
  const key = `${hasParams}\u0000${expression}`;
  const cached = compiled.get(key);
  if (cached) return cached;
  const env = environmentFor(hasParams);
  let result: CompiledExpression;
  try {
    const parsed = env.parse(expression);
    const checked = parsed.check();
    if (!checked.valid) throw checked.error;
    result = {
      expression,
      ast: parsed.ast,
      outputType: checked.type,
      run: (vars) => parsed(vars),
    };
  } catch (err) {
    const e = err as CelError;
    const offset = e.node?.pos ?? e.range?.start ?? 0;
    const at = caret(expression, offset);
    result = {
      expression,
      error: `compilation failed: ERROR: <input>:${at.line}:${at.column}: ${summaryOf(err)}${at.text}`,
    };
  }
  compiled.set(key, result);
  return result;
}

/** A runtime error as cel-go's evaluation reports it (`no such key: foo`). */
export function runtimeError(err: unknown): string {
  return summaryOf(err);
}

/**
 * JSON values as CEL sees Kubernetes objects: integers are CEL ints (int64 fields), other numbers
 * doubles. Getters (lazily computed variables) are kept as getters.
 */
export function toCel(value: unknown): unknown {
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value) : value;
  if (Array.isArray(value)) return value.map(toCel);
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, desc] of Object.entries(Object.getOwnPropertyDescriptors(value))) {
      if (desc.get) Object.defineProperty(out, k, { enumerable: true, get: desc.get });
      else if (desc.value !== undefined) out[k] = toCel(desc.value);
    }
    return out;
  }
  return value;
}

/** A CEL value back as JSON (ints to numbers), for messages and audit annotation values. */
export function fromCel(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map(fromCel);
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fromCel(v)]));
  return value;
}
