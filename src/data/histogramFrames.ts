/**
 * Prometheus histograms as Grafana's Prometheus data source returns them -> the drift engine's bucket
 * input ({@link BucketFeatureSeries}: one cumulative `_bucket` counter series per `le`).
 *
 * Three frame shapes are read:
 * - **One frame per series** (`timeseries-multi`, the default "Time series" format): a time field and a
 *   Value field whose labels hold `le` and the feature label. Frames without the feature label form one
 *   histogram named by `__name__`, or "value".
 * - **Heatmap format** (`meta.type` 'heatmap-rows', or a time field plus one number field per bucket, named
 *   by its bound like "0.5" or "+Inf", or with `labels.le`). Grafana's heatmap format has already turned the
 *   cumulative buckets into per-bucket counts, so heatmap-rows are summed back over `le`; an untyped frame
 *   whose rows never decrease with `le` is taken as cumulative already.
 * - **Native histograms**: a field of `{ count, sum, buckets: [[rule, lower, upper, count], …] }` objects
 *   (the Prometheus HTTP API's `histogram` value), or a 'heatmap-cells' frame (xMax, yMin, yMax, count),
 *   converted with the engine's {@link nativeHistogramToBuckets} on the union of all bucket bounds.
 *
 * **Increases or counters over time.** `sum by (le) (increase(x_bucket[$__interval]))` gives per-interval
 * increases; a raw `x_bucket` query gives cumulative counters. The engine reads counters, so increases are
 * turned into counters by a running sum over time, starting from 0 one step before the first sample.
 * `values: 'auto'` decides per histogram:
 *   1. when the query text is known (`meta.executedQueryString`): increases if it applies increase(),
 *      rate(), irate(), delta() or idelta() to the buckets, counters otherwise;
 *   2. else by shape: counters when every bucket series is non-decreasing over time apart from rare drops
 *      (resets: at most 1 in 50 steps), the total (+Inf) series rises in at least half of its steps, and its
 *      median level is at least 10× its median rise. Per-interval increases go up and down by about their
 *      own size, or stay flat, so they fail that test; a counter of live traffic rises at nearly every step
 *      and its level dwarfs its per-step increase. A counter that rarely moves reads as increases: force
 *      'counter' for it.
 * `'increase'` or `'counter'` forces the reading.
 *
 * **Gaps.** Each `le` series is read on its own timestamps: a bucket series missing at some timestamps adds
 * nothing there (0 increase), and the engine's counter handling skips the gap. Stale markers (NaN) are gaps.
 *
 * **Bad input** throws a {@link DriftInputError} naming the feature, bucket and time: negative values
 * (a delta() query), bucket counts that decrease with `le` at one timestamp (not a cumulative histogram),
 * duplicate `le` series (missing `sum by (le)`), a histogram without `+Inf`.
 */
import { DataFrame, DataFrameType, Field, FieldType } from '@grafana/data';
import {
  BucketCounterSeries,
  BucketFeatureSeries,
  DriftInputError,
  FeatureDriftProblem,
  formatLe,
  NativeHistogram,
  nativeHistogramBounds,
  nativeHistogramToBuckets,
  parseLe,
} from '../analysis';
import { findTimeField, frameRows, readTimes } from './frames';
import { GenAiNames, GenAiSeries } from './genai';
import { runSteps, Steps } from './steps';

export type HistogramValueKind = 'auto' | 'increase' | 'counter';

export interface HistogramReadOptions {
  /** Label naming the feature a histogram belongs to; default 'feature'. */
  featureLabel?: string;
  /** How to read the values over time; default 'auto' (see the module comment). */
  values?: HistogramValueKind;
}

