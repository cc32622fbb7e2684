#!/usr/bin/env node
// Runs the workspaces' `npm test` in two lanes at once and fails if any failed.
//
// Why lanes: on the 2-core machines CI runs on, the cluster-core suite alone (kubectl scenarios)
// does not keep both cores busy all the time, and the API's journeys wait on browsers, shells and
// databases more than they compute; one after the other they took ~23 of CI's 25 minutes. The
// cluster-core suite is the longest, so it has a lane of its own; the others follow each other
// in the second lane in the order `npm test --workspaces` runs them. Each line a workspace
// prints is prefixed with its name; a summary with each workspace's time and result ends the run.
//
//   node scripts/test-workspaces.mjs            every workspace with a test script
//   node scripts/test-workspaces.mjs api web    only these (matched against the folder name)
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const root = new URL('..', import.meta.url).pathname;
const ownLane = new Set(['packages/cluster-core']);
/** CPU time of the children reaped so far (see reapedCpuMs). */
let reapedSoFar = 0;

const workspaceFolders = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).workspaces;
const tested = expandWorkspaces(workspaceFolders).filter((dir) => {
  const pkg = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'));
  return Boolean(pkg.scripts?.test);
});
const wanted = process.argv.slice(2);
const selected = wanted.length
  ? tested.filter((dir) => wanted.some((w) => dir.endsWith(`/${w}`) || dir === w))
  : tested;

const lanes = [
  selected.filter((dir) => ownLane.has(dir)),
  selected.filter((dir) => !ownLane.has(dir)),
].filter((lane) => lane.length > 0);

const started = Date.now();
const results = (await Promise.all(lanes.map(runLane))).flat();
const width = Math.max(...results.map((r) => r.dir.length));
console.log(`\nworkspace tests (${lanes.length} lanes, ${seconds(Date.now() - started)}):`);
for (const r of results)
  console.log(
    `  ${r.dir.padEnd(width)}  ${r.code === 0 ? 'passed' : `FAILED (exit ${r.code})`}  ${seconds(r.ms)}${r.cpuMs === undefined ? '' : `, CPU ${seconds(r.cpuMs)}`}`,
  );
process.exitCode = results.every((r) => r.code === 0) ? 0 : 1;

/** The workspaces globs of package.json (`packages/*`) as folders, in npm's (sorted) order. */
function expandWorkspaces(patterns) {
  const dirs = [];
  for (const pattern of patterns) {
    if (!pattern.endsWith('/*')) {
      dirs.push(pattern);
      continue;
    }
    const parent = pattern.slice(0, -2);
    const names = readdirSync(join(root, parent), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
    for (const name of names) dirs.push(`${parent}/${name}`);
  }
  return dirs;
}

async function runLane(lane) {
  const done = [];
  for (const dir of lane) done.push(await runTests(dir));
  return done;
}

function runTests(dir) {
  const name = dir.split('/').pop();
  const begun = Date.now();
  return new Promise((resolve) => {
    const child = spawn('npm', ['test'], {
      cwd: join(root, dir),
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? '0' },
    });
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on('line', (line) => {
        (stream === child.stdout ? process.stdout : process.stderr).write(`[${name}] ${line}\n`);
      });
    }
    child.on('close', (code) =>
      resolve({ dir, code: code ?? 1, ms: Date.now() - begun, cpuMs: reapedCpuMs() }),
    );
  });
}

/**
 * CPU time of the child just reaped and everything under it (Linux's cutime + cstime of this
 * process grow by a child's whole tree when it is waited for): beside the wall time, it shows
 * how much of the two cores a workspace's tests kept busy.
 */
function reapedCpuMs() {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    // fields after the command: state is [0], so cutime (16th field) is [13], cstime [14]
    const total = ((Number(fields[13]) + Number(fields[14])) * 1000) / 100;
    const own = total - reapedSoFar;
    reapedSoFar = total;
    return own;
  } catch {
    return undefined;
  }
}

function seconds(ms) {
  return `${(ms / 1000).toFixed(0)} s`;
}
