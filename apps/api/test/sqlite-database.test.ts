import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describeDatabaseBehaviour } from './database-behaviour';

describe('the embedded SQLite database, from a file that does not exist yet', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'kubebelt-sqlite-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  // a folder that does not exist either: opening creates it, as on a first `npm start`
  describeDatabaseBehaviour('sqlite', async () => ({
    provider: 'sqlite',
    file: path.join(dir, 'data', 'kubebelt.db'),
  }));
});
