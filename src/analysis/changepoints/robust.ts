/** Robust location and scale helpers on plain number arrays. */

/** Consistency factor that turns a median absolute deviation into a normal standard deviation. */
export const MAD_TO_SD = 1.4826;

/** Median of the values (the array is copied, not reordered); NaN for an empty input. */
export function median(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) {
    return NaN;
  }
  const sorted = Float64Array.from(values).sort();
  const mid = n >> 1;
  return n % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Median absolute deviation from `center` (the median when omitted), scaled to a normal standard deviation. */
export function madScale(values: ArrayLike<number>, center = median(values)): number {
  const deviations = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    deviations[i] = Math.abs(values[i] - center);
  }
  return MAD_TO_SD * median(deviations);
}

/**
 * Noise scale from first differences: MAD of x[i+1] - x[i] over sqrt(2). Level shifts and slow trends
 * touch only a few differences, so this measures the point-to-point noise rather than the spread of the
 * whole series.
 */
export function differenceScale(values: ArrayLike<number>): number {
  if (values.length < 2) {
    return 0;
  }
  const differences = new Float64Array(values.length - 1);
  for (let i = 1; i < values.length; i++) {
    differences[i - 1] = values[i] - values[i - 1];
  }
  return madScale(differences, 0) / Math.SQRT2;
}

/** Running median with a centred window of `2 * halfWidth + 1` points, shrunk at the ends. */
export function runningMedian(values: ArrayLike<number>, halfWidth: number): Float64Array {
  const n = values.length;
  const out = new Float64Array(n);
  const window = new Float64Array(2 * halfWidth + 1);
  for (let i = 0; i < n; i++) {
    const from = Math.max(0, i - halfWidth);
    const to = Math.min(n, i + halfWidth + 1);
    const size = to - from;
    for (let j = 0; j < size; j++) {
      window[j] = values[from + j];
    }
    const view = window.subarray(0, size).sort();
    const mid = size >> 1;
    out[i] = size % 2 === 1 ? view[mid] : (view[mid - 1] + view[mid]) / 2;
  }
  return out;
}
