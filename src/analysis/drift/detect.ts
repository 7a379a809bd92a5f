import {
  ksTwoSamplePValue,
  largestCdfGap,
  chiSquareTest,
  proportionZTest,
  runToEnd,
  sortedWassersteinDistanceSteps,
  WALK_PER_STEP,
} from './twoSample';
import { hellingerDistance, jensenShannonDistance, klDivergence, psi } from './distances';
import { DriftInputError, DriftInputErrorCode, EXTREME_VALUES_HINT, requireFinite } from './errors';
import { sortedHistogramCountsSteps, sturgesEdges } from './histogram';
import { assertNotSingleValue, assertSampleSpan, prepareSample } from './samples';

/** Whether a column holds measurements or labels. */
export type ColumnKind = 'numerical' | 'categorical';

/** Statistical tests, whose score is a p-value: drift when score <= threshold. */
export type DriftTestMethod = 'ks' | 'chisquare' | 'z';
/** Distances, whose score grows with drift: drift when score >= threshold. */
export type DriftDistanceMethod = 'wasserstein' | 'jensenshannon' | 'psi' | 'kl' | 'hellinger';
/** Every method detectDrift can use. */
export type DriftMethod = DriftTestMethod | DriftDistanceMethod;

/** A value of a feature: a measurement or a category label. */
export type FeatureValue = number | string;

/** Options of {@link detectDrift}. */
export interface DetectDriftOptions {
  /** Defaults to 'numerical' when every value is a number, otherwise 'categorical'. */
  kind?: ColumnKind;
  /** Forces a method instead of the default selection. */
  method?: DriftMethod;
  /** Overrides the method's default threshold. */
  threshold?: number;
}

/** Outcome of a drift check on one feature. */
export interface DriftDetection {
  method: DriftMethod;
  /** p-value for ks, chisquare and z; the distance for the other methods. */
  score: number;
  threshold: number;
  /** score <= threshold for tests, score >= threshold for distances. */
  drifted: boolean;
  /** Comparable strength of the evidence; see {@link driftSeverity}. At least 1 means drifted. */
  severity: number;
  /** Plain-words explanation of why this method was chosen. */
  reason: string;
  kind: ColumnKind;
  /** Reference rows used (after dropping missing values): the size that selects the method. */
  referenceSize: number;
  currentSize: number;
  /** Distinct values in reference ∪ current. */
  uniqueValues: number;
  /** NaN, ±Infinity, null and undefined values removed from both sides. */
  droppedNonFinite: number;
}

/** Default thresholds, as Evidently's defaults. */
export const DEFAULT_THRESHOLDS: Readonly<Record<DriftMethod, number>> = {
  ks: 0.05,
  chisquare: 0.05,
  z: 0.05,
  wasserstein: 0.1,
  jensenshannon: 0.1,
  psi: 0.1,
  kl: 0.1,
  hellinger: 0.1,
};

const ALL_METHODS = Object.keys(DEFAULT_THRESHOLDS) as DriftMethod[];
// Evidently's default selection: up to this many reference rows use a statistical test.
const SMALL_REFERENCE_ROWS = 1000;
// Numerical columns need more than this many distinct values to use ks or wasserstein.
const NUMERICAL_MIN_UNIQUE = 5;
// Above this many distinct values chi-square is used rather than the z-test.
const PROPORTION_MAX_UNIQUE = 2;
// Numerical columns with more distinct reference values than this are binned by Sturges' rule.
const PER_VALUE_BINS_MAX_UNIQUE = 20;
// Floor of the reference standard deviation that normalises the Wasserstein distance.
const MIN_WASSERSTEIN_NORM = 0.001;
// p-values below this are treated as this for the severity (−log10 stays finite).
const SMALLEST_P_VALUE = 1e-300;

/** True for the methods whose score is a p-value. */
export function isTestMethod(method: DriftMethod): method is DriftTestMethod {
  return method === 'ks' || method === 'chisquare' || method === 'z';
}

/** A score or threshold as the panels show it: p-values in scientific notation when tiny, "–" for none. */
export function formatDriftScore(score: number | null): string {
  if (score === null || !Number.isFinite(score)) {
    return '–';
  }
  return score !== 0 && Math.abs(score) < 1e-3 ? score.toExponential(1) : String(Number(score.toPrecision(3)));
}

