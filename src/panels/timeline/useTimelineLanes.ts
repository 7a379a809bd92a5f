import { useEffect, useMemo, useState } from 'react';
import { DataFrame } from '@grafana/data';
import { FrameProblem, FrameProblemError, frameRows } from '../../data/frames';
import { bucketMeansSteps, decimateToColumnsSteps, Lane, readTimelineLanesSteps } from '../../data/lanes';
import { runSteps, Steps } from '../../data/steps';
import { runInSlices } from '../slices';

/** Query results up to this many points are read at once, as the panel renders; larger ones in slices. */
export const SYNC_READ_POINTS = 500_000;
/** The onset engine reads a lane of more points than this as that many time-bucket means. */
export const MAX_ANALYSIS_POINTS = 20_000;
/**
 * A lane is reduced for drawing to the first, min, max and last point of this many columns over the range,
 * more than any panel is wide; drawing then reduces it to the panel's own width.
 */
const DRAW_COLUMNS = 2_000;
const SLICE_BUDGET_MS = 16;

export interface TimelineLanes {
  /** Every lane as read: for the lane list, data links and counts. */
  lanes: Lane[];
  /** The same lanes reduced for drawing (a lane of 10 million points to a few thousand). */
  drawn: Lane[];
  /** The same lanes as the onset engine reads them (bucket means beyond MAX_ANALYSIS_POINTS). */
  analysed: Lane[];
}

export type LanesState =
  | { status: 'reading'; points: number }
  | { status: 'problem'; problem: FrameProblem }
  | ({ status: 'ready' } & TimelineLanes);

function* lanesSteps(
  series: DataFrame[],
  range: { from: number; to: number },
  metricStyle: 'line' | 'area',
  maxBuckets: number
): Steps<TimelineLanes> {
  const lanes = yield* readTimelineLanesSteps(series, range, { metricStyle, maxBuckets });
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

function asProblem(error: unknown): FrameProblem {
  if (error instanceof FrameProblemError) {
    return error.problem;
  }
  throw error;
}

/**
 * The timeline's lanes from the query result. Up to SYNC_READ_POINTS points they are read as the panel
 * renders; a larger result (a lane of 10 million points) is read, reduced for drawing and reduced for the
 * onset engine in slices of about 16 ms, with the number of points shown meanwhile. A new time range or
 * new data drops the running work.
 */
export function useTimelineLanes(
  series: DataFrame[],
  range: { from: number; to: number },
  metricStyle: 'line' | 'area',
  maxBuckets: number
): LanesState {
  const points = useMemo(
    () => series.reduce((sum, frame) => sum + frameRows(frame) * frame.fields.length, 0),
    [series]
  );
  const large = points > SYNC_READ_POINTS;
  const request = useMemo(() => ({ series, range, metricStyle, maxBuckets }), [series, range, metricStyle, maxBuckets]);
  const sync = useMemo((): LanesState | undefined => {
    if (large) {
      return undefined;
    }
    try {
      return { status: 'ready', ...runSteps(lanesSteps(series, range, metricStyle, maxBuckets)) };
    } catch (error) {
      return { status: 'problem', problem: asProblem(error) };
    }
  }, [large, series, range, metricStyle, maxBuckets]);
  const [sliced, setSliced] = useState<{ request: typeof request; state: LanesState } | undefined>();
  useEffect(() => {
    if (!large) {
      return;
    }
    const steps = lanesSteps(request.series, request.range, request.metricStyle, request.maxBuckets);
    return runInSlices(steps, {
      budgetMs: SLICE_BUDGET_MS,
      onDone: (lanes) => setSliced({ request, state: { status: 'ready', ...lanes } }),
      onError: (error) => {
        let problem: FrameProblem;
        try {
          problem = asProblem(error);
        } catch {
          // A bug, not bad input: throw it while rendering, where the panel's error boundary shows it.
          setSliced(() => {
            throw error;
          });
          return;
        }
        setSliced({ request, state: { status: 'problem', problem } });
      },
    });
  }, [large, request]);
  if (sync) {
    return sync;
  }
  return sliced && sliced.request === request ? sliced.state : { status: 'reading', points };
}
