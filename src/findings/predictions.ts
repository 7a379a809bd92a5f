/**
 * What the predictions panel finds, and the workbench with it: the score as raw samples or as Prometheus
 * histogram buckets, and the models of the panel's four views (overlay with quantiles and drift, quantile fan,
 * class balance, calibration). Every function throws FrameProblemError with a message a person can act on.
 */
import { DataFrame, Field, FieldType } from '@grafana/data';
import {
  BucketFeatureSeries,
  bucketDrift,
  bucketsFromCounters,
  counterIncreases,
  CumulativeBucket,
  DEFAULT_BUCKET_THRESHOLDS,
  detectDrift,
  DriftInputError,
  histogramBinEdges,
  bucketLabel,
} from '../analysis';
import { calibrationCurve, CalibrationCurve, outcomeValue, uniformEdges } from '../data/calibration';
import { ClassBalance, classBalanceOverTime, classLabel } from '../data/classBalance';
import { BinRule, countInto, DistributionComparison } from '../data/distribution';
import { autoWindowMs, BaselineOptions, DriftInputKind } from '../data/driftInput';
import {
  fieldName,
  findTimeField,
  FrameProblemError,
  isEmptyData,
  pickPredictionField,
  readSampleColumn,
  readTimes,
} from '../data/frames';
import { GenAiSeries, hasCoarseTokenBuckets } from '../data/genai';
import { isHistogramData, readHistogramInput } from '../data/histogramFrames';
import {
  bucketQuantiles,
  PANEL_PERCENTS,
  QuantileSeries,
  sampleQuantiles,
  sampleQuantilesOverTime,
  stepBoundaries,
} from '../data/quantiles';
import { ComparisonWindows, TimeWindow, valuesInWindow } from '../data/windows';

/** The predictions panel's options that change what it computes; the others only change the drawing. */
export interface PredictionsAnalysisOptions extends BaselineOptions {
  /** The score or probability column (or histogram name); empty detects it by name. */
  scoreField: string;
  /** Raw sample rows or Prometheus histograms of the score; auto detects them from the frames. */
  inputKind: DriftInputKind;
  bins: BinRule;
  /** Score range of the histogram and calibration bins; undefined takes it from the data. */
  scoreMin?: number;
  scoreMax?: number;
  /** The predicted-class column; empty detects it (a class column, or a score of only 0 and 1). */
  classField: string;
  /** Comma-separated classes to show, the first being the positive one; empty shows every class found. */
  classes: string;
  /** The observed outcome column for calibration; empty detects clicked/label/outcome/target/y_true/actual. */
  outcomeField: string;
}

export const defaultPredictionsAnalysisOptions: PredictionsAnalysisOptions = {
  scoreField: '',
  inputKind: 'auto',
  baselineMode: 'firstPercent',
  baselinePercent: 25,
  baselineShift: '7d',
  baselineFrom: '',
  baselineTo: '',
  bins: 'auto',
  scoreMin: undefined,
  scoreMax: undefined,
  classField: '',
  classes: '',
  outcomeField: '',
};

const PANEL = 'predictions panel';
const OUTCOME_NAME = /^(clicked|label|outcome|target|y_true|actual)$/i;
const CLASS_NAME =
  /^(class|predicted_class|predicted_label|pred_class|pred_label|prediction_class|label_pred|y_pred|predicted)$/i;

export interface ScoreSamples {
  kind: 'samples';
  field: string;
  unit?: string;
  times: Float64Array;
  values: Float64Array;
  /** Rows without a finite score, and rows outside the chosen score range. */
  dropped: number;
  outside: number;
  frame: DataFrame;
}

export interface ScoreHistograms {
  kind: 'histograms';
  field: string;
  unit?: string;
  series: BucketFeatureSeries;
  /** Set when the histogram is an OpenTelemetry GenAI one, such as an LLM's output token usage. */
  genai?: GenAiSeries;
}

export type ScoreInput = ScoreSamples | ScoreHistograms;

function describeFields(series: DataFrame[]): string {
  const names = series.flatMap((frame) => frame.fields.map((field) => `${fieldName(field, frame)} (${field.type})`));
  return names.length ? names.join(', ') : 'none';
}

function frameWith(series: DataFrame[], name: string): DataFrame | undefined {
  return series.find((frame) => frame.fields.some((field) => fieldName(field, frame) === name || field.name === name));
}

