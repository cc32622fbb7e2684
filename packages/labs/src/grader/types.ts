/** What the grader reports, and what a check evaluator gets and gives. */
import type { KubeClient } from '../client/kube-client';
import type { Check, CheckOf, CheckType } from '../schema';
import type { Text } from './text';

export interface CheckResult {
  id: string;
  type: CheckType;
  passed: boolean;
  score: number;
  maxScore: number;
  /** What was found against what was expected. */
  message: Text;
  /** When it failed: why, read from the cluster's state behind it. */
  diagnosis?: Text;
  found?: string;
  expected?: string;
}

export interface TaskResult {
  id: string;
  passed: boolean;
  score: number;
  maxScore: number;
  checks: CheckResult[];
  /** Needed tasks that have not passed yet. */
  blockedBy?: string[];
}

export interface GradeReport {
  labId: string;
  score: number;
  maxScore: number;
  passed: boolean;
  tasks: TaskResult[];
  gradedAt: string;
  durationMs: number;
}

/** Where the checks look: the lab's clusters, and the learner's sandbox for file and command checks. */
export interface GradeTarget {
  /** The client for a cluster of the lab (`default` when the lab names none). */
  client(cluster?: string): KubeClient;
  /** The learner's home directory (file checks). */
  home?: string;
  /** Runs a bash script in the learner's sandbox (command checks). */
  runCommand?(script: string, timeoutMs: number): Promise<{ exitCode: number; output: string }>;
}

export interface Outcome {
  passed: boolean;
  found: string;
  expected: string;
  /** The default sentence for this outcome (a check's own `message` replaces it on failure). */
  message: Text;
  diagnosis?: Text;
}

export type Evaluator<T extends CheckType> = (
  check: CheckOf<T>,
  target: GradeTarget,
  client: KubeClient,
) => Promise<Outcome>;

export type EvaluatorTable = { [T in CheckType]: Evaluator<T> };

export type { Check };
