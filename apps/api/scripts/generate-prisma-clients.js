// Generates one Prisma client per supported database from prisma/schema.prisma, into
// src/generated/prisma/<provider>/, and skips the work when nothing changed since last time.
//
// Why two clients: a Prisma 7 client is compiled for one provider and refuses a driver adapter
// of another, while our schema must run on SQLite (embedded default) and PostgreSQL alike.
// Why the environment below: every Prisma CLI command tries to download a native schema
// engine first; `generate` does not need it, and /bin/false makes the attempt fail at once
// without touching the network (see shared/PLATFORM.md).
const { createHash } = require('node:crypto');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const apiRoot = path.resolve(__dirname, '..');
const schemaPath = path.resolve(apiRoot, '../../prisma/schema.prisma');
const outRoot = path.join(apiRoot, 'src/generated/prisma');
const stampPath = path.join(outRoot, '.inputs-sha256');
const providers = ['sqlite', 'postgresql'];

function providerSchema(schema, provider) {
  const withProvider = schema.replace(
    /(datasource\s+db\s*\{[^}]*provider\s*=\s*)"[^"]+"/,
    `$1"${provider}"`,
  );
  return withProvider.replace(/(\n\s*output\s*=\s*)"[^"]+"/, `$1"./${provider}"`);
}

function main() {
  const schema = fs.readFileSync(schemaPath, 'utf8');
  const prismaCli = require.resolve('prisma/build/index.js');
  const prismaVersion = require('prisma/package.json').version;
  const digest = createHash('sha256')
    .update(schema)
    .update(prismaVersion)
    .update(fs.readFileSync(__filename))
    .digest('hex');
  const upToDate =
    fs.existsSync(stampPath) &&
    fs.readFileSync(stampPath, 'utf8') === digest &&
    providers.every((p) => fs.existsSync(path.join(outRoot, p, 'client.ts')));
  if (upToDate) return;

  fs.mkdirSync(outRoot, { recursive: true });
  for (const provider of providers) {
    const file = path.join(outRoot, `${provider}.prisma`);
    fs.rmSync(path.join(outRoot, provider), { recursive: true, force: true });
    fs.writeFileSync(file, providerSchema(schema, provider));
    execFileSync(process.execPath, [prismaCli, 'generate', '--schema', file], {
      // quiet on success; on failure execFileSync's error carries the CLI's own message
      stdio: 'pipe',
      env: {
        ...process.env,
        PRISMA_SCHEMA_ENGINE_BINARY: '/bin/false',
        PRISMA_HIDE_UPDATE_MESSAGE: '1',
        CHECKPOINT_DISABLE: '1',
      },
    });
  }
  fs.writeFileSync(stampPath, digest);
  console.log(`Generated Prisma clients (${providers.join(', ')}) from prisma/schema.prisma`);
}

try {
  main();
} catch (error) {
  console.error(`Prisma client generation failed: ${error.stderr || error.message}`);
  process.exit(1);
}
