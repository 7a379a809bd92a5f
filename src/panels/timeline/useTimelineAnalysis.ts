import { useEffect, useMemo, useState } from 'react';
import { AnnotationEvent } from '../../data/annotations';
import { Lane } from '../../data/lanes';
import { runInSlices } from '../../findings/slices';
import { TimelineAnalysis, TimeWindow } from '../../findings/changeSequence';
import { timelineSteps } from '../../findings/timeline';

/** Longest stretch of onset ranking between two chances for the browser to handle input, ms. */
const SLICE_MS = 8;

/**
 * Runs the onset analysis in slices of a few lanes, yielding to the browser between slices, so ranking 60
 * lanes never holds up a click or a brush. Recomputes only when the lanes, annotations, range or window
 * change; until the new result is ready the previous one stays on screen (`pending` is true).
 */
export function useTimelineAnalysis(
  lanes: Lane[],
  events: AnnotationEvent[],
  range: TimeWindow,
  window: TimeWindow,
  incidentStart: number
): { analysis?: TimelineAnalysis; pending: boolean } {
  const { from, to } = range;
  const { from: windowFrom, to: windowTo } = window;
  // One object per distinct input: the result is current when it was computed for this very request.
  const request = useMemo(
    () => ({ lanes, events, from, to, windowFrom, windowTo, incidentStart }),
    [lanes, events, from, to, windowFrom, windowTo, incidentStart]
  );
  const [state, setState] = useState<{ analysis?: TimelineAnalysis; request?: typeof request }>({});
  useEffect(() => {
    const { lanes, events, from, to, windowFrom, windowTo, incidentStart } = request;
    const steps = timelineSteps(lanes, events, { from, to }, { from: windowFrom, to: windowTo }, incidentStart);
    // The first slice waits for the frame that paints the lanes: a panel that has just mounted shows its
    // lanes first and the list ("Looking for onsets…") fills in after.
    return runInSlices(steps, {
      budgetMs: SLICE_MS,
      startAfterPaint: true,
      onDone: (analysis) => setState({ analysis, request }),
      // A bug, not bad input (lanes are read before): throw it while rendering, where error boundaries see it.
      onError: (error) =>
        setState(() => {
          throw error;
        }),
    });
  }, [request]);
  return { analysis: state.analysis, pending: state.request !== request };
}
