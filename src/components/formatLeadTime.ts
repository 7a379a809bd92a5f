const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A signed lead time in the largest unit that reads naturally: "−12 min", "+3 min", "0", "−2.5 h", "+6 d". */
export function formatLeadTime(deltaMs: number): string {
  const magnitude = Math.abs(deltaMs);
  const sign = deltaMs < 0 ? '−' : '+';
  if (magnitude < 30_000) {
    return magnitude < 1000 ? '0' : `${sign}${Math.round(magnitude / 1000)} s`;
  }
  if (magnitude < 2 * HOUR) {
    return `${sign}${Math.round(magnitude / MINUTE)} min`;
  }
  if (magnitude < 2 * DAY) {
    return `${sign}${trim(magnitude / HOUR)} h`;
  }
  return `${sign}${trim(magnitude / DAY)} d`;
}

function trim(value: number): string {
  return value >= 10 ? String(Math.round(value)) : value.toFixed(1).replace(/\.0$/, '');
}
