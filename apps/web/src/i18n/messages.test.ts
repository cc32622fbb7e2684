import { describe, expect, it } from 'vitest';
// the domain ids and English names the content declares (read in the test only: not bundled)
import { DOMAINS } from '../../../../packages/labs/src/schema/common';
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

describe('the curriculum domains', () => {
  it('have a name in English (the one the content declares) and in Chinese', () => {
    for (const [id, name] of Object.entries(DOMAINS)) {
      const [exam, domain] = id.split('.');
      const enNames = en.domains[exam as keyof typeof en.domains] as Record<string, string>;
      const zhNames = zh.domains[exam as keyof typeof zh.domains] as Record<string, string>;
      expect({ id, en: enNames?.[domain] }).toEqual({ id, en: name });
      expect({ id, zh: zhNames?.[domain] }).toEqual({ id, zh: expect.stringMatching(/\S/) });
    }
  });
});
