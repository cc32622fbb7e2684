import pg from 'pg';
import { describeDatabaseBehaviour } from './database-behaviour';
import { testPostgresUrl, throwawaySchema } from './postgresql-schema';

describe('PostgreSQL, in a throwaway schema of its own', () => {
  const { target, drop } = throwawaySchema();
  afterAll(drop);

  describeDatabaseBehaviour('postgresql', async () => target);

  it('keeps every table inside that schema', async () => {
    const client = new pg.Client({ connectionString: testPostgresUrl });
    await client.connect();
    try {
      const schema = target.provider === 'postgresql' ? target.schema : undefined;
      const { rows } = await client.query(
        'SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1',
        [schema],
      );
      expect(rows.map((row) => row.table_name)).toEqual([
        'Account',
        'ApiInstance',
        'Assignment',
        'Attempt',
        'AuditEvent',
        'AuthSession',
        'AuthoredItem',
        'AuthoredVersion',
        'ClassMember',
        'Classroom',
        'ExamAttempt',
        'Invitation',
        'LabSession',
        'PlatformSetting',
        'QuizAttempt',
        'TranscriptChunk',
        '_prisma_migrations',
      ]);
    } finally {
      await client.end();
    }
  });
});
