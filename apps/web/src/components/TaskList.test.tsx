import type { GradeView, LabView } from '@kubebelt/contract';
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../render-with-providers';
import { TaskList } from './TaskList';

const lab: LabView = {
  id: 'deployment-basics',
  title: 'Create, scale and update a Deployment',
  summary: '',
  difficulty: 'beginner',
  estimatedMinutes: 20,
  domains: ['cka.workloads-scheduling'],
  tags: [],
  troubleshooting: false,
  language: 'en',
  course: null,
  module: null,
  introduction: '',
  kubernetesVersion: '1.33',
  timeLimitMinutes: null,
  clusters: [{ name: 'default', nodes: 2 }],
  tasks: [
    {
      id: 'create',
      title: 'Create the Deployment web',
      weight: 1,
      needs: [],
      instructions: 'Create a Deployment named `web`.',
      hints: ['Use `kubectl create deployment`.', 'Add `--replicas=2`.'],
      checks: [
        { id: 'exists', description: null },
        { id: 'ready', description: null },
      ],
    },
    {
      id: 'scale',
      title: 'Scale web to 4 replicas',
      weight: 1,
      needs: ['create'],
      instructions: 'Scale `web`.',
      hints: [],
      checks: [{ id: 'replicas', description: null }],
    },
  ],
};

const grade: GradeView = {
  score: 1,
  maxScore: 2,
  passed: false,
  tasks: [
    {
      id: 'create',
      passed: true,
      score: 1,
      maxScore: 1,
      checks: [
        {
          id: 'exists',
          passed: true,
          score: 1,
          maxScore: 1,
          message: 'Deployment web exists.',
        },
        {
          id: 'ready',
          passed: true,
          score: 0,
          maxScore: 0,
          message: '2 of 2 pods matching app=web are Ready.',
        },
      ],
    },
    {
      id: 'scale',
      passed: false,
      score: 0,
      maxScore: 1,
      blockedBy: ['create'],
      checks: [
        {
          id: 'replicas',
          passed: false,
          score: 0,
          maxScore: 1,
          message: 'Deployment web has 2 replicas, expected 4.',
          diagnosis: 'nobody scaled it',
        },
      ],
    },
  ],
};

function renderTasks(props: Partial<Parameters<typeof TaskList>[0]> = {}) {
  const handlers = { onActive: vi.fn(), onCheck: vi.fn(), onRun: vi.fn() };
  const view = renderWithProviders(
    <TaskList lab={lab} active="create" checking={false} {...handlers} {...props} />,
  );
  return { ...view, ...handlers };
}

const task = (id: string) => screen.getByTestId(`task-${id}`);

afterEach(cleanup);

describe('the task list', () => {
  it('is a list of the lab’s tasks, in order', () => {
    renderTasks();
    const list = screen.getByRole('list', { name: 'Tasks' });
    const items = within(list).getAllByRole('listitem');
    expect(items.map((i) => within(i).getAllByRole('button')[0].textContent)).toEqual([
      '1. Create the Deployment web',
      '2. Scale web to 4 replicas',
    ]);
  });

  it('shows no verdict before the grader has spoken', () => {
    renderTasks();
    expect(task('create').dataset.passed).toBe('false');
    expect(screen.queryByText(/Passed/)).toBeNull();
    expect(screen.queryByRole('img', { name: /Check/ })).toBeNull();
  });

  it('turns a task green when the grader says it passed', () => {
    const { rerender } = renderTasks();
    rerender(
      <TaskList
        lab={lab}
        grade={grade}
        active="create"
        checking={false}
        onActive={() => {}}
        onCheck={() => {}}
        onRun={() => {}}
      />,
    );
    expect(task('create').dataset.passed).toBe('true');
    expect(within(task('create')).queryByText('✓ Passed')).not.toBeNull();
    expect(task('scale').dataset.passed).toBe('false');
    expect(within(task('scale')).queryByText('Not passed yet')).not.toBeNull();
  });

  it('checks one task with its Check button', () => {
    const { onCheck } = renderTasks();
    fireEvent.click(within(task('create')).getByRole('button', { name: 'Check' }));
    expect(onCheck).toHaveBeenCalledWith('create');
  });
});

describe('the check results', () => {
  it('list each check with the grader’s message, passed or failed', () => {
    renderTasks({ grade });
    const create = within(task('create'));
    expect(create.getAllByRole('img', { name: 'Check passed' })).toHaveLength(2);
    expect(create.queryByText('Deployment web exists.')).not.toBeNull();
    expect(create.queryByText('2 of 2 pods matching app=web are Ready.')).not.toBeNull();
  });

  it('say why a check failed and which task must be finished first', () => {
    renderTasks({ grade, active: 'scale' });
    const scale = within(task('scale'));
    expect(scale.queryByRole('img', { name: 'Check failed' })).not.toBeNull();
    expect(scale.queryByText('Deployment web has 2 replicas, expected 4.')).not.toBeNull();
    expect(scale.queryByText('Why: nobody scaled it')).not.toBeNull();
    expect(scale.queryByText('Finish first: create')).not.toBeNull();
  });
});

describe('the hints', () => {
  it('are revealed one at a time, until there are no more', () => {
    renderTasks();
    const create = within(task('create'));
    expect(create.queryByText('Hint 1')).toBeNull();
    fireEvent.click(create.getByRole('button', { name: 'Show a hint' }));
    expect(create.queryByText('Hint 1')).not.toBeNull();
    expect(create.queryByText('Hint 2')).toBeNull();
    fireEvent.click(create.getByRole('button', { name: 'Show a hint' }));
    expect(create.queryByText('Hint 2')).not.toBeNull();
    expect(create.queryByText('--replicas=2', { selector: 'code' })).not.toBeNull();
    const done = create.getByRole('button', { name: 'No more hints' });
    expect(done).toHaveProperty('disabled', true);
  });

  it('are offered in Chinese too', () => {
    renderWithProviders(
      <TaskList
        lab={lab}
        active="create"
        checking={false}
        onActive={() => {}}
        onCheck={() => {}}
        onRun={() => {}}
      />,
      'zh',
    );
    expect(screen.queryByRole('list', { name: '任务' })).not.toBeNull();
    fireEvent.click(screen.getByRole('button', { name: '显示提示' }));
    expect(screen.queryByText('提示 1')).not.toBeNull();
  });
});
