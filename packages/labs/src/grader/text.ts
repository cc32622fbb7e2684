/** Bilingual messages: every grader sentence is written in English and Chinese side by side. */
import type { Language, Text } from '../schema';

export type { Text };

export const text = (en: string, zh: string): Text => ({ en, zh });

/** Fills `{name}` placeholders; unknown ones stay as written. */
export function fill(template: Text, values: Record<string, string | number | undefined>): Text {
  const one = (s: string) =>
    s.replace(/\{(\w+)\}/g, (all, key: string) =>
      values[key] === undefined ? all : String(values[key]),
    );
  return { en: one(template.en), zh: one(template.zh) };
}

export function join(parts: (Text | undefined)[], separator: Text = text(' ', '')): Text {
  const present = parts.filter((p): p is Text => !!p);
  return {
    en: present.map((p) => p.en).join(separator.en),
    zh: present.map((p) => p.zh).join(separator.zh),
  };
}

export function pick(t: Text, lang: Language): string {
  return t[lang] ?? t.en;
}

/** A value as the messages show it: strings quoted only when they could be misread. */
export function show(value: unknown): string {
  if (value === undefined) return '(not set)';
  if (typeof value === 'string') return value === '' ? '""' : value;
  return JSON.stringify(value);
}

export function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}
