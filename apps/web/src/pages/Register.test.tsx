import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { answerApi, renderWithProviders } from '../render-with-providers';
import { Register } from './Register';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('registering with an invitation', () => {
  it('sends the invitation from the link with the new account, then signs in', async () => {
    const account = {
      id: 'n1',
      email: 'new@example.com',
      name: 'New',
      role: 'student',
      locale: null,
    };
    const fetch = vi.fn(answerApi({ '/auth/register': account, '/auth/login': account }));
    vi.stubGlobal('fetch', fetch);
    renderWithProviders(
      <MemoryRouter initialEntries={['/register?invitation=tok-123']}>
        <Register />
      </MemoryRouter>,
    );
    expect(screen.getByText(/You were invited/)).toBeTruthy();
    fireEvent.change(screen.getByLabelText(/Email/), { target: { value: 'new@example.com' } });
    fireEvent.change(screen.getByLabelText(/Name/), { target: { value: 'New' } });
    fireEvent.change(screen.getByLabelText(/Password/), { target: { value: 'a-long-password' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create account' }));
    await waitFor(() => expect(fetch).toHaveBeenCalledTimes(2));
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/auth/register');
    expect(JSON.parse(String(init.body))).toEqual({
      email: 'new@example.com',
      name: 'New',
      password: 'a-long-password',
      invitation: 'tok-123',
    });
    expect(fetch.mock.calls[1][0]).toBe('/api/auth/login');
  });
});
