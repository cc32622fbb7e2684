#!/usr/bin/env node
/**
 * A cluster restored from a snapshot file in a process of its own (snapshot-roundtrip.test.ts):
 * `node restore-and-serve.js SNAPSHOT.json PORT OPTIONS.json`. It loads the package's sources
 * (compiled on the fly with swc, as Jest does), creates a cluster on a manual clock, restores the
 * snapshot, serves HTTPS on PORT and prints `ready`. On stdin, `advance MS` moves the clock and
 * answers `advanced`; `snapshot FILE` writes a snapshot and answers `saved`.
 */
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const readline = require('node:readline');
const swc = require('@swc/core');

require.extensions['.ts'] = (module, filename) => {
  const { code } = swc.transformSync(readFileSync(filename, 'utf8'), {
    filename,
    jsc: { target: 'es2022', parser: { syntax: 'typescript' } },
    module: { type: 'commonjs' },
    sourceMaps: false,
  });
  module._compile(code, filename);
};

const { createCluster, ManualClock } = require(join(__dirname, '..', 'src', 'index.ts'));

async function main() {
  const [file, port, optionsFile] = process.argv.slice(2);
  const snapshot = JSON.parse(readFileSync(file, 'utf8'));
  const options = optionsFile ? JSON.parse(readFileSync(optionsFile, 'utf8')) : {};
  // A clock that starts before the snapshot's time: the restore carries the cluster's time on.
  const clock = new ManualClock(Date.parse('2026-01-01T00:00:00Z'));
  const cluster = createCluster({ ...options, clock });
  cluster.restore(snapshot);
  await cluster.serve({ port: Number(port) });
  process.stdout.write('ready\n');
  const lines = readline.createInterface({ input: process.stdin });
  for await (const line of lines) {
    const [command, arg] = line.trim().split(/\s+/);
    if (command === 'advance') {
      // In steps, as a running clock would fire timers, with room for the controllers' work.
      for (let t = 0; t < Number(arg); t += 100) {
        await clock.advance(Math.min(100, Number(arg) - t));
        await new Promise((resolve) => setTimeout(resolve, 5));
        if (process.env.SNAPSHOT_DEBUG && t % 5000 === 0)
          process.stderr.write(`advanced ${t} ms\n`);
      }
      process.stdout.write('advanced\n');
    } else if (command === 'snapshot') {
      writeFileSync(arg, JSON.stringify(cluster.snapshot()));
      process.stdout.write('saved\n');
    }
  }
  await cluster.close();
}

main().catch((err) => {
  process.stderr.write(`${err.stack ?? err}\n`);
  process.exit(1);
});
