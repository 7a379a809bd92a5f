import { startTransition, useEffect, useMemo, useState } from 'react';
import { DataFrame, PanelData, TimeRange as GrafanaTimeRange } from '@grafana/data';
import {
  BaselineMode,
  computeDriftOverTime,
  DriftInputError,
  DriftOverTime,
  FeatureDrift,
  FeatureDriftProblem,
  FeatureSeries,
  rankFeatures,
  resolveBaseline,
  TimeRange,
} from '../../analysis';
import {
  autoWindowMs,
  DriftInput,
  parseDuration,
  readDriftInputSteps,
  requireBaselineData,
  toBaselineMode,
} from '../../data/driftInput';
import { FrameProblem, FrameProblemError, isEmptyData } from '../../data/frames';
import { isRecordedDriftSteps, readRecordedDriftSteps, RecordedDrift } from '../../data/recordedDrift';
import { Steps } from '../../data/steps';
import { runInSlices } from '../slices';
import { DriftOptions } from './types';

export type DriftState =
  | { status: 'problem'; problem: FrameProblem }
  /** Reading the query result (done of total frames), then comparing the features (done of total features). */
  | { status: 'computing'; phase: 'reading' | 'comparing'; done: number; total: number }
  /** Computed here from raw samples or histogram buckets. */
  | { status: 'ready'; drift: DriftOverTime; input: DriftInput; recorded?: undefined }
  /** Scores a Prometheus rule recorded (`driftline:feature_drift:*`): nothing to compute, only to rank. */
  | { status: 'ready'; recorded: RecordedDrift; drift?: undefined; input?: undefined };

/** What the panel draws, the same for drift computed here and drift Prometheus recorded. */
export interface ShownDrift {
  features: FeatureDrift[];
  problems: FeatureDriftProblem[];
  range: TimeRange;
  /** One window's width: the compared windows, or the recorded samples' spacing. */
  windowMs: number;
  /** The period the scores cover: the current period, or the whole range for recorded scores. */
  currentRange: TimeRange;
  /** The baseline the panel compared against; recorded scores carry their rule's own. */
  baselineRange?: TimeRange;
}

export function shownDrift(state: Extract<DriftState, { status: 'ready' }>): ShownDrift {
  if (state.recorded) {
    const { features, problems, range, stepMs } = state.recorded;
    return { features, problems, range, windowMs: stepMs, currentRange: range };
  }
  const { features, problems, range, windowMs, currentRange, baselineRange } = state.drift;
  return { features, problems, range, windowMs, currentRange, baselineRange };
}

interface Plan {
  input: DriftInput;
  range: { from: number; to: number };
  baseline: BaselineMode;
  windowMs: number;
}

// The frames are read and the features compared in slices of about this many ms, one step (a frame, a
// histogram or a feature) at least, with the browser handling input between slices: a few hundred thousand
// samples (ctr-decline) or 5,000 bucket series of 2,000 points (the stress scenario) take a few hundred ms.
const SLICE_BUDGET_MS = 25;
// The progress shown while computing is updated at most this often: re-rendering the panel after every
// slice costs a tenth or more of the slices' own time.
const PROGRESS_EVERY_MS = 150;

function asProblem(error: unknown): FrameProblem {
  if (error instanceof FrameProblemError) {
    return error.problem;
  }
  if (error instanceof DriftInputError) {
    return { code: error.code === 'EMPTY_INPUT' ? 'empty-window' : 'wrong-type', message: error.message };
  }
  throw error;
}

type ComputeOptions = Omit<DriftOptions, 'view' | 'maxFeatures' | 'sortBy' | 'detailFeature' | 'annotationKinds'>;

function computeOptions(options: DriftOptions): ComputeOptions {
  const { view, maxFeatures, sortBy, detailFeature, annotationKinds, ...rest } = options;
  return rest;
}

interface Progress {
  phase: 'reading' | 'comparing';
  done: number;
  total: number;
}

function* planDrift(
  series: DataFrame[],
  timeRange: GrafanaTimeRange,
  options: ComputeOptions,
  progress: Progress
): Steps<Plan> {
  progress.total = series.length;
  const reading = readDriftInputSteps(series, {
    inputKind: options.inputKind,
    features: options.features.split(',').map((name) => name.trim()),
    predictionField: options.predictionField,
    method: options.method,
    threshold: options.threshold,
    featureLabel: options.featureLabel,
    histogramValues: options.histogramValues,
  });
  // Count the reading steps (a frame, then a histogram or a column each) against the frames.
  let next = reading.next();
  while (!next.done) {
    progress.done = Math.min(progress.done + 1, progress.total);
    yield;
    next = reading.next();
  }
  const input = next.value;
  const range = { from: timeRange.from.valueOf(), to: timeRange.to.valueOf() };
  const baseline = toBaselineMode(options);
  requireBaselineData(input, range, baseline);
  const { currentRange } = resolveBaseline(range, baseline);
  // About 48 windows, but with some 30 rows each on raw samples so a window's test has something to test.
  const rows = input.rowsIn?.(currentRange);
  let windowMs = autoWindowMs(currentRange, rows === undefined ? 48 : Math.min(48, Math.max(4, Math.floor(rows / 30))));
  if (options.windowMode === 'fixed') {
    const fixed = parseDuration(options.windowSize);
    if (!fixed) {
      throw new FrameProblemError({
        code: 'wrong-type',
        message: `Window size "${options.windowSize}" is not a duration: use a value like 5m, 1h or 1d.`,
      });
    }
    windowMs = fixed;
  }
  return { input, range, baseline, windowMs };
}

