import type { Language } from '@kubebelt/contract';
import type { Request } from 'express';
import type { SignedIn } from '../auth/signed-in';

/** The account's chosen language, else the browser's first of zh/en in Accept-Language, else en. */
export function languageOf(request: Request, signedIn?: SignedIn): Language {
  const chosen = signedIn?.account.locale;
  if (chosen === 'en' || chosen === 'zh') return chosen;
  return acceptLanguage(request.headers['accept-language']);
}

export function acceptLanguage(header: string | undefined): Language {
  const ranked = (header ?? '')
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => /^q=([\d.]+)$/.exec(p.trim())?.[1]).find(Boolean);
      return { tag, q: q ? Number(q) : 1 };
    })
    .filter((l) => l.tag)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    if (tag.startsWith('zh')) return 'zh';
    if (tag.startsWith('en')) return 'en';
  }
  return 'en';
}
