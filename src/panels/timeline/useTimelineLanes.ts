import { useEffect, useMemo, useState } from 'react';
import { DataFrame } from '@grafana/data';
import { FrameProblem, FrameProblemError, frameRows } from '../../data/frames';
import { runInSlices } from '../../findings/slices';
import { TimelineAnalysisOptions, TimelineLanes, timelineLanes, timelineLanesSteps } from '../../findings/timeline';

/** Query results up to this many points are read at once, as the panel renders; larger ones in slices. */
export const SYNC_READ_POINTS = 500_000;
const SLICE_BUDGET_MS = 16;

export type LanesState =
  | { status: 'reading'; points: number }
  | { status: 'problem'; problem: FrameProblem }
  | ({ status: 'ready' } & TimelineLanes);

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
  metricStyle: TimelineAnalysisOptions['metricStyle']
): LanesState {
  const points = useMemo(() => {
    let sum = 0;
    for (const frame of series) {
      sum += frameRows(frame) * frame.fields.length;
    }
    return sum;
  }, [series]);
  const large = points > SYNC_READ_POINTS;
  const request = useMemo(() => ({ series, range, metricStyle }), [series, range, metricStyle]);
  const sync = useMemo((): LanesState | undefined => {
    if (large) {
      return undefined;
    }
    try {
      return { status: 'ready', ...timelineLanes(series, range, { metricStyle }) };
    } catch (error) {
      return { status: 'problem', problem: asProblem(error) };
    }
  }, [large, series, range, metricStyle]);
  const [sliced, setSliced] = useState<{ request: typeof request; state: LanesState } | undefined>();
  useEffect(() => {
    if (!large) {
      return;
    }
    const steps = timelineLanesSteps(request.series, request.range, { metricStyle: request.metricStyle });
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
