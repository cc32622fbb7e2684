import pg from 'pg';
import type { DatabaseTarget } from './database-target';
import {
  appliedMigrationsQuery,
  type Migration,
  type MigrationOutcome,
  migrate,
  postgresqlMigrationsTable,
} from './migrations';

type PostgresqlTarget = Extract<DatabaseTarget, { provider: 'postgresql' }>;

// the advisory lock id `prisma migrate` takes, so that two migrators never overlap
const migrationLockId = 72707369;

export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Opens a connection, or throws with the driver's reason (never an empty message). */
export async function connectPostgresql(target: PostgresqlTarget): Promise<pg.Client> {
  const client = new pg.Client({
    connectionString: target.connectionString,
    connectionTimeoutMillis: 10_000,
  });
  try {
    await client.connect();
  } catch (error) {
    // `localhost` resolving to ::1 and 127.0.0.1 fails as an AggregateError with no message
    const reasons = error instanceof AggregateError ? error.errors : [error];
    const reason = reasons.map((e) => (e as Error).message || (e as { code?: string }).code);
    throw new Error([...new Set(reason)].join(', '));
  }
  return client;
}

/** Applies the pending migrations in the URL's schema (created if missing). */
export async function migratePostgresql(
  target: PostgresqlTarget,
  migrations: Migration[],
): Promise<MigrationOutcome> {
  const client = await connectPostgresql(target);
  try {
    if (target.schema) {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(target.schema)}`);
      await client.query(`SET search_path TO ${quoteIdentifier(target.schema)}`);
    }
    await client.query('SELECT pg_advisory_lock($1)', [migrationLockId]);
    try {
      return await migrate(
        {
          async appliedMigrations() {
            await client.query(postgresqlMigrationsTable);
            const { rows } = await client.query(appliedMigrationsQuery);
            return new Map(rows.map((row) => [row.migration_name, row.checksum]));
          },
          async apply(migration, { id, checksum, startedAt }) {
            await client.query('BEGIN');
            try {
              await client.query(migration.sql);
              await client.query(
                `INSERT INTO "_prisma_migrations" ("id", "checksum", "migration_name", "started_at", "finished_at", "applied_steps_count")
                 VALUES ($1, $2, $3, $4, now(), 1)`,
                [id, checksum, migration.name, startedAt],
              );
              await client.query('COMMIT');
            } catch (error) {
              await client.query('ROLLBACK');
              throw error;
            }
          },
        },
        migrations,
      );
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [migrationLockId]);
    }
  } finally {
    await client.end();
  }
}
