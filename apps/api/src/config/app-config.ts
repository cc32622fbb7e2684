import path from 'node:path';
import { z } from 'zod';
import {
  type DatabaseTarget,
  isSupportedDatabaseUrl,
  maskDatabaseUrl,
  parseDatabaseUrl,
} from '../database/database-target';
import { defaultContentDir, defaultWebDir } from '../paths';
import { StartUpError } from '../start-up-error';

export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

/** Every setting of the API, validated once at start-up; nothing else reads process.env. */
export class AppConfig {
  constructor(
    readonly port: number,
    /** address to listen on; undefined listens on every interface, as Node does */
    readonly host: string | undefined,
    readonly dataDir: string,
    readonly database: DatabaseTarget,
    readonly logLevel: LogLevel,
    readonly webDir: string,
    readonly seedDemoAccounts: boolean,
    readonly platform: PlatformSettings = defaultPlatformSettings(dataDir),
    readonly instances: InstanceSettings = { timeoutSeconds: 15 },
  ) {}
}

/** Several API processes sharing one PostgreSQL database (and Redis for terminals). */
export interface InstanceSettings {
  /** This process's name among the others (default: random at each start). */
  id?: string;
  /** Where the other processes reach this one (default: http://127.0.0.1:<port>). */
  internalUrl?: string;
  /** Redis for terminals attached through another process than the session's (socket.io adapter). */
  redisUrl?: string;
  /** A process silent this long is gone: its sessions are adopted by another. */
  timeoutSeconds: number;
}

/** The lab platform's settings: content, sessions, terminals, accounts. */
export interface PlatformSettings {
  /** The content tree (labs/<course>/...). */
  contentDir: string;
  /** Where sessions keep their learners' home directories. */
  sessionsDir: string;
  /** The demo accounts' password when set (demos and tests); otherwise generated and printed once. */
  demoPassword?: string;
  selfRegistration: boolean;
  /** A session ends after this long without activity (extended by activity). */
  sessionIdleMinutes: number;
  /** ... and after this long whatever the activity. */
  sessionMaxMinutes: number;
  maxSessionsPerAccount: number;
  /** How long an exam's environment stays open for review after submission. */
  examReviewHours: number;
  /** Days a session's terminal transcript is kept. */
  transcriptRetentionDays: number;
  /** The most of a session's terminal output kept, in KiB (the oldest goes first). */
  transcriptMaxKiB: number;
  /** `bwrap`: sandboxed terminals; `none`: the server's user (loopback only); `auto`: bwrap when it works. */
  sandbox: 'auto' | 'bwrap' | 'none';
  /** Sets the session cookie's Secure flag (behind TLS). */
  secureCookies: boolean;
  /** Embedded clusters created ahead of the sessions that will take them (per cluster shape). */
  warmClusters: number;
}

export function defaultPlatformSettings(dataDir: string): PlatformSettings {
  return {
    contentDir: defaultContentDir,
    sessionsDir: path.join(dataDir, 'sessions'),
    selfRegistration: false,
    sessionIdleMinutes: 60,
    sessionMaxMinutes: 240,
    maxSessionsPerAccount: 3,
    examReviewHours: 36,
    transcriptRetentionDays: 30,
    transcriptMaxKiB: 1024,
    sandbox: 'auto',
    secureCookies: false,
    warmClusters: 0,
  };
}

const integerBetween = (min: number, max: number) =>
  z
    .string()
    .refine(
      (value) => /^\d+$/.test(value) && Number(value) >= min && Number(value) <= max,
      `must be an integer between ${min} and ${max}`,
    )
    .transform(Number);

const oneOf = <T extends string>(...values: [T, ...T[]]) =>
  z.enum(values, { error: `must be one of ${values.join(', ')}` });

