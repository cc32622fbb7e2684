import path from 'node:path';
import { StartUpError } from '../start-up-error';
import { loadConfig } from './app-config';

const cwd = '/srv/kubebelt';

function failureOf(env: NodeJS.ProcessEnv): string {
  try {
    loadConfig(env, cwd);
  } catch (error) {
    expect(error).toBeInstanceOf(StartUpError);
    return (error as Error).message;
  }
  throw new Error('expected the configuration to be rejected');
}

describe('loadConfig', () => {
  it('uses the defaults when nothing is set: port 3000 and an embedded SQLite file in ./.data', () => {
    const config = loadConfig({}, cwd);
    expect(config.port).toBe(3000);
    expect(config.host).toBe('127.0.0.1');
    expect(config.dataDir).toBe('/srv/kubebelt/.data');
    expect(config.database).toEqual({
      provider: 'sqlite',
      file: '/srv/kubebelt/.data/kubebelt.db',
    });
    expect(config.logLevel).toBe('info');
    expect(config.seedDemoAccounts).toBe(true);
    expect(path.isAbsolute(config.webDir)).toBe(true);
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ PORT: '', LOG_LEVEL: '' }, cwd)).toMatchObject({
      port: 3000,
      logLevel: 'info',
    });
  });

  it('reads every variable when they are valid', () => {
    const config = loadConfig(
      {
        PORT: '8080',
        HOST: '127.0.0.1',
        KUBEBELT_DATA_DIR: 'var/data',
        LOG_LEVEL: 'debug',
        KUBEBELT_WEB_DIR: '/opt/web',
        KUBEBELT_DEMO_ACCOUNTS: 'false',
      },
      cwd,
    );
    expect(config).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      dataDir: '/srv/kubebelt/var/data',
      database: { provider: 'sqlite', file: '/srv/kubebelt/var/data/kubebelt.db' },
      logLevel: 'debug',
      webDir: '/opt/web',
      seedDemoAccounts: false,
    });
  });

  it('resolves a relative SQLite DATABASE_URL against the working directory', () => {
    const config = loadConfig({ DATABASE_URL: 'file:./db/app.db' }, cwd);
    expect(config.database).toEqual({ provider: 'sqlite', file: '/srv/kubebelt/db/app.db' });
  });

  it('takes a PostgreSQL URL, moving ?schema= out of the connection string', () => {
    const config = loadConfig(
      {
        DATABASE_URL:
          'postgresql://kb:s3cret@db.internal:5432/kubebelt?schema=tenant_a&sslmode=require',
      },
      cwd,
    );
    expect(config.database).toEqual({
      provider: 'postgresql',
      connectionString: 'postgresql://kb:s3cret@db.internal:5432/kubebelt?sslmode=require',
      schema: 'tenant_a',
      displayUrl: 'postgresql://kb:****@db.internal:5432/kubebelt?schema=tenant_a&sslmode=require',
    });
  });

  it.each([
    ['PORT', 'abc', 'PORT must be an integer between 1 and 65535 (got "abc")'],
    ['PORT', '0', 'PORT must be an integer between 1 and 65535 (got "0")'],
    ['PORT', '65536', 'PORT must be an integer between 1 and 65535 (got "65536")'],
    ['PORT', '80.5', 'PORT must be an integer between 1 and 65535 (got "80.5")'],
    ['LOG_LEVEL', 'loud', 'LOG_LEVEL must be one of error, warn, info, debug (got "loud")'],
    [
      'KUBEBELT_DEMO_ACCOUNTS',
      'yes',
      'KUBEBELT_DEMO_ACCOUNTS must be one of true, false (got "yes")',
    ],
    [
      'DATABASE_URL',
      'mysql://x',
      'DATABASE_URL must be a file: URL (embedded SQLite) or a postgresql:// URL (got "mysql://x")',
    ],
  ])('rejects %s=%s with a one-line message naming the variable', (name, value, problem) => {
    expect(failureOf({ [name]: value })).toBe(`Invalid configuration: ${problem}`);
  });

  it('never shows a database password in its message', () => {
    const message = failureOf({ DATABASE_URL: 'postgresql://kb:s3cret@db:notaport/kubebelt' });
    expect(message).toContain('postgresql://kb:****@db:notaport/kubebelt');
    expect(message).not.toContain('s3cret');
  });

  it('names every bad variable at once, still on one line', () => {
    const message = failureOf({ PORT: 'abc', LOG_LEVEL: 'loud' });
    expect(message).toMatch(/^Invalid configuration: PORT .*; LOG_LEVEL .*$/);
    expect(message).not.toContain('\n');
  });
});
