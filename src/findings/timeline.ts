import { DataFrame } from '@grafana/data';
import { Onset, rankOnsets } from '../analysis';
import { AnnotationEvent } from '../data/annotations';
import { bucketMeansSteps, decimateToColumnsSteps, Lane, readTimelineLanesSteps } from '../data/lanes';
import { runSteps, Steps } from '../data/steps';
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

/**
 * The onset engine reads a lane of more points than this as that many time-bucket means. One lane is one
 * step of the analysis: 10,000 points take some 15 to 20 ms in Chromium, about 40 ms before the engine's code
 * is optimised (20,000 took 30 to 60 ms, over the 50 ms a page may hold input). Lanes as Prometheus returns
 * them (at most 11,000 points; 28 days at 5 minutes is 8,064) are read nearly or entirely as they are, so the
 * order of close onsets does not change with the bucketing.
 */
export const MAX_ANALYSIS_POINTS = 10_000;
/**
 * A lane is reduced for drawing to the first, min, max and last point of this many columns over the range,
 * more than any panel is wide; drawing then reduces it to the panel's own width.
 */
const DRAW_COLUMNS = 2_000;

export interface TimelineLanes {
  /** Every lane as read: for the lane list, data links and counts. */
  lanes: Lane[];
  /** The same lanes reduced for drawing (a lane of 10 million points to a few thousand). */
  drawn: Lane[];
  /** The same lanes as the onset engine reads them (bucket means beyond MAX_ANALYSIS_POINTS). */
  analysed: Lane[];
}

/**
 * Every lane of the query result over the range, then each reduced for drawing and for the onset engine, in
 * steps of a few hundred thousand points; bad frames throw a FrameProblemError.
 */
export function* timelineLanesSteps(
  series: DataFrame[],
  range: TimeWindow,
  options: Pick<TimelineAnalysisOptions, 'metricStyle'>
): Steps<TimelineLanes> {
  const lanes = yield* readTimelineLanesSteps(series, range, {
    metricStyle: options.metricStyle,
    maxBuckets: MAX_BUCKETS,
  });
  const drawn: Lane[] = [];
  const analysed: Lane[] = [];
  for (const lane of lanes) {
    const forDrawing = yield* decimateToColumnsSteps(lane.times, lane.values, range, DRAW_COLUMNS);
    drawn.push(forDrawing.times === lane.times ? lane : { ...lane, ...forDrawing });
    const forAnalysis = yield* bucketMeansSteps(lane.times, lane.values, MAX_ANALYSIS_POINTS);
    analysed.push(forAnalysis.times === lane.times ? lane : { ...lane, ...forAnalysis });
  }
  return { lanes, drawn, analysed };
}

/** The lanes at once: for a result small enough to read as the panel renders. */
export function timelineLanes(
  series: DataFrame[],
  range: TimeWindow,
  options: Pick<TimelineAnalysisOptions, 'metricStyle'>
): TimelineLanes {
  return runSteps(timelineLanesSteps(series, range, options));
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
    for (const onset of rankOnsets([input], analysisWindow, options)) {
      onsets.push(onset);
    }
    yield;
  }
  // The same order rankOnsets gives for all lanes at once.
  onsets.sort(
    (a, b) => a.time - b.time || b.score - a.score || (a.laneId < b.laneId ? -1 : a.laneId > b.laneId ? 1 : 0)
  );
  return sequenceFromOnsets(lanes, inputs, onsets, events, fullRange, incidentStart);
}
