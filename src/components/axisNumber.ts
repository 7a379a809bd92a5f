/**
 * A number on a chart axis. With the decimals of the tick step (which Grafana's axis builder passes to
 * `formatValue`) every label has the same decimals, 0.25, 0.50, 0.75; without them, three significant digits.
 */
export function axisNumber(value: number, decimals?: number | null): string {
  if (decimals === undefined || decimals === null || !Number.isInteger(decimals) || decimals < 0 || decimals > 20) {
    return String(Number(value.toPrecision(3)));
  }
  return value.toFixed(decimals);
}

/** A share (0.125) on a chart axis as a percentage (12.5%), with the decimals of the tick step as axisNumber. */
export function axisPercent(share: number, decimals?: number | null): string {
  const usable = decimals !== undefined && decimals !== null && Number.isInteger(decimals) && decimals >= 0;
  return usable ? `${axisNumber(share * 100, Math.max(decimals - 2, 0))}%` : `${Math.round(share * 1000) / 10}%`;
}
