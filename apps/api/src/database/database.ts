import path from 'node:path';
import { migrationsRoot } from '../paths';
import { StartUpError } from '../start-up-error';
import type { DatabaseTarget } from './database-target';
import { type MigrationOutcome, readMigrations } from './migrations';
import { migratePostgresql } from './postgresql-migrations';
import { createPrismaClient, type PrismaClient } from './prisma-client';
import { migrateSqlite } from './sqlite-migrations';

/** The app's database: migrated on open, queried through Prisma. */
export class Database {
  private constructor(
    readonly target: DatabaseTarget,
    readonly prisma: PrismaClient,
    /** what opening it did to the schema, for the start-up log */
    readonly migrations: MigrationOutcome,
  ) {}

  get provider(): DatabaseTarget['provider'] {
    return this.target.provider;
  }

  /** Where the data is, fit for a log line (no password). */
  get location(): string {
    return this.target.provider === 'sqlite' ? this.target.file : this.target.displayUrl;
  }

  /**
   * Applies the checked-in migrations (creating the SQLite file if needed), then connects
   * Prisma. Throws a StartUpError saying what failed and where.
   */
  static async open(target: DatabaseTarget, migrationsDir = migrationsRoot): Promise<Database> {
    const where =
      target.provider === 'sqlite'
        ? `the SQLite database ${target.file}`
        : `the PostgreSQL database ${target.displayUrl}`;
    const migrations = readMigrations(path.join(migrationsDir, target.provider));
    let outcome: MigrationOutcome;
    try {
      outcome =
        target.provider === 'sqlite'
          ? await migrateSqlite(target.file, migrations)
          : await migratePostgresql(target, migrations);
    } catch (error) {
      throw new StartUpError(`Cannot open ${where}: ${(error as Error).message}`);
    }
    const database = new Database(target, createPrismaClient(target), outcome);
    try {
      await database.ping();
    } catch (error) {
      await database.close();
      throw new StartUpError(`Cannot query ${where}: ${(error as Error).message}`);
    }
    return database;
  }

  /** A real round trip to the database. */
  async ping(): Promise<void> {
    await this.prisma.$queryRaw`SELECT 1`;
  }

  async close(): Promise<void> {
    await this.prisma.$disconnect();
  }
}
