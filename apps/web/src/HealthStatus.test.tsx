import { cleanup, screen, within } from '@testing-library/react';
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
    expect(within(status).getByText('OK', { selector: 'dd' })).toBeDefined();
    expect(within(status).getByText('OK (sqlite)')).toBeDefined();
  });

  it('shows the database failure that a 503 from /api/health reports', async () => {
    answerHealth(503, {
      ...healthy,
      status: 'error',
      database: 'error',
      error: 'database is locked',
    });
    renderWithProviders(<HealthStatus />);
    expect(await screen.findByText('Error (sqlite): database is locked')).toBeDefined();
  });

  it('says the API is unreachable when the request itself fails', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))),
    );
    renderWithProviders(<HealthStatus />);
    expect(await screen.findByText('API unreachable (Failed to fetch)')).toBeDefined();
  });

  it('says it in Chinese', async () => {
    answerHealth(200, healthy);
    renderWithProviders(<HealthStatus />, 'zh');
    expect(await screen.findByRole('heading', { name: '平台状态' })).toBeDefined();
    expect(await screen.findByText('正常 (sqlite)')).toBeDefined();
    expect(screen.getByRole('button', { name: '重新检查' })).toBeDefined();
  });
});