/** What {@link readHistogramInput} found, including histograms it had to leave out and why. */
export interface HistogramInput {
  features: BucketFeatureSeries[];
  /** Histograms that could not be read, one message each (the others are still usable). */
  problems: FeatureDriftProblem[];
  /** How each feature's values were read over time. */
  valueKinds: Record<string, 'increase' | 'counter'>;
  /** Unit from the field config of the first bucket series that has one. */
  unit?: string;
  /** The features that are OpenTelemetry GenAI histograms (see genai.ts), by feature name. */
  genai: Record<string, GenAiSeries>;
}

/** How features are named: by the feature label, else as GenAI histograms, else by metric name. */
interface FeatureNaming {
  featureLabel: string;
  genai: GenAiNames;
}

interface BucketSeriesDraft {
  le: number;
  /** Series read from fields with equal times share one array (see {@link timeReader}). */
  times: Float64Array;
  /** The field's own values when they are all numbers already, else a converted copy. */
  values: ArrayLike<number>;
  /** True when the values are known to hold no negative number (checked while reading them). */
  nonNegative?: boolean;
}

interface HistogramDraft {
  feature: string;
  series: BucketSeriesDraft[];
  /** Values are per-bucket counts (Grafana's heatmap format), to be summed over le. */
  perBucket: boolean;
  /** The query as the data source ran it, when the frame says. */
  query?: string;
}

