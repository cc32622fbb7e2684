/** Admin: platform settings, accounts and roles, the audit log; instructors' terminal transcripts. */
import { z } from 'zod';

const Role = z.enum(['student', 'instructor', 'admin']);

// --- platform settings ----------------------------------------------------------------------

/** The settings an admin may change at run time (each overrides its environment variable). */
export const PlatformSettingsValues = z.object({
  /** A lab session ends after this many minutes without activity. */
  sessionIdleMinutes: z.number().int().min(1).max(1440),
  /** ... and after this many minutes whatever the activity. */
  sessionMaxMinutes: z.number().int().min(1).max(10080),
  /** Running lab sessions an account may have at once. */
  maxSessionsPerAccount: z.number().int().min(1).max(100),
  /** Hours an exam's environment stays open for review after submission. */
  examReviewHours: z.number().int().min(0).max(720),
  /** Days a session's terminal transcript is kept. */
  transcriptRetentionDays: z.number().int().min(1).max(3650),
  /** The most of a session's terminal output kept, in KiB (the oldest goes first). */
  transcriptMaxKiB: z.number().int().min(16).max(65536),
  /** Anyone may register (as a student) without an invitation. */
  selfRegistration: z.boolean(),
});
export type PlatformSettingsValues = z.infer<typeof PlatformSettingsValues>;
export type PlatformSettingKey = keyof PlatformSettingsValues;

export const PlatformSettingsView = z.object({
  values: PlatformSettingsValues,
  /** The environment's values, which a setting overrides. */
  defaults: PlatformSettingsValues,
  /** The keys an admin has set (the others follow the environment). */
  overridden: z.array(z.string()),
});
export type PlatformSettingsView = z.infer<typeof PlatformSettingsView>;

/** The settings to change; null puts one back to the environment's value. */
export const UpdatePlatformSettingsRequest = z
  .object(
    Object.fromEntries(
      Object.entries(PlatformSettingsValues.shape).map(([k, v]) => [k, v.nullable().optional()]),
    ) as {
      [K in PlatformSettingKey]: z.ZodOptional<
        z.ZodNullable<(typeof PlatformSettingsValues.shape)[K]>
      >;
    },
  )
  .strict();
export type UpdatePlatformSettingsRequest = z.infer<typeof UpdatePlatformSettingsRequest>;

// --- accounts -------------------------------------------------------------------------------

export const AdminAccountView = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: Role,
  createdAt: z.string(),
  disabled: z.boolean(),
});
export type AdminAccountView = z.infer<typeof AdminAccountView>;

export const UpdateAccountRequest = z
  .object({ role: Role.optional(), disabled: z.boolean().optional() })
  .strict();
export type UpdateAccountRequest = z.infer<typeof UpdateAccountRequest>;

// --- audit log ------------------------------------------------------------------------------

export const AuditQuery = z.object({
  /** An action or the start of one: `exam.` lists every exam action. */
  action: z.string().max(100).optional(),
  actorId: z.string().max(100).optional(),
  targetId: z.string().max(100).optional(),
  /** ISO times: from (inclusive), to (exclusive). */
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type AuditQuery = z.infer<typeof AuditQuery>;

export const AuditEventView = z.object({
  id: z.string(),
  at: z.string(),
  actorId: z.string().nullable(),
  actorEmail: z.string().nullable(),
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()).nullable(),
});
export type AuditEventView = z.infer<typeof AuditEventView>;

export const AuditPage = z.object({
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
  events: z.array(AuditEventView),
});
export type AuditPage = z.infer<typeof AuditPage>;

// --- terminal transcripts -------------------------------------------------------------------

export const TranscriptView = z.object({
  sessionId: z.string(),
  labId: z.string(),
  kind: z.enum(['lab', 'exam']),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  /** The recorded output, as the shell wrote it (escape sequences included). */
  output: z.string(),
  /** Bytes kept. */
  bytes: z.number(),
  /** The beginning was dropped to keep the transcript under its cap. */
  truncated: z.boolean(),
});
export type TranscriptView = z.infer<typeof TranscriptView>;
