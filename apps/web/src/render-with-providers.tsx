/** Component tests render inside what main.tsx provides: Mantine, i18next (English unless asked) and a fresh query cache. */
import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactElement, ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import i18n, { type Language } from './i18n';

export function renderWithProviders(ui: ReactElement, language: Language = 'en') {
  void i18n.changeLanguage(language);
  const queries = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  // a wrapper, so that rerender() keeps the providers
  return render(ui, {
    wrapper: ({ children }: { children: ReactNode }) => (
      <I18nextProvider i18n={i18n}>
        <QueryClientProvider client={queries}>
          <MantineProvider>{children}</MantineProvider>
        </QueryClientProvider>
      </I18nextProvider>
    ),
  });
}

/** Answers the app's API calls (`/api/...`) from a table of paths, as the server would. */
export function answerApi(routes: Record<string, unknown>) {
  return async (input: RequestInfo | URL) => {
    const path = String(input).replace(/^\/api/, '');
    if (!(path in routes)) return new Response('{"message":"not found"}', { status: 404 });
    return new Response(JSON.stringify(routes[path]), { status: 200 });
  };
}
