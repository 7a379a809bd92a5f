export { DriftInputError } from './errors';
export type { DriftInputErrorCode } from './errors';
export { ksTwoSample, wassersteinDistance, chiSquareTest, proportionZTest } from './twoSample';
export type { TwoSampleTestResult, ChiSquareTestResult, ProportionZTestResult } from './twoSample';
export { jensenShannonDistance, psi, klDivergence, hellingerDistance } from './distances';
export { histogramBinEdges } from './histogram';
export type { BinRule } from './histogram';
export { detectDrift, driftSeverity, isDrifted, isTestMethod, DEFAULT_THRESHOLDS } from './detect';
export type {
  ColumnKind,
  DetectDriftOptions,
  DriftDetection,
  DriftDistanceMethod,
  DriftMethod,
  DriftTestMethod,
  FeatureValue,
} from './detect';