/**
 * Strength of drift relative to the threshold, comparable across methods:
 * −log10(p)/−log10(threshold) for tests and score/threshold for distances. Both are 1 at
 * the threshold and grow with drift, so features can be ranked by it whatever the method.
 */
export function driftSeverity(method: DriftMethod, score: number, threshold: number): number {
  resolveThreshold(method, threshold);
  if (!(Number.isFinite(score) && score >= 0 && (!isTestMethod(method) || score <= 1))) {
    throw new DriftInputError(
      'INVALID_ARGUMENT',
      `the ${method} score ${score} is invalid: ` +
        (isTestMethod(method) ? 'a p-value lies between 0 and 1' : 'a distance is a finite number of at least 0')
    );
  }
  const severity = isTestMethod(method)
    ? -Math.log10(Math.max(score, SMALLEST_P_VALUE)) / -Math.log10(threshold)
    : score / threshold;
  // A huge distance over a tiny threshold overflows; severity only ranks, so the largest number will do.
  return Math.min(severity, Number.MAX_VALUE);
}

/** Whether a score crosses its threshold. */
export function isDrifted(method: DriftMethod, score: number, threshold: number): boolean {
  return isTestMethod(method) ? score <= threshold : score >= threshold;
}

/** Per-value counts of both sides over the union of their values, in sorted value order. */
export interface CategoryCounts {
  categories: FeatureValue[];
  reference: Float64Array;
  current: Float64Array;
}

/** Finite numbers sorted ascending, with how many non-finite ones were dropped: a sample prepared already. */
export class SortedSample {
  constructor(
    readonly sorted: Float64Array,
    readonly droppedNonFinite: number
  ) {}
}

/** A column prepared for every method: numbers sorted, or categories counted. */
interface PreparedColumn {
  kind: ColumnKind;
  reference: PreparedReference;
  /** Sorted samples when every value is a number. */
  numeric?: { reference: Float64Array; current: Float64Array };
  referenceUnique: number;
  /** See {@link categoryCounts}. */
  counts?: CategoryCounts;
  /** Distinct values of both sides, once counted (see uniqueCountSteps). */
  distinct?: number;
  /** The binned methods' counts, once made (see binnedCountsSteps). */
  binned?: BinnedCounts;
  referenceSize: number;
  currentSize: number;
  droppedNonFinite: number;
}

function countSortedUnion(reference: Float64Array, current: Float64Array): CategoryCounts {
  const categories: number[] = [];
  const referenceCounts: number[] = [];
  const currentCounts: number[] = [];
  let i = 0;
  let j = 0;
  while (i < reference.length || j < current.length) {
    const value =
      j >= current.length || (i < reference.length && reference[i] <= current[j]) ? reference[i] : current[j];
    let referenceCount = 0;
    let currentCount = 0;
    while (i < reference.length && reference[i] === value) {
      i++;
      referenceCount++;
    }
    while (j < current.length && current[j] === value) {
      j++;
      currentCount++;
    }
    categories.push(value);
    referenceCounts.push(referenceCount);
    currentCounts.push(currentCount);
  }
  return {
    categories,
    reference: Float64Array.from(referenceCounts),
    current: Float64Array.from(currentCounts),
  };
}

function countDistinctSorted(sorted: Float64Array): number {
  let distinct = sorted.length > 0 ? 1 : 0;
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i] !== sorted[i - 1]) {
      distinct++;
    }
  }
  return distinct;
}

function isMissing(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === 'number' && !Number.isFinite(value));
}

function allNumbers(values: ArrayLike<FeatureValue>): boolean {
  for (let i = 0; i < values.length; i++) {
    if (typeof values[i] === 'string') {
      return false;
    }
  }
  return true;
}

/** Code-point order, as Python's sorted() orders the labels. */
function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Label counts of one side: missing values (null, undefined, NaN, ±Infinity) dropped and counted. */
function countSide(values: ArrayLike<FeatureValue>): { counts: Map<string, number>; size: number; dropped: number } {
  const counts = new Map<string, number>();
  let dropped = 0;
  let size = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (isMissing(value)) {
      dropped++;
      continue;
    }
    const key = String(value);
    counts.set(key, (counts.get(key) ?? 0) + 1);
    size++;
  }
  return { counts, size, dropped };
}

/** The reference's labels counted, with its categories in code-point order. */
interface ReferenceLabels {
  counts: Map<string, number>;
  categories: string[];
  size: number;
  dropped: number;
}

