/** Robust location and scale helpers on plain number arrays. */

/** Consistency factor that turns a median absolute deviation into a normal standard deviation. */
export const MAD_TO_SD = 1.4826;

/** The k-th smallest value (0-based) of `scratch`, which is reordered in place (Hoare's selection). */
function select(scratch: Float64Array, k: number): number {
  let left = 0;
  let right = scratch.length - 1;
  while (left < right) {
    const pivot = scratch[(left + right) >> 1];
    let i = left;
    let j = right;
    while (i <= j) {
      while (scratch[i] < pivot) {
        i++;
      }
      while (scratch[j] > pivot) {
        j--;
      }
      if (i <= j) {
        const swap = scratch[i];
        scratch[i++] = scratch[j];
        scratch[j--] = swap;
      }
    }
    if (k <= j) {
      right = j;
    } else if (k >= i) {
      left = i;
    } else {
      return scratch[k];
    }
  }
  return scratch[k];
}

/** Median of `scratch`, which is reordered in place; NaN when empty. */
function medianInPlace(scratch: Float64Array): number {
  const n = scratch.length;
  if (n === 0) {
    return NaN;
  }
  const upper = select(scratch, n >> 1);
  if (n % 2 === 1) {
    return upper;
  }
  let lower = -Infinity;
  for (let i = 0; i < n >> 1; i++) {
    lower = Math.max(lower, scratch[i]);
  }
  // Halved first so two values near ±1.8e308 do not overflow; halving is exact, so the mean is unchanged.
  return lower / 2 + upper / 2;
}

/** Median of the values (the input is not reordered); NaN for an empty input. */
export function median(values: ArrayLike<number>): number {
  return medianInPlace(Float64Array.from(values));
}

/** Median absolute deviation from `center` (the median when omitted), scaled to a normal standard deviation. */
export function madScale(values: ArrayLike<number>, center = median(values)): number {
  const deviations = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    deviations[i] = Math.abs(values[i] - center);
  }
  return MAD_TO_SD * medianInPlace(deviations);
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
  // The window's values kept sorted; each step removes the value leaving and inserts the one entering.
  const sorted = new Float64Array(2 * halfWidth + 2);
  let size = 0;
  let entering = 0;
  for (let i = 0; i < n; i++) {
    const leaving = i - halfWidth - 1;
    if (leaving >= 0) {
      const v = values[leaving];
      let k = 0;
      while (sorted[k] !== v) {
        k++;
      }
      for (; k < size - 1; k++) {
        sorted[k] = sorted[k + 1];
      }
      size--;
    }
    for (const last = Math.min(n, i + halfWidth + 1); entering < last; entering++) {
      const v = values[entering];
      let k = size++;
      while (k > 0 && sorted[k - 1] > v) {
        sorted[k] = sorted[k - 1];
        k--;
      }
      sorted[k] = v;
    }
    const mid = size >> 1;
    out[i] = size % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }
  return out;
}
