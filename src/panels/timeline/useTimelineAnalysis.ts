import { useEffect, useMemo, useState } from 'react';
import { Onset, rankOnsets } from '../../analysis';
import { AnnotationEvent } from '../../data/annotations';
import { Lane } from '../../data/lanes';
import { Steps } from '../../data/steps';
import { runInSlices } from '../../findings/slices';
import {
  engineLane,
  EngineLane,
  onsetOptions,
  sequenceFromOnsets,
  TIMELINE_ONSET_TUNING,
  TimelineAnalysis,
  TimeWindow,
} from '../../findings/changeSequence';

/** Longest stretch of onset ranking between two chances for the browser to handle input, ms. */
const SLICE_MS = 8;

/** The onset analysis one lane a step, then the sequence of what changed first. */
function* timelineSteps(
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