/**
 * Per-label counts of both sides over the union of their labels, in code-point order. The reference's sorted
 * categories are merged with the few the current side adds, so comparing many small windows with a reference
 * of 200,000 categories never sorts those again.
 */
function countLabels(reference: ReferenceLabels, current: ArrayLike<FeatureValue>) {
  const side = countSide(current);
  const added: string[] = [];
  side.counts.forEach((_count, key) => {
    if (!reference.counts.has(key)) {
      added.push(key);
    }
  });
  added.sort(byCodePoint);
  const categories: string[] = new Array(reference.categories.length + added.length);
  for (let i = 0, j = 0, k = 0; k < categories.length; k++) {
    categories[k] =
      j >= added.length || (i < reference.categories.length && reference.categories[i] < added[j])
        ? reference.categories[i++]
        : added[j++];
  }
  return {
    counts: {
      categories,
      reference: Float64Array.from(categories, (key) => reference.counts.get(key) ?? 0),
      current: Float64Array.from(categories, (key) => side.counts.get(key) ?? 0),
    },
    referenceUnique: reference.categories.length,
    referenceSize: reference.size,
    currentSize: side.size,
    dropped: reference.dropped + side.dropped,
  };
}

/**
 * The reference side of a comparison, prepared on first use and kept: comparing one baseline with many
 * windows sorts (or counts) the baseline once rather than once per window.
 */
export class PreparedReference {
  readonly allNumbers: boolean;
  private sortedValues?: { sorted: Float64Array; droppedNonFinite: number; distinct: number };
  private labelCounts?: ReferenceLabels;
  private deviation?: number;

  constructor(private readonly values: ArrayLike<FeatureValue>) {
    this.allNumbers = allNumbers(values);
  }

  /** A numeric reference whose finite values are sorted already (e.g. in steps, see sortedFiniteSteps). */
  static fromSorted(sample: SortedSample): PreparedReference {
    const reference = new PreparedReference(sample.sorted);
    if (sample.sorted.length === 0) {
      throw sample.droppedNonFinite > 0
        ? new DriftInputError(
            'ALL_NON_FINITE',
            `the reference sample has no finite values (${sample.droppedNonFinite} NaN or infinite): ` +
              'filter missing values in the query (e.g. `> -Inf`) or pick a range where the feature is recorded'
          )
        : new DriftInputError(
            'EMPTY_INPUT',
            'the reference sample is empty: widen the time range or check that the query returns values for this feature'
          );
    }
    reference.sortedValues = {
      sorted: sample.sorted,
      droppedNonFinite: sample.droppedNonFinite,
      distinct: countDistinctSorted(sample.sorted),
    };
    return reference;
  }

  /** The finite values sorted (an own copy: prepareSample's buffer is reused by the next call). */
  numbers(): { sorted: Float64Array; droppedNonFinite: number; distinct: number } {
    if (!this.sortedValues) {
      const prepared = prepareSample(this.values as ArrayLike<number>, 'reference');
      const sorted = Float64Array.from(prepared.sorted);
      this.sortedValues = {
        sorted,
        droppedNonFinite: prepared.droppedNonFinite,
        distinct: countDistinctSorted(sorted),
      };
    }
    return this.sortedValues;
  }

  labels(): ReferenceLabels {
    if (!this.labelCounts) {
      const side = countSide(this.values);
      const categories = Array.from(side.counts.keys()).sort(byCodePoint);
      this.labelCounts = { counts: side.counts, categories, size: side.size, dropped: side.dropped };
    }
    return this.labelCounts;
  }

  /** numpy.std of the finite values, the Wasserstein distance's unit. */
  standardDeviation(): number {
    this.deviation ??= populationStandardDeviation(this.numbers().sorted);
    return this.deviation;
  }
}

function emptySideError(role: string, dropped: number): DriftInputError {
  return dropped > 0
    ? new DriftInputError(
        'ALL_NON_FINITE',
        `the ${role} sample has no usable values (${dropped} missing, NaN or infinite): ` +
          'filter missing values in the query or pick a range where the feature is recorded'
      )
    : new DriftInputError(
        'EMPTY_INPUT',
        `the ${role} sample is empty: widen the time range or check that the query returns values for this feature`
      );
}

