/** Checks on API objects: exists, absent, field comparisons and CEL expressions. */
import type { Comparison, Text } from '../../schema';
import { diagnoseObjects } from '../diagnose';
import { select } from '../jsonpath';
import { readTarget } from '../targets';
import { plural, show, text } from '../text';
import type { Evaluator } from '../types';

export const exists: Evaluator<'exists'> = async (check, _target, client) => {
  const found = await readTarget(client, check.target);
  const n = found.objects.length;
  return {
    passed: n > 0,
    found: check.target.name ? (n ? 'exists' : 'not found') : plural(n, 'object', 'objects'),
    expected: check.target.name ? 'exists' : 'at least 1 object',
    message: n
      ? text(`${found.label.en} exists.`, `${found.label.zh} 已存在。`)
      : found.resource
        ? text(`${found.label.en} was not found.`, `未找到 ${found.label.zh}。`)
        : text(
            `${found.label.en} was not found: the cluster serves no kind ${check.target.kind}.`,
            `未找到 ${found.label.zh}：集群中没有 ${check.target.kind} 这种资源类型。`,
          ),
  };
};

export const absent: Evaluator<'absent'> = async (check, _target, client) => {
  const found = await readTarget(client, check.target);
  // An object being deleted (Terminating) counts as gone, as `kubectl delete --wait=false` leaves it.
  const left = found.objects.filter((o) => !o.metadata.deletionTimestamp);
  const names = left.map((o) => o.metadata.name).join(', ');
  return {
    passed: left.length === 0,
    found: left.length ? names : 'none',
    expected: 'none',
    message: left.length
      ? text(
          `${found.label.en} still exists (${names}).`,
          `${found.label.zh} 仍然存在（${names}）。`,
        )
      : text(`${found.label.en} is gone.`, `${found.label.zh} 已不存在。`),
  };
};

export const field: Evaluator<'field'> = async (check, _target, client) => {
  const found = await readTarget(client, check.target);
  const op = check.op ?? 'equals';
  const expected = describeExpectation(op, check.value);
  if (!found.objects.length) {
    return {
      passed: op === 'notExists' && !!check.target.selector,
      found: 'no object',
      expected: expected.en,
      message: text(`${found.label.en} was not found.`, `未找到 ${found.label.zh}。`),
    };
  }
  const perObject = found.objects.map((o) => {
    const values = select(o, check.path);
    return { object: o, values, ok: compare(op, values, check.value) };
  });
  const matching = perObject.filter((p) => p.ok).length;
  const quantifier = check.quantifier ?? 'all';
  let passed: boolean;
  if (check.count !== undefined) passed = matching >= check.count;
  else if (quantifier === 'any') passed = matching > 0;
  else if (quantifier === 'none') passed = matching === 0;
  else passed = matching === perObject.length;

  const shown = perObject.find((p) => p.ok !== passed || quantifier === 'none') ?? perObject[0];
  const value = formatValues(shown.values);
  const single = !!check.target.name;
  const foundText = single ? value.en : `${matching} of ${perObject.length} match`;
  const name = shown.object.metadata.name;
  const path = check.path.replace(/^\{|\}$/g, '');
  const message = single
    ? text(
        `${found.label.en}: ${path} is ${value.en}, expected ${expected.en}.`,
        `${found.label.zh}：${path} 为 ${value.zh}，期望 ${expected.zh}。`,
      )
    : text(
        `${matching} of ${perObject.length} ${found.label.en} have ${path} ${expected.en}` +
          (check.count !== undefined ? `, expected at least ${check.count}` : '') +
          ` (${name}: ${value.en}).`,
        `${perObject.length} 个 ${found.label.zh} 中有 ${matching} 个的 ${path} ${expected.zh}` +
          (check.count !== undefined ? `，期望至少 ${check.count} 个` : '') +
          `（${name}：${value.zh}）。`,
      );
  return {
    passed,
    found: foundText,
    expected:
      check.count !== undefined ? `at least ${check.count} with ${expected.en}` : expected.en,
    message,
    diagnosis: passed ? undefined : await diagnoseObjects(client, found.resource, [shown.object]),
  };
};

