import type { MyProgress } from '@kubebelt/contract';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { answerApi, renderWithProviders } from '../render-with-providers';
import { ProgressPage } from './ProgressPage';

const progress: MyProgress = {
  courses: [
    {
      id: 'kubernetes',
      title: 'Kubernetes hands-on',
      labsCompleted: 1,
      labs: 4,
      quizzesPassed: 0,
      quizzes: 2,
      minutesSpent: 35,
      labResults: [],
    },
  ],
  domains: [
    { domain: 'cka.workloads-scheduling', completed: 1, total: 3 },
    { domain: 'ckad.deployment', completed: 0, total: 2 },
  ],
  history: [
    {
      kind: 'lab',
      id: 'deployment-basics',
      title: 'Create, scale and update a Deployment',
      score: 1,
      maxScore: 3,
      at: '2026-12-01T09:00:00.000Z',
    },
    {
      kind: 'quiz',
      id: 'pods-quiz',
      title: 'Pods',
      score: 4,
      maxScore: 5,
      at: '2026-12-02T09:00:00.000Z',
    },
    {
      kind: 'lab',
      id: 'deployment-basics',
      title: 'Create, scale and update a Deployment',
      score: 3,
      maxScore: 3,
      at: '2026-12-03T09:00:00.000Z',
    },
  ],
};

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('my progress', () => {
  it('names the curriculum domains, not their ids', async () => {
    vi.stubGlobal('fetch', vi.fn(answerApi({ '/me/progress': progress })));
    renderWithProviders(<ProgressPage />);
    await waitFor(() => expect(screen.queryByText('CKA: Workloads and Scheduling')).not.toBeNull());
    expect(screen.queryByText('CKAD: Application Deployment')).not.toBeNull();
    expect(screen.queryByText('cka.workloads-scheduling')).toBeNull();
  });

  it('lists the attempts per lab and quiz, the last tried first, with every dated score', async () => {
    vi.stubGlobal('fetch', vi.fn(answerApi({ '/me/progress': progress })));
    renderWithProviders(<ProgressPage />);
    const history = await screen.findByTestId('attempt-history');
    const items = within(history)
      .getAllByRole('button')
      .map((b) => b.textContent);
    expect(items).toEqual([
      expect.stringContaining('Create, scale and update a Deployment'),
      expect.stringContaining('Pods'),
    ]);
    const lab = screen.getByTestId('attempts-lab:deployment-basics');
    expect(within(lab).queryByText('2 attempts')).not.toBeNull();
    expect(within(lab).queryByText('Best 100%')).not.toBeNull();
    fireEvent.click(within(lab).getByRole('button'));
    const rows = (await within(lab).findAllByRole('row')).slice(1);
    expect(rows.map((r) => r.textContent)).toEqual([
      expect.stringContaining('3 / 3 (100%)'),
      expect.stringContaining('1 / 3 (33%)'),
    ]);
  });

  it('charts each attempt at its time, labs and quizzes apart', async () => {
    vi.stubGlobal('fetch', vi.fn(answerApi({ '/me/progress': progress })));
    const { container } = renderWithProviders(<ProgressPage />);
    const chart = await screen.findByRole('img', { name: /Scores of 3 attempts over time/ });
    const labPoints = [...chart.querySelectorAll('[data-kind="lab"] circle')];
    expect(labPoints.map((c) => c.getAttribute('cx'))).toEqual(['40', '628']);
    // the quiz a day later sits half-way between the two lab attempts, at 80 %
    const quiz = container.querySelector('[data-kind="quiz"] circle');
    expect(quiz?.getAttribute('cx')).toBe('334');
    expect(quiz?.querySelector('title')?.textContent).toContain('Pods: 80%');
  });

  it('says it in Chinese', async () => {
    vi.stubGlobal('fetch', vi.fn(answerApi({ '/me/progress': progress })));
    renderWithProviders(<ProgressPage />, 'zh');
    await waitFor(() => expect(screen.queryByText('CKA：工作负载与调度')).not.toBeNull());
    expect(screen.queryByText('2 次提交')).not.toBeNull();
  });
});
