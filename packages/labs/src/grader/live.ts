/**
 * The grader's continuous mode: regrade when the cluster changes (debounced) and report tasks
 * whose status changed, so the lab page shows them turning green while the learner works.
 */
import type { KubeClient, ResourceInfo } from '../client/kube-client';
import type { Lab } from '../schema';
import { gradeLab } from './grade';
import type { GradeReport, GradeTarget } from './types';

const POLLED_CHECKS = new Set(['logs', 'file', 'command', 'connectivity']);

export interface LiveGrader {
  /** The latest report (graded at least once). */
  latest(): GradeReport | undefined;
  stop(): void;
}

export interface LiveOptions {
  /** Quiet time after the last change before regrading (default 300 ms). */
  debounceMs?: number;
  /** Regrade at least this often even without changes: 5 s for labs with logs, file, command or
   * connectivity checks, which no API event announces; 30 s otherwise. */
  intervalMs?: number;
  /** Clusters to watch (their clients are taken from the target). */
  clusters?: string[];
}

export function gradeContinuously(
  lab: Pick<Lab, 'id' | 'tasks'>,
  target: GradeTarget,
  onChange: (report: GradeReport, changedTasks: string[]) => void,
  options: LiveOptions = {},
): LiveGrader {
  const debounceMs = options.debounceMs ?? 300;
  let latest: GradeReport | undefined;
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let again = false;
  let stopped = false;

  const run = async () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      const report = await gradeLab(lab, target);
      const before = new Map(latest?.tasks.map((t) => [t.id, t]) ?? []);
      const changed = report.tasks
        .filter((t) => {
          const b = before.get(t.id);
          return !b || b.passed !== t.passed || b.score !== t.score;
        })
        .map((t) => t.id);
      latest = report;
      if (changed.length && !stopped) onChange(report, changed);
    } catch {
      // the cluster may be closing; the next change tries again
    } finally {
      running = false;
      if (again) {
        again = false;
        schedule();
      }
    }
  };
  const schedule = () => {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(run, debounceMs);
  };
  const unsubscribes: (() => void)[] = [];
  for (const cluster of options.clusters ?? [undefined]) {
    const client = target.client(cluster);
    void watchedResources(lab, client).then((kinds) => {
      if (!stopped) unsubscribes.push(client.onChange(kinds, schedule));
    });
  }
  // files, commands, logs and connections change without an API event: those labs are polled
  const polled = lab.tasks.some((t) => t.checks.some((c) => POLLED_CHECKS.has(c.type)));
  const interval = setInterval(schedule, options.intervalMs ?? (polled ? 5_000 : 30_000));
  interval.unref();
  void run();
  return {
    latest: () => latest,
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      clearInterval(interval);
      for (const u of unsubscribes) u();
    },
  };
}

/** The kinds the lab's checks read, and pods (whose changes move every workload check). */
async function watchedResources(
  lab: Pick<Lab, 'tasks'>,
  client: KubeClient,
): Promise<ResourceInfo[]> {
  const kinds = new Set<string>(['Pod']);
  for (const check of lab.tasks.flatMap((t) => t.checks)) {
    if ('target' in check && check.target) kinds.add(check.target.kind);
    if (check.type === 'serviceEndpoints') kinds.add('Service');
    if (check.type === 'canI')
      for (const k of ['Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding']) kinds.add(k);
  }
  const found = await Promise.all([...kinds].map((k) => client.resource(k).catch(() => undefined)));
  return found.filter((r): r is ResourceInfo => !!r);
}
