/** Grades a lab (or one task of it) against live clusters: per check what was found and why. */
import type { Check, Lab, Task } from '../schema';
import { EVALUATORS } from './checks';
import { fill, text } from './text';
import type {
  CheckResult,
  Evaluator,
  GradeReport,
  GradeTarget,
  Outcome,
  TaskResult,
} from './types';

export interface GradeOptions {
  /** Grade only this task (its needs are still looked at). */
  taskId?: string;
}

const round = (n: number) => Math.round(n * 100) / 100;

export async function gradeLab(
  lab: Pick<Lab, 'id' | 'tasks'>,
  target: GradeTarget,
  options: GradeOptions = {},
): Promise<GradeReport> {
  const started = performance.now();
  const results = new Map<string, TaskResult>();
  const wanted = options.taskId ? withNeeds(lab.tasks, options.taskId) : lab.tasks;
  if (options.taskId && !wanted.length)
    throw new Error(`no task "${options.taskId}" in lab ${lab.id}`);
  await Promise.all(
    wanted.map(async (task) => results.set(task.id, await gradeTask(task, target))),
  );
  // A task whose needed tasks have not passed cannot pass yet (its checks still say what they found).
  for (const task of wanted) {
    const result = results.get(task.id) as TaskResult;
    const blockedBy = (task.needs ?? []).filter((n) => !results.get(n)?.passed);
    if (blockedBy.length) {
      result.blockedBy = blockedBy;
      result.passed = false;
      result.score = 0;
    }
  }
  const tasks = (options.taskId ? wanted.filter((t) => t.id === options.taskId) : lab.tasks).map(
    (t) => results.get(t.id) as TaskResult,
  );
  const score = round(tasks.reduce((s, t) => s + t.score, 0));
  const maxScore = round(tasks.reduce((s, t) => s + t.maxScore, 0));
  return {
    labId: lab.id,
    score,
    maxScore,
    passed: tasks.every((t) => t.passed),
    tasks,
    gradedAt: new Date().toISOString(),
    durationMs: round(performance.now() - started),
  };
}

function withNeeds(tasks: Task[], id: string): Task[] {
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const out = new Set<Task>();
  const add = (taskId: string) => {
    const t = byId.get(taskId);
    if (!t || out.has(t)) return;
    out.add(t);
    for (const n of t.needs ?? []) add(n);
  };
  add(id);
  return [...out];
}

export async function gradeTask(task: Task, target: GradeTarget): Promise<TaskResult> {
  const weight = task.weight ?? 1;
  const total = task.checks.reduce((s, c) => s + (c.weight ?? 1), 0) || 1;
  const checks = await Promise.all(
    task.checks.map((check) => gradeCheck(check, target, (weight * (check.weight ?? 1)) / total)),
  );
  // the task's score is computed from the weights, not from the rounded check scores (no 0.99 of 1)
  const passedWeight = task.checks.reduce(
    (s, c, i) => s + (checks[i].passed ? (c.weight ?? 1) : 0),
    0,
  );
  return {
    id: task.id,
    passed: checks.every((c) => c.passed),
    score: round((weight * passedWeight) / total),
    maxScore: round(weight),
    checks,
  };
}

export async function gradeCheck(
  check: Check,
  target: GradeTarget,
  points: number,
): Promise<CheckResult> {
  let outcome: Outcome;
  try {
    const evaluate = EVALUATORS[check.type] as Evaluator<typeof check.type>;
    outcome = await evaluate(check as never, target, target.client(check.cluster));
  } catch (err) {
    const message = (err as Error).message;
    outcome = {
      passed: false,
      found: 'error',
      expected: '',
      message: text(
        `The check could not read the cluster: ${message}`,
        `检查无法读取集群状态：${message}`,
      ),
    };
  }
  const message =
    !outcome.passed && check.message
      ? fill(check.message, {
          found: outcome.found,
          expected: outcome.expected,
          ...('target' in check && check.target
            ? {
                name: check.target.name,
                namespace: check.target.namespace ?? 'default',
                kind: check.target.kind,
              }
            : {}),
        })
      : outcome.message;
  return {
    id: check.id,
    type: check.type,
    passed: outcome.passed,
    score: outcome.passed ? round(points) : 0,
    maxScore: round(points),
    message,
    ...(outcome.diagnosis && !outcome.passed ? { diagnosis: outcome.diagnosis } : {}),
    found: outcome.found,
    expected: outcome.expected,
  };
}
