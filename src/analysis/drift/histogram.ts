import { DriftInputError } from './errors';
import { assertComparableSpan, prepareSample } from './samples';
import { runToEnd, WALK_PER_STEP } from './twoSample';

/**
 * The most bins a histogram may have. numpy has no limit and tries to allocate whatever the rule asks
 * for: Freedman–Diaconis on near-equal values with one outlier asks for hundreds of millions. A chart
 * cannot show more bars than it has pixels, so more than this is refused with a message instead.
 */
export const MAX_BINS = 10_000;

/** Rule for the number of bins, as accepted by numpy.histogram_bin_edges. */
export type BinRule = number | 'sturges' | 'fd' | 'auto';

/** Linear-interpolation percentile of sorted values, same as numpy.percentile(method='linear'). */
export function sortedPercentile(sorted: Float64Array, percent: number): number {
  const virtualIndex = (percent / 100) * (sorted.length - 1);
  const below = Math.floor(virtualIndex);
  const above = Math.min(below + 1, sorted.length - 1);
  const fraction = virtualIndex - below;
  const a = sorted[below];
  const difference = sorted[above] - a;
  // numpy's _lerp interpolates from the nearer end for accuracy.
  return fraction >= 0.5 ? sorted[above] - difference * (1 - fraction) : a + difference * fraction;
}

function binWidth(sorted: Float64Array, rule: 'sturges' | 'fd' | 'auto'): number {
  const size = sorted.length;
  const range = sorted[size - 1] - sorted[0];
  const sturges = range / (Math.log2(size) + 1);
  if (rule === 'sturges') {
    return sturges;
  }
  const interquartile = sortedPercentile(sorted, 75) - sortedPercentile(sorted, 25);
  const freedmanDiaconis = 2 * interquartile * size ** (-1 / 3);
  if (rule === 'fd') {
    return freedmanDiaconis;
  }
  const squareRoot = range / Math.sqrt(size);
  return Math.min(Math.max(freedmanDiaconis, squareRoot / 2), sturges);
}

/**
 * Same arithmetic as numpy.linspace(first, last, binCount + 1) after widening an empty range, and numpy's
 * refusal when the range is too narrow for that many distinct edges ("Too many bins for data range").
 */
function equalWidthEdges(first: number, last: number, binCount: number): Float64Array {
  const edges = new Float64Array(binCount + 1);
  const step = (last - first) / binCount;
  for (let i = 0; i < binCount; i++) {
    edges[i] = i * step + first;
  }
  edges[binCount] = last;
  for (let i = 1; i <= binCount; i++) {
    if (!(edges[i] > edges[i - 1])) {
      throw new DriftInputError(
        'OUT_OF_RANGE',
        `too many bins for the data range: ${binCount} bins between ${first} and ${last} would not all have a width; use fewer bins`
      );
    }
  }
  return edges;
}

/** Refuses a bin count over MAX_BINS, naming the rule that asked for it. */
function checkBinCount(binCount: number, rule: BinRule): void {
  if (!(binCount <= MAX_BINS)) {
    const asked = Number.isFinite(binCount) ? binCount.toLocaleString('en') : 'unboundedly many';
    throw new DriftInputError(
      'OUT_OF_RANGE',
      typeof rule === 'number'
        ? `${asked} bins is more than a chart can show: use at most ${MAX_BINS.toLocaleString('en')} bins, or 'auto'`
        : `the '${rule}' rule asks for ${asked} bins for these values (most are nearly equal, a few lie far out): ` +
            `use 'auto', which limits the bins for such data, or a bin count up to ${MAX_BINS.toLocaleString('en')}`
    );
  }
}

function widenedRange(minimum: number, maximum: number): [number, number] {
  return minimum === maximum ? [minimum - 0.5, maximum + 0.5] : [minimum, maximum];
}

function binCountForWidth(first: number, last: number, width: number): number {
  return width ? Math.ceil((last - first) / width) : 1;
}

/**
 * Sturges edges for a sample known only by its minimum, maximum and size; same as
 * numpy.histogram_bin_edges(sample, 'sturges').
 */
export function sturgesEdges(minimum: number, maximum: number, size: number): Float64Array {
  assertComparableSpan(minimum, maximum, 'binned');
  const [first, last] = widenedRange(minimum, maximum);
  const width = (maximum - minimum) / (Math.log2(size) + 1);
  return equalWidthEdges(first, last, binCountForWidth(first, last, width));
}

/** Edges for a sorted, finite, non-empty sample; same as numpy.histogram_bin_edges. */
export function sortedHistogramBinEdges(sorted: Float64Array, bins: BinRule): Float64Array {
  assertComparableSpan(sorted[0], sorted[sorted.length - 1], 'binned');
  const [first, last] = widenedRange(sorted[0], sorted[sorted.length - 1]);
  if (typeof bins === 'number') {
    if (!Number.isInteger(bins) || bins < 1) {
      throw new DriftInputError(
        'INVALID_ARGUMENT',
        `bins must be a positive integer or 'sturges', 'fd' or 'auto', got ${bins}`
      );
    }
    checkBinCount(bins, bins);
    return equalWidthEdges(first, last, bins);
  }
  const binCount = binCountForWidth(first, last, binWidth(sorted, bins));
  checkBinCount(binCount, bins);
  return equalWidthEdges(first, last, binCount);
}

/**
 * Bin edges for a sample, same as numpy.histogram_bin_edges(values, bins) for a bin count or
 * the 'sturges', 'fd' and 'auto' estimators. Values are float64; non-finite ones are dropped.
 * @throws DriftInputError when no finite value is given or bins is invalid; OUT_OF_RANGE where numpy
 * would fail or allocate without bound: more than MAX_BINS bins, a range too narrow for the bins, or
 * values whose span overflows.
 */
export function histogramBinEdges(values: ArrayLike<number>, bins: BinRule): Float64Array {
  if (typeof bins !== 'number' && bins !== 'sturges' && bins !== 'fd' && bins !== 'auto') {
    throw new DriftInputError(
      'INVALID_ARGUMENT',
      `unknown bin rule '${String(bins)}': use a number, 'sturges', 'fd' or 'auto'`
    );
  }
  return sortedHistogramBinEdges(prepareSample(values, 'input').sorted, bins);
}

/**
 * Counts of sorted values per bin, same as numpy.histogram(values, edges)[0]: bins are
 * [edge_k, edge_k+1) except the last, which includes its right edge; values outside are ignored.
 */
export function sortedHistogramCounts(sorted: Float64Array, edges: Float64Array): Float64Array {
  return runToEnd(sortedHistogramCountsSteps(sorted, edges));
}

/** {@link sortedHistogramCounts} in steps of WALK_PER_STEP values. */
export function* sortedHistogramCountsSteps(
  sorted: Float64Array,
  edges: Float64Array
): Generator<void, Float64Array, void> {
  const binCount = edges.length - 1;
  const counts = new Float64Array(binCount);
  let bin = 0;
  for (let i = 0; i < sorted.length; i++) {
    if (i > 0 && i % WALK_PER_STEP === 0) {
      yield;
    }
    const value = sorted[i];
    if (value < edges[0]) {
      continue;
    }
    while (bin < binCount - 1 && value >= edges[bin + 1]) {
      bin++;
    }
    if (bin === binCount - 1 && value > edges[binCount]) {
      break;
    }
    counts[bin]++;
  }
  return counts;
}