function fieldOf(frame: DataFrame, name: string): Field | undefined {
  return frame.fields.find((field) => fieldName(field, frame) === name || field.name === name);
}

function readScoreHistograms(series: DataFrame[], options: PredictionsAnalysisOptions): ScoreHistograms {
  const input = readHistogramInput(series, {});
  const wanted = options.scoreField;
  // An LLM's output is its text: the distribution of output tokens stands for its prediction distribution.
  const chosen =
    input.features.find((feature) => feature.feature === wanted) ??
    input.features.find((feature) => input.genai[feature.feature]?.tokenType === 'output') ??
    input.features.find((feature) => /prediction|score|probability/i.test(feature.feature)) ??
    input.features[0];
  if (!chosen) {
    const problems = input.problems.map((problem) => `${problem.feature}: ${problem.message}`).join(' · ');
    throw new FrameProblemError({ code: 'wrong-type', message: `No score histogram could be read. ${problems}` });
  }
  return {
    kind: 'histograms',
    field: chosen.feature,
    unit: input.unit,
    series: chosen,
    genai: input.genai[chosen.feature],
  };
}

/** The score from the panel's frames, as samples or histogram buckets. */
export function readScoreInput(series: DataFrame[], options: PredictionsAnalysisOptions): ScoreInput {
  if (isEmptyData(series)) {
    throw new FrameProblemError({ code: 'no-data', message: 'No data' });
  }
  const histograms = options.inputKind === 'histograms' || (options.inputKind === 'auto' && isHistogramData(series));
  if (histograms) {
    return readScoreHistograms(series, options);
  }
  const name = pickPredictionField(series, options.scoreField);
  if (!name) {
    throw new FrameProblemError({
      code: 'field-not-found',
      message: `No score field found: name a column score, prediction, probability or confidence, or choose it in the panel options under "Score field". Fields found: ${describeFields(series)}.`,
    });
  }
  const column = readSampleColumn(series, name, PANEL);
  const frame = frameWith(series, name)!;
  const low = options.scoreMin ?? -Infinity;
  const high = options.scoreMax ?? Infinity;
  let outside = 0;
  let values = column.values;
  if (low > -Infinity || high < Infinity) {
    values = Float64Array.from(column.values, (value) => {
      if (Number.isFinite(value) && (value < low || value > high)) {
        outside++;
        return NaN;
      }
      return value;
    });
  }
  return {
    kind: 'samples',
    field: column.name,
    unit: column.unit,
    times: column.times,
    values,
    dropped: column.dropped,
    outside,
    frame,
  };
}

export interface ScoreDrift {
  method: string;
  score: number;
  threshold: number;
  drifted: boolean;
  /** 'p-value' (drift when at or below the threshold) or a distance (drift when at or above). */
  scoreKind: 'p-value' | 'distance';
}

export interface Overlay {
  kind: ScoreInput['kind'];
  field: string;
  unit?: string;
  windows: ComparisonWindows;
  distribution: DistributionComparison;
  /** Bucket names when the bars are Prometheus buckets (bar i at x = i). */
  binLabels?: string[];
  quantiles: { baseline: number[]; current: number[] };
  drift: ScoreDrift;
  dropped: number;
  outside: number;
  /** What a person should know to read the overlay (an LLM's output tokens, coarse buckets). */
  notes: string[];
}

function emptyWindow(field: string, which: 'baseline' | 'current'): FrameProblemError {
  return new FrameProblemError({
    code: 'empty-window',
    message:
      which === 'baseline'
        ? `The baseline window is empty for "${field}": widen the time range or change the baseline.`
        : `The current window is empty for "${field}": no rows fall in it. Widen the time range.`,
  });
}

/**
 * What the overlay needs that does not depend on the bins: the windows' scores, their drift (a KS test sorts
 * both windows) and quantiles, or the whole overlay for histogram buckets, whose bars are the buckets. A bins
 * change re-uses it and only counts again.
 */
export type OverlayBase =
  | {
      kind: 'samples';
      input: ScoreSamples;
      windows: ComparisonWindows;
      baseline: Float64Array;
      current: Float64Array;
      /** Both windows' scores, for the bin edges. */
      union: Float64Array;
      drift: ScoreDrift;
      quantiles: Overlay['quantiles'];
    }
  | { kind: 'histograms'; overlay: Overlay };

