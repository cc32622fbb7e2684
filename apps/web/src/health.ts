/** The body of GET /api/health, as apps/api's HealthReport describes it. */
export interface HealthReport {
  status: 'ok' | 'error';
  database: 'ok' | 'error';
  databaseProvider: 'sqlite' | 'postgresql';
  version: string;
  uptimeSeconds: number;
  error?: string;
}

export type HealthState =
  | { kind: 'checking' }
  | { kind: 'answered'; report: HealthReport }
  | { kind: 'unreachable'; reason: string };

/** Asks the API how it is; a 503 still carries a report, only a failed request does not. */
export async function fetchHealth(fetchImpl: typeof fetch = fetch): Promise<HealthState> {
  try {
    const response = await fetchImpl('/api/health', { headers: { accept: 'application/json' } });
    const report = (await response.json()) as HealthReport;
    return { kind: 'answered', report };
  } catch (error) {
    return { kind: 'unreachable', reason: (error as Error).message };
  }
}
