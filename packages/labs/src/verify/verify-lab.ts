/**
 * A lab's own test: on a fresh embedded cluster, its checks fail after set-up, pass after
 * solution.sh (run with the real kubectl), and each mistakes/*.sh fails the check it names with
 * the message it names. A check that passes before the solution must be failed by a mistake,
 * or it could never fail.
 */
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scaledKubeletTimings } from '@kubebelt/cluster-core';
import { kubeconfigClient } from '../client/kubeconfig';
import type { LoadedLab, Mistake } from '../content/loader';
import {
  createLabClusters,
  type LabClusters,
  runSetupScript,
  serveLabClusters,
} from '../environment/embedded';
import { runScript } from '../environment/scripts';
import { gradeLab } from '../grader/grade';
import type { CheckResult, GradeReport, GradeTarget } from '../grader/types';

export interface VerifyOptions {
  /**
   * Verify against this existing cluster instead of fresh embedded ones (a throwaway cluster:
   * the lab's objects are created in it). Single-cluster labs only; mistakes are not run, as
   * the cluster cannot be reset between attempts.
   */
  kubeconfig?: string;
  /** How long the checks may take to pass after the solution (default 60 s). */
  settleTimeoutMs?: number;
  /** How long a mistake's check may take to show its failure (default 20 s). */
  mistakeTimeoutMs?: number;
  /** Kubelet timings scale (default 0.2: image pulls in 0.5 s, back-offs from 2 s). */
  timeScale?: number;
  /** Told each step as it happens, for a page that shows the run live. */
  onEvent?: (event: VerifyEvent) => void;
}

/** One check's outcome as a step of verify reports it. */
export interface VerifyCheckLine {
  task: string;
  check: string;
  passed: boolean;
  message: CheckResult['message'];
}

/** The steps of one verify run, in the order they happen (mistakes run beside the solution). */
export type VerifyEvent =
  | { step: 'started'; labId: string; checks: number; mistakes: string[] }
  | { step: 'set-up'; ok: boolean; message?: string }
  | { step: 'before'; passing: number; checks: number; results: VerifyCheckLine[] }
  | { step: 'solution'; exitCode: number; timedOut: boolean; output: string }
  | { step: 'after'; passing: number; checks: number; results: VerifyCheckLine[] }
  | { step: 'mistake'; name: string; ok: boolean; message?: string }
  | { step: 'finished'; result: VerifyResult };

export interface VerifyFailure {
  task?: string;
  check?: string;
  message: string;
}

export interface VerifyResult {
  labId: string;
  dir: string;
  ok: boolean;
  checks: number;
  /** Checks passing after set-up, before the solution. */
  passingBefore: number;
  /** Checks passing after the solution. */
  passingAfter: number;
  mistakes: { name: string; ok: boolean }[];
  failures: VerifyFailure[];
  durationMs: number;
}

interface Workspace {
  env: LabClusters;
  home: string;
  kubeconfigPath: string;
  target: GradeTarget;
}

async function startWorkspace(loaded: LoadedLab, options: VerifyOptions): Promise<Workspace> {
  if (options.kubeconfig) return startExternalWorkspace(loaded, options.kubeconfig);
  const env = createLabClusters(loaded, {
    simulation: { kubelet: scaledKubeletTimings(options.timeScale ?? 0.2) },
  });
  const home = await mkdtemp(join(tmpdir(), `kubebelt-verify-${loaded.lab.id}-`));
  const kubeconfigPath = join(home, '.kube', 'config');
  await mkdir(join(home, '.kube'), { recursive: true });
  await writeFile(kubeconfigPath, await serveLabClusters(env), { mode: 0o600 });
  const scriptEnv = { home, kubeconfigPath, kubectlVersion: loaded.lab.kubernetesVersion };
  await runSetupScript(loaded.setupScript, scriptEnv);
  const target: GradeTarget = {
    client: (name) => env.client(name),
    home,
    runCommand: async (script, timeoutMs) => runScript(script, { ...scriptEnv, timeoutMs }),
  };
  return { env, home, kubeconfigPath, target };
}

