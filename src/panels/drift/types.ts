import { DriftMethod } from '../../analysis';
import { BaselineModeOption, DriftInputKind } from '../../data/driftInput';
import { HistogramValueKind } from '../../data/histogramFrames';
import { AnnotationDisplayOptions, defaultAnnotationDisplayOptions } from '../annotationOptions';

export type DriftView = 'ranking' | 'heatmap' | 'detail';
export type DriftSort = 'severity' | 'driftStart' | 'name';

export interface DriftOptions extends AnnotationDisplayOptions {
  view: DriftView;
  /** Raw sample rows or Prometheus histograms; auto detects them from the frames. */
  inputKind: DriftInputKind;
  /** Comma-separated features to compare; empty compares every numeric and text column (or histogram). */
  features: string;
  /** The prediction column, kept out of the features; empty detects it by name. */
  predictionField: string;
  /** Label that names the feature of a histogram series. */
  featureLabel: string;
  histogramValues: HistogramValueKind;
  baselineMode: BaselineModeOption;
  baselinePercent: number;
  baselineShift: string;
  baselineFrom: string;
  baselineTo: string;
  /** 'auto': about 48 windows over the current period, rounded to a readable duration. */
  windowMode: 'auto' | 'fixed';
  windowSize: string;
  method: 'auto' | DriftMethod;
  /** 0: the method's default threshold. */
  threshold: number;
  maxFeatures: number;
  sortBy: DriftSort;
  /** Feature of the single-feature view; empty shows the most drifted one. */
  detailFeature: string;
}

export const defaultDriftOptions: DriftOptions = {
  view: 'ranking',
  inputKind: 'auto',
  features: '',
  predictionField: '',
  featureLabel: 'feature',
  histogramValues: 'auto',
  baselineMode: 'firstPercent',
  baselinePercent: 25,
  baselineShift: '7d',
  baselineFrom: '',
  baselineTo: '',
  windowMode: 'auto',
  windowSize: '1h',
  method: 'auto',
  threshold: 0,
  maxFeatures: 20,
  sortBy: 'severity',
  detailFeature: '',
  ...defaultAnnotationDisplayOptions,
};
