import { defaultTimelineAnalysisOptions, TimelineAnalysisOptions } from '../../findings/timeline';
import { AnnotationDisplayOptions, defaultAnnotationDisplayOptions } from '../annotationOptions';

export interface TimelineOptions extends TimelineAnalysisOptions, AnnotationDisplayOptions {
  showAnnotations: boolean;
  /** The "what changed first" list beside (or below, when narrow) the lanes. */
  showChangeList: boolean;
}

export const defaultTimelineOptions: TimelineOptions = {
  ...defaultTimelineAnalysisOptions,
  showAnnotations: true,
  showChangeList: true,
  ...defaultAnnotationDisplayOptions,
};
