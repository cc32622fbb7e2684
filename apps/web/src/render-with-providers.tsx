/** Component tests render inside what main.tsx provides: Mantine and i18next (English unless asked). */
import { MantineProvider } from '@mantine/core';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { I18nextProvider } from 'react-i18next';
import i18n, { type Language } from './i18n';

export function renderWithProviders(ui: ReactElement, language: Language = 'en') {
  void i18n.changeLanguage(language);
  return render(
    <I18nextProvider i18n={i18n}>
      <MantineProvider>{ui}</MantineProvider>
    </I18nextProvider>,
  );
}