/** Environment variables, each with its own message; unset and empty mean "use the default". */
const environment = z.object({
  PORT: integerBetween(1, 65535).default(3000),
  // loopback by default: a laptop's terminals may then run without a sandbox (see the README)
  HOST: z.string().default('127.0.0.1'),
  KUBEBELT_DATA_DIR: z.string().default('./.data'),
  DATABASE_URL: z
    .string()
    .refine(isSupportedDatabaseUrl, 'must be a file: URL (embedded SQLite) or a postgresql:// URL')
    .optional(),
  LOG_LEVEL: oneOf('error', 'warn', 'info', 'debug').default('info'),
  KUBEBELT_WEB_DIR: z.string().optional(),
  KUBEBELT_DEMO_ACCOUNTS: oneOf('true', 'false')
    .default('true')
    .transform((value) => value === 'true'),
  KUBEBELT_DEMO_PASSWORD: z.string().min(8, 'must be at least 8 characters').optional(),
  KUBEBELT_CONTENT_DIR: z.string().optional(),
  KUBEBELT_SELF_REGISTRATION: oneOf('true', 'false')
    .default('false')
    .transform((value) => value === 'true'),
  KUBEBELT_SESSION_IDLE_MINUTES: integerBetween(1, 24 * 60).default(60),
  KUBEBELT_SESSION_MAX_MINUTES: integerBetween(1, 7 * 24 * 60).default(240),
  KUBEBELT_EXAM_REVIEW_HOURS: integerBetween(0, 30 * 24).default(36),
  KUBEBELT_MAX_SESSIONS_PER_ACCOUNT: integerBetween(1, 100).default(3),
  KUBEBELT_TRANSCRIPT_RETENTION_DAYS: integerBetween(1, 3650).default(30),
  KUBEBELT_TRANSCRIPT_MAX_KIB: integerBetween(16, 65536).default(1024),
  KUBEBELT_SANDBOX: oneOf('auto', 'bwrap', 'none').default('auto'),
  KUBEBELT_INSTANCE_ID: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be 1 to 64 letters, digits, dots, dashes or underscores')
    .optional(),
  KUBEBELT_INTERNAL_URL: z.url('must be an http:// URL').optional(),
  KUBEBELT_REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
    .optional(),
  KUBEBELT_INSTANCE_TIMEOUT_SECONDS: integerBetween(2, 600).default(15),
  KUBEBELT_SECURE_COOKIES: oneOf('true', 'false')
    .default('false')
    .transform((value) => value === 'true'),
  KUBEBELT_WARM_CLUSTERS: integerBetween(0, 50).default(2),
});

type EnvironmentName = keyof typeof environment.shape;

/** The names of the variables this module reads, for documentation and tests. */
export const configVariables = Object.keys(environment.shape) as EnvironmentName[];

function shownValue(name: string, value: string | undefined): string {
  const shown = name === 'DATABASE_URL' && value ? maskDatabaseUrl(value) : value;
  return JSON.stringify(shown ?? '');
}

/**
 * Reads the configuration from `env`. Throws a StartUpError whose one-line message names every
 * bad variable, its problem and the value given, e.g.
 * `Invalid configuration: PORT must be an integer between 1 and 65535 (got "abc")`.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): AppConfig {
  const given = Object.fromEntries(
    configVariables.map((name) => [name, env[name] === '' ? undefined : env[name]]),
  );
  const result = environment.safeParse(given);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const name = String(issue.path[0]);
      return `${name} ${issue.message} (got ${shownValue(name, given[name])})`;
    });
    throw new StartUpError(`Invalid configuration: ${problems.join('; ')}`);
  }
  const values = result.data;
  const dataDir = path.resolve(cwd, values.KUBEBELT_DATA_DIR);
  const databaseUrl = values.DATABASE_URL ?? `file:${path.join(dataDir, 'kubebelt.db')}`;
  return new AppConfig(
    values.PORT,
    values.HOST,
    dataDir,
    parseDatabaseUrl(databaseUrl, cwd),
    values.LOG_LEVEL,
    path.resolve(cwd, values.KUBEBELT_WEB_DIR ?? defaultWebDir),
    values.KUBEBELT_DEMO_ACCOUNTS,
    {
      contentDir: path.resolve(cwd, values.KUBEBELT_CONTENT_DIR ?? defaultContentDir),
      sessionsDir: path.join(dataDir, 'sessions'),
      demoPassword: values.KUBEBELT_DEMO_PASSWORD,
      selfRegistration: values.KUBEBELT_SELF_REGISTRATION,
      sessionIdleMinutes: values.KUBEBELT_SESSION_IDLE_MINUTES,
      sessionMaxMinutes: values.KUBEBELT_SESSION_MAX_MINUTES,
      maxSessionsPerAccount: values.KUBEBELT_MAX_SESSIONS_PER_ACCOUNT,
      examReviewHours: values.KUBEBELT_EXAM_REVIEW_HOURS,
      transcriptRetentionDays: values.KUBEBELT_TRANSCRIPT_RETENTION_DAYS,
      transcriptMaxKiB: values.KUBEBELT_TRANSCRIPT_MAX_KIB,
      sandbox: values.KUBEBELT_SANDBOX,
      secureCookies: values.KUBEBELT_SECURE_COOKIES,
      warmClusters: values.KUBEBELT_WARM_CLUSTERS,
    },
    {
      id: values.KUBEBELT_INSTANCE_ID,
      internalUrl: values.KUBEBELT_INTERNAL_URL?.replace(/\/+$/, ''),
      redisUrl: values.KUBEBELT_REDIS_URL,
      timeoutSeconds: values.KUBEBELT_INSTANCE_TIMEOUT_SECONDS,
    },
  );
}
