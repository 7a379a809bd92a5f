import { DriftAnalysisOptions, defaultDriftAnalysisOptions } from '../../findings/drift';
import { AnnotationDisplayOptions, defaultAnnotationDisplayOptions } from '../annotationOptions';

export type DriftView = 'ranking' | 'heatmap' | 'detail';
export type DriftSort = 'severity' | 'driftStart' | 'name';

export interface DriftOptions extends DriftAnalysisOptions, AnnotationDisplayOptions {
  view: DriftView;
  maxFeatures: number;
  sortBy: DriftSort;
  /** Feature of the single-feature view; empty shows the most drifted one. */
  detailFeature: string;
}

export const defaultDriftOptions: DriftOptions = {
  view: 'ranking',
  ...defaultDriftAnalysisOptions,
  maxFeatures: 20,
  sortBy: 'severity',
  detailFeature: '',
  ...defaultAnnotationDisplayOptions,
};
