import { defaultPredictionsAnalysisOptions, PredictionsAnalysisOptions } from '../../findings/predictions';
import { AnnotationDisplayOptions, defaultAnnotationDisplayOptions } from '../annotationOptions';

export type PredictionsView = 'overlay' | 'fan' | 'classes' | 'calibration';

export interface PredictionsOptions extends PredictionsAnalysisOptions, AnnotationDisplayOptions {
  view: PredictionsView;
}

export const defaultPredictionsOptions: PredictionsOptions = {
  view: 'overlay',
  ...defaultPredictionsAnalysisOptions,
  ...defaultAnnotationDisplayOptions,
};