/** A sorted current sample, refused as prepareSample refuses an empty one. */
function checkedPresorted(sample: SortedSample): { sorted: Float64Array; droppedNonFinite: number } {
  if (sample.sorted.length === 0) {
    throw sample.droppedNonFinite > 0
      ? new DriftInputError(
          'ALL_NON_FINITE',
          `the current sample has no finite values (${sample.droppedNonFinite} NaN or infinite): ` +
            'filter missing values in the query (e.g. `> -Inf`) or pick a range where the feature is recorded'
        )
      : new DriftInputError(
          'EMPTY_INPUT',
          'the current sample is empty: widen the time range or check that the query returns values for this feature'
        );
  }
  return sample;
}

function prepareColumn(
  reference: PreparedReference,
  current: ArrayLike<FeatureValue> | SortedSample,
  requestedKind: ColumnKind | undefined
): PreparedColumn {
  const presorted = current instanceof SortedSample ? current : undefined;
  const numbersOnly =
    reference.allNumbers && (presorted !== undefined || allNumbers(current as ArrayLike<FeatureValue>));
  const kind = requestedKind ?? (numbersOnly ? 'numerical' : 'categorical');
  if (kind === 'numerical' && !numbersOnly) {
    throw new DriftInputError(
      'INVALID_ARGUMENT',
      "the column holds text values but kind 'numerical' was requested: use kind 'categorical' " +
        'or convert the values to numbers in the query'
    );
  }
  if (numbersOnly) {
    const preparedReference = reference.numbers();
    const preparedCurrent = presorted
      ? checkedPresorted(presorted)
      : prepareSample(current as ArrayLike<number>, 'current');
    const sortedReference = preparedReference.sorted;
    const sortedCurrent = preparedCurrent.sorted;
    assertNotSingleValue(sortedReference, sortedCurrent);
    assertSampleSpan(sortedReference, sortedCurrent);
    return {
      kind,
      reference,
      numeric: { reference: sortedReference, current: sortedCurrent },
      referenceUnique: preparedReference.distinct,
      referenceSize: sortedReference.length,
      currentSize: sortedCurrent.length,
      droppedNonFinite: preparedReference.droppedNonFinite + preparedCurrent.droppedNonFinite,
    };
  }
  const referenceLabels = reference.labels();
  if (referenceLabels.size === 0) {
    // Counted over both sides, as the message says how many values were missing in all.
    throw emptySideError('reference', referenceLabels.dropped + countSide(current as ArrayLike<FeatureValue>).dropped);
  }
  const labels = countLabels(referenceLabels, current as ArrayLike<FeatureValue>);
  if (labels.currentSize === 0) {
    throw emptySideError('current', labels.dropped);
  }
  if (labels.counts.categories.length === 1) {
    throw new DriftInputError(
      'SINGLE_VALUE',
      `both samples contain only the category '${labels.counts.categories[0]}': drift cannot be measured on a ` +
        'constant column; check that the query selects the feature itself and not a constant label'
    );
  }
  return {
    kind,
    reference,
    counts: labels.counts,
    referenceUnique: labels.referenceUnique,
    referenceSize: labels.referenceSize,
    currentSize: labels.currentSize,
    droppedNonFinite: labels.dropped,
  };
}

/**
 * Distinct values of both sides together: from the counts when they were made, else by one walk over the
 * sorted samples that allocates nothing (10 million values need no 10-million-entry category list).
 */
function uniqueCount(column: PreparedColumn): number {
  return runToEnd(uniqueCountSteps(column));
}

/** {@link uniqueCount} in steps of WALK_PER_STEP values; kept on the column. */
function* uniqueCountSteps(column: PreparedColumn): Generator<void, number, void> {
  if (column.counts) {
    return column.counts.categories.length;
  }
  if (column.distinct !== undefined) {
    return column.distinct;
  }
  const { reference, current } = column.numeric!;
  let distinct = 0;
  let i = 0;
  let j = 0;
  let walked = 0;
  while (i < reference.length || j < current.length) {
    const value =
      j >= current.length || (i < reference.length && reference[i] <= current[j]) ? reference[i] : current[j];
    const start = i + j;
    while (i < reference.length && reference[i] === value) {
      i++;
    }
    while (j < current.length && current[j] === value) {
      j++;
    }
    distinct++;
    walked += i + j - start;
    if (walked >= WALK_PER_STEP) {
      walked = 0;
      yield;
    }
  }
  column.distinct = distinct;
  return distinct;
}

/**
 * Per-value counts of a column: counted with the labels, or (numbers) built from the sorted samples on first
 * use, since the tests and distances on sorted samples do not need them.
 */