const NATIVE_HINT = 'pass the histogram field of the Prometheus response unchanged';
const INCREASE_QUERY = /\b(increase|rate|irate|delta|idelta)\s*\(/;
const LE_NAME = /^\s*(\+?Inf|[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?)\s*$/i;
const RESET_SHARE = 1 / 50;
const COUNTER_LEVEL_RATIO = 10;

function labelsOf(field: Field): Record<string, string> {
  return (field.labels ?? {}) as Record<string, string>;
}

function isNativeHistogramValue(value: unknown): value is NativeHistogram {
  return typeof value === 'object' && value !== null && Array.isArray((value as NativeHistogram).buckets);
}

function nativeField(frame: DataFrame): Field | undefined {
  return frame.fields.find(
    (field) =>
      field.type !== FieldType.time &&
      field.type !== FieldType.number &&
      field.type !== FieldType.string &&
      isNativeHistogramValue(firstDefined(field.values))
  );
}

function firstDefined(values: ArrayLike<unknown>): unknown {
  for (let i = 0; i < values.length; i++) {
    if (values[i] !== null && values[i] !== undefined) {
      return values[i];
    }
  }
  return undefined;
}

function isHeatmapCells(frame: DataFrame): boolean {
  return frame.meta?.type === DataFrameType.HeatmapCells || hasFields(frame, ['yMax', 'count']);
}

function hasFields(frame: DataFrame, names: string[]): boolean {
  return names.every((name) => frame.fields.some((field) => field.name === name));
}

/** le of a heatmap-rows bucket field: labels.le, else its name or display name when that is a bound. */
function bucketFieldLe(field: Field): string | undefined {
  const fromLabel = labelsOf(field).le;
  if (fromLabel !== undefined) {
    return fromLabel;
  }
  for (const candidate of [field.config?.displayNameFromDS, field.name]) {
    if (candidate && LE_NAME.test(candidate)) {
      return candidate;
    }
  }
  return undefined;
}

function numberFields(frame: DataFrame): Field[] {
  return frame.fields.filter((field) => field.type === FieldType.number);
}

function isHeatmapRows(frame: DataFrame): boolean {
  if (frame.meta?.type === DataFrameType.HeatmapRows) {
    return true;
  }
  const numbers = numberFields(frame);
  return (
    Boolean(findTimeField(frame)) &&
    numbers.length >= 2 &&
    numbers.every((field) => bucketFieldLe(field) !== undefined) &&
    numbers.some((field) => /inf/i.test(bucketFieldLe(field) ?? ''))
  );
}

function isPerSeriesBucketFrame(frame: DataFrame): boolean {
  const numbers = numberFields(frame);
  return (
    Boolean(findTimeField(frame)) && numbers.length >= 1 && numbers.every((field) => labelsOf(field).le !== undefined)
  );
}

function isHistogramFrame(frame: DataFrame): boolean {
  return isPerSeriesBucketFrame(frame) || isHeatmapRows(frame) || isHeatmapCells(frame) || Boolean(nativeField(frame));
}

/**
 * True when the query result is Prometheus histogram data (bucket series with `le`, heatmap frames or
 * native histograms) rather than raw sample rows. Empty frames are ignored.
 */
export function isHistogramData(series: DataFrame[]): boolean {
  return runSteps(isHistogramDataSteps(series));
}

/** {@link isHistogramData} in steps of one frame each. */
export function* isHistogramDataSteps(series: DataFrame[]): Steps<boolean> {
  let frames = 0;
  for (const frame of series) {
    if (frameRows(frame) === 0) {
      continue;
    }
    yield;
    if (!isHistogramFrame(frame)) {
      return false;
    }
    frames++;
  }
  return frames > 0;
}

function readValues(field: Field): Float64Array {
  const source = field.values;
  const values = new Float64Array(source.length);
  for (let i = 0; i < source.length; i++) {
    const raw: unknown = source[i];
    values[i] = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw) : NaN;
  }
  return values;
}

/**
 * A field's values as numbers without copying them when they already are (a typed array, or an array of
 * numbers as Grafana's Prometheus data source returns): 5,000 bucket series of 2,000 samples would
 * otherwise be 80 MB of copies. Anything else is converted like {@link readValues}.
 */
export function numericValues(field: Field): { values: ArrayLike<number>; nonNegative?: boolean } {
  const source = field.values as ArrayLike<unknown>;
  if (ArrayBuffer.isView(source)) {
    return { values: source as unknown as ArrayLike<number> };
  }
  let nonNegative = true;
  for (let i = 0; i < source.length; i++) {
    const value = source[i];
    if (typeof value !== 'number') {
      return { values: readValues(field) };
    }
    if (value < 0) {
      nonNegative = false;
    }
  }
  return { values: source as ArrayLike<number>, nonNegative };
}

export type TimeReader = (field: Field) => Float64Array;

/**
 * Reads time fields, handing out one array for fields with the same times: the series of one Prometheus
 * query usually share their timestamps, so a histogram's buckets (and the checks and the drift engine after
 * them) work on one times array instead of thousands of equal copies.
 */
export function timeReader(): TimeReader {
  const bySource = new Map<unknown, Float64Array>();
  let last: Float64Array | undefined;
  return (field) => {
    const source = field.values as ArrayLike<unknown>;
    let times = bySource.get(source);
    if (!times) {
      times = last && sameTimes(source, last) ? last : readTimes(field);
      bySource.set(source, times);
      last = times;
    }
    return times;
  };
}

function queryOf(frame: DataFrame): string | undefined {
  return frame.meta?.executedQueryString;
}

function featureNameOf(
  labels: Record<string, string>,
  naming: FeatureNaming,
  query: string | undefined,
  fallback?: string
): string {
  return (
    labels[naming.featureLabel] ??
    naming.genai.nameOf(labels, query) ??
    labels.__name__?.replace(/_bucket$/, '') ??
    fallback ??
    'value'
  );
}

/** The labels the frames' features are named from, for GenAI names that need to see all of them first. */
function* namingLabels(
  series: DataFrame[],
  featureLabel: string
): Iterable<{ labels: Record<string, string>; query?: string }> {
  for (const frame of series) {
    for (const field of frame.fields) {
      const labels = field.labels as Record<string, string> | undefined;
      if (labels && labels[featureLabel] === undefined) {
        yield { labels, query: queryOf(frame) };
      }
    }
  }
}

function draftFor(drafts: Map<string, HistogramDraft>, feature: string, perBucket: boolean): HistogramDraft {
  let draft = drafts.get(feature);
  if (!draft) {
    draft = { feature, series: [], perBucket };
    drafts.set(feature, draft);
  }
  return draft;
}

function addPerSeriesFrame(
  frame: DataFrame,
  naming: FeatureNaming,
  drafts: Map<string, HistogramDraft>,
  readFrameTimes: TimeReader
): void {
  const timeField = findTimeField(frame)!;
  const times = readFrameTimes(timeField);
  for (const field of numberFields(frame)) {
    const labels = labelsOf(field);
    const draft = draftFor(drafts, featureNameOf(labels, naming, queryOf(frame)), false);
    draft.query ??= queryOf(frame);
    draft.series.push({ le: parseLe(labels.le), times, ...numericValues(field) });
  }
}

function addHeatmapRowsFrame(
  frame: DataFrame,
  naming: FeatureNaming,
  drafts: Map<string, HistogramDraft>,
  readFrameTimes: TimeReader
): void {
  const timeField = findTimeField(frame);
  if (!timeField) {
    throw new DriftInputError(
      'INVALID_BUCKETS',
      `the heatmap frame "${frame.name ?? frame.refId ?? ''}" has no time field: use the Prometheus query's "Heatmap" format on a range query`
    );
  }
  const times = readFrameTimes(timeField);
  const buckets = numberFields(frame).map((field) => ({ field, le: bucketFieldLe(field) }));
  const series = buckets.filter((bucket): bucket is { field: Field; le: string } => bucket.le !== undefined);
  const firstLabels = series.length ? labelsOf(series[0].field) : {};
  const feature = featureNameOf(firstLabels, naming, queryOf(frame), frame.name);
  const values = series.map((bucket) => ({ le: parseLe(bucket.le), values: readValues(bucket.field) }));
  // Grafana's heatmap format de-accumulates the buckets; an untyped frame that never decreases with le is cumulative.
  let perBucket = frame.meta?.type === DataFrameType.HeatmapRows;
  if (!perBucket) {
    const sorted = [...values].sort((a, b) => a.le - b.le);
    perBucket = sorted.some((bucket, b) => b > 0 && bucket.values.some((v, i) => v < sorted[b - 1].values[i]));
  }
  const draft = draftFor(drafts, feature, perBucket);
  draft.query ??= queryOf(frame);
  for (const bucket of values) {
    draft.series.push({ le: bucket.le, times, values: bucket.values });
  }
}

/** Native histograms, one per timestamp, to cumulative-over-le series on the union of their bounds. */
function nativeToDraft(
  feature: string,
  times: Float64Array,
  histograms: Array<NativeHistogram | null>
): HistogramDraft {
  const present = histograms.filter((histogram): histogram is NativeHistogram => isNativeHistogramValue(histogram));
  const bounds = nativeHistogramBounds(present);
  const series = bounds.map((le) => ({ le, times, values: new Float64Array(times.length).fill(NaN) }));
  histograms.forEach((histogram, row) => {
    if (!isNativeHistogramValue(histogram)) {
      return;
    }
    nativeHistogramToBuckets(histogram, bounds).forEach((bucket, b) => {
      series[b].values[row] = bucket.count;
    });
  });
  return { feature, series, perBucket: false };
}

function addNativeFieldFrame(
  frame: DataFrame,
  field: Field,
  naming: FeatureNaming,
  drafts: Map<string, HistogramDraft>
) {
  const timeField = findTimeField(frame);
  if (!timeField) {
    throw new DriftInputError('INVALID_BUCKETS', `the native histogram frame has no time field: ${NATIVE_HINT}`);
  }
  const feature = featureNameOf(labelsOf(field), naming, queryOf(frame), frame.name);
  const draft = nativeToDraft(feature, readTimes(timeField), Array.from(field.values as ArrayLike<NativeHistogram>));
  draft.query = queryOf(frame);
  addDraft(drafts, draft);
}

/** Grafana's native histogram frame: one row per (time, bucket) with yMin, yMax, count and the boundary rule. */
function addHeatmapCellsFrame(frame: DataFrame, naming: FeatureNaming, drafts: Map<string, HistogramDraft>): void {
  const column = (name: string) => frame.fields.find((field) => field.name === name);
  const timeField = column('xMax') ?? column('xMin') ?? findTimeField(frame);
  const upper = column('yMax');
  const lower = column('yMin');
  const count = column('count');
  if (!timeField || !upper || !count) {
    throw new DriftInputError(
      'INVALID_BUCKETS',
      `the native histogram frame lacks xMax, yMax or count: ${NATIVE_HINT}`
    );
  }
  const layout = column('yLayout');
  const rowTimes = readTimes(timeField);
  const byTime = new Map<number, NativeHistogram & { buckets: NonNullable<NativeHistogram['buckets']> }>();
  // The fields' own lengths, not the frame's `length`, which a data source can get wrong.
  const rows = Math.min(rowTimes.length, upper.values.length, count.values.length);
  for (let row = 0; row < rows; row++) {
    let histogram = byTime.get(rowTimes[row]);
    if (!histogram) {
      histogram = { buckets: [] };
      byTime.set(rowTimes[row], histogram);
    }
    histogram.buckets.push([
      Number(layout?.values[row] ?? 0),
      lower ? (lower.values[row] as number) : (upper.values[row] as number),
      upper.values[row] as number,
      count.values[row] as number,
    ]);
  }
  const times = Float64Array.from([...byTime.keys()].sort((a, b) => a - b));
  const feature = featureNameOf(labelsOf(count), naming, queryOf(frame), frame.name);
  const draft = nativeToDraft(
    feature,
    times,
    Array.from(times, (time) => byTime.get(time)!)
  );
  draft.query = queryOf(frame);
  addDraft(drafts, draft);
}

function addDraft(drafts: Map<string, HistogramDraft>, draft: HistogramDraft): void {
  const existing = drafts.get(draft.feature);
  if (existing) {
    for (const series of draft.series) {
      existing.series.push(series);
    }
  } else {
    drafts.set(draft.feature, draft);
  }
}

function formatTime(time: number): string {
  // Dates end at ±8.64e15 ms; toISOString throws beyond them.
  return Math.abs(time) <= 8.64e15 ? new Date(time).toISOString() : String(time);
}

function negativeValue(feature: string, le: number, value: number, time: number): DriftInputError {
  return new DriftInputError(
    'NEGATIVE_COUNT',
    `feature '${feature}', bucket le=${formatLe(le)} has a negative value (${value}) at ${formatTime(time)}: bucket values are counts; use increase() rather than delta()`
  );
}

function checkSeries(feature: string, series: BucketSeriesDraft[]): void {
  const seen = new Set<number>();
  // Times shared by several series are checked for order once; after that only the values are.
  const ascending = new Set<Float64Array>();
  for (const { le, times, values, nonNegative } of series) {
    if (seen.has(le)) {
      throw new DriftInputError(
        'INVALID_BUCKETS',
        `feature '${feature}' has two series with le=${formatLe(le)}: aggregate with sum by (le, feature) so each bound appears once`
      );
    }
    seen.add(le);
    const timesChecked = ascending.has(times) && values.length <= times.length;
    if (timesChecked && nonNegative) {
      continue;
    }
    for (let i = 0; i < values.length; i++) {
      if (values[i] < 0) {
        throw negativeValue(feature, le, values[i], times[i]);
      }
      if (!timesChecked && i > 0 && !(times[i] > times[i - 1])) {
        throw new DriftInputError(
          'INVALID_ARGUMENT',
          `feature '${feature}', bucket le=${formatLe(le)}: sample times are not ascending at ${formatTime(times[i])}: sort by time and drop duplicate timestamps`
        );
      }
    }
    if (!timesChecked && values.length === times.length) {
      ascending.add(times);
    }
  }
  if (!seen.has(Infinity)) {
    throw new DriftInputError(
      'INVALID_BUCKETS',
      `feature '${feature}' has no le="+Inf" bucket (found le=${[...seen]
        .sort((a, b) => a - b)
        .map(formatLe)
        .join(', ')}): include all _bucket series, do not filter on le`
    );
  }
}

/** Whether two time fields hold the same values (a raw field's against a read Float64Array, or two read ones). */
function sameTimes(a: ArrayLike<unknown>, b: ArrayLike<unknown>): boolean {
  if (a === b) {
    return true;
  }
  if (a.length !== b.length) {
    return false;
  }
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) {
      return false;
    }
  }
  return true;
}

