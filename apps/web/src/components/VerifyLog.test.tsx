import type { VerifyStreamEvent } from '@kubebelt/contract';
import { cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { renderWithProviders } from '../render-with-providers';
import { VerifyLog } from './VerifyLog';

const replicas = (passed: boolean) => ({
  task: 'scale',
  check: 'replicas',
  passed,
  message: passed
    ? { en: 'Deployment web: .spec.replicas is 3.', zh: 'Deployment web：.spec.replicas 为 3。' }
    : { en: 'Deployment web was not found.', zh: '未找到 Deployment web。' },
});

const failedRun: VerifyStreamEvent[] = [
  { step: 'started', labId: 'scale-web', checks: 1, mistakes: ['one-replica'] },
  { step: 'set-up', ok: true },
  { step: 'before', passing: 0, checks: 1, results: [replicas(false)] },
  { step: 'solution', exitCode: 1, timedOut: false, output: 'error: unknown flag: --replica' },
  {
    step: 'mistake',
    name: 'one-replica',
    ok: false,
    message: 'the check passes, expected it to fail',
  },
  {
    step: 'finished',
    outcome: {
      hash: 'abc',
      ok: false,
      at: '2026-12-07T05:00:00Z',
      durationMs: 4200,
      checks: 1,
      passingBefore: 0,
      passingAfter: 0,
      mistakes: [{ name: 'one-replica', ok: false }],
      failures: [{ message: 'solution.sh exited with 1: error: unknown flag: --replica' }],
    },
  },
];

describe('the Verify log', () => {
  afterEach(cleanup);

  it('shows each step as it came, the solution’s output when it failed, and the verdict', () => {
    renderWithProviders(<VerifyLog events={failedRun} />);
    expect(screen.getByText('Started: 1 checks, 1 mistakes.')).toBeTruthy();
    expect(screen.getByText('Before the solution: 0 of 1 checks pass')).toBeTruthy();
    expect(screen.getByText('Deployment web was not found.')).toBeTruthy();
    expect(screen.getByText('solution.sh exited with 1')).toBeTruthy();
    expect(screen.getByText('error: unknown flag: --replica')).toBeTruthy();
    expect(
      screen.getByText('mistakes/one-replica.sh: the check passes, expected it to fail'),
    ).toBeTruthy();
    expect(screen.getByText('Verify failed')).toBeTruthy();
    expect(screen.queryByText(/^After the solution/)).toBeNull();
  });

  it('reads the checks’ messages in the page’s language', () => {
    renderWithProviders(
      <VerifyLog events={[{ step: 'after', passing: 1, checks: 1, results: [replicas(true)] }]} />,
      'zh',
    );
    expect(screen.getByText('运行答案后：1 个检查项中有 1 个通过')).toBeTruthy();
    expect(screen.getByText('Deployment web：.spec.replicas 为 3。')).toBeTruthy();
  });
});