function sampleOverlayBase(input: ScoreSamples, windows: ComparisonWindows): OverlayBase {
  const baseline = valuesInWindow(input.times, input.values, windows.baseline);
  const current = valuesInWindow(input.times, input.values, windows.current);
  if (baseline.length === 0) {
    throw emptyWindow(input.field, 'baseline');
  }
  if (current.length === 0) {
    throw emptyWindow(input.field, 'current');
  }
  const union = new Float64Array(baseline.length + current.length);
  union.set(baseline);
  union.set(current, baseline.length);
  let drift: ScoreDrift;
  try {
    const detection = detectDrift(baseline, current, { kind: 'numerical' });
    drift = {
      method: detection.method,
      score: detection.score,
      threshold: detection.threshold,
      drifted: detection.drifted,
      scoreKind: ['ks', 'chisquare', 'z'].includes(detection.method) ? 'p-value' : 'distance',
    };
  } catch (error) {
    if (!(error instanceof DriftInputError)) {
      throw error;
    }
    // Both windows hold one same value: nothing moved.
    drift = { method: 'ks', score: 1, threshold: 0.05, drifted: false, scoreKind: 'p-value' };
  }
  return {
    kind: 'samples',
    input,
    windows,
    baseline,
    current,
    union,
    drift,
    quantiles: { baseline: sampleQuantiles(baseline), current: sampleQuantiles(current) },
  };
}

function sampleOverlay(base: Extract<OverlayBase, { kind: 'samples' }>, options: PredictionsAnalysisOptions): Overlay {
  const { input, windows, baseline, current } = base;
  const edges = histogramBinEdges(base.union, options.bins);
  return {
    kind: 'samples',
    field: input.field,
    unit: input.unit,
    windows,
    distribution: {
      edges,
      baselineCounts: countInto(baseline, edges),
      currentCounts: countInto(current, edges),
      baselineSize: baseline.length,
      currentSize: current.length,
    },
    quantiles: base.quantiles,
    drift: base.drift,
    dropped: input.dropped,
    outside: input.outside,
    notes: [],
  };
}

function windowBuckets(series: BucketFeatureSeries, window: TimeWindow): CumulativeBucket[] | undefined {
  try {
    const buckets = bucketsFromCounters(series.buckets, window.from, window.to);
    return buckets[buckets.length - 1].count > 0 ? buckets : undefined;
  } catch (error) {
    if (error instanceof DriftInputError) {
      return undefined;
    }
    throw error;
  }
}

function perBucket(buckets: CumulativeBucket[]): Float64Array {
  return Float64Array.from(buckets, (bucket, i) => bucket.count - (i > 0 ? buckets[i - 1].count : 0));
}

function histogramOverlay(input: ScoreHistograms, windows: ComparisonWindows): Overlay {
  const baseline = windowBuckets(input.series, windows.baseline);
  const current = windowBuckets(input.series, windows.current);
  if (!baseline) {
    throw emptyWindow(input.field, 'baseline');
  }
  if (!current) {
    throw emptyWindow(input.field, 'current');
  }
  // Coarse token buckets are compared as the drift panel's Auto compares them (see COARSE_TOKEN_BUCKETS_REASON).
  const coarse = input.genai !== undefined && hasCoarseTokenBuckets(input.genai);
  const method = coarse ? 'ks' : 'jensenshannon';
  const score = bucketDrift(baseline, current, method);
  const threshold = DEFAULT_BUCKET_THRESHOLDS[method];
  const baselineCounts = perBucket(baseline);
  const currentCounts = perBucket(current);
  return {
    kind: 'histograms',
    field: input.field,
    unit: input.unit,
    windows,
    distribution: {
      edges: Float64Array.from({ length: baseline.length + 1 }, (_, i) => i - 0.5),
      baselineCounts,
      currentCounts,
      baselineSize: baseline[baseline.length - 1].count,
      currentSize: current[current.length - 1].count,
    },
    binLabels: baseline.map((bucket) => bucketLabel(bucket.le)),
    quantiles: { baseline: bucketQuantiles(baseline), current: bucketQuantiles(current) },
    drift: { method, score, threshold, drifted: score >= threshold, scoreKind: 'distance' },
    dropped: 0,
    outside: 0,
    notes: [
      input.genai?.tokenType === 'output' ? "output tokens per call: the LLM's output distribution" : '',
      coarse
        ? 'power-of-4 token buckets: quantiles are interpolated inside a bucket, a shift within one is not seen'
        : '',
    ].filter(Boolean),
  };
}

