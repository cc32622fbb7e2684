/**
 * The kubebelt API's request and response bodies. One schema per body; the types are inferred,
 * never written twice.
 */
import { z } from 'zod';

export const Language = z.enum(['en', 'zh']);
export type Language = z.infer<typeof Language>;

export const Role = z.enum(['student', 'instructor', 'admin']);

// --- accounts -------------------------------------------------------------------------------

export const AccountView = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: Role,
  locale: Language.nullable(),
});
export type AccountView = z.infer<typeof AccountView>;

export const LoginRequest = z.object({
  email: z.string().trim().toLowerCase().email().max(254),
  password: z.string().min(1).max(1024),
});

export const RegisterRequest = z.object({
  email: z.string().trim().toLowerCase().email().max(254),
  name: z.string().trim().min(1).max(100),
  password: z.string().min(10, 'must be at least 10 characters').max(1024),
  /** An invitation token; required unless self-registration is enabled. */
  invitation: z.string().optional(),
});

export const CreateAccountRequest = z.object({
  email: z.string().trim().toLowerCase().email().max(254),
  name: z.string().trim().min(1).max(100),
  role: Role.default('student'),
  password: z.string().min(10, 'must be at least 10 characters').max(1024),
});

export const CreateInvitationRequest = z.object({
  email: z.string().trim().toLowerCase().email().max(254),
  role: Role.default('student'),
  /** Days the invitation stays valid. */
  validDays: z.number().int().min(1).max(90).default(7),
});

export const InvitationView = z.object({
  id: z.string(),
  email: z.string(),
  role: Role,
  expiresAt: z.string(),
  /** The token to hand over (shown once). */
  token: z.string(),
});

export const UpdateMeRequest = z.object({
  locale: Language.nullable().optional(),
  name: z.string().trim().min(1).max(100).optional(),
});

// --- catalog --------------------------------------------------------------------------------

export const Progress = z.object({
  status: z.enum(['not-started', 'in-progress', 'completed']),
  bestScore: z.number().nullable(),
  maxScore: z.number().nullable(),
  attempts: z.number(),
});
export type Progress = z.infer<typeof Progress>;

export const LabSummary = z.object({
  kind: z.literal('lab'),
  id: z.string(),
  title: z.string(),
  summary: z.string(),
  difficulty: z.enum(['beginner', 'intermediate', 'advanced']),
  estimatedMinutes: z.number(),
  domains: z.array(z.string()),
  tags: z.array(z.string()),
  troubleshooting: z.boolean(),
  tasks: z.number(),
  progress: Progress.optional(),
});
export type LabSummary = z.infer<typeof LabSummary>;

export const QuizSummary = z.object({
  kind: z.literal('quiz'),
  id: z.string(),
  title: z.string(),
  summary: z.string(),
  domains: z.array(z.string()),
  questions: z.number(),
  progress: Progress.optional(),
});
export type QuizSummary = z.infer<typeof QuizSummary>;

export const ModuleView = z.object({
  id: z.string(),
  title: z.string(),
  summary: z.string(),
  items: z.array(z.discriminatedUnion('kind', [LabSummary, QuizSummary])),
});
export type ModuleView = z.infer<typeof ModuleView>;

export const CourseSummary = z.object({
  id: z.string(),
  title: z.string(),
  summary: z.string(),
  modules: z.number(),
  labs: z.number(),
  quizzes: z.number(),
  estimatedMinutes: z.number(),
  completedItems: z.number(),
  totalItems: z.number(),
});
export type CourseSummary = z.infer<typeof CourseSummary>;

export const CourseView = CourseSummary.extend({ moduleList: z.array(ModuleView) });
export type CourseView = z.infer<typeof CourseView>;

export const TaskView = z.object({
  id: z.string(),
  title: z.string(),
  weight: z.number(),
  needs: z.array(z.string()),
  /** Markdown instructions of this task. */
  instructions: z.string(),
  /** How many hints there are; GET .../hints/:n reveals them one at a time. */
  hints: z.array(z.string()),
  checks: z.array(z.object({ id: z.string(), description: z.string().nullable() })),
});
export type TaskView = z.infer<typeof TaskView>;

export const LabView = LabSummary.omit({ kind: true }).extend({
  language: Language,
  course: z.string().nullable(),
  module: z.string().nullable(),
  introduction: z.string(),
  kubernetesVersion: z.string(),
  timeLimitMinutes: z.number().nullable(),
  clusters: z.array(z.object({ name: z.string(), nodes: z.number() })),
  tasks: z.array(TaskView),
});
export type LabView = z.infer<typeof LabView>;

