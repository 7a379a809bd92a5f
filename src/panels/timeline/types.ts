import { AnnotationDisplayOptions, defaultAnnotationDisplayOptions } from '../annotationOptions';

export interface TimelineOptions extends AnnotationDisplayOptions {
  /** Lanes beyond this are summarised, not drawn, so a dashboard with 50 series stays readable. */
  maxLanes: number;
  showAnnotations: boolean;
  /** Metric series as a line or a filled area; logs and span errors are always bars. */
  metricStyle: 'line' | 'area';
  /** The "what changed first" list beside (or below, when narrow) the lanes. */
  showChangeList: boolean;
}

export const defaultTimelineOptions: TimelineOptions = {
  maxLanes: 12,
  showAnnotations: true,
  metricStyle: 'line',
  showChangeList: true,
  ...defaultAnnotationDisplayOptions,
};
