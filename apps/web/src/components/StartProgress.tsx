import type { SessionStartStep } from '@kubebelt/contract';
import { Stepper } from '@mantine/core';
import { useTranslation } from 'react-i18next';

const STEPS: SessionStartStep[] = ['cluster', 'setup', 'terminal'];

/** The steps of starting a lab, those done ticked and the one running with a spinner. */
export function StartProgress({ step }: { step: SessionStartStep }) {
  const { t } = useTranslation();
  const active = STEPS.indexOf(step);
  return (
    <Stepper
      active={active}
      orientation="vertical"
      size="sm"
      aria-label={t('lab.starting')}
      data-testid="start-progress"
      data-step={step}
    >
      {STEPS.map((s, i) => (
        <Stepper.Step
          key={s}
          label={t(`lab.steps.${s}`)}
          loading={i === active}
          aria-current={i === active ? 'step' : undefined}
        />
      ))}
    </Stepper>
  );
}
