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
}

// Features are compared in slices of about this many ms, one feature at least, with the browser handling
// input between slices: even a few hundred thousand values (ctr-decline's samples) take some 300 ms.
const SLICE_BUDGET_MS = 25;

/** Runs the next slice after pending input and paint: a MessageChannel task, without setTimeout's 4 ms clamp. */
function nextTask(run: () => void): () => void {
  if (typeof MessageChannel === 'undefined') {
    const timer = setTimeout(run, 0);
    return () => clearTimeout(timer);
  }
  const channel = new MessageChannel();
  let cancelled = false;
  channel.port1.onmessage = () => {
    channel.port1.close();
    if (!cancelled) {
      run();
    }
  };
  channel.port2.postMessage(null);
  return () => {
    cancelled = true;
    channel.port1.close();
  };
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

/**
 * Drift over time for the panel, computed feature by feature in slices of about 25 ms after render, so
 * typing and scrolling stay responsive meanwhile; the panel shows a loading state until it is done. The
 * result is kept per data, time range and the options that change the computation: sorting, the view or
 * the number of features shown re-render from it.
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

  const [asyncState, setAsyncState] = useState<{ plan: Plan; state: DriftState } | undefined>();

  useEffect(() => {
    if (!('input' in plan)) {
      return;
    }
    const features = plan.input.features;
    const parts: DriftOverTime[] = [];
    let next = 0;
    let cancel = () => {};
    const step = () => {
      try {
        const started = performance.now();
        while (next < features.length && performance.now() - started < SLICE_BUDGET_MS) {
          parts.push(computeAll(plan, [features[next]]));
          next++;
        }
        if (next < features.length) {
          setAsyncState({ plan, state: { status: 'computing', done: next, total: features.length } });
          cancel = nextTask(step);
        } else {
          setAsyncState({ plan, state: finish(plan, parts) });
        }
      } catch (error) {
        setAsyncState({ plan, state: { status: 'problem', problem: asProblem(error) } });
      }
    };
    cancel = nextTask(step);
    return () => cancel();
  }, [plan]);

  if (!('input' in plan)) {
    return { status: 'problem', problem: plan };
  }
  if (asyncState && asyncState.plan === plan) {
    return asyncState.state;
  }
  return { status: 'computing', done: 0, total: plan.input.features.length };
}