/** The bins-independent part of the overlay ({@link overlayFromBase} adds the bins), to keep across bins changes. */
export function prepareOverlay(input: ScoreInput, windows: ComparisonWindows): OverlayBase {
  return input.kind === 'samples'
    ? sampleOverlayBase(input, windows)
    : { kind: 'histograms', overlay: histogramOverlay(input, windows) };
}

/** The overlay from its prepared part and the bins option. */
export function overlayFromBase(base: OverlayBase, options: PredictionsAnalysisOptions): Overlay {
  return base.kind === 'samples' ? sampleOverlay(base, options) : base.overlay;
}

/** About 48 windows over the range, fewer on thin raw samples so each window has some 30 rows. */
export function fanBoundaries(input: ScoreInput, range: TimeWindow): number[] {
  let target = 48;
  if (input.kind === 'samples') {
    let rows = 0;
    for (let i = 0; i < input.times.length; i++) {
      rows += input.times[i] >= range.from && input.times[i] < range.to ? 1 : 0;
    }
    target = Math.min(48, Math.max(4, Math.floor(rows / 30)));
  }
  return stepBoundaries(range.from, range.to, autoWindowMs(range, target));
}

/** p5, p25, p50, p75, p95 of the score per window over the range. */
export function computeFan(input: ScoreInput, range: TimeWindow): QuantileSeries {
  const boundaries = fanBoundaries(input, range);
  if (input.kind === 'samples') {
    const fan = sampleQuantilesOverTime(input.times, input.values, boundaries);
    if (fan.counts.every((count) => count === 0)) {
      throw new FrameProblemError({
        code: 'empty-window',
        message: `No finite "${input.field}" values fall in the time range: widen it.`,
      });
    }
    return fan;
  }
  const sorted = [...input.series.buckets].sort((a, b) => Number(a.le) - Number(b.le));
  const increases = sorted.map((bucket) => counterIncreases(bucket, boundaries));
  const windows = boundaries.length - 1;
  const values = PANEL_PERCENTS.map(() => new Array<number>(windows).fill(NaN));
  const counts = new Array<number>(windows).fill(0);
  for (let k = 0; k < windows; k++) {
    const buckets = sorted.map((bucket, b) => ({ le: Number(bucket.le), count: increases[b][k] }));
    counts[k] = buckets[buckets.length - 1].count;
    if (counts[k] === 0) {
      continue;
    }
    try {
      bucketQuantiles(buckets).forEach((value, p) => {
        values[p][k] = value;
      });
    } catch (error) {
      if (!(error instanceof DriftInputError)) {
        throw error;
      }
      // A window whose buckets cannot give quantiles (not cumulative there) is a gap in the fan.
      counts[k] = 0;
    }
  }
  return { starts: boundaries.slice(0, -1), end: boundaries[windows], values, percents: PANEL_PERCENTS, counts };
}

function needSamples(input: ScoreInput, view: string): asserts input is ScoreSamples {
  if (input.kind !== 'samples') {
    throw new FrameProblemError({
      code: 'wrong-type',
      message: `The ${view} view needs raw prediction rows (one row per prediction, with its time); Prometheus histograms of the score only hold its distribution. Use the overlay or quantile fan view, or query the raw rows.`,
    });
  }
}

function isBinary(values: ArrayLike<number>): boolean {
  let seen = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (!Number.isFinite(value)) {
      continue;
    }
    if (value !== 0 && value !== 1) {
      return false;
    }
    seen++;
  }
  return seen > 0;
}

/** The predicted-class labels per row: the class option, a class column, or a 0/1 score. */
export function readClassLabels(
  input: ScoreInput,
  options: PredictionsAnalysisOptions
): { field: string; labels: Array<string | undefined> } {
  needSamples(input, 'class balance');
  const frame = input.frame;
  const chosen = options.classField
    ? fieldOf(frame, options.classField)
    : frame.fields.find((field) => CLASS_NAME.test(fieldName(field, frame)) && field.type !== FieldType.time);
  if (options.classField && !chosen) {
    throw new FrameProblemError({
      code: 'field-not-found',
      message: `Class field "${options.classField}" is not in the frame of "${input.field}". Fields found: ${describeFields([frame])}.`,
    });
  }
  if (chosen) {
    return { field: fieldName(chosen, frame), labels: Array.from(chosen.values as ArrayLike<unknown>, classLabel) };
  }
  if (isBinary(input.values)) {
    return { field: input.field, labels: Array.from(input.values, classLabel) };
  }
  throw new FrameProblemError({
    code: 'wrong-type',
    message: `Class balance is for classifiers: "${input.field}" is a continuous score and no predicted-class column was found (a text or 0/1 column named class, predicted_class, predicted_label or y_pred). Choose one under "Class field", or use the overlay, quantile fan or calibration view.`,
  });
}

