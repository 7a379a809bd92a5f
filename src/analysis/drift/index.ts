export { DriftInputError } from './errors';
export type { DriftInputErrorCode } from './errors';
export { ksTwoSample, wassersteinDistance, chiSquareTest, proportionZTest } from './twoSample';
export type { TwoSampleTestResult, ChiSquareTestResult, ProportionZTestResult } from './twoSample';
export { jensenShannonDistance, psi, klDivergence, hellingerDistance } from './distances';
export { histogramBinEdges, MAX_BINS } from './histogram';
export type { BinRule } from './histogram';
export { detectDrift, driftSeverity, formatDriftScore, isDrifted, isTestMethod, DEFAULT_THRESHOLDS } from './detect';
export type {
  ColumnKind,
  DetectDriftOptions,
  DriftDetection,
  DriftDistanceMethod,
  DriftMethod,
  DriftTestMethod,
  FeatureValue,
} from './detect';
export {
  bucketDrift,
  alignBucketLayouts,
  bucketLabel,
  coarsenBuckets,
  formatLe,
  parseLe,
  validateBuckets,
  BUCKET_DRIFT_METHODS,
  DEFAULT_BUCKET_THRESHOLDS,
} from './buckets';
export { bucketKernelAvailable, prepareBucketBaseline, scoreBucketWindows } from './buckets';
export type {
  BucketBaseline,
  BucketDriftMethod,
  BucketScoringEngine,
  BucketWindowScores,
  CumulativeBucket,
} from './buckets';
export {
  bucketsFromCounters,
  counterIncreases,
  exponentialBounds,
  nativeHistogramBounds,
  nativeHistogramToBuckets,
} from './bucketSeries';
export type { BucketCounterSeries, CounterSeries, NativeHistogram, NativeHistogramBucket } from './bucketSeries';
export { comparisonHistogram } from './detect';
export type { ComparisonHistogram } from './detect';
export {
  computeDriftOverTime,
  driftOverTimeSteps,
  latestDriftRun,
  latestDriftRunStart,
  rankFeatures,
  resolveBaseline,
  windowBoundaries,
} from './windows';
export type {
  BaselineMode,
  BucketFeatureSeries,
  DriftHistogram,
  DriftOverTime,
  DriftOverTimeOptions,
  DriftSteps,
  DriftWindow,
  FeatureDrift,
  FeatureDriftProblem,
  FeatureSeries,
  SampleFeatureSeries,
  TimeRange,
} from './windows';
export { bucketScoresAt } from './ruleScores';
export type { RuleScoreOptions } from './ruleScores';
