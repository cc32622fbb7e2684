import type { AttemptView, GradeView } from '@kubebelt/contract';
import { describe, expect, it } from 'vitest';
import { withAttempt } from './lab-grade';

const task = (id: string, passed: boolean) => ({
  id,
  passed,
  score: passed ? 1 : 0,
  maxScore: 1,
  checks: [],
});

const live: GradeView = {
  score: 1,
  maxScore: 3,
  passed: false,
  tasks: [task('create', true), task('scale', false), task('update', false)],
};

const attempt = (taskId: string | null, tasks: GradeView['tasks']): AttemptView => ({
  id: 'a1',
  taskId,
  createdAt: '2026-12-07T01:00:00.000Z',
  score: tasks.reduce((n, t) => n + t.score, 0),
  maxScore: tasks.length,
  passed: tasks.every((t) => t.passed),
  tasks,
});

describe("the lab's grade after a check", () => {
  it('keeps the other tasks when one task is checked', () => {
    const after = withAttempt(live, attempt('scale', [task('scale', true)]));
    expect(after.tasks.map((t) => [t.id, t.passed])).toEqual([
      ['create', true],
      ['scale', true],
      ['update', false],
    ]);
    expect(after).toMatchObject({ score: 2, maxScore: 3, passed: false });
  });

  it('is replaced by a check of the whole lab', () => {
    const all = [task('create', true), task('scale', true), task('update', true)];
    expect(withAttempt(live, attempt(null, all))).toMatchObject({
      score: 3,
      maxScore: 3,
      passed: true,
    });
  });

  it('is the one task when nothing was graded before', () => {
    expect(withAttempt(undefined, attempt('scale', [task('scale', false)])).tasks).toHaveLength(1);
  });
});
