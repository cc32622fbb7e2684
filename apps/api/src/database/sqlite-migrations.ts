import { mkdirSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import {
  appliedMigrationsQuery,
  type Migration,
  type MigrationOutcome,
  migrate,
  sqliteMigrationsTable,
} from './migrations';

interface AppliedRow {
  migration_name: string;
  checksum: string;
}

/** Creates the SQLite file (and its folder) if needed and applies the pending migrations. */
export async function migrateSqlite(
  file: string,
  migrations: Migration[],
): Promise<MigrationOutcome> {
  mkdirSync(path.dirname(file), { recursive: true });
  const db = new BetterSqlite3(file);
  try {
    // WAL lets readers go on while the API writes; the setting stays with the file.
    db.pragma('journal_mode = WAL');
    return await migrate(
      {
        async appliedMigrations() {
          db.exec(sqliteMigrationsTable);
          const rows = db.prepare(appliedMigrationsQuery).all() as AppliedRow[];
          return new Map(rows.map((row) => [row.migration_name, row.checksum]));
        },
        async apply(migration, { id, checksum, startedAt }) {
          db.transaction(() => {
            db.exec(migration.sql);
            db.prepare(
              `INSERT INTO "_prisma_migrations" ("id", "checksum", "migration_name", "started_at", "finished_at", "applied_steps_count")
               VALUES (?, ?, ?, ?, ?, 1)`,
            ).run(id, checksum, migration.name, startedAt.toISOString(), new Date().toISOString());
          })();
        },
      },
      migrations,
    );
  } finally {
    db.close();
  }
}
