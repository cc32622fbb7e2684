/** kubectl's JSONPath spelling ({.metadata.labels.app\.kubernetes\.io/name}) evaluated with jsonpath-plus. */
import { JSONPath } from 'jsonpath-plus';

export function kubectlPath(path: string): string {
  let p = path.trim();
  if (p.startsWith('{') && p.endsWith('}')) p = p.slice(1, -1);
  if (p.startsWith('$')) p = p.slice(1);
  // Split on dots that are not escaped and not inside brackets; escaped dots belong to the key.
  const out: string[] = [];
  let depth = 0;
  let current = '';
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '\\' && p[i + 1] === '.') {
      current += '.';
      i++;
      continue;
    }
    if (c === '[') depth++;
    if (c === ']') depth--;
    if (c === '.' && depth === 0) {
      out.push(current);
      current = '';
      continue;
    }
    current += c;
  }
  out.push(current);
  return `$${out
    .filter((s, i) => i > 0 || s !== '')
    .map((segment) => {
      const m = /^([^[]*)(\[.*)?$/.exec(segment) ?? ['', segment, ''];
      const key = m[1];
      const rest = m[2] ?? '';
      if (!key) return rest;
      return /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}${rest}` : `[${JSON.stringify(key)}]${rest}`;
    })
    .join('')}`;
}

/** Every value the path selects (empty when nothing is there). */
export function select(obj: unknown, path: string): unknown[] {
  const result = JSONPath({
    path: kubectlPath(path),
    json: obj as object,
    wrap: true,
    eval: 'safe',
  });
  return (Array.isArray(result) ? result : []).filter((v) => v !== undefined);
}
