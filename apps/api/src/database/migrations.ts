import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** One checked-in migration: prisma/migrations/<provider>/<name>/migration.sql. */
export interface Migration {
  name: string;
  sql: string;
  /** sha256 of the file, as `prisma migrate` records it */
  checksum: string;
}

/** What a database must offer to be migrated; one implementation per provider. */
export interface MigrationTarget {
  /** Creates the bookkeeping table if needed; returns applied migrations' checksums by name. */
  appliedMigrations(): Promise<Map<string, string>>;
  /** Runs the migration and records it, all in one transaction. */
  apply(migration: Migration, record: MigrationRecord): Promise<void>;
}

export interface MigrationRecord {
  id: string;
  checksum: string;
  startedAt: Date;
}

export interface MigrationOutcome {
  applied: string[];
  /** applied earlier but edited since; reported, not re-run (as `prisma migrate deploy`) */
  modified: string[];
}

export function readMigrations(dir: string): Migration[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

/** Applies, in name order, the migrations that `target` has not recorded yet. */
export async function migrate(
  target: MigrationTarget,
  migrations: Migration[],
): Promise<MigrationOutcome> {
  const done = await target.appliedMigrations();
  const outcome: MigrationOutcome = { applied: [], modified: [] };
  for (const migration of migrations) {
    const recorded = done.get(migration.name);
    if (recorded !== undefined) {
      if (recorded !== migration.checksum) outcome.modified.push(migration.name);
      continue;
    }
    const record = { id: randomUUID(), checksum: migration.checksum, startedAt: new Date() };
    try {
      await target.apply(migration, record);
    } catch (error) {
      throw new Error(`migration ${migration.name} failed: ${(error as Error).message}`);
    }
    outcome.applied.push(migration.name);
  }
  return outcome;
}

// The bookkeeping table is `prisma migrate`'s own, column for column, so that its CLI (where it
// can run) sees these migrations as applied.
export const sqliteMigrationsTable = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

export const postgresqlMigrationsTable = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

export const appliedMigrationsQuery = `SELECT "migration_name", "checksum" FROM "_prisma_migrations"
  WHERE "finished_at" IS NOT NULL AND "rolled_back_at" IS NULL`;
