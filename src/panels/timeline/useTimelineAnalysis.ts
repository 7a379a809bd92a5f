import { useEffect, useMemo, useState } from 'react';
import { Onset, rankOnsets } from '../../analysis';
import { AnnotationEvent } from '../../data/annotations';
import { Lane } from '../../data/lanes';
import {
  engineLane,
  EngineLane,
  onsetOptions,
  sequenceFromOnsets,
  TIMELINE_ONSET_TUNING,
  TimelineAnalysis,
  TimeWindow,
} from './changeSequence';

/** Longest stretch of onset ranking between two chances for the browser to handle input, ms. */
const SLICE_MS = 8;

/**
 * Runs `callback` in a task after the browser has painted the next frame (a frame callback runs before
 * that paint, a task it queues after it); where nothing paints, as in a hidden tab, in the next task.
 */
export function afterNextPaint(callback: () => void): { cancel: () => void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let frame: number | undefined;
  if (typeof requestAnimationFrame !== 'function' || (typeof document !== 'undefined' && document.hidden)) {
    timer = setTimeout(callback, 0);
  } else {
    frame = requestAnimationFrame(() => {
      frame = undefined;
      timer = setTimeout(callback, 0);
    });
  }
  return {
    cancel: () => {
      if (frame !== undefined) {
        cancelAnimationFrame(frame);
      }
      clearTimeout(timer);
    },
  };
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
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const fullRange = { from, to };
    const analysisWindow = { from: windowFrom, to: windowTo };
    const options = onsetOptions(fullRange, analysisWindow, TIMELINE_ONSET_TUNING);
    const inputs: EngineLane[] = [];
    const onsets: Onset[] = [];
    let next = 0;
    const slice = () => {
      const started = performance.now();
      while (next < lanes.length && performance.now() - started < SLICE_MS) {
        const input = engineLane(lanes[next++], fullRange);
        inputs.push(input);
        onsets.push(...rankOnsets([input], analysisWindow, options));
      }
      if (cancelled) {
        return;
      }
      if (next < lanes.length) {
        timer = setTimeout(slice, 0);
        return;
      }
      // The same order rankOnsets gives for all lanes at once.
      onsets.sort(
        (a, b) => a.time - b.time || b.score - a.score || (a.laneId < b.laneId ? -1 : a.laneId > b.laneId ? 1 : 0)
      );
      setState({
        analysis: sequenceFromOnsets(lanes, inputs, onsets, events, fullRange, incidentStart),
        request,
      });
    };
    // The first slice waits for the frame that paints the lanes: a panel that has just mounted shows its
    // lanes first and the list ("Looking for onsets…") fills in after.
    const firstSlice = afterNextPaint(slice);
    return () => {
      cancelled = true;
      firstSlice.cancel();
      clearTimeout(timer);
    };
  }, [request]);
  return { analysis: state.analysis, pending: state.request !== request };
}
