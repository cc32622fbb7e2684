import type { AccountView } from '@kubebelt/contract';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import i18n from '../i18n';
import { answerApi, renderWithProviders } from '../render-with-providers';
import { SignIn } from './SignIn';

const account: AccountView = {
  id: 'a1',
  email: 'student@kubebelt.local',
  name: 'Student',
  role: 'student',
  locale: 'zh',
};

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('signing in', () => {
  it('labels its fields and button, and adopts the language the account chose', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(
        answerApi({
          '/auth/login': account,
          '/health': { status: 'ok', database: 'ok', databaseProvider: 'sqlite', version: '1' },
        }),
      ),
    );
    renderWithProviders(<SignIn />, 'en');
    fireEvent.change(screen.getByLabelText(/Email/), { target: { value: account.email } });
    fireEvent.change(screen.getByLabelText(/Password/), { target: { value: 'secret' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    // the account's content comes in Chinese: so does the interface from now on
    await waitFor(() => expect(i18n.language).toBe('zh'));
    expect(localStorage.getItem('kubebelt.language')).toBe('zh');
  });
});
