/**
 * A short stand-in for the go-cmp diff upstream appends to "is immutable after creation"
 * errors: one `-`/`+` pair per changed top-level field.
 */
import { deepEqual } from '../api/equality';

function upperFirst(key: string): string {
  return key.charAt(0).toUpperCase() + key.slice(1);
}

export function specDiff(
  typeName: string,
  oldSpec: Record<string, unknown>,
  newSpec: Record<string, unknown>,
): string {
  const keys = [...new Set([...Object.keys(oldSpec ?? {}), ...Object.keys(newSpec ?? {})])];
  const lines = [`  ${typeName}{`];
  for (const k of keys) {
    const a = oldSpec?.[k];
    const b = newSpec?.[k];
    if (deepEqual(a ?? null, b ?? null)) continue;
    if (a !== undefined) lines.push(`- \t${upperFirst(k)}: ${JSON.stringify(a)},`);
    if (b !== undefined) lines.push(`+ \t${upperFirst(k)}: ${JSON.stringify(b)},`);
  }
  lines.push('  }');
  return lines.join('\n');
}
