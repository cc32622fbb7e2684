// Builds the web app (type-check, then `vite build`) unless nothing it is built from changed
// since the last build: `npm start` runs the build every time and must stay fast.
// Inputs: this package's sources and configuration, and the lockfile (dependency versions).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const webRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const stampPath = path.join(webRoot, 'dist/.inputs-sha256');
const inputs = [
  'index.html',
  'package.json',
  'tsconfig.json',
  'vite.config.ts',
  'src',
  'public',
  'scripts',
];

function filesUnder(relative) {
  const absolute = path.join(webRoot, relative);
  if (!existsSync(absolute)) return [];
  if (!statSync(absolute).isDirectory()) return [relative];
  return readdirSync(absolute, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(webRoot, path.join(entry.parentPath ?? entry.path, entry.name)));
}

function inputsDigest() {
  const hash = createHash('sha256');
  const files = inputs.flatMap(filesUnder).sort();
  for (const file of files) hash.update(`${file}\0`).update(readFileSync(path.join(webRoot, file)));
  const lockfile = path.join(webRoot, '../../package-lock.json');
  if (existsSync(lockfile)) hash.update(readFileSync(lockfile));
  return hash.digest('hex');
}

const digest = inputsDigest();
const built = existsSync(path.join(webRoot, 'dist/index.html'));
if (built && existsSync(stampPath) && readFileSync(stampPath, 'utf8') === digest) {
  console.log('@kubebelt/web is up to date (apps/web/dist)');
} else {
  const run = (bin, args) =>
    execFileSync(process.execPath, [bin, ...args], { cwd: webRoot, stdio: 'inherit' });
  run(require.resolve('typescript/bin/tsc'), ['-p', 'tsconfig.json']);
  run(path.join(path.dirname(require.resolve('vite/package.json')), 'bin/vite.js'), [
    'build',
    '--logLevel',
    'warn',
  ]);
  writeFileSync(stampPath, digest);
  console.log('Built @kubebelt/web into apps/web/dist');
}
