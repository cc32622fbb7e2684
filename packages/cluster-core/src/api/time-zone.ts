/**
 * Time zone offsets from the IANA database Node's Intl carries, as Go's time.LoadLocation reads
 * it: what the CronJob schedule parser and the CronJob controller both need.
 */

/**
 * Minutes east of UTC of `timeZone` at the instant `at` (ms since epoch). `UTC`, `Local` (a
 * kube-controller-manager container's local zone is UTC) and no zone are 0. The wall clock is
 * read to the second and compared with the instant to the second.
 */
export function zoneOffsetMinutes(timeZone: string | undefined, at: number): number {
  if (!timeZone || timeZone === 'UTC' || timeZone === 'Local') return 0;
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(at));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const wall = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  return Math.round((wall - Math.floor(at / 1000) * 1000) / 60_000);
}
