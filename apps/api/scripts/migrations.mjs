// Development tool for the checked-in SQL migrations (prisma/migrations/<provider>/).
//
//   node scripts/migrations.mjs create <name>   write the migration that takes each database
//                                              from the last migrated schema to prisma/schema.prisma
//   node scripts/migrations.mjs check           exit 1 if prisma/schema.prisma changed without a
//                                              migration, or if the SQLite migrations do not
//                                              produce the schema they claim to
//
// The Prisma CLI cannot run `migrate dev` offline (it downloads a native schema engine), so this
// drives Prisma's schema engine compiled to WebAssembly (@prisma/schema-engine-wasm). Instead of
// replaying migrations on a shadow database, it keeps the schema the migrations were last
// generated from (prisma/migrations/migrated-schema.prisma) and diffs schema against schema,
// which needs no shadow database (PostgreSQL still has to be reachable:
// KUBEBELT_MIGRATIONS_POSTGRES_URL, default the local test database). The API applies the SQL itself at start-up
// (apps/api/src/database/migrations.ts); its PostgreSQL tests exercise every table.
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import * as engineBindings from '@prisma/schema-engine-wasm/schema_engine_bg';
import Database from 'better-sqlite3';

const require = createRequire(import.meta.url);
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const schemaPath = path.join(repoRoot, 'prisma/schema.prisma');
const migrationsRoot = path.join(repoRoot, 'prisma/migrations');
const migratedSchemaPath = path.join(migrationsRoot, 'migrated-schema.prisma');
const providers = ['sqlite', 'postgresql'];
const postgresUrl =
  process.env.KUBEBELT_MIGRATIONS_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
const noFilters = { externalTables: [], externalEnums: [] };

// The package targets bundlers (`import wasm from '*.wasm'`), which Node 20 cannot load:
// instantiate the module by hand, as its generated glue would.
async function loadSchemaEngine() {
  const glue = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
  const { instance } = await WebAssembly.instantiate(readFileSync(glue.replace(/\.js$/, '.wasm')), {
    './schema_engine_bg.js': engineBindings,
  });
  engineBindings.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start();
  return engineBindings.SchemaEngine;
}

function withProvider(schema, provider) {
  return schema.replace(/(datasource\s+db\s*\{[^}]*provider\s*=\s*)"[^"]+"/, `$1"${provider}"`);
}

function schemaFiles(file, provider) {
  return [{ path: 'schema.prisma', content: withProvider(readFileSync(file, 'utf8'), provider) }];
}

// The engine wants a live driver adapter even for a schema-to-schema diff (PostgreSQL: it asks
// the server's version, and writes nothing).
function adapterFor(provider, sqliteUrl = ':memory:') {
  const factory =
    provider === 'sqlite'
      ? new PrismaBetterSqlite3({ url: sqliteUrl })
      : new PrismaPg({ connectionString: postgresUrl });
  return bindMigrationAwareSqlAdapterFactory(factory);
}

async function diffSql(SchemaEngine, provider, from, to, adapter = adapterFor(provider)) {
  const datamodel = to.files?.[0].content ?? from.files[0].content;
  const engine = await SchemaEngine.new(
    { datamodels: [['schema.prisma', datamodel]] },
    () => {},
    adapter,
  );
  try {
    const result = await engine.diff({
      from,
      to,
      script: true,
      exitCode: null,
      filters: noFilters,
    });
    // The API picks the PostgreSQL schema through search_path, so a migration must not name one.
    const sql = (result.stdout ?? '').replace(
      /-- CreateSchema\nCREATE SCHEMA IF NOT EXISTS "[^"]+";\n\n?/,
      '',
    );
    return /^\s*(-- This is an empty migration\.)?\s*$/.test(sql) ? '' : sql;
  } finally {
    engine.free();
  }
}

function migratedSchema(provider) {
  return existsSync(migratedSchemaPath)
    ? { tag: 'schemaDatamodel', files: schemaFiles(migratedSchemaPath, provider) }
    : { tag: 'empty' };
}

function migrationDirs(provider) {
  const baseDir = path.join(migrationsRoot, provider);
  if (!existsSync(baseDir)) return [];
  return readdirSync(baseDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => path.join(baseDir, entry.name))
    .sort();
}

/** SQL that the checked-in SQLite migrations are missing to reach the migrated schema. */
async function sqliteReplayDrift(SchemaEngine) {
  const dir = mkdtempSync(path.join(tmpdir(), 'kubebelt-migrations-'));
  try {
    const file = path.join(dir, 'replay.db');
    const db = new Database(file);
    for (const migration of migrationDirs('sqlite'))
      db.exec(readFileSync(path.join(migration, 'migration.sql'), 'utf8'));
    db.close();
    const files = schemaFiles(migratedSchemaPath, 'sqlite');
    const from = { tag: 'schemaDatasource', files, configDir: repoRoot };
    const to = { tag: 'schemaDatamodel', files };
    return await diffSql(SchemaEngine, 'sqlite', from, to, adapterFor('sqlite', `file:${file}`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function create(SchemaEngine, name) {
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  let written = 0;
  for (const provider of providers) {
    const current = { tag: 'schemaDatamodel', files: schemaFiles(schemaPath, provider) };
    const sql = await diffSql(SchemaEngine, provider, migratedSchema(provider), current);
    if (!sql) continue;
    const dir = path.join(migrationsRoot, provider, `${stamp}_${name}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'migration.sql'), sql);
    // same lock file as `prisma migrate`, so its CLI can take over these folders one day
    writeFileSync(
      path.join(migrationsRoot, provider, 'migration_lock.toml'),
      `provider = "${provider}"\n`,
    );
    console.log(`${provider}: wrote ${path.relative(repoRoot, dir)}/migration.sql`);
    written++;
  }
  if (!written) console.log('No schema changes since the last migration.');
  else copyFileSync(schemaPath, migratedSchemaPath);
}

async function check(SchemaEngine) {
  const problems = [];
  for (const provider of providers) {
    const current = { tag: 'schemaDatamodel', files: schemaFiles(schemaPath, provider) };
    const sql = await diffSql(SchemaEngine, provider, migratedSchema(provider), current);
    if (sql)
      problems.push(
        `${provider}: prisma/schema.prisma changed without a migration; missing:\n${sql}`,
      );
  }
  const drift = existsSync(migratedSchemaPath) ? await sqliteReplayDrift(SchemaEngine) : '';
  if (drift)
    problems.push(
      `sqlite: the migrations do not produce migrated-schema.prisma; missing:\n${drift}`,
    );
  for (const problem of problems) console.error(problem);
  if (!problems.length) console.log('Migrations match prisma/schema.prisma.');
  return problems.length === 0;
}

async function main() {
  const [command, name] = process.argv.slice(2);
  const SchemaEngine = await loadSchemaEngine();
  if (command === 'check') return (await check(SchemaEngine)) ? 0 : 1;
  if (command === 'create' && /^[a-z0-9_]+$/.test(name ?? ''))
    return create(SchemaEngine, name).then(() => 0);
  console.error('usage: migrations.mjs check | create <snake_case_name>');
  return 2;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`migrations: ${error.message}`);
    process.exit(1);
  },
);
