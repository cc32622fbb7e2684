import type { AttemptView, GradeView } from '@kubebelt/contract';

/**
 * The lab's grade after a check: a whole-lab check replaces it; a one-task check (which the
 * server grades alone) replaces only that task, and the lab's score is summed again.
 */
export function withAttempt(grade: GradeView | undefined, attempt: AttemptView): GradeView {
  if (!attempt.taskId || !grade) return attempt;
  const checked = attempt.tasks.find((t) => t.id === attempt.taskId);
  if (!checked) return grade;
  const tasks = grade.tasks.some((t) => t.id === checked.id)
    ? grade.tasks.map((t) => (t.id === checked.id ? checked : t))
    : [...grade.tasks, checked];
  return {
    score: tasks.reduce((n, t) => n + t.score, 0),
    maxScore: tasks.reduce((n, t) => n + t.maxScore, 0),
    passed: tasks.every((t) => t.passed),
    tasks,
  };
}
