/**
 * Authoring in the browser: a lab, quiz or exam is the files of its folder (as under labs/),
 * kept as a draft, verified, and published as numbered versions.
 */
import { z } from 'zod';

export const AuthoredKind = z.enum(['Lab', 'Quiz', 'Exam']);
export type AuthoredKind = z.infer<typeof AuthoredKind>;

/** Path inside the folder → text (`lab.yaml`, `README.zh.md`, `mistakes/wrong-port.sh`). */
export const ContentFiles = z.record(z.string().min(1).max(200), z.string());
export type ContentFiles = z.infer<typeof ContentFiles>;

const ContentId = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'lowercase letters, digits and dashes')
  .max(63);

export const CreateAuthoredRequest = z.object({ kind: AuthoredKind, id: ContentId }).strict();
export const SaveDraftRequest = z.object({ files: ContentFiles }).strict();
export const ValidateFilesRequest = z.object({ files: ContentFiles }).strict();

/** A problem the loader found, placed in a file of the folder (`file` is empty for the folder). */
export const ContentProblem = z.object({
  file: z.string(),
  line: z.number(),
  column: z.number(),
  message: z.string(),
  rule: z.string(),
});
export type ContentProblem = z.infer<typeof ContentProblem>;

export const VerifyOutcome = z.object({
  /** The draft's files this run verified (a later edit makes it stale). */
  hash: z.string(),
  ok: z.boolean(),
  at: z.string(),
  durationMs: z.number(),
  checks: z.number(),
  passingBefore: z.number(),
  passingAfter: z.number(),
  mistakes: z.array(z.object({ name: z.string(), ok: z.boolean() })),
  failures: z.array(
    z.object({ task: z.string().optional(), check: z.string().optional(), message: z.string() }),
  ),
});
export type VerifyOutcome = z.infer<typeof VerifyOutcome>;

export const AuthoredVersionView = z.object({
  version: z.number(),
  hash: z.string(),
  publishedBy: z.string(),
  publishedAt: z.string(),
});
export type AuthoredVersionView = z.infer<typeof AuthoredVersionView>;

export const AuthoredSummary = z.object({
  id: z.string(),
  kind: AuthoredKind,
  /** The lab's, quiz's or exam's own id (learners' URLs, assignments). */
  itemId: z.string(),
  title: z.string(),
  owner: z.string(),
  /** The latest published version; null while only a draft. */
  published: z.number().nullable(),
  /** The draft differs from the latest published version. */
  changed: z.boolean(),
  updatedAt: z.string(),
});
export type AuthoredSummary = z.infer<typeof AuthoredSummary>;

export const AuthoredView = AuthoredSummary.extend({
  files: ContentFiles,
  hash: z.string(),
  problems: z.array(ContentProblem),
  lastVerify: VerifyOutcome.nullable(),
  /** Labs and exams publish after a Verify of these very files passed; quizzes once they lint. */
  canPublish: z.boolean(),
  versions: z.array(AuthoredVersionView),
});
export type AuthoredView = z.infer<typeof AuthoredView>;

export const ValidateFilesResult = z.object({ problems: z.array(ContentProblem) });
export type ValidateFilesResult = z.infer<typeof ValidateFilesResult>;

const Localized = z.record(z.string(), z.string());
const CheckLine = z.object({
  task: z.string(),
  check: z.string(),
  passed: z.boolean(),
  message: Localized,
});

/** One line of a Verify run's stream (application/x-ndjson), in the order the steps happen. */
export const VerifyStreamEvent = z.discriminatedUnion('step', [
  z.object({ step: z.literal('queued'), position: z.number() }),
  z.object({
    step: z.literal('started'),
    labId: z.string(),
    checks: z.number(),
    mistakes: z.array(z.string()),
  }),
  z.object({ step: z.literal('set-up'), ok: z.boolean(), message: z.string().optional() }),
  z.object({
    step: z.literal('before'),
    passing: z.number(),
    checks: z.number(),
    results: z.array(CheckLine),
  }),
  z.object({
    step: z.literal('solution'),
    exitCode: z.number(),
    timedOut: z.boolean(),
    output: z.string(),
  }),
  z.object({
    step: z.literal('after'),
    passing: z.number(),
    checks: z.number(),
    results: z.array(CheckLine),
  }),
  z.object({
    step: z.literal('mistake'),
    name: z.string(),
    ok: z.boolean(),
    message: z.string().optional(),
  }),
  z.object({ step: z.literal('finished'), outcome: VerifyOutcome }),
  z.object({ step: z.literal('error'), message: z.string() }),
]);
export type VerifyStreamEvent = z.infer<typeof VerifyStreamEvent>;
