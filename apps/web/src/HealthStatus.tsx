import { useCallback, useEffect, useState } from 'react';
import { fetchHealth, type HealthState } from './health';

/** The live answer of /api/health, fetched when shown and on demand. */
export function HealthStatus() {
  const [state, setState] = useState<HealthState>({ kind: 'checking' });

  const check = useCallback(async () => {
    setState({ kind: 'checking' });
    setState(await fetchHealth());
  }, []);

  useEffect(() => {
    void check();
  }, [check]);

  return (
    <section className="status" aria-labelledby="status-title">
      <h2 id="status-title">Platform status</h2>
      {/* one live region that stays in place, so screen readers announce each new answer */}
      <div role="status" aria-live="polite">
        <StatusLines state={state} />
      </div>
      <button type="button" onClick={() => void check()} disabled={state.kind === 'checking'}>
        Check again
      </button>
    </section>
  );
}

function StatusLines({ state }: { state: HealthState }) {
  if (state.kind === 'checking') return <p>Checking…</p>;
  if (state.kind === 'unreachable') return <p className="bad">API unreachable ({state.reason})</p>;
  const { report } = state;
  return (
    <dl>
      <dt>API</dt>
      <dd className={report.status === 'ok' ? 'good' : 'bad'}>{report.status}</dd>
      <dt>Database</dt>
      <dd className={report.database === 'ok' ? 'good' : 'bad'}>
        {report.database} ({report.databaseProvider}){report.error ? `: ${report.error}` : ''}
      </dd>
      <dt>Version</dt>
      <dd>{report.version}</dd>
    </dl>
  );
}
