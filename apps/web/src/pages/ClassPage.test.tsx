import type { AssignmentStats } from '@kubebelt/contract';
import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { renderWithProviders } from '../render-with-providers';
import { AssignmentStatsCard, CheckFailureTable } from './ClassPage';

afterEach(cleanup);

const failure = (taskId: string, checkId: string, failed: number, graded: number) => ({
  taskId,
  checkId,
  failed,
  graded,
  percent: (failed / graded) * 100,
});

describe('the failed checks of an assignment', () => {
  it('reads as the share of learners failing each check, most failed first as given', () => {
    renderWithProviders(
      <CheckFailureTable
        failures={[failure('scale', 'replicas', 5, 8), failure('expose', 'service-port', 1, 8)]}
      />,
    );
    const rows = screen.getAllByRole('row');
    expect(rows.map((r) => r.textContent)).toEqual([
      '63% fail check scale/replicas5 of 8 graded',
      '13% fail check expose/service-port1 of 8 graded',
    ]);
  });

  it('leaves out checks nobody failed and shows at most the limit', () => {
    renderWithProviders(
      <CheckFailureTable
        limit={2}
        failures={[
          failure('a', 'one', 3, 4),
          failure('b', 'two', 2, 4),
          failure('c', 'three', 1, 4),
          failure('d', 'four', 0, 4),
        ]}
      />,
    );
    expect(screen.getAllByRole('row')).toHaveLength(2);
    expect(screen.queryByText(/c\/three/)).toBeNull();
  });

  it('says so when no check failed', () => {
    renderWithProviders(<CheckFailureTable failures={[failure('a', 'one', 0, 3)]} />);
    expect(screen.getByText('No failed checks so far.')).toBeTruthy();
  });

  it('is in Chinese for a Chinese interface', () => {
    renderWithProviders(
      <CheckFailureTable failures={[failure('scale', 'replicas', 1, 2)]} />,
      'zh',
    );
    expect(screen.getByText('50% 未通过检查 scale/replicas')).toBeTruthy();
  });
});

describe('an assignment on the dashboard', () => {
  it('shows completion, the median time and who is working on it by name', () => {
    const stats: AssignmentStats = {
      assignment: {
        id: 'as1',
        kind: 'lab',
        itemId: 'scale-app',
        title: 'Scale an app',
        dueAt: null,
      },
      members: 4,
      started: 3,
      completed: 2,
      completionPercent: 50,
      scoreBands: [1, 0, 0, 1, 2],
      medianMinutesToComplete: 12.4,
      activeNow: ['acc-1'],
      checkFailures: [failure('scale', 'replicas', 2, 3)],
    };
    renderWithProviders(
      <AssignmentStatsCard stats={stats} nameOf={(id) => (id === 'acc-1' ? 'Ada' : id)} />,
    );
    const card = screen.getByRole('region', { name: 'Scale an app' });
    expect(within(card).getByText('50% completed')).toBeTruthy();
    expect(within(card).getByText('3 started, 2 completed of 4')).toBeTruthy();
    expect(within(card).getByText('12 minutes')).toBeTruthy();
    expect(within(card).getByText('1 working on it now')).toBeTruthy();
    expect(within(card).getByText('Ada')).toBeTruthy();
    expect(within(card).getByText('67% fail check scale/replicas')).toBeTruthy();
  });
});
