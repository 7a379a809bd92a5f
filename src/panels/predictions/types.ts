import { BinRule } from '../../data/distribution';

export interface PredictionsOptions {
  /** The score or probability column; empty detects it by name. */
  scoreField: string;
  /** The baseline is the first N % of the dashboard's range. */
  baselinePercent: number;
  bins: BinRule;
}

export const defaultPredictionsOptions: PredictionsOptions = {
  scoreField: '',
  baselinePercent: 25,
  bins: 'auto',
};
