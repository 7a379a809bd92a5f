import { startTransition, useEffect, useMemo, useState } from 'react';
import { PanelData, TimeRange as GrafanaTimeRange } from '@grafana/data';
import { FrameProblem } from '../../data/frames';
import {
  driftAnalysisOptions,
  driftProblemOf,
  DriftState,
  driftSteps,
  resultRows,
  startingProgress,
} from '../../findings/drift';
import { runInSlices } from '../../findings/slices';
import { DriftOptions } from './types';

export type { DriftState, LargeInput } from '../../findings/drift';
export { RAW_ROWS_BUDGET, shownDrift } from '../../findings/drift';

// The frames are read and the features compared in slices of about this many ms, a few hundred thousand rows
// read, sorted or split into windows (or a few windows scored) a step, with the browser handling input
// between slices: even 10^7 raw rows never hold the main thread for 50 ms.
const SLICE_BUDGET_MS = 16;
// The progress shown while computing is updated at most this often: re-rendering the panel after every
// slice costs a tenth or more of the slices' own time.
const PROGRESS_EVERY_MS = 150;

/**
 * Drift over time for the panel: the frames read and the features compared step by step in slices of about
 * 16 ms after render, so typing and scrolling stay responsive meanwhile; the panel shows progress until it
 * is done, and a new time range or new options drop the running work. The result is kept per data, time
 * range and the options that change the computation: sorting, the view or the number of features shown
 * re-render from it.
 */
export function useDriftOverTime(data: PanelData, timeRange: GrafanaTimeRange, options: DriftOptions): DriftState {
  // Only the options that change the computation: sorting or switching the view reuses the result.
  const key = JSON.stringify(driftAnalysisOptions(options));
  const request = useMemo(
    () => ({ series: data.series, timeRange, key, rows: resultRows(data.series) }),
    [data.series, timeRange, key]
  );
  const [asyncState, setAsyncState] = useState<{ request: typeof request; state: DriftState } | undefined>();

  useEffect(() => {
    const progress = startingProgress();
    const range = { from: request.timeRange.from.valueOf(), to: request.timeRange.to.valueOf() };
    const steps = driftSteps(request.series, range, JSON.parse(request.key), progress);
    let progressShown = performance.now();
    return runInSlices(steps, {
      budgetMs: SLICE_BUDGET_MS,
      onSlice: () => {
        if (performance.now() - progressShown >= PROGRESS_EVERY_MS) {
          progressShown = performance.now();
          setAsyncState({ request, state: { status: 'computing', ...progress } });
        }
      },
      onDone: (state) => startTransition(() => setAsyncState({ request, state })),
      onError: (error) => {
        let problem: FrameProblem;
        try {
          problem = driftProblemOf(error);
        } catch {
          // Not a problem with the input but a bug: throw it while rendering, where error boundaries see it.
          setAsyncState(() => {
            throw error;
          });
          return;
        }
        setAsyncState({ request, state: { status: 'problem', problem } });
      },
    });
  }, [request]);

  if (asyncState && asyncState.request === request) {
    return asyncState.state;
  }
  return { status: 'computing', ...startingProgress(request.rows) };
}