function categoryCounts(column: PreparedColumn): CategoryCounts {
  column.counts ??= countSortedUnion(column.numeric!.reference, column.numeric!.current);
  return column.counts;
}

/** Counts over the bins the binned methods use, with the bin edges or category labels. */
type BinnedCounts = { reference: Float64Array; current: Float64Array } & (
  { edges: Float64Array; categories?: undefined } | { edges?: undefined; categories: FeatureValue[] }
);

/** Counts used by the binned methods: Sturges bins for rich numerical columns, per-value otherwise. */
function binnedCounts(column: PreparedColumn): BinnedCounts {
  return runToEnd(binnedCountsSteps(column));
}

/** {@link binnedCounts} in steps of WALK_PER_STEP values; kept on the column. */
function* binnedCountsSteps(column: PreparedColumn): Generator<void, BinnedCounts, void> {
  if (column.binned) {
    return column.binned;
  }
  if (column.numeric && column.kind === 'numerical' && column.referenceUnique > PER_VALUE_BINS_MAX_UNIQUE) {
    const { reference, current } = column.numeric;
    const edges = sturgesEdges(
      Math.min(reference[0], current[0]),
      Math.max(reference[reference.length - 1], current[current.length - 1]),
      reference.length + current.length
    );
    column.binned = {
      edges,
      reference: yield* sortedHistogramCountsSteps(reference, edges),
      current: yield* sortedHistogramCountsSteps(current, edges),
    };
  } else {
    column.binned = categoryCounts(column);
  }
  return column.binned;
}

/** Reference and current counts for display, binned as the binned drift methods bin them. */
export type ComparisonHistogram =
  | { type: 'bins'; edges: number[]; reference: number[]; current: number[] }
  | { type: 'categories'; categories: string[]; reference: number[]; current: number[] };

/**
 * Histogram of both samples for display: Sturges bins over reference ∪ current for a numerical
 * column with more than 20 distinct reference values, per-value counts otherwise.
 * @throws DriftInputError as {@link detectDrift} does for unusable input.
 */
export function comparisonHistogram(
  reference: ArrayLike<FeatureValue>,
  current: ArrayLike<FeatureValue>,
  kind?: ColumnKind
): ComparisonHistogram {
  return histogramOf(prepareColumn(new PreparedReference(reference), current, kind));
}

function histogramOf(column: PreparedColumn): ComparisonHistogram {
  return runToEnd(histogramSteps(column));
}

function* histogramSteps(column: PreparedColumn): Generator<void, ComparisonHistogram, void> {
  const counts = yield* binnedCountsSteps(column);
  const referenceCounts = Array.from(counts.reference);
  const currentCounts = Array.from(counts.current);
  if (counts.edges) {
    return { type: 'bins', edges: Array.from(counts.edges), reference: referenceCounts, current: currentCounts };
  }
  return {
    type: 'categories',
    categories: counts.categories.map(String),
    reference: referenceCounts,
    current: currentCounts,
  };
}

/**
 * numpy.std of sorted values. Sums run on values shifted by the minimum and divided by the span, so values
 * near ±1e308 (whose span is finite, see assertSampleSpan) neither overflow the sum nor the squares.
 */
function populationStandardDeviation(sorted: Float64Array): number {
  const lowest = sorted[0];
  const span = sorted[sorted.length - 1] - lowest;
  if (span === 0) {
    return 0;
  }
  // Dividing by a power of two is exact: values that need no scaling give numpy's arithmetic to the bit.
  const scale = span > 1e150 ? 2 ** Math.ceil(Math.log2(span)) : 1;
  let sum = 0;
  for (let i = 0; i < sorted.length; i++) {
    sum += sorted[i] / scale;
  }
  const mean = sum / sorted.length;
  let squares = 0;
  for (let i = 0; i < sorted.length; i++) {
    const deviation = sorted[i] / scale - mean;
    squares += deviation * deviation;
  }
  return Math.sqrt(squares / sorted.length) * scale;
}

