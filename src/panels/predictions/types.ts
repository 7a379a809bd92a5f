import { BaselineModeOption, BaselineOptions, DriftInputKind } from '../../data/driftInput';
import { BinRule } from '../../data/distribution';
import { AnnotationDisplayOptions, defaultAnnotationDisplayOptions } from '../annotationOptions';

export type PredictionsView = 'overlay' | 'fan' | 'classes' | 'calibration';

export interface PredictionsOptions extends BaselineOptions, AnnotationDisplayOptions {
  view: PredictionsView;
  /** The score or probability column (or histogram name); empty detects it by name. */
  scoreField: string;
  /** Raw sample rows or Prometheus histograms of the score; auto detects them from the frames. */
  inputKind: DriftInputKind;
  baselineMode: BaselineModeOption;
  bins: BinRule;
  /** Score range of the histogram and calibration bins; undefined takes it from the data. */
  scoreMin?: number;
  scoreMax?: number;
  /** The predicted-class column; empty detects it (a class column, or a score of only 0 and 1). */
  classField: string;
  /** Comma-separated classes to show, the first being the positive one; empty shows every class found. */
  classes: string;
  /** The observed outcome column for calibration; empty detects clicked/label/outcome/target/y_true/actual. */
  outcomeField: string;
}

export const defaultPredictionsOptions: PredictionsOptions = {
  view: 'overlay',
  scoreField: '',
  inputKind: 'auto',
  baselineMode: 'firstPercent',
  baselinePercent: 25,
  baselineShift: '7d',
  baselineFrom: '',
  baselineTo: '',
  bins: 'auto',
  scoreMin: undefined,
  scoreMax: undefined,
  classField: '',
  classes: '',
  outcomeField: '',
  ...defaultAnnotationDisplayOptions,
};