/** Sums per-bucket counts over le (series sorted by le) so that each series counts observations <= le. */
function accumulateOverLe(sorted: BucketSeriesDraft[]): BucketSeriesDraft[] {
  const byTime: Array<Map<number, number>> = [];
  const aligned = sorted.every((s) => sameTimes(s.times, sorted[0].times));
  if (aligned) {
    const running = new Float64Array(sorted[0].times.length);
    return sorted.map((s) => {
      const values = new Float64Array(running.length);
      for (let i = 0; i < running.length; i++) {
        const value = s.values[i];
        running[i] += Number.isFinite(value) ? value : 0;
        values[i] = running[i];
      }
      return { le: s.le, times: s.times, values };
    });
  }
  const running = new Map<number, number>();
  for (const s of sorted) {
    const map = new Map<number, number>();
    s.times.forEach((time, i) => map.set(time, Number.isFinite(s.values[i]) ? s.values[i] : 0));
    byTime.push(map);
  }
  return sorted.map((s, b) => {
    for (const [time, value] of byTime[b]) {
      running.set(time, (running.get(time) ?? 0) + value);
    }
    const times = Float64Array.from([...running.keys()].sort((x, y) => x - y));
    return { le: s.le, times, values: Float64Array.from(times, (time) => running.get(time)!) };
  });
}