function defaultMethod(column: PreparedColumn): { method: DriftMethod; reason: string } {
  const rows = column.referenceSize;
  const unique = uniqueCount(column);
  const small = rows <= SMALL_REFERENCE_ROWS;
  const sizeText = small
    ? `${rows} reference rows (at most ${SMALL_REFERENCE_ROWS}) favour a statistical test`
    : `${rows} reference rows (more than ${SMALL_REFERENCE_ROWS}) would make any test significant, so a distance is used`;
  const rich = column.kind === 'numerical' && unique > NUMERICAL_MIN_UNIQUE;
  if (small) {
    if (rich) {
      return {
        method: 'ks',
        reason: `${sizeText}; a numerical column with ${unique} distinct values uses the Kolmogorov–Smirnov test`,
      };
    }
    if (unique > PROPORTION_MAX_UNIQUE) {
      return {
        method: 'chisquare',
        reason: `${sizeText}; ${unique} distinct values are compared as categories with the chi-square test`,
      };
    }
    return {
      method: 'z',
      reason: `${sizeText}; ${unique} distinct values are compared as proportions with the z-test`,
    };
  }
  if (rich) {
    return {
      method: 'wasserstein',
      reason: `${sizeText}; a numerical column with ${unique} distinct values uses the Wasserstein distance in units of the reference standard deviation`,
    };
  }
  return {
    method: 'jensenshannon',
    reason: `${sizeText}; ${unique} distinct values use the Jensen–Shannon distance of their shares`,
  };
}

function requireNumeric(
  column: PreparedColumn,
  method: DriftMethod
): { reference: Float64Array; current: Float64Array } {
  if (!column.numeric) {
    throw new DriftInputError(
      'INVALID_ARGUMENT',
      `method '${method}' needs numeric values but the column holds text: use chisquare, z, jensenshannon, psi, kl or hellinger`
    );
  }
  return column.numeric;
}

const BINNED_DISTANCES: Record<
  'jensenshannon' | 'psi' | 'kl' | 'hellinger',
  (reference: ArrayLike<number>, current: ArrayLike<number>) => number
> = {
  jensenshannon: (reference, current) => jensenShannonDistance(reference, current),
  psi,
  kl: klDivergence,
  hellinger: hellingerDistance,
};

function methodScore(column: PreparedColumn, method: DriftMethod): number {
  return runToEnd(methodScoreSteps(column, method));
}

/** {@link methodScore} with its walks over sorted samples and its binning in steps. */
function* methodScoreSteps(column: PreparedColumn, method: DriftMethod): Generator<void, number, void> {
  switch (method) {
    case 'ks': {
      const { reference, current } = requireNumeric(column, method);
      return ksTwoSamplePValue(largestCdfGap(reference, current), reference.length, current.length).pValue;
    }
    case 'wasserstein': {
      const { reference, current } = requireNumeric(column, method);
      const norm = Math.max(column.reference.standardDeviation(), MIN_WASSERSTEIN_NORM);
      yield;
      return (yield* sortedWassersteinDistanceSteps(reference, current)) / norm;
    }
    case 'chisquare':
      return chiSquareTest(categoryCounts(column).reference, categoryCounts(column).current).pValue;
    case 'z':
      // Success is the first category in sorted order, as Evidently's z-test takes it.
      return proportionZTest(
        categoryCounts(column).reference[0],
        column.referenceSize,
        categoryCounts(column).current[0],
        column.currentSize
      ).pValue;
    default: {
      const counts = yield* binnedCountsSteps(column);
      return BINNED_DISTANCES[method](counts.reference, counts.current);
    }
  }
}

/** Checks a method name and threshold given by a caller. */
export function resolveThreshold(method: DriftMethod, threshold: number | undefined): number {
  if (!ALL_METHODS.includes(method)) {
    throw new DriftInputError(
      'INVALID_ARGUMENT',
      `unknown drift method '${String(method)}': use one of ${ALL_METHODS.join(', ')}`
    );
  }
  if (threshold === undefined) {
    return DEFAULT_THRESHOLDS[method];
  }
  const valid = Number.isFinite(threshold) && threshold > 0 && (!isTestMethod(method) || threshold < 1);
  if (!valid) {
    throw new DriftInputError(
      'INVALID_ARGUMENT',
      `threshold ${threshold} is invalid for '${method}': ` +
        (isTestMethod(method)
          ? 'a p-value threshold must be between 0 and 1, e.g. 0.05'
          : 'a distance threshold must be positive, e.g. 0.1')
    );
  }
  return threshold;
}

