/**
 * CEL for admission policies (k8s.io/apiserver/pkg/admission/plugin/cel): expressions compiled
 * and run with @marcbachmann/cel-js, the library the lab grader uses, over the variables a
 * ValidatingAdmissionPolicy declares (object, oldObject, request, params, namespaceObject,
 * variables, authorizer), with the Kubernetes libraries of cel-kubernetes-libraries.ts, and
 * errors worded as cel-go's where they reach the user.
 */
import { type ASTNode, Environment } from '@marcbachmann/cel-js';
import { withKubernetesLibraries } from './cel-kubernetes-libraries';

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

const environments = new Map<string, Environment>();

/** One environment per set of declared variables (params only when the policy has a paramKind). */
function environmentFor(hasParams: boolean): Environment {
  const key = hasParams ? 'params' : 'plain';
  let env = environments.get(key);
  if (!env) {
    env = withKubernetesLibraries(
      new Environment({ enableOptionalTypes: true, homogeneousAggregateLiterals: false }),
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
