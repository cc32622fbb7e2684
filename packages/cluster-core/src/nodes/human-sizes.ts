/** Sizes as the images' tools print them with -h: busybox's and coreutils' rounding differ. */

/** busybox's make_human_readable_str(kib, 1024, 0) (df -h): one decimal with a suffix. */
export function busyboxHumanKiB(kib: number): string {
  if (kib === 0) return '0';
  let val = kib * 1024;
  let unit = 0;
  let frac = 0;
  while (val >= 1024) {
    unit++;
    frac = Math.floor(((val % 1024) * 10 + 512) / 1024);
    val = Math.floor(val / 1024);
  }
  if (frac >= 10) {
    val++;
    frac = 0;
  }
  return unit ? `${val}.${frac}${' KMGTPE'[unit]}` : String(val);
}

/**
 * coreutils' human_readable with human_ceiling | human_autoscale | human_base_1024 (ls -h, df
 * -h): bytes below 1024 as they are, one decimal rounded up below 10 (4.0K, 1.5M), whole units
 * rounded up from there (12K; 9.96K is 10K).
 */
export function gnuHumanSize(bytes: number): string {
  if (bytes < 1024) return String(bytes);
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < 6) {
    value /= 1024;
    unit++;
  }
  const suffix = ' KMGTPE'[unit];
  if (value < 10) {
    const tenths = Math.ceil(value * 10 - 1e-9);
    if (tenths < 100) return `${Math.floor(tenths / 10)}.${tenths % 10}${suffix}`;
  }
  return `${Math.ceil(value - 1e-9)}${suffix}`;
}