/**
 * Detects drift of one feature between a reference and a current sample, choosing the method
 * as Evidently does by default (size counts reference rows, distinct values count reference ∪
 * current):
 *
 * | reference rows | column                               | method                                   | threshold |
 * | <= 1000        | numerical, more than 5 distinct      | ks                                       | p 0.05    |
 * | <= 1000        | other, more than 2 distinct          | chisquare                                | p 0.05    |
 * | <= 1000        | other, 2 or fewer distinct           | z (success = first value in sorted order) | p 0.05    |
 * | > 1000         | numerical, more than 5 distinct      | wasserstein / max(std(reference), 0.001) | 0.1       |
 * | > 1000         | other                                | jensenshannon on binned shares           | 0.1       |
 *
 * Binned methods (jensenshannon, psi, kl, hellinger) use Sturges bins over reference ∪ current
 * for a numerical column with more than 20 distinct reference values, and per-value counts over
 * the union of values otherwise. Values sort numerically when all are numbers, otherwise as
 * strings by code point; the z-test's "success" is the first of them.
 * Missing values (NaN, ±Infinity, null, undefined) are dropped and counted.
 * @throws DriftInputError for an empty or all-missing side, when both sides hold one same value,
 * for a numeric-only method on text, or an invalid method or threshold.
 */
export function detectDrift(
  reference: ArrayLike<FeatureValue>,
  current: ArrayLike<FeatureValue>,
  options: DetectDriftOptions = {}
): DriftDetection {
  return runToEnd(detectPreparedDriftSteps(new PreparedReference(reference), current, options, false)).detection;
}

/**
 * {@link detectDrift} of a prepared reference and a current sample (sorted already, or not), in steps of a
 * few milliseconds (the walks over millions of sorted values are split), with the display histogram of the
 * same prepared column, so the two need not prepare or bin the samples twice.
 */
export function* detectPreparedDriftSteps(
  reference: PreparedReference,
  current: ArrayLike<FeatureValue> | SortedSample,
  options: DetectDriftOptions = {},
  withHistogram = true
): Generator<void, { detection: DriftDetection; histogram?: ComparisonHistogram }, void> {
  const column = prepareColumn(reference, current, options.kind);
  yield* uniqueCountSteps(column);
  const chosen = options.method
    ? { method: options.method, reason: `method '${options.method}' was chosen in the options` }
    : defaultMethod(column);
  const threshold = resolveThreshold(chosen.method, options.threshold);
  yield;
  const score = requireFinite(
    yield* methodScoreSteps(column, chosen.method),
    `${chosen.method} score`,
    EXTREME_VALUES_HINT
  );
  const detection: DriftDetection = {
    method: chosen.method,
    score,
    threshold,
    drifted: isDrifted(chosen.method, score, threshold),
    severity: driftSeverity(chosen.method, score, threshold),
    reason: chosen.reason,
    kind: column.kind,
    referenceSize: column.referenceSize,
    currentSize: column.currentSize,
    uniqueValues: uniqueCount(column),
    droppedNonFinite: column.droppedNonFinite,
  };
  if (!withHistogram) {
    return { detection };
  }
  yield;
  return { detection, histogram: yield* histogramSteps(column) };
}

/** A current sample's score against a prepared reference, with the method and threshold already chosen. */
export interface WindowScore {
  score: number;
  drifted: boolean;
  severity: number;
  /** Values used (missing ones dropped). */
  currentSize: number;
}

/**
 * What {@link detectDrift}(reference, current, { kind, method, threshold }) scores, without what only its
 * full result needs: the drift over time compares one reference with every window this way.
 * @throws DriftInputError as detectDrift does.
 */
export function scoreAgainst(
  reference: PreparedReference,
  current: ArrayLike<FeatureValue> | SortedSample,
  kind: ColumnKind,
  method: DriftMethod,
  threshold: number
): WindowScore {
  const column = prepareColumn(reference, current, kind);
  const score = requireFinite(methodScore(column, method), `${method} score`, EXTREME_VALUES_HINT);
  return {
    score,
    drifted: isDrifted(method, score, threshold),
    severity: driftSeverity(method, score, threshold),
    currentSize: column.currentSize,
  };
}

/**
 * The code scoreAgainst throws for an empty current sample, without building the error: most windows of a
 * fine window size over sparse rows are empty, and thousands of thrown errors cost more than the scoring.
 */
export function emptyCurrentProblem(reference: PreparedReference): DriftInputErrorCode {
  if (reference.allNumbers) {
    return 'EMPTY_INPUT';
  }
  return reference.labels().dropped > 0 ? 'ALL_NON_FINITE' : 'EMPTY_INPUT';
}