/** A workspace on a cluster someone else runs, reached through its kubeconfig. */
async function startExternalWorkspace(loaded: LoadedLab, kubeconfig: string): Promise<Workspace> {
  if ((loaded.lab.clusters?.length ?? 1) > 1)
    throw new Error('labs with several clusters are verified on embedded clusters only');
  const client = await kubeconfigClient({ file: kubeconfig });
  const home = await mkdtemp(join(tmpdir(), `kubebelt-verify-${loaded.lab.id}-`));
  const kubeconfigPath = join(home, '.kube', 'config');
  await mkdir(join(home, '.kube'), { recursive: true });
  await copyFile(kubeconfig, kubeconfigPath);
  const scriptEnv = { home, kubeconfigPath, kubectlVersion: loaded.lab.kubernetesVersion };
  if (loaded.setupObjects.length) {
    const apply = await runScript(
      `kubectl apply -f ${JSON.stringify(join(loaded.dir, 'setup.yaml'))}`,
      scriptEnv,
    );
    if (apply.exitCode !== 0)
      throw new Error(`kubectl apply -f setup.yaml failed: ${tail(apply.output)}`);
  }
  await runSetupScript(loaded.setupScript, scriptEnv);
  return {
    env: {
      clusters: new Map(),
      names: ['default'],
      client: () => client,
      close: () => client.close(),
    },
    home,
    kubeconfigPath,
    target: {
      client: () => client,
      home,
      runCommand: async (script, timeoutMs) => runScript(script, { ...scriptEnv, timeoutMs }),
    },
  };
}

async function stopWorkspace(ws: Workspace | undefined): Promise<void> {
  if (!ws) return;
  await ws.env.close();
  await rm(ws.home, { recursive: true, force: true });
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Waits until the clusters have had no change for `quietMs` (pods started or failed, controllers
 * done), at most `maxMs`. A cluster reached only through a kubeconfig gets the full `maxMs`.
 */
async function settle(ws: Workspace, quietMs: number, maxMs: number): Promise<void> {
  if (!ws.env.clusters.size) {
    await sleep(maxMs);
    return;
  }
  let last = Date.now();
  const stops = [...ws.env.clusters.values()].map((c) =>
    c.api.onChange(() => {
      last = Date.now();
    }),
  );
  const deadline = Date.now() + maxMs;
  while (Date.now() - last < quietMs && Date.now() < deadline) await sleep(50);
  for (const stop of stops) stop();
}

function allChecks(report: GradeReport): { task: string; check: CheckResult }[] {
  return report.tasks.flatMap((t) => t.checks.map((check) => ({ task: t.id, check })));
}

/** Grades until `done` holds or the time runs out; returns the last report. */
async function gradeUntil(
  loaded: LoadedLab,
  target: GradeTarget,
  done: (r: GradeReport) => boolean,
  timeoutMs: number,
): Promise<GradeReport> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const report = await gradeLab(loaded.lab, target);
    if (done(report) || Date.now() > deadline) return report;
    await sleep(250);
  }
}

