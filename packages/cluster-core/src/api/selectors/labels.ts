/**
 * Label selectors in their string form, as k8s.io/apimachinery/pkg/labels/selector.go parses
 * them: `a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x)`, `a`, `!a`, `a>1`, `a<1`.
 */
import { badRequest } from '../errors';
import { isQualifiedName, isValidLabelValue } from '../validation';

export type Operator = '=' | '==' | '!=' | 'in' | 'notin' | 'exists' | '!' | 'gt' | 'lt';

export interface Requirement {
  key: string;
  operator: Operator;
  values: string[];
}

export type LabelSelector = Requirement[];

type Token =
  | { kind: 'id'; text: string }
  | { kind: 'op'; text: string }
  | { kind: 'comma' | 'open' | 'close' | 'not' | 'end'; text: string };

const OPS = ['==', '!=', '=', '>', '<'];

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === ',') tokens.push({ kind: 'comma', text: c });
    else if (c === '(') tokens.push({ kind: 'open', text: c });
    else if (c === ')') tokens.push({ kind: 'close', text: c });
    else {
      const op = OPS.find((o) => input.startsWith(o, i));
      if (op) {
        tokens.push({ kind: 'op', text: op });
        i += op.length;
        continue;
      }
      if (c === '!') {
        tokens.push({ kind: 'not', text: c });
      } else {
        let j = i;
        while (j < input.length && !/[\s,()!=<>]/.test(input[j])) j++;
        tokens.push({ kind: 'id', text: input.slice(i, j) });
        i = j;
        continue;
      }
    }
    i++;
  }
  tokens.push({ kind: 'end', text: '' });
  return tokens;
}

function fail(message: string): never {
  throw badRequest(`unable to parse requirement: ${message}`);
}

/** Parses a selector string; an empty string selects everything. Throws a 400 StatusError. */
export function parseLabelSelector(input: string): LabelSelector {
  const tokens = tokenize(input);
  let pos = 0;
  const peek = () => tokens[pos];
  const next = () => tokens[pos++];
  const requirements: Requirement[] = [];
  if (peek().kind === 'end') return requirements;
  for (;;) {
    let negated = false;
    if (peek().kind === 'not') {
      next();
      negated = true;
    }
    const keyTok = next();
    if (keyTok.kind !== 'id') fail(`found '${keyTok.text}', expected: identifier`);
    const key = keyTok.text;
    validateKey(key);
    if (negated) {
      requirements.push({ key, operator: '!', values: [] });
    } else {
      const t = peek();
      if (t.kind === 'comma' || t.kind === 'end') {
        requirements.push({ key, operator: 'exists', values: [] });
      } else if (t.kind === 'op') {
        next();
        const valueTok = peek();
        let value = '';
        if (valueTok.kind === 'id') {
          next();
          value = valueTok.text;
        } else if (valueTok.kind !== 'comma' && valueTok.kind !== 'end') {
          fail(`found '${valueTok.text}', expected: identifier`);
        }
        const op: Operator = t.text === '>' ? 'gt' : t.text === '<' ? 'lt' : (t.text as Operator);
        if ((op === 'gt' || op === 'lt') && !/^-?\d+$/.test(value)) {
          fail(`for 'Gt', 'Lt' operators, the value must be an integer`);
        }
        if (op !== 'gt' && op !== 'lt') validateValue(value);
        requirements.push({ key, operator: op, values: [value] });
      } else if (t.kind === 'id' && (t.text === 'in' || t.text === 'notin')) {
        next();
        if (next().kind !== 'open') fail(`found '${peek().text}', expected: '('`);
        const values: string[] = [];
        for (;;) {
          const v = peek();
          if (v.kind === 'id') {
            next();
            validateValue(v.text);
            values.push(v.text);
          } else if (v.kind === 'comma') {
            // an empty value between commas is the empty string
            if (values.length === 0) values.push('');
          }
          const sep = next();
          if (sep.kind === 'close') break;
          if (sep.kind === 'id') fail(`found '${sep.text}', expected: ',', ')'`);
          if (sep.kind !== 'comma') fail(`found '${sep.text}', expected: ',', ')'`);
        }
        requirements.push({ key, operator: t.text as Operator, values });
      } else {
        fail(`found '${t.text}', expected: in, notin, =, ==, !=, gt, lt`);
      }
    }
    const sep = next();
    if (sep.kind === 'end') break;
    if (sep.kind !== 'comma') fail(`found '${sep.text}', expected: ',' or 'end of string'`);
  }
  return requirements;
}

function validateKey(key: string): void {
  const errs = isQualifiedName(key);
  if (errs.length) fail(`key: Invalid value: ${JSON.stringify(key)}: ${errs.join('; ')}`);
}

function validateValue(value: string): void {
  const errs = isValidLabelValue(value);
  if (errs.length) fail(`values[0]: Invalid value: ${JSON.stringify(value)}: ${errs.join('; ')}`);
}

export function matchesLabels(
  selector: LabelSelector,
  labels: Record<string, string> | undefined,
): boolean {
  const l = labels ?? {};
  for (const r of selector) {
    const has = Object.hasOwn(l, r.key);
    const v = l[r.key];
    switch (r.operator) {
      case '=':
      case '==':
      case 'in':
        if (!has || !r.values.includes(v)) return false;
        break;
      case '!=':
      case 'notin':
        if (has && r.values.includes(v)) return false;
        break;
      case 'exists':
        if (!has) return false;
        break;
      case '!':
        if (has) return false;
        break;
      case 'gt':
      case 'lt': {
        if (!has || !/^-?\d+$/.test(v)) return false;
        const n = Number(v);
        const bound = Number(r.values[0]);
        if (r.operator === 'gt' ? !(n > bound) : !(n < bound)) return false;
        break;
      }
    }
  }
  return true;
}

/** A metav1.LabelSelector (matchLabels/matchExpressions) as requirements. */
export function fromLabelSelector(
  sel:
    | {
        matchLabels?: Record<string, string>;
        matchExpressions?: { key: string; operator: string; values?: string[] }[];
      }
    | undefined,
): LabelSelector {
  const reqs: Requirement[] = [];
  for (const [key, value] of Object.entries(sel?.matchLabels ?? {})) {
    reqs.push({ key, operator: '=', values: [value] });
  }
  for (const e of sel?.matchExpressions ?? []) {
    const op: Operator =
      e.operator === 'In'
        ? 'in'
        : e.operator === 'NotIn'
          ? 'notin'
          : e.operator === 'Exists'
            ? 'exists'
            : '!';
    reqs.push({ key: e.key, operator: op, values: e.values ?? [] });
  }
  return reqs;
}
