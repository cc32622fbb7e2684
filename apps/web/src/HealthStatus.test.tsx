import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HealthStatus } from './HealthStatus';
import type { HealthReport } from './health';

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
    render(<HealthStatus />);
    await screen.findByText('0.1.0');
    const status = screen.getByRole('status');
    expect(fetchMock).toHaveBeenCalledWith('/api/health', expect.anything());
    expect(within(status).getByText('ok', { selector: 'dd' })).toBeDefined();
    expect(within(status).getByText('ok (sqlite)')).toBeDefined();
  });

  it('shows the database failure that a 503 from /api/health reports', async () => {
    answerHealth(503, {
      ...healthy,
      status: 'error',
      database: 'error',
      error: 'database is locked',
    });
    render(<HealthStatus />);
    expect(await screen.findByText('error (sqlite): database is locked')).toBeDefined();
  });

  it('says the API is unreachable when the request itself fails', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))),
    );
    render(<HealthStatus />);
    expect(await screen.findByText('API unreachable (Failed to fetch)')).toBeDefined();
  });
});
