/**
 * The JSONPath subset CRD additionalPrinterColumns use (`.spec.replicas`,
 * `.status.conditions[0].type`, `.metadata.labels.app`, `.spec.items[*].name`).
 */
export function evaluateJsonPath(obj: unknown, path: string): unknown[] {
  const expr = path.replace(/^\{|\}$/g, '').replace(/^\$/, '');
  const steps: (string | number | '*')[] = [];
  const re = /\.([^.[\]]+)|\[(\d+|\*|'[^']*'|"[^"]*")\]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(expr))) {
    if (m[1] !== undefined) steps.push(m[1]);
    else if (m[2] === '*') steps.push('*');
    else if (/^\d+$/.test(m[2])) steps.push(Number(m[2]));
    else steps.push(m[2].slice(1, -1));
  }
  let values: unknown[] = [obj];
  for (const step of steps) {
    const next: unknown[] = [];
    for (const v of values) {
      if (v === null || typeof v !== 'object') continue;
      if (step === '*') next.push(...(Array.isArray(v) ? v : Object.values(v)));
      else if (typeof step === 'number') {
        if (Array.isArray(v) && step < v.length) next.push(v[step]);
      } else if (!Array.isArray(v) && step in (v as Record<string, unknown>)) {
        next.push((v as Record<string, unknown>)[step]);
      }
    }
    values = next;
  }
  return values;
}
