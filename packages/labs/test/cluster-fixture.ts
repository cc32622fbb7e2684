/** An embedded cluster with fast kubelet timings, and a poll-until helper, for grader tests. */
import {
  type Cluster,
  createCluster,
  type KubeObject,
  scaledKubeletTimings,
} from '@kubebelt/cluster-core';
import { parseAllDocuments } from 'yaml';
import { inProcessClient } from '../src/client/in-process';
import type { GradeTarget } from '../src/grader/types';

export function fastCluster(): Cluster {
  return createCluster({ simulation: { kubelet: scaledKubeletTimings(0.05) } });
}

export function apply(cluster: Cluster, yaml: string): KubeObject[] {
  return parseAllDocuments(yaml).map((d) => cluster.api.create(d.toJS() as KubeObject));
}

export function targetOf(cluster: Cluster, extra: Partial<GradeTarget> = {}): GradeTarget {
  const client = inProcessClient(cluster);
  return { client: () => client, ...extra };
}

export async function eventually<T>(
  fn: () => Promise<T>,
  ok: (v: T) => boolean,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}
