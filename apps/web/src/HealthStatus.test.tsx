import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HealthStatus } from './HealthStatus';
import type { HealthReport } from './health';
import { renderWithProviders } from './render-with-providers';

const healthy: HealthReport = {
  status: 'ok',
  database: 'ok',
  databaseProvider: 'sqlite',
  version: '0.1.0',
  uptimeSeconds: 4,
};

function answerHealth(status: number, body: HealthReport) {
  const fetchMock = vi.fn(async () => new Response(JSON.stringify(body), { status }));
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('the platform status on the sign-in page', () => {
  it('shows the live answer of /api/health', async () => {
    const fetchMock = answerHealth(200, healthy);
    renderWithProviders(<HealthStatus />);
    await screen.findByText('0.1.0');
    const status = screen.getByRole('status');
    expect(fetchMock).toHaveBeenCalledWith('/api/health', expect.anything());
    expect(within(status).queryByText('OK', { selector: 'dd' })).not.toBeNull();
    expect(within(status).queryByText('OK (sqlite)')).not.toBeNull();
  });

  it('shows the database failure that a 503 from /api/health reports', async () => {
    answerHealth(503, {
      ...healthy,
      status: 'error',
      database: 'error',
      error: 'database is locked',
    });
    renderWithProviders(<HealthStatus />);
    await waitFor(() =>
      expect(screen.queryByText('Error (sqlite): database is locked')).not.toBeNull(),
    );
  });

  it('says the API is unreachable when the request itself fails', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))),
    );
    renderWithProviders(<HealthStatus />);
    await waitFor(() =>
      expect(screen.queryByText('API unreachable (Failed to fetch)')).not.toBeNull(),
    );
  });

  it('says it in Chinese', async () => {
    answerHealth(200, healthy);
    renderWithProviders(<HealthStatus />, 'zh');
    await waitFor(() => expect(screen.queryByRole('heading', { name: '平台状态' })).not.toBeNull());
    await waitFor(() => expect(screen.queryByText('正常 (sqlite)')).not.toBeNull());
    expect(screen.queryByRole('button', { name: '重新检查' })).not.toBeNull();
  });
});
