import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type DatabaseTarget, parseDatabaseUrl } from '../src/database/database-target';

/** The local PostgreSQL server the tests use (trust auth); override to point elsewhere. */
export const testPostgresUrl =
  process.env.KUBEBELT_TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';

/**
 * A schema of this test run's own in the test database, so runs never see each other's tables;
 * `drop` removes it with everything in it.
 */
export function throwawaySchema(): {
  target: DatabaseTarget;
  /** The DATABASE_URL of the schema, for a server process of its own. */
  url: string;
  drop: () => Promise<void>;
} {
  const schema = `kubebelt_test_${randomBytes(6).toString('hex')}`;
  const url = new URL(testPostgresUrl);
  url.searchParams.set('schema', schema);
  return {
    target: parseDatabaseUrl(url.toString()),
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: testPostgresUrl });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}
