/** Field selectors as k8s.io/apimachinery/pkg/fields: `a=b`, `a==b`, `a!=b`, comma-separated. */
import { badRequest } from '../errors';

export interface FieldRequirement {
  field: string;
  operator: '=' | '!=';
  value: string;
}

export function parseFieldSelector(input: string): FieldRequirement[] {
  const out: FieldRequirement[] = [];
  if (!input.trim()) return out;
  for (const part of splitTerms(input)) {
    const m = /^([^=!]*)(==|=|!=)(.*)$/.exec(part);
    if (!m) throw badRequest(`invalid selector: '${input}'; can't understand '${part}'`);
    out.push({
      field: m[1].trim(),
      operator: m[2] === '!=' ? '!=' : '=',
      value: unescapeValue(m[3].trim()),
    });
  }
  return out;
}

/** Splits on unescaped commas (`\,` escapes one, as fields.splitTerms). */
function splitTerms(input: string): string[] {
  const terms: string[] = [];
  let current = '';
  for (let i = 0; i < input.length; i++) {
    const c = input[i];
    if (c === '\\' && i + 1 < input.length) {
      current += c + input[i + 1];
      i++;
    } else if (c === ',') {
      terms.push(current);
      current = '';
    } else current += c;
  }
  terms.push(current);
  return terms;
}

function unescapeValue(value: string): string {
  return value.replace(/\\([\\,=!])/g, '$1');
}

export function matchesFields(
  reqs: FieldRequirement[],
  get: (field: string) => string | undefined,
): boolean {
  return reqs.every((r) => {
    const v = get(r.field) ?? '';
    return r.operator === '=' ? v === r.value : v !== r.value;
  });
}