/** Bucket counts must not decrease with le at any timestamp the series share. */
function checkCumulativeOverLe(feature: string, sorted: BucketSeriesDraft[]): void {
  for (let b = 1; b < sorted.length; b++) {
    const lower = sorted[b - 1];
    const upper = sorted[b];
    const aligned = sameTimes(lower.times, upper.times);
    const lowerAt = aligned ? undefined : new Map(Array.from(lower.times, (time, i) => [time, lower.values[i]]));
    const lowerValues = lower.values;
    const upperValues = upper.values;
    for (let i = 0; i < upperValues.length; i++) {
      const value = upperValues[i];
      if (aligned && value >= lowerValues[i]) {
        continue;
      }
      const below = aligned ? lowerValues[i] : lowerAt!.get(upper.times[i]);
      // Prometheus' increase() extrapolates each series separately: allow rounding-sized differences.
      if (below !== undefined && value < below - 1e-6 * Math.max(1, Math.abs(below))) {
        throw new DriftInputError(
          'NON_MONOTONIC_BUCKETS',
          `feature '${feature}': at ${formatTime(upper.times[i])} bucket le=${formatLe(upper.le)} (${value}) is below le=${formatLe(lower.le)} (${below}): bucket counts must be cumulative over le; query the _bucket series with sum by (le) and no other function between the buckets`
        );
      }
    }
  }
}

