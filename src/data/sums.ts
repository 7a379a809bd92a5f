/**
 * The unit data-sized sums of values are taken in so they cannot overflow: a power of two at or above
 * `largest` (from 2^-1022 to 2^1023), which is exact to divide by. With `largest` the largest magnitude
 * summed, or the number of values summed, a mean taken as (sum of value / unit) / count · unit is the plain
 * mean, with no Infinity from values near ±1.8e308.
 */
export function sumUnit(largest: number): number {
  const magnitude = Math.abs(largest);
  if (!(magnitude > 0) || !Number.isFinite(magnitude)) {
    return 1;
  }
  return 2 ** Math.min(1023, Math.max(-1022, Math.ceil(Math.log2(magnitude))));
}

/** A mean taken in `unit`s back in the values' own units, kept within the doubles where rounding reaches past them. */
export function fromUnits(meanInUnits: number, unit: number): number {
  return Math.max(-Number.MAX_VALUE, Math.min(Number.MAX_VALUE, meanInUnits * unit));
}
