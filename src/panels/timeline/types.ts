export interface TimelineOptions {
  /** Lanes beyond this are summarised, not drawn, so a dashboard with 50 series stays readable. */
  maxLanes: number;
  showAnnotations: boolean;
}

export const defaultTimelineOptions: TimelineOptions = {
  maxLanes: 12,
  showAnnotations: true,
};