function median(values: number[]): number {
  if (values.length === 0) {
    return 0;
  }
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** The shape rule of the module comment: do these series look like cumulative counters over time? */
function looksLikeCounters(sorted: BucketSeriesDraft[]): boolean {
  for (const { values } of sorted) {
    let drops = 0;
    let steps = 0;
    let previous = NaN;
    for (let i = 0; i < values.length; i++) {
      const value = values[i];
      if (!Number.isFinite(value)) {
        continue;
      }
      if (!Number.isNaN(previous)) {
        steps++;
        if (value < previous) {
          drops++;
        }
      }
      previous = value;
    }
    if (drops > Math.max(0, Math.floor(steps * RESET_SHARE)) || (drops > 0 && steps < 2)) {
      return false;
    }
  }
  const total = sorted[sorted.length - 1].values;
  const levels: number[] = [];
  const rises: number[] = [];
  let steps = 0;
  for (let i = 0; i < total.length; i++) {
    if (Number.isFinite(total[i])) {
      levels.push(total[i]);
      const previous = levels[levels.length - 2];
      if (previous !== undefined) {
        steps++;
        if (total[i] > previous) {
          rises.push(total[i] - previous);
        }
      }
    }
  }
  return steps > 0 && rises.length >= steps / 2 && median(levels) >= COUNTER_LEVEL_RATIO * median(rises);
}

function decideKind(
  draft: HistogramDraft,
  sorted: BucketSeriesDraft[],
  forced: HistogramValueKind
): 'increase' | 'counter' {
  if (forced !== 'auto') {
    return forced;
  }
  if (draft.query) {
    return INCREASE_QUERY.test(draft.query) ? 'increase' : 'counter';
  }
  return looksLikeCounters(sorted) ? 'counter' : 'increase';
}

function smallestStep(series: BucketSeriesDraft[]): number {
  let step = Infinity;
  const seen = new Set<Float64Array>();
  for (const { times } of series) {
    if (seen.has(times)) {
      continue;
    }
    seen.add(times);
    for (let i = 1; i < times.length; i++) {
      step = Math.min(step, times[i] - times[i - 1]);
    }
  }
  return Number.isFinite(step) && step > 0 ? step : 1;
}

/** values[0] = 0, values[i + 1] = values[i] + increases[i] (gaps and NaN add 0). */
function runningCounter(increases: ArrayLike<number>): Float64Array {
  const values = new Float64Array(increases.length + 1);
  let running = 0;
  for (let i = 0; i < increases.length; i++) {
    const value = increases[i];
    if (Number.isFinite(value)) {
      running += value;
    }
    values[i + 1] = running;
  }
  return values;
}

/**
 * A bucket counter built from per-interval increases: `values` (the running sum) is built on first read,
 * and the drift engine reads `increases` instead. `values` is a getter: copy the fields by name, not with a
 * spread.
 */
class IncreaseCounter implements BucketCounterSeries {
  private counter?: Float64Array;

  constructor(
    readonly le: number,
    readonly times: Float64Array,
    readonly increases: ArrayLike<number>
  ) {}

  get values(): Float64Array {
    this.counter ??= runningCounter(this.increases);
    return this.counter;
  }
}

/**
 * Per-interval increases to counters: a running sum over time (gaps and NaN add 0), preceded by a 0
 * sample one step before the earliest sample so the first interval's increase counts too. Each counter
 * keeps its `increases` and builds its `values` only when they are read: the drift engine reads the
 * increases, and filling tens of MB of fresh memory costs more than all the rest of the work. Series
 * that share their times share their counters' times.
 */
function increasesToCounters(sorted: BucketSeriesDraft[]): BucketCounterSeries[] {
  const step = smallestStep(sorted);
  let start = Infinity;
  for (const { times } of sorted) {
    if (times.length > 0) {
      start = Math.min(start, times[0]);
    }
  }
  const counterTimesOf = new Map<Float64Array, Float64Array>();
  return sorted.map(({ le, times, values: increases }) => {
    let counterTimes = counterTimesOf.get(times);
    if (!counterTimes) {
      counterTimes = new Float64Array(times.length + 1);
      counterTimes[0] = start - step;
      counterTimes.set(times, 1);
      counterTimesOf.set(times, counterTimes);
    }
    return new IncreaseCounter(le, counterTimes, increases);
  });
}

function* collectDrafts(series: DataFrame[], naming: FeatureNaming): Steps<Map<string, HistogramDraft>> {
  const drafts = new Map<string, HistogramDraft>();
  const readFrameTimes = timeReader();
  for (const frame of series) {
    yield;
    if (frameRows(frame) === 0) {
      continue;
    }
    const native = nativeField(frame);
    if (native) {
      addNativeFieldFrame(frame, native, naming, drafts);
    } else if (isHeatmapCells(frame)) {
      addHeatmapCellsFrame(frame, naming, drafts);
    } else if (isPerSeriesBucketFrame(frame) && frame.meta?.type !== DataFrameType.HeatmapRows) {
      addPerSeriesFrame(frame, naming, drafts, readFrameTimes);
    } else if (isHeatmapRows(frame)) {
      addHeatmapRowsFrame(frame, naming, drafts, readFrameTimes);
    }
  }
  return drafts;
}

function unitOf(series: DataFrame[]): string | undefined {
  for (const frame of series) {
    for (const field of numberFields(frame)) {
      if (field.config?.unit && field.config.unit !== 'short') {
        return field.config.unit;
      }
    }
  }
  return undefined;
}

/**
 * Like {@link readHistogramFeatures}, but a histogram that cannot be read is listed in `problems` with its
 * message instead of failing the others.
 */
export function readHistogramInput(series: DataFrame[], options: HistogramReadOptions = {}): HistogramInput {
  return runSteps(readHistogramInputSteps(series, options));
}

/**
 * {@link readHistogramInput} in steps of one frame or one histogram each (a millisecond or so for a 2,000
 * sample series), so a caller can spread thousands of series over several tasks.
 */
export function* readHistogramInputSteps(
  series: DataFrame[],
  options: HistogramReadOptions = {}
): Steps<HistogramInput> {
  const featureLabel = options.featureLabel || 'feature';
  const forced = options.values ?? 'auto';
  const features: BucketFeatureSeries[] = [];
  const problems: FeatureDriftProblem[] = [];
  const valueKinds: Record<string, 'increase' | 'counter'> = {};
  const naming = { featureLabel, genai: new GenAiNames(namingLabels(series, featureLabel)) };
  const drafts = yield* collectDrafts(series, naming);
  for (const draft of drafts.values()) {
    yield;
    try {
      if (draft.series.every((bucket) => bucket.values.length === 0)) {
        throw new DriftInputError(
          'EMPTY_INPUT',
          `feature '${draft.feature}' has no samples in the query result: widen the time range`
        );
      }
      checkSeries(draft.feature, draft.series);
      let sorted = [...draft.series].sort((a, b) => a.le - b.le);
      if (draft.perBucket) {
        sorted = accumulateOverLe(sorted);
      }
      checkCumulativeOverLe(draft.feature, sorted);
      const kind = decideKind(draft, sorted, forced);
      valueKinds[draft.feature] = kind;
      features.push({
        feature: draft.feature,
        buckets:
          kind === 'increase'
            ? increasesToCounters(sorted)
            : sorted.map(({ le, times, values }) => ({ le, times, values })),
      });
    } catch (error) {
      if (!(error instanceof DriftInputError)) {
        throw error;
      }
      problems.push({ feature: draft.feature, code: error.code, message: error.message });
    }
  }
  const genai: Record<string, GenAiSeries> = {};
  for (const feature of features) {
    const found = naming.genai.series.get(feature.feature);
    if (found) {
      genai[feature.feature] = found;
    }
  }
  return { features, problems, valueKinds, unit: unitOf(series), genai };
}

/**
 * The engine's bucket input from Prometheus histogram frames (see the module comment for the shapes and
 * rules). Features come in the order first seen.
 * @throws DriftInputError naming the feature, bucket and time for input that cannot be read.
 */
export function readHistogramFeatures(series: DataFrame[], options: HistogramReadOptions = {}): BucketFeatureSeries[] {
  const input = readHistogramInput(series, options);
  if (input.problems.length > 0) {
    const first = input.problems[0];
    throw new DriftInputError(first.code, first.message);
  }
  return input.features;
}
