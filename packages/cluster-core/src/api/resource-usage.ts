/**
 * Quantities per resource name, as a ResourceQuota's `hard` and `used` and the quota
 * evaluators' usage hold them (corev1.ResourceList, quota.Add).
 */
import { type Quantity, tryParseQuantity } from './quantity';

export type Usage = Map<string, Quantity>;

/** A quantity, or undefined for what does not parse as one. */
export function quantityOf(value: unknown): Quantity | undefined {
  const parsed = tryParseQuantity(value);
  return typeof parsed === 'string' ? undefined : parsed;
}

/** Adds `value` to what `into` holds for `name`. */
export function addTo(into: Usage, name: string, value: Quantity): void {
  const current = into.get(name);
  into.set(name, current ? current.add(value) : value);
}

/** A ResourceList's quantities; entries that do not parse are left out. */
export function resourceList(list: unknown): Usage {
  const out: Usage = new Map();
  for (const [k, v] of Object.entries((list ?? {}) as Record<string, unknown>)) {
    const parsed = quantityOf(v);
    if (parsed) out.set(k, parsed);
  }
  return out;
}