export function computeClassBalance(
  input: ScoreInput,
  windows: ComparisonWindows,
  range: TimeWindow,
  options: PredictionsAnalysisOptions
): ClassBalance & { field: string } {
  const { field, labels } = readClassLabels(input, options);
  const samples = input as ScoreSamples;
  const wanted = options.classes
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const balance = classBalanceOverTime(samples.times, labels, fanBoundaries(samples, range), windows.baseline, wanted);
  if (balance.counts.every((count) => count === 0)) {
    throw new FrameProblemError({
      code: 'empty-window',
      message: `No predicted classes in "${field}" fall in the time range.`,
    });
  }
  if (balance.baselineSize === 0) {
    throw emptyWindow(field, 'baseline');
  }
  return { ...balance, field };
}

export interface Calibration {
  field: string;
  outcome: string;
  windows: ComparisonWindows;
  baseline: CalibrationCurve;
  current: CalibrationCurve;
  low: number;
  high: number;
}

/** Reliability curves of the baseline and current windows. */
export function computeCalibration(
  input: ScoreInput,
  windows: ComparisonWindows,
  options: PredictionsAnalysisOptions
): Calibration {
  needSamples(input, 'calibration');
  const frame = input.frame;
  const outcomeField = options.outcomeField
    ? fieldOf(frame, options.outcomeField)
    : frame.fields.find(
        (field) => OUTCOME_NAME.test(fieldName(field, frame)) && fieldName(field, frame) !== input.field
      );
  if (!outcomeField) {
    throw new FrameProblemError({
      code: 'field-not-found',
      message: options.outcomeField
        ? `Outcome field "${options.outcomeField}" is not in the frame of "${input.field}". Fields found: ${describeFields([frame])}.`
        : `Calibration compares the score with what happened, and no outcome column was found (clicked, label, outcome, target, y_true or actual). Choose it under "Outcome field" — it must be 0/1 or true/false and sit in the same rows as "${input.field}".`,
    });
  }
  const outcomes = Float64Array.from(outcomeField.values as ArrayLike<unknown>, outcomeValue);
  if (!outcomes.some((value) => Number.isFinite(value))) {
    throw new FrameProblemError({
      code: 'wrong-type',
      message: `Outcome "${fieldName(outcomeField, frame)}" holds no 0/1 or true/false values.`,
    });
  }
  let min = Infinity;
  let max = -Infinity;
  for (const value of input.values) {
    if (Number.isFinite(value)) {
      min = Math.min(min, value);
      max = Math.max(max, value);
    }
  }
  // Probabilities keep the [0, 1] axis, so the diagonal runs from the corner.
  const probability = min >= 0 && max <= 1;
  // A score bound that is no number (a cleared field) is left to the data, as when it is not set.
  const given = (bound: number | undefined) => (bound !== undefined && Number.isFinite(bound) ? bound : undefined);
  const bins = typeof options.bins === 'number' ? options.bins : 10;
  const edges = uniformEdges(
    given(options.scoreMin) ?? (probability ? 0 : min),
    given(options.scoreMax) ?? (probability ? Math.min(1, max * 1.05) : max),
    bins
  );
  // The axis the curves are drawn on: the edges' ends (a maximum at or below the minimum gives a unit span).
  const low = edges[0];
  const high = edges[edges.length - 1];
  const times = readTimes(findTimeField(frame)!);
  const baseline = calibrationCurve(times, input.values, outcomes, windows.baseline, edges);
  const current = calibrationCurve(times, input.values, outcomes, windows.current, edges);
  if (baseline.size === 0) {
    throw emptyWindow(input.field, 'baseline');
  }
  if (current.size === 0) {
    throw emptyWindow(input.field, 'current');
  }
  return { field: input.field, outcome: fieldName(outcomeField, frame), windows, baseline, current, low, high };
}
