/**
 * Exams: an exam.yaml beside the same files a lab has (README.md per language with a section per
 * task, setup.yaml, setup.sh, solution.sh). It is graded as a lab whose tasks are the exam's, so
 * sessions, the grader and `kubebelt-lab verify` run it unchanged; what only an exam has (time,
 * pass mark, weights, task pools, concept questions, one solution per task) is kept beside it.
 */
import { dirname, join } from 'node:path';
import type { Exam, ExamTask, Lab } from '../schema';
import { type LoadedLab, readContent, readLabFolder } from './loader';
import type { Problem } from './problems';
import { checkLab, checkQuestions, reporter } from './rules';

export interface LoadedExam extends LoadedLab {
  exam: Exam;
  /** solution.sh cut at its `# task: <id>` lines: what the report shows under each task. */
  solutions: Record<string, string>;
}

export function loadExam(file: string, problems: Problem[]): LoadedExam | undefined {
  const read = readContent<Exam>(file, 'Exam', problems);
  if (!read) return undefined;
  const exam = read.value;
  const folder = readLabFolder(dirname(file), file, examAsLab(exam), read.source, problems);
  const loaded: LoadedExam = { ...folder, exam, solutions: splitSolution(folder.solution ?? '') };
  // The lab rules read the tasks as written (a wrong task cluster is reported once, at the task).
  checkLab({ ...loaded, lab: { ...loaded.lab, tasks: exam.tasks } }, problems);
  checkExam(loaded, problems);
  return loaded;
}

/** The lab the grader sees: every task of the pool, each check reading its task's cluster. */
export function examAsLab(exam: Exam): Lab {
  return {
    apiVersion: exam.apiVersion,
    kind: 'Lab',
    id: exam.id,
    title: exam.title,
    summary: exam.summary,
    difficulty: exam.difficulty,
    estimatedMinutes: exam.durationMinutes,
    domains: exam.domains,
    kubernetesVersion: exam.kubernetesVersion,
    clusters: exam.clusters,
    timeLimitMinutes: exam.durationMinutes,
    tasks: exam.tasks.map(({ cluster, pool: _pool, ...task }) => ({
      ...task,
      checks: task.checks.map((check) =>
        cluster && !check.cluster ? { ...check, cluster } : check,
      ),
    })),
  };
}

/** The cluster a task is done on: its own, or the exam's first. */
export function taskCluster(exam: Exam, task: ExamTask): string {
  return task.cluster ?? exam.clusters?.[0]?.name ?? 'default';
}

/**
 * The tasks of one attempt, in the exam's order: every task without a pool, and from each pool
 * as many as `draw` says, picked with `random` (0 ≤ random() < 1).
 */
export function drawTasks(exam: Exam, random: () => number = Math.random): ExamTask[] {
  const picked = new Set<ExamTask>(exam.tasks.filter((t) => !t.pool));
  for (const [pool, count] of Object.entries(exam.draw ?? {})) {
    const candidates = exam.tasks.filter((t) => t.pool === pool);
    for (let i = 0; i < count && candidates.length; i++) {
      const [task] = candidates.splice(Math.floor(random() * candidates.length), 1);
      picked.add(task);
    }
  }
  return exam.tasks.filter((t) => picked.has(t));
}

const TASK_MARKER = /^#\s*task:\s*([a-z0-9-]+)\s*$/;

/** Cuts a solution script at its `# task: <id>` lines; text before the first marker is shared set-up and left out. */
export function splitSolution(script: string): Record<string, string> {
  const out: Record<string, string> = {};
  let current: string | undefined;
  for (const line of script.split('\n')) {
    const marker = TASK_MARKER.exec(line.trim());
    if (marker) {
      current = marker[1];
      out[current] = '';
      continue;
    }
    if (current) out[current] += `${line}\n`;
  }
  for (const id of Object.keys(out)) out[id] = out[id].trim();
  return out;
}

function checkExam(loaded: LoadedExam, problems: Problem[]): void {
  const { exam } = loaded;
  const report = reporter(loaded.source, problems);
  const clusters = new Set((exam.clusters ?? [{ name: 'default' }]).map((c) => c.name));
  const pools = exam.draw ?? {};
  const pooled = new Set(exam.tasks.filter((t) => t.pool).map((t) => t.id));
  exam.tasks.forEach((task, t) => {
    if (task.cluster && !clusters.has(task.cluster))
      report(
        `/tasks/${t}/cluster`,
        `no cluster named "${task.cluster}" in clusters`,
        'cluster-ref',
      );
    if (task.pool && !(task.pool in pools))
      report(`/tasks/${t}/pool`, `pool "${task.pool}" is not in draw`, 'pool');
    // A drawn task may be left out of an attempt, so no task can depend on one (nor a drawn one on others).
    (task.needs ?? []).forEach((need, n) => {
      if (task.pool || pooled.has(need))
        report(`/tasks/${t}/needs/${n}`, 'tasks in a pool cannot need or be needed', 'pool');
    });
    if (!loaded.solutions[task.id])
      problems.push({
        file: join(loaded.dir, 'solution.sh'),
        line: 1,
        column: 1,
        message: `no solution for task "${task.id}" (a line "# task: ${task.id}" followed by its commands)`,
        rule: 'solution',
      });
  });
  for (const [pool, count] of Object.entries(pools)) {
    const size = exam.tasks.filter((t) => t.pool === pool).length;
    if (size < count)
      report(
        `/draw/${pool}`,
        `draws ${count} tasks from pool "${pool}", which has ${size}`,
        'pool',
      );
  }
  checkQuestions(exam.questions ?? [], report);
}
