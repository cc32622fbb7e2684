/** Go's time.Duration.String(), as kubelet messages print durations ("10s", "1m20s", "812ms", "2.5s"). */
export function goDuration(ms: number): string {
  if (ms === 0) return '0s';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const totalSeconds = ms / 1000;
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds - hours * 3600 - minutes * 60;
  const secText = `${Number.isInteger(seconds) ? seconds : Number(seconds.toFixed(3))}s`;
  if (hours) return `${hours}h${minutes}m${secText}`;
  if (minutes) return `${minutes}m${secText}`;
  return secText;
}
