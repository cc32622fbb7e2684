/** Exams as the API shows them: one language, no checks' expected values, no solutions before submission. */
import type {
  ExamAttemptSummary,
  ExamAttemptView,
  ExamReport,
  ExamSummary,
  Language,
} from '@kubebelt/contract';
import {
  clusterSpecs,
  drawTasks,
  type ExamQuestion,
  type GradeReport,
  type LoadedExam,
  taskCluster,
} from '@kubebelt/labs';
import { markAnswer } from '../catalog/quiz-scoring';
import { say, withoutLeadingHeading } from '../catalog/views';
import type { ExamAttempt } from '../database/prisma-client';

/** What is stored at submission, in both languages: the grader's report and the questions' scores. */
export interface StoredReport {
  grade: GradeReport;
  questions: QuestionScore[];
}

export interface QuestionScore {
  id: string;
  chosen: string[];
  score: number;
  maxScore: number;
}

const round = (n: number) => Math.round(n * 100) / 100;

export function examSummary(
  loaded: LoadedExam,
  lang: Language,
  running: ExamAttempt | undefined,
): ExamSummary {
  const e = loaded.exam;
  return {
    id: e.id,
    title: say(e.title, lang),
    summary: say(e.summary, lang),
    track: e.track,
    difficulty: e.difficulty,
    domains: e.domains,
    durationMinutes: e.durationMinutes,
    passPercent: e.passPercent,
    // every attempt draws the same number of tasks
    tasks: drawTasks(e).length,
    questions: e.questions?.length ?? 0,
    clusters: clusterSpecs(loaded.lab).map((c) => c.name),
    running: running ? { id: running.id, endsAt: running.endsAt.toISOString() } : null,
  };
}

const stringList = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);

/** The attempt's tasks, in the exam's order. */
export function attemptTasks(loaded: LoadedExam, attempt: ExamAttempt) {
  const ids = new Set(stringList(attempt.taskIds));
  return loaded.exam.tasks.filter((t) => ids.has(t.id));
}

export function attemptView(
  loaded: LoadedExam,
  attempt: ExamAttempt,
  lang: Language,
  now: number,
): ExamAttemptView {
  const instructions = loaded.instructions[lang] ?? loaded.instructions.en;
  const flags = new Set(stringList(attempt.flags));
  const submitted = attempt.status === 'submitted';
  return {
    id: attempt.id,
    examId: attempt.examId,
    title: say(loaded.exam.title, lang),
    introduction: withoutLeadingHeading(instructions?.intro ?? ''),
    status: attempt.status as ExamAttemptView['status'],
    startedAt: attempt.startedAt.toISOString(),
    endsAt: attempt.endsAt.toISOString(),
    serverTime: new Date(now).toISOString(),
    remainingSeconds: submitted
      ? 0
      : Math.max(0, Math.floor((attempt.endsAt.getTime() - now) / 1000)),
    durationMinutes: loaded.exam.durationMinutes,
    passPercent: loaded.exam.passPercent,
    submittedAt: attempt.submittedAt?.toISOString() ?? null,
    submittedBy: (attempt.submittedBy as ExamAttemptView['submittedBy']) ?? null,
    reviewUntil: attempt.reviewUntil?.toISOString() ?? null,
    sessionId: attempt.sessionId,
    clusters: clusterSpecs(loaded.lab).map((c) => ({ name: c.name, context: c.name })),
    tasks: attemptTasks(loaded, attempt).map((t) => ({
      id: t.id,
      title: say(t.title, lang),
      weight: t.weight,
      cluster: taskCluster(loaded.exam, t),
      instructions: withoutLeadingHeading(instructions?.tasks[t.id] ?? ''),
      flagged: flags.has(t.id),
    })),
    questions: (loaded.exam.questions ?? []).map((q) => ({
      id: q.id,
      type: q.type,
      prompt: say(q.prompt, lang),
      weight: q.weight,
      choices: q.choices.map((c) => ({ id: c.id, text: say(c.text, lang) })),
    })),
    answers: (attempt.answers as Record<string, string[]> | null) ?? {},
    notes: attempt.notes,
    percent: submitted ? percentOf(attempt) : null,
    passed: submitted ? attempt.passed : null,
  };
}

