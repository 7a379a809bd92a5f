import { DataFrame } from '@grafana/data';
import { Onset, rankOnsets } from '../analysis';
import { AnnotationEvent } from '../data/annotations';
import { Lane, readTimelineLanes } from '../data/lanes';
import { Steps } from '../data/steps';
import {
  engineLane,
  EngineLane,
  onsetOptions,
  sequenceFromOnsets,
  TIMELINE_ONSET_TUNING,
  TimelineAnalysis,
  TimeWindow,
} from './changeSequence';

/** The timeline panel's options that change what it finds; the others only change the drawing. */
export interface TimelineAnalysisOptions {
  /** Lanes beyond this are summarised, not drawn, so a dashboard with 50 series stays readable. */
  maxLanes: number;
  /** Metric series as a line or a filled area; logs and span errors are always bars. */
  metricStyle: 'line' | 'area';
}

export const defaultTimelineAnalysisOptions: TimelineAnalysisOptions = { maxLanes: 12, metricStyle: 'line' };

/** Logs and spans are counted in at most this many buckets: about one per 3-5 px of a dashboard-wide panel. */
export const MAX_BUCKETS = 240;

/** Every lane of the query result over the range; bad frames throw a FrameProblemError. */
export function timelineLanes(
  series: DataFrame[],
  range: TimeWindow,
  options: Pick<TimelineAnalysisOptions, 'metricStyle'>
): Lane[] {
  return readTimelineLanes(series, range, { metricStyle: options.metricStyle, maxBuckets: MAX_BUCKETS });
}

/** The lanes the panel draws and analyses: the first `maxLanes` (one at least). */
export function analysedLanes(lanes: Lane[], maxLanes: number): Lane[] {
  return lanes.slice(0, Math.max(1, maxLanes));
}

/** The onset analysis one lane a step, then the sequence of what changed first. */
export function* timelineSteps(
  lanes: Lane[],
  events: AnnotationEvent[],
  fullRange: TimeWindow,
  analysisWindow: TimeWindow,
  incidentStart: number
): Steps<TimelineAnalysis> {
  const options = onsetOptions(fullRange, analysisWindow, TIMELINE_ONSET_TUNING);
  const inputs: EngineLane[] = [];
  const onsets: Onset[] = [];
  for (const lane of lanes) {
    const input = engineLane(lane, fullRange);
    inputs.push(input);
    onsets.push(...rankOnsets([input], analysisWindow, options));
    yield;
  }
  // The same order rankOnsets gives for all lanes at once.
  onsets.sort(
    (a, b) => a.time - b.time || b.score - a.score || (a.laneId < b.laneId ? -1 : a.laneId > b.laneId ? 1 : 0)
  );
  return sequenceFromOnsets(lanes, inputs, onsets, events, fullRange, incidentStart);
}
