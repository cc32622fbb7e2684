import path from 'node:path';
import { z } from 'zod';
import {
  type DatabaseTarget,
  isSupportedDatabaseUrl,
  maskDatabaseUrl,
  parseDatabaseUrl,
} from '../database/database-target';
import { defaultWebDir } from '../paths';
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
  ) {}
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
  HOST: z.string().optional(),
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
  );
}
