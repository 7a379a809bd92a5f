import {
  ksTwoSamplePValue,
  largestCdfGap,
  chiSquareTest,
  proportionZTest,
  sortedWassersteinDistance,
} from './twoSample';
import { hellingerDistance, jensenShannonDistance, klDivergence, psi } from './distances';
import { DriftInputError } from './errors';
import { sortedHistogramCounts, sturgesEdges } from './histogram';
import { assertNotSingleValue, prepareSample } from './samples';

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
  if (isTestMethod(method)) {
    return -Math.log10(Math.max(score, SMALLEST_P_VALUE)) / -Math.log10(threshold);
  }
  return score / threshold;
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

/** A column prepared for every method: numbers sorted, or categories counted. */
interface PreparedColumn {
  kind: ColumnKind;
  /** Sorted samples when every value is a number. */
  numeric?: { reference: Float64Array; current: Float64Array };
  referenceUnique: number;
  counts: CategoryCounts;
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

function countLabels(reference: ArrayLike<FeatureValue>, current: ArrayLike<FeatureValue>) {
  const counts = new Map<string, [number, number]>();
  let dropped = 0;
  let referenceSize = 0;
  let currentSize = 0;
  const add = (values: ArrayLike<FeatureValue>, side: 0 | 1) => {
    for (let i = 0; i < values.length; i++) {
      const value = values[i];
      if (isMissing(value)) {
        dropped++;
        continue;
      }
      const key = String(value);
      const entry = counts.get(key) ?? [0, 0];
      entry[side]++;
      counts.set(key, entry);
      if (side === 0) {
        referenceSize++;
      } else {
        currentSize++;
      }
    }
  };
  add(reference, 0);
  add(current, 1);
  // Code-point order, as Python's sorted() orders the labels.
  const categories = [...counts.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const referenceUnique = categories.filter((key) => counts.get(key)![0] > 0).length;
  return {
    counts: {
      categories,
      reference: Float64Array.from(categories, (key) => counts.get(key)![0]),
      current: Float64Array.from(categories, (key) => counts.get(key)![1]),
    },
    referenceUnique,
    referenceSize,
    currentSize,
    dropped,
  };
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

function prepareColumn(
  reference: ArrayLike<FeatureValue>,
  current: ArrayLike<FeatureValue>,
  requestedKind: ColumnKind | undefined
): PreparedColumn {
  const numbersOnly = allNumbers(reference) && allNumbers(current);
  const kind = requestedKind ?? (numbersOnly ? 'numerical' : 'categorical');
  if (kind === 'numerical' && !numbersOnly) {
    throw new DriftInputError(
      'INVALID_ARGUMENT',
      "the column holds text values but kind 'numerical' was requested: use kind 'categorical' " +
        'or convert the values to numbers in the query'
    );
  }
  if (numbersOnly) {
    const preparedReference = prepareSample(reference as ArrayLike<number>, 'reference');
    const preparedCurrent = prepareSample(current as ArrayLike<number>, 'current');
    const sortedReference = preparedReference.sorted;
    const sortedCurrent = preparedCurrent.sorted;
    assertNotSingleValue(sortedReference, sortedCurrent);
    return {
      kind,
      numeric: { reference: sortedReference, current: sortedCurrent },
      referenceUnique: countDistinctSorted(sortedReference),
      counts: countSortedUnion(sortedReference, sortedCurrent),
      referenceSize: sortedReference.length,
      currentSize: sortedCurrent.length,
      droppedNonFinite: preparedReference.droppedNonFinite + preparedCurrent.droppedNonFinite,
    };
  }
  const labels = countLabels(reference, current);
  if (labels.referenceSize === 0) {
    throw emptySideError('reference', labels.dropped);
  }
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
    referenceUnique: labels.referenceUnique,
    counts: labels.counts,
    referenceSize: labels.referenceSize,
    currentSize: labels.currentSize,
    droppedNonFinite: labels.dropped,
  };
}

/** Counts over the bins the binned methods use, with the bin edges or category labels. */
type BinnedCounts = { reference: Float64Array; current: Float64Array } & (
  { edges: Float64Array; categories?: undefined } | { edges?: undefined; categories: FeatureValue[] }
);

/** Counts used by the binned methods: Sturges bins for rich numerical columns, per-value otherwise. */
function binnedCounts(column: PreparedColumn): BinnedCounts {
  if (column.numeric && column.kind === 'numerical' && column.referenceUnique > PER_VALUE_BINS_MAX_UNIQUE) {
    const { reference, current } = column.numeric;
    const edges = sturgesEdges(
      Math.min(reference[0], current[0]),
      Math.max(reference[reference.length - 1], current[current.length - 1]),
      reference.length + current.length
    );
    return {
      edges,
      reference: sortedHistogramCounts(reference, edges),
      current: sortedHistogramCounts(current, edges),
    };
  }
  return column.counts;
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
  const counts = binnedCounts(prepareColumn(reference, current, kind));
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

function populationStandardDeviation(values: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    sum += values[i];
  }
  const mean = sum / values.length;
  let squares = 0;
  for (let i = 0; i < values.length; i++) {
    const deviation = values[i] - mean;
    squares += deviation * deviation;
  }
  return Math.sqrt(squares / values.length);
}

function defaultMethod(column: PreparedColumn): { method: DriftMethod; reason: string } {
  const rows = column.referenceSize;
  const unique = column.counts.categories.length;
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
  switch (method) {
    case 'ks': {
      const { reference, current } = requireNumeric(column, method);
      return ksTwoSamplePValue(largestCdfGap(reference, current), reference.length, current.length).pValue;
    }
    case 'wasserstein': {
      const { reference, current } = requireNumeric(column, method);
      const norm = Math.max(populationStandardDeviation(reference), MIN_WASSERSTEIN_NORM);
      return sortedWassersteinDistance(reference, current) / norm;
    }
    case 'chisquare':
      return chiSquareTest(column.counts.reference, column.counts.current).pValue;
    case 'z':
      // Success is the first category in sorted order, as Evidently's z-test takes it.
      return proportionZTest(
        column.counts.reference[0],
        column.referenceSize,
        column.counts.current[0],
        column.currentSize
      ).pValue;
    default: {
      const counts = binnedCounts(column);
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
  const column = prepareColumn(reference, current, options.kind);
  const chosen = options.method
    ? { method: options.method, reason: `method '${options.method}' was chosen in the options` }
    : defaultMethod(column);
  const threshold = resolveThreshold(chosen.method, options.threshold);
  const score = methodScore(column, chosen.method);
  return {
    method: chosen.method,
    score,
    threshold,
    drifted: isDrifted(chosen.method, score, threshold),
    severity: driftSeverity(chosen.method, score, threshold),
    reason: chosen.reason,
    kind: column.kind,
    referenceSize: column.referenceSize,
    currentSize: column.currentSize,
    uniqueValues: column.counts.categories.length,
    droppedNonFinite: column.droppedNonFinite,
  };
}
