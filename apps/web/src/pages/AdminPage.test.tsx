import type {
  AccountView,
  AdminAccountView,
  AuditPage,
  PlatformSettingsView,
} from '@kubebelt/contract';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../render-with-providers';
import { AdminPage } from './AdminPage';

const me: AccountView = {
  id: 'admin-1',
  email: 'admin@kubebelt.local',
  name: 'Demo Admin',
  role: 'admin',
  locale: null,
};

const defaults = {
  sessionIdleMinutes: 60,
  sessionMaxMinutes: 240,
  maxSessionsPerAccount: 3,
  examReviewHours: 36,
  transcriptRetentionDays: 30,
  transcriptMaxKiB: 1024,
  selfRegistration: false,
};

const settings: PlatformSettingsView = {
  values: { ...defaults, transcriptRetentionDays: 14 },
  defaults,
  overridden: ['transcriptRetentionDays'],
};

const accounts: AdminAccountView[] = [
  {
    id: 'admin-1',
    email: 'admin@kubebelt.local',
    name: 'Demo Admin',
    role: 'admin',
    createdAt: '2026-12-01T08:00:00.000Z',
    disabled: false,
  },
  {
    id: 'student-1',
    email: 'student@kubebelt.local',
    name: 'Demo Student',
    role: 'student',
    createdAt: '2026-12-01T08:00:00.000Z',
    disabled: false,
  },
];

const audit: AuditPage = {
  total: 2,
  page: 1,
  pageSize: 20,
  events: [
    {
      id: 'e2',
      at: '2026-12-07T05:00:00.000Z',
      actorId: 'admin-1',
      actorEmail: 'admin@kubebelt.local',
      action: 'settings.changed',
      targetType: 'settings',
      targetId: 'platform',
      detail: { transcriptRetentionDays: { from: 30, to: 14 } },
    },
    {
      id: 'e1',
      at: '2026-12-07T04:00:00.000Z',
      actorId: null,
      actorEmail: null,
      action: 'exam.timed-out',
      targetType: 'exam-attempt',
      targetId: 'attempt-1',
      detail: { score: 7, maxScore: 10 },
    },
  ],
};

type Call = { method: string; path: string; body: unknown };

/** The admin API as the server answers it; every call is recorded. */
function serve(account: AccountView = me) {
  const calls: Call[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const path = String(input).replace(/^\/api/, '');
    const method = init?.method ?? 'GET';
    const body = init?.body ? JSON.parse(String(init.body)) : undefined;
    calls.push({ method, path, body });
    const json = (value: unknown) => new Response(JSON.stringify(value), { status: 200 });
    if (path === '/auth/me') return json(account);
    if (path === '/admin/settings' && method === 'GET') return json(settings);
    if (path === '/admin/settings' && method === 'PUT')
      return json({ ...settings, values: { ...settings.values, ...body } });
    if (path === '/accounts') return json(accounts);
    if (path.startsWith('/accounts/') && method === 'PATCH')
      return json({ ...accounts[1], ...body });
    if (path.startsWith('/admin/audit')) return json(audit);
    return new Response('{"message":"not found"}', { status: 404 });
  });
  vi.stubGlobal('fetch', fetchMock);
  return calls;
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('the admin page', () => {
  it('shows the settings with their environment defaults, the accounts and the audit log', async () => {
    serve();
    renderWithProviders(<AdminPage />);
    const form = await screen.findByRole('form', { name: 'Platform settings' });
    const retention = await within(form).findByLabelText('Keep terminal transcripts (days)');
    expect((retention as HTMLInputElement).value).toBe('14');
    expect(within(form).getByText('Set here; the environment says 30')).toBeTruthy();
    const idle = within(form).getByLabelText('Session idle timeout (minutes)');
    expect((idle as HTMLInputElement).value).toBe('60');

    const table = await screen.findByRole('region', { name: 'Accounts (2)' });
    expect(within(table).getByText('student@kubebelt.local')).toBeTruthy();
    // an admin cannot disable their own account
    expect(within(table).getByText('you')).toBeTruthy();
    expect(
      within(table).queryByRole('button', { name: 'Disable admin@kubebelt.local' }),
    ).toBeNull();

    const log = await screen.findByRole('region', { name: 'Audit log' });
    await within(log).findByText('settings.changed');
    expect(within(log).getByText('transcriptRetentionDays: 30 → 14')).toBeTruthy();
    // a time-out has no actor: the platform acted
    expect(within(log).getByText('the platform')).toBeTruthy();
    expect(within(log).getByText('2 actions')).toBeTruthy();
  });

  it('saves only the settings that changed', async () => {
    const calls = serve();
    renderWithProviders(<AdminPage />);
    const idle = await screen.findByLabelText('Session idle timeout (minutes)');
    const save = screen.getByRole('button', { name: 'Save settings' });
    expect((save as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(idle, { target: { value: '15' } });
    await waitFor(() => expect((save as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(save);
    await waitFor(() =>
      expect(calls.filter((c) => c.method === 'PUT')).toEqual([
        { method: 'PUT', path: '/admin/settings', body: { sessionIdleMinutes: 15 } },
      ]),
    );
  });

  it('disables an account and puts a setting back to the environment value', async () => {
    const calls = serve();
    renderWithProviders(<AdminPage />);
    fireEvent.click(await screen.findByRole('button', { name: 'Disable student@kubebelt.local' }));
    fireEvent.click(
      await screen.findByRole('button', {
        name: 'Put Keep terminal transcripts (days) back to the environment’s value',
      }),
    );
    await waitFor(() =>
      expect(calls.filter((c) => c.method !== 'GET')).toEqual(
        expect.arrayContaining([
          { method: 'PATCH', path: '/accounts/student-1', body: { disabled: true } },
          { method: 'PUT', path: '/admin/settings', body: { transcriptRetentionDays: null } },
        ]),
      ),
    );
  });

  it('asks the server for one area of the audit log', async () => {
    const calls = serve();
    renderWithProviders(<AdminPage />);
    const log = await screen.findByRole('region', { name: 'Audit log' });
    await within(log).findByText('settings.changed');
    fireEvent.click(within(log).getByLabelText('Actions'));
    fireEvent.click(await screen.findByRole('option', { name: 'Exams', hidden: true }));
    await waitFor(() =>
      expect(calls.map((c) => c.path)).toContain('/admin/audit?page=1&pageSize=20&action=exam.'),
    );
  });

  it('is in Chinese for a Chinese interface', async () => {
    serve();
    renderWithProviders(<AdminPage />, 'zh');
    expect(await screen.findByRole('heading', { name: '平台设置' })).toBeTruthy();
    expect(await screen.findByRole('heading', { name: '审计日志' })).toBeTruthy();
  });

  it('is not for instructors', async () => {
    serve({ ...me, role: 'instructor' });
    renderWithProviders(<AdminPage />);
    expect(await screen.findByText('Only administrators can see this page.')).toBeTruthy();
  });
});