function finish(plan: Plan, parts: DriftOverTime[]): DriftState {
  const first = parts[0];
  const drift: DriftOverTime = {
    ...first,
    features: rankFeatures(parts.flatMap((part) => part.features)),
    problems: [...plan.input.problems, ...parts.flatMap((part) => part.problems)],
  };
  if (drift.features.length === 0 && drift.problems.length > 0) {
    const onlyProblem = drift.problems[0];
    return {
      status: 'problem',
      problem: {
        code: onlyProblem.code === 'EMPTY_INPUT' ? 'empty-window' : 'wrong-type',
        message: `No feature could be compared. ${drift.problems.map((p) => `${p.feature}: ${p.message}`).join(' · ')}`,
      },
    };
  }
  return { status: 'ready', drift, input: plan.input };
}

function computeAll(plan: Plan, features: FeatureSeries[]): DriftOverTime {
  return computeDriftOverTime(features, { range: plan.range, baseline: plan.baseline, windowMs: plan.windowMs });
}

/** Ranks recorded drift series: one step per frame, then per feature. */
function* recordedSteps(
  series: DataFrame[],
  timeRange: GrafanaTimeRange,
  options: ComputeOptions,
  progress: Progress
): Steps<DriftState> {
  const reading = readRecordedDriftSteps(
    series,
    { from: timeRange.from.valueOf(), to: timeRange.to.valueOf() },
    {
      featureLabel: options.featureLabel,
      features: options.features.split(',').map((name) => name.trim()),
      method: options.method,
      threshold: options.threshold,
    }
  );
  let next = reading.next();
  while (!next.done) {
    progress.done = Math.min(progress.done + 1, progress.total);
    yield;
    next = reading.next();
  }
  const recorded = next.value;
  if (recorded.features.length === 0) {
    return {
      status: 'problem',
      problem: {
        code: 'empty-window',
        message: `No feature has a recorded score in this range. ${recorded.problems.map((p) => p.message).join(' · ')}`,
      },
    };
  }
  return { status: 'ready', recorded };
}

/**
 * Reads the frames, then compares the features one by one: one step each. Recorded drift series (input
 * Auto) are ranked as they are.
 */
function* driftSteps(
  series: DataFrame[],
  timeRange: GrafanaTimeRange,
  options: ComputeOptions,
  progress: Progress
): Steps<DriftState> {
  if (options.inputKind === 'auto' && !isEmptyData(series) && (yield* isRecordedDriftSteps(series))) {
    return yield* recordedSteps(series, timeRange, options, progress);
  }
  const plan = yield* planDrift(series, timeRange, options, progress);
  const features = plan.input.features;
  progress.phase = 'comparing';
  progress.done = 0;
  progress.total = features.length;
  const parts: DriftOverTime[] = [];
  for (const feature of features) {
    yield;
    parts.push(computeAll(plan, [feature]));
    progress.done++;
  }
  return finish(plan, parts);
}

/**
 * Drift over time for the panel: the frames read and the features compared step by step in slices of about
 * 25 ms after render, so typing and scrolling stay responsive meanwhile; the panel shows a loading state
 * until it is done. The result is kept per data, time range and the options that change the computation:
 * sorting, the view or the number of features shown re-render from it.
 */
export function useDriftOverTime(data: PanelData, timeRange: GrafanaTimeRange, options: DriftOptions): DriftState {
  // Only the options that change the computation: sorting or switching the view reuses the result.
  const key = JSON.stringify(computeOptions(options));
  const request = useMemo(() => ({ series: data.series, timeRange, key }), [data.series, timeRange, key]);
  const [asyncState, setAsyncState] = useState<{ request: typeof request; state: DriftState } | undefined>();

  useEffect(() => {
    const progress: Progress = { phase: 'reading', done: 0, total: request.series.length };
    const steps = driftSteps(request.series, request.timeRange, JSON.parse(request.key), progress);
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
          problem = asProblem(error);
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
  return { status: 'computing', phase: 'reading', done: 0, total: request.series.length };
}
