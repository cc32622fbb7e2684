import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { apiRoot } from '../src/paths';
import { testPostgresUrl } from './postgresql-schema';

describe('the checked-in migrations', () => {
  it('match prisma/schema.prisma for SQLite and PostgreSQL (run `npm run migration:create` if not)', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [path.join(apiRoot, 'scripts/migrations.mjs'), 'check'],
      { env: { ...process.env, KUBEBELT_MIGRATIONS_POSTGRES_URL: testPostgresUrl } },
    );
    expect(stdout).toContain('Migrations match prisma/schema.prisma.');
  });
});