export function attemptSummary(
  loaded: LoadedExam | undefined,
  attempt: ExamAttempt,
  lang: Language,
): ExamAttemptSummary {
  return {
    id: attempt.id,
    examId: attempt.examId,
    title: loaded ? say(loaded.exam.title, lang) : attempt.examId,
    status: attempt.status as ExamAttemptSummary['status'],
    startedAt: attempt.startedAt.toISOString(),
    endsAt: attempt.endsAt.toISOString(),
    submittedAt: attempt.submittedAt?.toISOString() ?? null,
    score: attempt.score,
    maxScore: attempt.maxScore,
    percent: attempt.status === 'submitted' ? percentOf(attempt) : null,
    passed: attempt.status === 'submitted' ? attempt.passed : null,
  };
}

function percentOf(attempt: Pick<ExamAttempt, 'score' | 'maxScore'>): number {
  return attempt.maxScore ? Math.round(((attempt.score ?? 0) / attempt.maxScore) * 1000) / 10 : 0;
}

/** All and only the correct choices earn the question's weight. */
export function scoreQuestions(
  questions: ExamQuestion[],
  answers: Record<string, string[]>,
): QuestionScore[] {
  return questions.map((q) => {
    const { chosen, correct } = markAnswer(q, answers[q.id]);
    return { id: q.id, chosen, score: correct ? q.weight : 0, maxScore: q.weight };
  });
}

export function totals(stored: StoredReport): { score: number; maxScore: number } {
  const score = stored.grade.score + stored.questions.reduce((n, q) => n + q.score, 0);
  const maxScore = stored.grade.maxScore + stored.questions.reduce((n, q) => n + q.maxScore, 0);
  return { score: round(score), maxScore: round(maxScore) };
}

export function reportView(
  loaded: LoadedExam,
  attempt: ExamAttempt,
  candidate: string,
  lang: Language,
): ExamReport {
  const stored = attempt.report as unknown as StoredReport;
  const instructions = loaded.instructions[lang] ?? loaded.instructions.en;
  const flags = new Set(stringList(attempt.flags));
  const results = new Map(stored.grade.tasks.map((t) => [t.id, t]));
  const submittedAt = attempt.submittedAt ?? attempt.endsAt;
  const { score, maxScore } = totals(stored);
  return {
    attemptId: attempt.id,
    examId: attempt.examId,
    title: say(loaded.exam.title, lang),
    track: loaded.exam.track,
    language: lang,
    candidate,
    score,
    maxScore,
    percent: percentOf({ score, maxScore }),
    passPercent: loaded.exam.passPercent,
    passed: attempt.passed ?? false,
    startedAt: attempt.startedAt.toISOString(),
    submittedAt: submittedAt.toISOString(),
    submittedBy: (attempt.submittedBy as ExamReport['submittedBy']) ?? 'candidate',
    timeUsedSeconds: Math.round(
      (Math.min(submittedAt.getTime(), attempt.endsAt.getTime()) - attempt.startedAt.getTime()) /
        1000,
    ),
    durationMinutes: loaded.exam.durationMinutes,
    tasks: attemptTasks(loaded, attempt).map((t) => {
      const result = results.get(t.id);
      return {
        id: t.id,
        title: say(t.title, lang),
        cluster: taskCluster(loaded.exam, t),
        weight: t.weight,
        score: result?.score ?? 0,
        maxScore: result?.maxScore ?? t.weight,
        passed: result?.passed ?? false,
        flagged: flags.has(t.id),
        instructions: withoutLeadingHeading(instructions?.tasks[t.id] ?? ''),
        solution: loaded.solutions[t.id] ?? '',
        checks: t.checks.map((check) => {
          const found = result?.checks.find((c) => c.id === check.id);
          return {
            id: check.id,
            description: check.description ? say(check.description, lang) : null,
            passed: found?.passed ?? false,
            score: found?.score ?? 0,
            maxScore: found?.maxScore ?? 0,
            message: found ? (found.message[lang] ?? found.message.en) : '',
            diagnosis: found?.diagnosis ? (found.diagnosis[lang] ?? found.diagnosis.en) : null,
          };
        }),
      };
    }),
    questions: (loaded.exam.questions ?? []).map((q) => {
      const scored = stored.questions.find((s) => s.id === q.id);
      const chosen = new Set(scored?.chosen ?? []);
      return {
        id: q.id,
        type: q.type,
        prompt: say(q.prompt, lang),
        weight: q.weight,
        score: scored?.score ?? 0,
        passed: (scored?.score ?? 0) > 0,
        choices: q.choices.map((c) => ({
          id: c.id,
          text: say(c.text, lang),
          correct: c.correct ?? false,
          chosen: chosen.has(c.id),
        })),
        explanation: say(q.explanation, lang),
      };
    }),
  };
}
