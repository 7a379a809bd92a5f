import { BinRule } from '../../data/distribution';

export interface DriftOptions {
  /** The feature to compare; empty picks the first numeric feature. */
  feature: string;
  /** The prediction column, kept out of the features; empty detects it by name. */
  predictionField: string;
  /** The baseline is the first N % of the dashboard's range. */
  baselinePercent: number;
  bins: BinRule;
}

export const defaultDriftOptions: DriftOptions = {
  feature: '',
  predictionField: '',
  baselinePercent: 25,
  bins: 'auto',
};
