import { describe, expect, it } from 'vitest';
import { en } from './en';
import { zh } from './zh';

function leaves(obj: object, prefix = ''): [string, unknown][] {
  return Object.entries(obj).flatMap(([k, v]) =>
    v && typeof v === 'object'
      ? leaves(v, `${prefix}${k}.`)
      : [[`${prefix}${k}`, v] as [string, unknown]],
  );
}

describe('the interface texts', () => {
  it('exist in English and Chinese for every key, none empty', () => {
    const enKeys = leaves(en).map(([k]) => k);
    expect(leaves(zh).map(([k]) => k)).toEqual(enKeys);
    for (const [key, value] of [...leaves(en), ...leaves(zh)])
      expect({ key, value }).toEqual({ key, value: expect.stringMatching(/\S/) });
  });

  it('use the same placeholders in both languages', () => {
    const placeholders = (s: unknown) =>
      [...String(s).matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    const zhByKey = new Map(leaves(zh));
    for (const [key, value] of leaves(en))
      expect({ key, p: placeholders(zhByKey.get(key)) }).toEqual({ key, p: placeholders(value) });
  });
});
