/** A class's figures for one assignment, from its learners' gradings (labs) or attempts (exams). */
import type { AssignmentStats, AssignmentView } from '@kubebelt/contract';
import type { GradeReport } from '@kubebelt/labs';

interface LabWork {
  kind: 'lab';
  sessions: {
    accountId: string;
    startedAt: Date;
    running: boolean;
    /** "Check all" gradings, oldest first. */
    gradings: { at: Date; report: GradeReport }[];
  }[];
}

interface ExamWork {
  kind: 'exam';
  attempts: {
    accountId: string;
    startedAt: Date;
    submittedAt: Date | null;
    running: boolean;
    passed: boolean | null;
    percent: number | null;
    report: GradeReport | null;
  }[];
}

/** What one learner did on the assignment. */
interface Outcome {
  started: Date;
  bestPercent: number | null;
  completedAt: Date | null;
  active: boolean;
  /** The latest grading, whose failed checks count against the class. */
  latest: GradeReport | null;
}

const MINUTE = 60_000;

export function assignmentStats(
  assignment: AssignmentView,
  members: string[],
  work: LabWork | ExamWork,
): AssignmentStats {
  const outcomes = new Map<string, Outcome>();
  for (const accountId of members) {
    const outcome =
      work.kind === 'lab' ? labOutcome(work, accountId) : examOutcome(work, accountId);
    if (outcome) outcomes.set(accountId, outcome);
  }
  const all = [...outcomes.values()];
  const completed = all.filter((o) => o.completedAt);
  const bands = [0, 0, 0, 0, 0];
  for (const o of all)
    if (o.bestPercent !== null) bands[Math.min(4, Math.floor(o.bestPercent / 20))]++;
  const minutes = completed
    .map((o) => ((o.completedAt as Date).getTime() - o.started.getTime()) / MINUTE)
    .sort((a, b) => a - b);
  return {
    assignment,
    members: members.length,
    started: all.length,
    completed: completed.length,
    completionPercent: members.length ? Math.round((completed.length / members.length) * 100) : 0,
    scoreBands: bands,
    medianMinutesToComplete: minutes.length
      ? Math.round(minutes[Math.floor((minutes.length - 1) / 2)] * 10) / 10
      : null,
    activeNow: [...outcomes].filter(([, o]) => o.active).map(([id]) => id),
    checkFailures: checkFailures(all.map((o) => o.latest).filter((r): r is GradeReport => !!r)),
  };
}

function labOutcome(work: LabWork, accountId: string): Outcome | undefined {
  const sessions = work.sessions.filter((s) => s.accountId === accountId);
  if (!sessions.length) return undefined;
  const gradings = sessions
    .flatMap((s) => s.gradings)
    .sort((a, b) => a.at.getTime() - b.at.getTime());
  const percent = (r: GradeReport) => (r.maxScore ? (r.score / r.maxScore) * 100 : 0);
  return {
    started: new Date(Math.min(...sessions.map((s) => s.startedAt.getTime()))),
    bestPercent: gradings.length ? Math.max(...gradings.map((g) => percent(g.report))) : null,
    completedAt: gradings.find((g) => g.report.passed)?.at ?? null,
    active: sessions.some((s) => s.running),
    latest: gradings.at(-1)?.report ?? null,
  };
}

function examOutcome(work: ExamWork, accountId: string): Outcome | undefined {
  const attempts = work.attempts.filter((a) => a.accountId === accountId);
  if (!attempts.length) return undefined;
  const submitted = attempts
    .filter((a) => a.submittedAt)
    .sort((a, b) => (a.submittedAt as Date).getTime() - (b.submittedAt as Date).getTime());
  const passed = submitted.find((a) => a.passed);
  const percents = submitted.map((a) => a.percent ?? 0);
  return {
    started: passed?.startedAt ?? attempts[0].startedAt,
    bestPercent: percents.length ? Math.max(...percents) : null,
    completedAt: passed?.submittedAt ?? null,
    active: attempts.some((a) => a.running),
    latest: submitted.at(-1)?.report ?? null,
  };
}

/** Each check's share of learners whose latest grading failed it, most failed first. */
function checkFailures(reports: GradeReport[]): AssignmentStats['checkFailures'] {
  const counts = new Map<
    string,
    { taskId: string; checkId: string; failed: number; graded: number }
  >();
  for (const report of reports)
    for (const task of report.tasks)
      for (const check of task.checks) {
        const key = `${task.id}/${check.id}`;
        const entry = counts.get(key) ?? {
          taskId: task.id,
          checkId: check.id,
          failed: 0,
          graded: 0,
        };
        entry.graded++;
        if (!check.passed) entry.failed++;
        counts.set(key, entry);
      }
  return [...counts.values()]
    .map((c) => ({ ...c, percent: Math.round((c.failed / c.graded) * 100) }))
    .sort((a, b) => b.percent - a.percent || b.failed - a.failed);
}
