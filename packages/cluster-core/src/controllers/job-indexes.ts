/**
 * Completion indexes of Indexed Jobs (pkg/controller/job indexed_job_utils.go,
 * success_policy.go): the "1,3-5" interval strings of status.completedIndexes and of
 * successPolicy rules, and which success policy rule the succeeded indexes meet.
 */

export interface Interval {
  first: number;
  last: number;
}

/** parseIndexesFromString: intervals in order, ignoring what is malformed or ≥ completions. */
export function parseIndexes(text: string | undefined, completions: number): Interval[] {
  const out: Interval[] = [];
  if (!text) return out;
  for (const part of text.split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!m) continue;
    const first = Number(m[1]);
    let last = m[2] === undefined ? first : Number(m[2]);
    if (first >= completions) break;
    last = Math.min(last, completions - 1);
    if (last < first) continue;
    const prev = out[out.length - 1];
    if (prev && prev.last + 1 >= first) prev.last = Math.max(prev.last, last);
    else out.push({ first, last });
  }
  return out;
}

/** orderedIntervals.withOrderedIndexes: adds indexes (any order) to the intervals. */
export function withIndexes(intervals: Interval[], indexes: number[]): Interval[] {
  const all = new Set<number>();
  for (const iv of intervals) for (let i = iv.first; i <= iv.last; i++) all.add(i);
  for (const i of indexes) all.add(i);
  const sorted = [...all].sort((a, b) => a - b);
  const out: Interval[] = [];
  for (const i of sorted) {
    const prev = out[out.length - 1];
    if (prev && prev.last + 1 === i) prev.last = i;
    else out.push({ first: i, last: i });
  }
  return out;
}

export function total(intervals: Interval[]): number {
  return intervals.reduce((n, iv) => n + iv.last - iv.first + 1, 0);
}

export function has(intervals: Interval[], i: number): boolean {
  return intervals.some((iv) => iv.first <= i && i <= iv.last);
}

/** orderedIntervals.String: "0,2-4"; a two-index run prints as "1,2" as upstream does. */
export function formatIntervals(intervals: Interval[]): string {
  return intervals
    .map((iv) =>
      iv.first === iv.last
        ? String(iv.first)
        : iv.last === iv.first + 1
          ? `${iv.first},${iv.last}`
          : `${iv.first}-${iv.last}`,
    )
    .join(',');
}

/** How many of the rule's indexes have succeeded. */
function overlap(rule: Interval[], succeeded: Interval[]): number {
  let n = 0;
  for (const r of rule)
    for (const s of succeeded)
      n += Math.max(0, Math.min(r.last, s.last) - Math.max(r.first, s.first) + 1);
  return n;
}

/** matchSuccessPolicy: the "Matched rules at index N" message of the first rule met, if any. */
export function matchSuccessPolicy(
  policy: any,
  completions: number,
  succeeded: Interval[],
): string | undefined {
  if (!policy || !succeeded.length) return undefined;
  const rules = (policy.rules ?? []) as { succeededIndexes?: string; succeededCount?: number }[];
  for (const [index, rule] of rules.entries()) {
    if (rule.succeededIndexes !== undefined && rule.succeededIndexes !== null) {
      const required = parseIndexes(rule.succeededIndexes, completions);
      if (!required.length) continue;
      const contains = overlap(required, succeeded);
      if (
        contains === total(required) ||
        (typeof rule.succeededCount === 'number' && contains >= rule.succeededCount)
      ) {
        return `Matched rules at index ${index}`;
      }
    } else if (typeof rule.succeededCount === 'number' && total(succeeded) >= rule.succeededCount) {
      return `Matched rules at index ${index}`;
    }
  }
  return undefined;
}
