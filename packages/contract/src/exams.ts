/** Exams: the list, an attempt as the candidate sees it while it runs, and the report after it. */
import { z } from 'zod';

export const ExamTrack = z.enum(['cka', 'ckad', 'hccda']);

export const ExamSummary = z.object({
  id: z.string(),
  title: z.string(),
  summary: z.string(),
  track: ExamTrack,
  difficulty: z.enum(['beginner', 'intermediate', 'advanced']),
  domains: z.array(z.string()),
  durationMinutes: z.number(),
  passPercent: z.number(),
  /** Hands-on tasks in one attempt (pools drawn) and concept questions. */
  tasks: z.number(),
  questions: z.number(),
  clusters: z.array(z.string()),
  /** The candidate's attempt in progress, to resume. */
  running: z.object({ id: z.string(), endsAt: z.string() }).nullable(),
});
export type ExamSummary = z.infer<typeof ExamSummary>;

export const ExamTaskView = z.object({
  id: z.string(),
  title: z.string(),
  weight: z.number(),
  /** The kubeconfig context the task is done in (`kubectl config use-context <cluster>`). */
  cluster: z.string(),
  instructions: z.string(),
  flagged: z.boolean(),
});
export type ExamTaskView = z.infer<typeof ExamTaskView>;

export const ExamQuestionView = z.object({
  id: z.string(),
  type: z.enum(['single', 'multiple']),
  prompt: z.string(),
  weight: z.number(),
  choices: z.array(z.object({ id: z.string(), text: z.string() })),
});
export type ExamQuestionView = z.infer<typeof ExamQuestionView>;

export const ExamAttemptStatus = z.enum(['running', 'submitted']);

/** Scores are null until the attempt is submitted; the remaining time is the server's. */
export const ExamAttemptView = z.object({
  id: z.string(),
  examId: z.string(),
  title: z.string(),
  introduction: z.string(),
  status: ExamAttemptStatus,
  startedAt: z.string(),
  endsAt: z.string(),
  serverTime: z.string(),
  remainingSeconds: z.number(),
  durationMinutes: z.number(),
  passPercent: z.number(),
  submittedAt: z.string().nullable(),
  submittedBy: z.enum(['candidate', 'timeout']).nullable(),
  reviewUntil: z.string().nullable(),
  /** The lab session whose terminal and clusters the attempt uses (null once it has ended). */
  sessionId: z.string().nullable(),
  clusters: z.array(z.object({ name: z.string(), context: z.string() })),
  tasks: z.array(ExamTaskView),
  questions: z.array(ExamQuestionView),
  answers: z.record(z.string(), z.array(z.string())),
  notes: z.string(),
  percent: z.number().nullable(),
  passed: z.boolean().nullable(),
});
export type ExamAttemptView = z.infer<typeof ExamAttemptView>;

export const ExamAttemptSummary = z.object({
  id: z.string(),
  examId: z.string(),
  title: z.string(),
  status: ExamAttemptStatus,
  startedAt: z.string(),
  endsAt: z.string(),
  submittedAt: z.string().nullable(),
  score: z.number().nullable(),
  maxScore: z.number().nullable(),
  percent: z.number().nullable(),
  passed: z.boolean().nullable(),
});
export type ExamAttemptSummary = z.infer<typeof ExamAttemptSummary>;

// Requests are strict: a body that carries anything else (a score, an end time) is refused.
/** `flagged` left out flags the task. */
export const ExamFlagRequest = z
  .object({ taskId: z.string(), flagged: z.boolean().default(true) })
  .strict();
export const ExamNotesRequest = z.object({ notes: z.string().max(50_000) }).strict();
export const ExamAnswersRequest = z
  .object({ answers: z.record(z.string(), z.array(z.string()).max(8)) })
  .strict();
/** Submission takes no body (an empty one is fine). */
export const ExamSubmitRequest = z.object({}).strict();

export const ExamReportCheck = z.object({
  id: z.string(),
  description: z.string().nullable(),
  passed: z.boolean(),
  score: z.number(),
  maxScore: z.number(),
  /** What the grader expected and what it found. */
  message: z.string(),
  /** Why, when the grader could tell (events, pod states, selectors). */
  diagnosis: z.string().nullable(),
});

export const ExamReportTask = z.object({
  id: z.string(),
  title: z.string(),
  cluster: z.string(),
  weight: z.number(),
  score: z.number(),
  maxScore: z.number(),
  passed: z.boolean(),
  flagged: z.boolean(),
  instructions: z.string(),
  /** The commands that solve the task. */
  solution: z.string(),
  checks: z.array(ExamReportCheck),
});

export const ExamReportQuestion = z.object({
  id: z.string(),
  type: z.enum(['single', 'multiple']),
  prompt: z.string(),
  weight: z.number(),
  score: z.number(),
  passed: z.boolean(),
  choices: z.array(
    z.object({ id: z.string(), text: z.string(), correct: z.boolean(), chosen: z.boolean() }),
  ),
  explanation: z.string(),
});

export const ExamReport = z.object({
  attemptId: z.string(),
  examId: z.string(),
  title: z.string(),
  track: ExamTrack,
  language: z.enum(['en', 'zh']),
  candidate: z.string(),
  score: z.number(),
  maxScore: z.number(),
  percent: z.number(),
  passPercent: z.number(),
  passed: z.boolean(),
  startedAt: z.string(),
  submittedAt: z.string(),
  submittedBy: z.enum(['candidate', 'timeout']),
  timeUsedSeconds: z.number(),
  durationMinutes: z.number(),
  tasks: z.array(ExamReportTask),
  questions: z.array(ExamReportQuestion),
});
export type ExamReport = z.infer<typeof ExamReport>;
