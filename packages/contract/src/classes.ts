/** Classes: an instructor's learners, the labs and exams assigned to them, and how they fare. */
import { z } from 'zod';

export const CreateClassRequest = z.object({ name: z.string().trim().min(1).max(120) }).strict();

/** Learners by email, one per line or comma-separated (a CSV's first column works too). */
export const AddMembersRequest = z.object({ emails: z.string().max(100_000) }).strict();

export const JoinClassRequest = z.object({ code: z.string().trim().min(1).max(64) }).strict();

export const CreateAssignmentRequest = z
  .object({
    kind: z.enum(['lab', 'exam']),
    itemId: z.string().min(1),
    dueAt: z.iso.datetime().nullable().optional(),
  })
  .strict();

export const ClassSummary = z.object({
  id: z.string(),
  name: z.string(),
  owner: z.string(),
  /** Only for the class's instructor and admins. */
  inviteCode: z.string().nullable(),
  members: z.number(),
  assignments: z.number(),
  createdAt: z.string(),
});
export type ClassSummary = z.infer<typeof ClassSummary>;

export const AssignmentView = z.object({
  id: z.string(),
  kind: z.enum(['lab', 'exam']),
  itemId: z.string(),
  title: z.string(),
  dueAt: z.string().nullable(),
});
export type AssignmentView = z.infer<typeof AssignmentView>;

export const ClassView = ClassSummary.extend({
  memberList: z.array(
    z.object({ accountId: z.string(), email: z.string(), name: z.string(), joinedAt: z.string() }),
  ),
  assignmentList: z.array(AssignmentView),
});
export type ClassView = z.infer<typeof ClassView>;

export const AddMembersResult = z.object({
  added: z.array(z.string()),
  already: z.array(z.string()),
  /** Emails without an account: an invitation each (its link signs them up as students). */
  invited: z.array(z.object({ email: z.string(), token: z.string(), expiresAt: z.string() })),
  invalid: z.array(z.string()),
});
export type AddMembersResult = z.infer<typeof AddMembersResult>;

export const CheckFailureRate = z.object({
  taskId: z.string(),
  checkId: z.string(),
  /** Learners whose latest grading failed this check, of those graded. */
  failed: z.number(),
  graded: z.number(),
  percent: z.number(),
});

export const AssignmentStats = z.object({
  assignment: AssignmentView,
  members: z.number(),
  started: z.number(),
  completed: z.number(),
  completionPercent: z.number(),
  /** Learners by best score, in five bands of 20 % (0–19, 20–39, … 80–100). */
  scoreBands: z.array(z.number()),
  /** Median minutes from the first start to completion, of those who completed. */
  medianMinutesToComplete: z.number().nullable(),
  /** Learners with a running session of the lab (or an exam attempt in progress) now. */
  activeNow: z.array(z.string()),
  /** Most failed first. */
  checkFailures: z.array(CheckFailureRate),
});
export type AssignmentStats = z.infer<typeof AssignmentStats>;

export const ClassDashboard = z.object({
  classId: z.string(),
  assignments: z.array(AssignmentStats),
});
export type ClassDashboard = z.infer<typeof ClassDashboard>;

export const LearnerHistory = z.object({
  accountId: z.string(),
  email: z.string(),
  name: z.string(),
  labAttempts: z.array(
    z.object({
      labId: z.string(),
      sessionId: z.string(),
      taskId: z.string().nullable(),
      score: z.number(),
      maxScore: z.number(),
      at: z.string(),
    }),
  ),
  examAttempts: z.array(
    z.object({
      id: z.string(),
      examId: z.string(),
      status: z.string(),
      percent: z.number().nullable(),
      passed: z.boolean().nullable(),
      startedAt: z.string(),
    }),
  ),
  /** The learner's lab and exam sessions, newest first, with the size of their terminal transcripts. */
  sessions: z.array(
    z.object({
      id: z.string(),
      kind: z.enum(['lab', 'exam']),
      labId: z.string(),
      status: z.string(),
      startedAt: z.string(),
      endedAt: z.string().nullable(),
      transcriptBytes: z.number(),
    }),
  ),
});
export type LearnerHistory = z.infer<typeof LearnerHistory>;
