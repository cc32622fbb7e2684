import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient as PostgresqlPrismaClient } from '../generated/prisma/postgresql/client';
import { PrismaClient as SqlitePrismaClient } from '../generated/prisma/sqlite/client';
import type { DatabaseTarget } from './database-target';

export type {
  Account,
  ApiInstance,
  Assignment,
  Attempt,
  AuditEvent,
  AuthoredItem,
  AuthoredVersion,
  Classroom,
  ExamAttempt,
  LabSession,
  PlatformSetting,
  QuizAttempt,
  TranscriptChunk,
} from '../generated/prisma/sqlite/client';
export { Role } from '../generated/prisma/sqlite/enums';

import { Prisma } from '../generated/prisma/sqlite/client';

/** The value that empties a Json column (undefined leaves it as it is). Both clients share the runtime's marker. */
export const JSON_NULL = Prisma.DbNull;

/**
 * The Prisma client type the app codes against. Both generated clients come from the same
 * schema and differ only in the SQL they emit, so the PostgreSQL one has this very API.
 */
export type PrismaClient = SqlitePrismaClient;

export function createPrismaClient(target: DatabaseTarget): PrismaClient {
  if (target.provider === 'sqlite') {
    return new SqlitePrismaClient({
      adapter: new PrismaBetterSqlite3({ url: `file:${target.file}` }),
    });
  }
  // adapter-pg ignores `?schema=` in the URL: the schema has to be passed on its own
  const adapter = new PrismaPg(
    { connectionString: target.connectionString },
    target.schema ? { schema: target.schema } : undefined,
  );
  return new PostgresqlPrismaClient({ adapter }) as unknown as PrismaClient;
}