export const QuizView = QuizSummary.omit({ kind: true }).extend({
  language: Language,
  passPercent: z.number(),
  questions: z.array(
    z.object({
      id: z.string(),
      type: z.enum(['single', 'multiple']),
      prompt: z.string(),
      choices: z.array(z.object({ id: z.string(), text: z.string() })),
    }),
  ),
});
export type QuizView = z.infer<typeof QuizView>;

export const QuizAnswersRequest = z.object({
  answers: z.record(z.string(), z.array(z.string()).max(10)),
});

export const QuizResult = z.object({
  quizId: z.string(),
  score: z.number(),
  maxScore: z.number(),
  percent: z.number(),
  passed: z.boolean(),
  questions: z.array(
    z.object({
      id: z.string(),
      correct: z.boolean(),
      chosen: z.array(z.string()),
      answer: z.array(z.string()),
      explanation: z.string(),
    }),
  ),
});
export type QuizResult = z.infer<typeof QuizResult>;

// --- sessions and grading -------------------------------------------------------------------

export const SessionView = z.object({
  id: z.string(),
  labId: z.string(),
  status: z.enum(['running', 'ended', 'expired']),
  startedAt: z.string(),
  expiresAt: z.string(),
  hardExpiresAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  clusters: z.array(z.object({ name: z.string(), context: z.string() })),
  terminal: z.object({ sandboxed: z.boolean() }),
});
export type SessionView = z.infer<typeof SessionView>;

/** Starting a lab, in order: its clusters, its set-up script, the learner's shell. */
export const SessionStartStep = z.enum(['cluster', 'setup', 'terminal']);
export type SessionStartStep = z.infer<typeof SessionStartStep>;

/** GET /labs/:labId/sessions/starting: the step the learner's start of this lab is at (null: none running). */
export const SessionStartView = z.object({
  labId: z.string(),
  step: SessionStartStep.nullable(),
});
export type SessionStartView = z.infer<typeof SessionStartView>;

export const CheckRequest = z.object({ taskId: z.string().optional() });

export const CheckResultView = z.object({
  id: z.string(),
  passed: z.boolean(),
  score: z.number(),
  maxScore: z.number(),
  message: z.string(),
  /** Why it failed, read from the cluster's state. */
  diagnosis: z.string().optional(),
  hint: z.string().optional(),
});

export const TaskResultView = z.object({
  id: z.string(),
  passed: z.boolean(),
  score: z.number(),
  maxScore: z.number(),
  blockedBy: z.array(z.string()).optional(),
  checks: z.array(CheckResultView),
});
export type TaskResultView = z.infer<typeof TaskResultView>;

export const GradeView = z.object({
  score: z.number(),
  maxScore: z.number(),
  passed: z.boolean(),
  tasks: z.array(TaskResultView),
});
export type GradeView = z.infer<typeof GradeView>;

export const AttemptView = GradeView.extend({
  id: z.string(),
  taskId: z.string().nullable(),
  createdAt: z.string(),
});
export type AttemptView = z.infer<typeof AttemptView>;

export const MyProgress = z.object({
  courses: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      labsCompleted: z.number(),
      labs: z.number(),
      quizzesPassed: z.number(),
      quizzes: z.number(),
      minutesSpent: z.number(),
      labResults: z.array(
        z.object({
          labId: z.string(),
          bestScore: z.number(),
          maxScore: z.number(),
          completed: z.boolean(),
          attempts: z.number(),
        }),
      ),
    }),
  ),
  domains: z.array(z.object({ domain: z.string(), completed: z.number(), total: z.number() })),
  history: z.array(
    z.object({
      kind: z.enum(['lab', 'quiz']),
      id: z.string(),
      /** The lab's or quiz's title in the learner's language. */
      title: z.string(),
      score: z.number(),
      maxScore: z.number(),
      at: z.string(),
    }),
  ),
});
export type MyProgress = z.infer<typeof MyProgress>;

// --- terminal (socket.io namespace /terminal) ------------------------------------------------

export const TerminalAttach = z.object({
  sessionId: z.string(),
  cols: z.number().int().min(2).max(1000).default(80),
  rows: z.number().int().min(2).max(500).default(24),
});
export const TerminalResize = z.object({
  cols: z.number().int().min(2).max(1000),
  rows: z.number().int().min(2).max(500),
});
export * from './admin';
export * from './authoring';
export * from './classes';
export * from './exams';
