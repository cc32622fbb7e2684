// Run after `npm install` changed package-lock.json, if `npm ci` then calls the lockfile out of
// sync with "Missing: <package>@ from lock file":
//
//   flock /tmp/kubebelt-npm.lock node .ci/complete-lockfile-optionals.mjs
//
// Why: the registry reachable from our machines lacks some platform-specific optional packages
// (e.g. @biomejs/cli-darwin-arm64). `npm install` silently leaves them out of the lockfile, and
// `npm ci` (CI) then refuses the lockfile. This records each of them as npm would, with the
// os/cpu it declares in its name, so that `npm ci` skips it on this platform as it should.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

const oses = [
  'aix',
  'android',
  'darwin',
  'freebsd',
  'linux',
  'openbsd',
  'openharmony',
  'sunos',
  'win32',
];

const check = spawnSync('npm', ['ci', '--dry-run', '--ignore-scripts'], { encoding: 'utf8' });
const missing = [...check.stderr.matchAll(/Missing: (\S+?)@\S* from lock file/g)].map((m) => m[1]);
if (missing.length === 0) {
  console.log('package-lock.json: nothing missing for npm ci');
  process.exit(0);
}

const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
const wantedBy = new Map();
for (const entry of Object.values(lock.packages)) {
  for (const [name, spec] of Object.entries(entry.optionalDependencies ?? {})) {
    if (!wantedBy.has(name)) wantedBy.set(name, { spec, dev: entry.dev === true });
  }
}

for (const name of missing) {
  const wanted = wantedBy.get(name);
  const tokens = name.split('/').pop().split('-');
  const at = tokens.findIndex((token) => oses.includes(token));
  if (!wanted || at < 0 || !/^\d+\.\d+\.\d+/.test(wanted.spec)) {
    console.error(`${name}: not a pinned platform-specific optional dependency; fix it by hand`);
    process.exit(1);
  }
  lock.packages[`node_modules/${name}`] = {
    version: wanted.spec,
    cpu: [tokens[at + 1]],
    ...(wanted.dev ? { dev: true } : {}),
    ...(tokens.some((token) => token.startsWith('musl')) ? { libc: ['musl'] } : {}),
    optional: true,
    os: [tokens[at]],
  };
}
writeFileSync('package-lock.json', `${JSON.stringify(lock, null, 2)}\n`);
// let npm put the new entries in its own order and format
execFileSync('npm', ['install', '--package-lock-only', '--ignore-scripts'], { stdio: 'inherit' });
console.log(`package-lock.json: recorded ${missing.length} optional packages this registry lacks`);
