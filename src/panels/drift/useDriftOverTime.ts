import { useEffect, useMemo, useState } from 'react';
import { DataFrame, PanelData, TimeRange as GrafanaTimeRange } from '@grafana/data';
import {
  BaselineMode,
  computeDriftOverTime,
  DriftInputError,
  DriftOverTime,
  FeatureSeries,
  rankFeatures,
  resolveBaseline,
} from '../../analysis';
import {
  autoWindowMs,
  DriftInput,
  parseDuration,
  readDriftInput,
  requireBaselineData,
  toBaselineMode,
} from '../../data/driftInput';
import { FrameProblem, FrameProblemError, pickPredictionField } from '../../data/frames';
import { DriftOptions } from './types';

export type DriftState =
  | { status: 'problem'; problem: FrameProblem }
  | { status: 'computing'; done: number; total: number }
  | { status: 'ready'; drift: DriftOverTime; input: DriftInput };

interface Plan {
  input: DriftInput;
  range: { from: number; to: number };
  baseline: BaselineMode;
  windowMs: number;
  /** Values to scan; large inputs are computed in slices so the dashboard stays responsive. */
  size: number;
}

// Above this many values the computation is split into slices of features between which the browser
// handles input; below it, one synchronous pass is faster than the scheduling.
const SYNC_LIMIT = 150_000;
const SLICE_BUDGET_MS = 40;

function seriesSize(series: FeatureSeries): number {
  if ('buckets' in series) {
    return series.buckets.reduce((total, bucket) => total + bucket.times.length, 0);
  }
  return series.values.length;
}

function asProblem(error: unknown): FrameProblem {
  if (error instanceof FrameProblemError) {
    return error.problem;
  }
  if (error instanceof DriftInputError) {
    return { code: error.code === 'EMPTY_INPUT' ? 'empty-window' : 'wrong-type', message: error.message };
  }
  throw error;
}

type ComputeOptions = Omit<DriftOptions, 'view' | 'maxFeatures' | 'sortBy' | 'detailFeature'>;

function computeOptions(options: DriftOptions): ComputeOptions {
  const { view, maxFeatures, sortBy, detailFeature, ...rest } = options;
  return rest;
}

function planDrift(series: DataFrame[], timeRange: GrafanaTimeRange, options: ComputeOptions): Plan {
  const input = readDriftInput(series, {
    inputKind: options.inputKind,
    features: options.features.split(',').map((name) => name.trim()),
    predictionField: pickPredictionField(series, options.predictionField),
    method: options.method,
    threshold: options.threshold,
    featureLabel: options.featureLabel,
    histogramValues: options.histogramValues,
  });
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
  const size = input.features.reduce((total, series) => total + seriesSize(series), 0);
  return { input, range, baseline, windowMs, size };
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

/** The result when the input is small enough to compute during render; undefined otherwise. */
function computeNow(plan: Plan | FrameProblem): DriftState | undefined {
  if (!('input' in plan)) {
    return { status: 'problem', problem: plan };
  }
  if (plan.size > SYNC_LIMIT) {
    return undefined;
  }
  try {
    return finish(plan, [computeAll(plan, plan.input.features)]);
  } catch (error) {
    return { status: 'problem', problem: asProblem(error) };
  }
}

/**
 * Drift over time for the panel. Small inputs are computed during render; large ones feature by
 * feature in slices of about 40 ms on timers, so typing and scrolling stay responsive meanwhile.
 */
export function useDriftOverTime(data: PanelData, timeRange: GrafanaTimeRange, options: DriftOptions): DriftState {
  // Only the options that change the computation: sorting or switching the view reuses the result.
  const key = JSON.stringify(computeOptions(options));
  const plan = useMemo((): Plan | FrameProblem => {
    try {
      return planDrift(data.series, timeRange, JSON.parse(key));
    } catch (error) {
      return asProblem(error);
    }
  }, [data.series, timeRange, key]);

  const syncState = useMemo(() => computeNow(plan), [plan]);

  const [asyncState, setAsyncState] = useState<{ plan: Plan; state: DriftState } | undefined>();

  useEffect(() => {
    if (syncState || !('input' in plan)) {
      return;
    }
    const features = plan.input.features;
    const parts: DriftOverTime[] = [];
    let next = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const step = () => {
      try {
        const started = performance.now();
        while (next < features.length && performance.now() - started < SLICE_BUDGET_MS) {
          parts.push(computeAll(plan, [features[next]]));
          next++;
        }
        if (next < features.length) {
          setAsyncState({ plan, state: { status: 'computing', done: next, total: features.length } });
          timer = setTimeout(step, 0);
        } else {
          setAsyncState({ plan, state: finish(plan, parts) });
        }
      } catch (error) {
        setAsyncState({ plan, state: { status: 'problem', problem: asProblem(error) } });
      }
    };
    timer = setTimeout(step, 0);
    return () => clearTimeout(timer);
  }, [plan, syncState]);

  if (syncState) {
    return syncState;
  }
  if (asyncState && asyncState.plan === plan) {
    return asyncState.state;
  }
  return { status: 'computing', done: 0, total: 'input' in plan ? plan.input.features.length : 0 };
}