export async function verifyLab(
  loaded: LoadedLab,
  options: VerifyOptions = {},
): Promise<VerifyResult> {
  const started = Date.now();
  const failures: VerifyFailure[] = [];
  const result: VerifyResult = {
    labId: loaded.lab.id,
    dir: loaded.dir,
    ok: false,
    checks: loaded.lab.tasks.reduce((n, t) => n + t.checks.length, 0),
    passingBefore: 0,
    passingAfter: 0,
    mistakes: [],
    failures,
    durationMs: 0,
  };
  const tell = options.onEvent ?? (() => {});
  // each wrong attempt on a fresh cluster of its own, all at once and beside the solution's run
  const mistakes = options.kubeconfig ? [] : loaded.mistakes;
  tell({
    step: 'started',
    labId: loaded.lab.id,
    checks: result.checks,
    mistakes: mistakes.map((m) => m.name),
  });
  const mistakeRuns = Promise.all(
    mistakes.map(async (m) => {
      const outcome = await verifyMistake(loaded, m, options);
      tell({ step: 'mistake', name: m.name, ok: !outcome, message: outcome });
      return outcome;
    }),
  );
  let ws: Workspace | undefined;
  let passingBefore: { task: string; check: CheckResult }[] = [];
  try {
    ws = await startWorkspace(loaded, options);
    tell({ step: 'set-up', ok: true });
    // let the set-up's pods start (or fail to) before looking
    await settle(ws, 400, 3_000);
    const before = await gradeLab(loaded.lab, ws.target);
    passingBefore = allChecks(before).filter((c) => c.check.passed);
    result.passingBefore = passingBefore.length;
    tell({
      step: 'before',
      passing: result.passingBefore,
      checks: result.checks,
      results: checkLines(before),
    });

    const solution = await runScript(loaded.solution ?? '', {
      home: ws.home,
      kubeconfigPath: ws.kubeconfigPath,
      kubectlVersion: loaded.lab.kubernetesVersion,
      // an exam's solution runs every task's commands: two minutes, and 15 s more per task past eight
      timeoutMs: 120_000 + Math.max(0, loaded.lab.tasks.length - 8) * 15_000,
    });
    tell({
      step: 'solution',
      exitCode: solution.exitCode,
      timedOut: solution.timedOut,
      output: tail(solution.output),
    });
    if (solution.exitCode !== 0) {
      failures.push({
        message: `solution.sh ${solution.timedOut ? 'timed out' : `exited with ${solution.exitCode}`}: ${tail(solution.output)}`,
      });
    } else {
      const after = await gradeUntil(
        loaded,
        ws.target,
        (r) => r.passed,
        options.settleTimeoutMs ?? 60_000,
      );
      result.passingAfter = allChecks(after).filter((c) => c.check.passed).length;
      tell({
        step: 'after',
        passing: result.passingAfter,
        checks: result.checks,
        results: checkLines(after),
      });
      for (const { task, check } of allChecks(after).filter((c) => !c.check.passed)) {
        failures.push({
          task,
          check: check.id,
          message: `fails after solution.sh: ${check.message.en}${check.diagnosis ? ` (${check.diagnosis.en})` : ''}`,
        });
      }
    }
  } catch (err) {
    const message = `could not start the lab: ${(err as Error).message}`;
    failures.push({ message });
    if (!ws) tell({ step: 'set-up', ok: false, message });
  } finally {
    await stopWorkspace(ws);
  }

  const outcomes = await mistakeRuns;
  for (const [i, mistake] of mistakes.entries()) {
    const outcome = outcomes[i];
    result.mistakes.push({ name: mistake.name, ok: !outcome });
    if (outcome)
      failures.push({
        task: mistake.fails.task,
        check: mistake.fails.check,
        message: `mistakes/${mistake.name}.sh: ${outcome}`,
      });
  }
  const failedByMistake = new Set(
    (options.kubeconfig ? [] : loaded.mistakes)
      .filter((m) => result.mistakes.find((r) => r.name === m.name)?.ok)
      .map((m) => `${m.fails.task}/${m.fails.check}`),
  );
  for (const { task, check } of options.kubeconfig ? [] : passingBefore) {
    if (!failedByMistake.has(`${task}/${check.id}`))
      failures.push({
        task,
        check: check.id,
        message: `passes before solution.sh and no mistake makes it fail, so it can never fail: ${check.message.en}`,
      });
  }
  result.ok = failures.length === 0;
  result.durationMs = Date.now() - started;
  tell({ step: 'finished', result });
  return result;
}

function checkLines(report: GradeReport): VerifyCheckLine[] {
  return allChecks(report).map(({ task, check }) => ({
    task,
    check: check.id,
    passed: check.passed,
    message: check.message,
  }));
}

/** Runs one wrong attempt on a fresh cluster; returns what went wrong with the lab's claim, if anything. */
async function verifyMistake(
  loaded: LoadedLab,
  mistake: Mistake,
  options: VerifyOptions,
): Promise<string | undefined> {
  let ws: Workspace | undefined;
  try {
    ws = await startWorkspace(loaded, options);
    const run = await runScript(mistake.script, {
      home: ws.home,
      kubeconfigPath: ws.kubeconfigPath,
      kubectlVersion: loaded.lab.kubernetesVersion,
    });
    if (run.timedOut) return `timed out: ${tail(run.output)}`;
    // the attempt's effects need a moment to show (pods starting, controllers reacting)
    await settle(ws, 600, 4_000);
    const named = (r: GradeReport) =>
      r.tasks
        .find((t) => t.id === mistake.fails.task)
        ?.checks.find((c) => c.id === mistake.fails.check);
    const expectedMessage = (c: CheckResult | undefined) =>
      !!c &&
      !c.passed &&
      (!mistake.message || `${c.message.en} ${c.diagnosis?.en ?? ''}`.includes(mistake.message));
    const report = await gradeUntil(
      loaded,
      ws.target,
      (r) => expectedMessage(named(r)),
      options.mistakeTimeoutMs ?? 20_000,
    );
    const check = named(report);
    if (!check) return 'names a check that does not exist';
    if (check.passed) return `the check passes, expected it to fail: ${check.message.en}`;
    if (!expectedMessage(check))
      return `the check fails with "${check.message.en}"${check.diagnosis ? ` (why: "${check.diagnosis.en}")` : ''}, expected a message containing "${mistake.message}"`;
    return undefined;
  } catch (err) {
    return `could not run: ${(err as Error).message}`;
  } finally {
    await stopWorkspace(ws);
  }
}

function tail(output: string): string {
  return output.trim().split('\n').slice(-4).join(' | ') || '(no output)';
}
