import { Button } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchHealth, type HealthState } from './health';

/** The live answer of /api/health, fetched when shown and on demand. */
export function HealthStatus() {
  const { t } = useTranslation();
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
      <h2 id="status-title">{t('health.title')}</h2>
      {/* one live region that stays in place, so screen readers announce each new answer */}
      <div role="status" aria-live="polite">
        <StatusLines state={state} />
      </div>
      <Button
        size="xs"
        variant="default"
        onClick={() => void check()}
        disabled={state.kind === 'checking'}
      >
        {t('health.checkAgain')}
      </Button>
    </section>
  );
}

function StatusLines({ state }: { state: HealthState }) {
  const { t } = useTranslation();
  if (state.kind === 'checking') return <p>{t('health.checking')}</p>;
  if (state.kind === 'unreachable')
    return <p className="bad">{t('health.unreachable', { reason: state.reason })}</p>;
  const { report } = state;
  // a state the server adds later reads as it sends it
  const say = (value: string) => t(`health.states.${value}`, { defaultValue: value });
  return (
    <dl>
      <dt>{t('health.api')}</dt>
      <dd className={report.status === 'ok' ? 'good' : 'bad'}>{say(report.status)}</dd>
      <dt>{t('health.database')}</dt>
      <dd className={report.database === 'ok' ? 'good' : 'bad'}>
        {say(report.database)} ({report.databaseProvider}){report.error ? `: ${report.error}` : ''}
      </dd>
      <dt>{t('health.version')}</dt>
      <dd>{report.version}</dd>
    </dl>
  );
}