export const cel: Evaluator<'cel'> = async (check, _target, client) => {
  const found = await readTarget(client, check.target);
  const object = found.objects[0] ?? null;
  let result: unknown;
  try {
    const { evaluate } = await loadCel();
    result = evaluate(check.expression, { object, objects: found.objects });
  } catch (err) {
    result = `error: ${(err as Error).message}`;
  }
  const passed = result === true;
  return {
    passed,
    found: show(result),
    expected: 'true',
    message: passed
      ? text(
          `${found.label.en}: ${check.expression} holds.`,
          `${found.label.zh}：${check.expression} 成立。`,
        )
      : object
        ? text(
            `${found.label.en}: ${check.expression} is ${show(result)}, expected true.`,
            `${found.label.zh}：${check.expression} 的结果为 ${show(result)}，期望为 true。`,
          )
        : text(`${found.label.en} was not found.`, `未找到 ${found.label.zh}。`),
    diagnosis:
      passed || !object ? undefined : await diagnoseObjects(client, found.resource, found.objects),
  };
};

/** How an expectation reads in a message: "3", "containing nginx", "one of a, b" (and in Chinese). */
function describeExpectation(op: Comparison, value: unknown): Text {
  const v = show(value);
  switch (op) {
    case 'equals':
      return text(v, v);
    case 'notEquals':
      return text(`not ${v}`, `不为 ${v}`);
    case 'contains':
      return text(`containing ${v}`, `包含 ${v}`);
    case 'matches':
      return text(`matching /${String(value)}/`, `匹配 /${String(value)}/`);
    case 'exists':
      return text('set', '已设置');
    case 'notExists':
      return text('not set', '未设置');
    case 'gte':
      return text(`>= ${v}`, `>= ${v}`);
    case 'lte':
      return text(`<= ${v}`, `<= ${v}`);
    case 'in': {
      const list = (value as unknown[]).map(show).join(', ');
      return text(`one of ${list}`, `${list} 之一`);
    }
  }
}

function formatValues(values: unknown[]): Text {
  if (!values.length) return text('(not set)', '（未设置）');
  const v = values.length === 1 ? show(values[0]) : values.map(show).join(', ');
  return text(v, v);
}

/** Compares what a path selects; with several values (a [*] path) one matching value is enough. */
export function compare(op: Comparison, values: unknown[], expected: unknown): boolean {
  if (op === 'exists') return values.length > 0 && values.some((v) => v !== null && v !== '');
  if (op === 'notExists') return !compare('exists', values, expected);
  if (op === 'notEquals') return !compare('equals', values, expected);
  return values.some((v) => compareOne(op, v, expected));
}

function compareOne(op: Comparison, actual: unknown, expected: unknown): boolean {
  switch (op) {
    case 'equals':
      return looselyEqual(actual, expected);
    case 'contains':
      if (Array.isArray(actual)) return actual.some((a) => looselyEqual(a, expected));
      if (actual && typeof actual === 'object')
        return JSON.stringify(actual).includes(String(expected));
      return String(actual ?? '').includes(String(expected));
    case 'matches':
      return new RegExp(String(expected)).test(
        typeof actual === 'object' ? JSON.stringify(actual) : String(actual ?? ''),
      );
    case 'gte':
      return numeric(actual) >= Number(expected);
    case 'lte':
      return numeric(actual) <= Number(expected);
    case 'in':
      return Array.isArray(expected) && expected.some((e) => looselyEqual(actual, e));
    default:
      return false;
  }
}

/** "3" equals 3 and "true" equals true: YAML authors and kubectl's JSONPath print both alike. */
function looselyEqual(actual: unknown, expected: unknown): boolean {
  if (actual === expected) return true;
  if (actual === null || actual === undefined || expected === null || expected === undefined)
    return false;
  if (typeof actual === 'object' || typeof expected === 'object')
    return JSON.stringify(actual) === JSON.stringify(expected);
  return String(actual) === String(expected);
}

function numeric(v: unknown): number {
  if (typeof v === 'number') return v;
  const n = Number.parseFloat(String(v));
  return Number.isNaN(n) ? Number.NaN : n;
}

type CelModule = typeof import('@marcbachmann/cel-js', { with: { 'resolution-mode': 'import' }});

/**
 * cel-js is an ES module. Node 20.19+ and Jest (which compiles it) load it with require; an
 * older loader gets it through import().
 */
function loadCel(): Promise<CelModule> {
  try {
    return Promise.resolve(require('@marcbachmann/cel-js') as CelModule);
  } catch {
    return import('@marcbachmann/cel-js');
  }
}
