import path from 'node:path';

/** Where the data lives, as parsed from DATABASE_URL. */
export type DatabaseTarget =
  | { provider: 'sqlite'; file: string }
  | {
      provider: 'postgresql';
      /** the URL without `?schema=`, which the pg driver does not understand */
      connectionString: string;
      /** PostgreSQL schema to use, from `?schema=`; the server's default when absent */
      schema?: string;
      /** the URL with any password masked, for messages */
      displayUrl: string;
    };

export const supportedUrlPrefixes = ['file:', 'postgresql://', 'postgres://'];

export function isSupportedDatabaseUrl(url: string): boolean {
  if (url.startsWith('file:')) return url.length > 'file:'.length;
  if (!/^postgres(ql)?:\/\//.test(url)) return false;
  return URL.canParse(url);
}

/** The URL with its password replaced, so that it can be logged. */
export function maskDatabaseUrl(url: string): string {
  return url.replace(/^([a-z]+:\/\/[^:/@]*:)[^@/]*@/i, '$1****@');
}

/** Parses a URL that `isSupportedDatabaseUrl` accepted; relative SQLite paths start at `cwd`. */
export function parseDatabaseUrl(url: string, cwd = process.cwd()): DatabaseTarget {
  if (url.startsWith('file:')) {
    const file = url.slice('file:'.length).replace(/\?.*$/, '');
    return { provider: 'sqlite', file: path.resolve(cwd, file) };
  }
  const parsed = new URL(url);
  const schema = parsed.searchParams.get('schema') ?? undefined;
  parsed.searchParams.delete('schema');
  return {
    provider: 'postgresql',
    connectionString: parsed.toString(),
    schema,
    displayUrl: maskDatabaseUrl(url),
  };
}
