import { differenceScale, madScale, median } from '../changepoints/robust';
import { detectChangePoints } from '../changepoints/detect';
import { fitDeparture, fitSplit } from './departure';
import { cleanLane } from './lane';
import { assertOnsetInput } from './validate';

export interface Lane {
  id: string;
  /** Epoch milliseconds, in any order; duplicates are averaged. */
  times: ArrayLike<number>;
  values: ArrayLike<number>;
  /**
   * For a lane of shares (values in [0, 1], e.g. the share of spans ending with one finish reason): how many
   * observations each share is of. A share of a few observations is noisy even where the baseline happens
   * to be constant (a rare outcome absent from it), so each share's noise is taken as at least the binomial
   * standard error of a share of its count (see `shareNoiseFloor`). Points of no observations are dropped.
   */
  counts?: ArrayLike<number>;
}

/** A time range in epoch milliseconds; `from` inclusive, `to` exclusive for baselines, inclusive for windows. */
export interface TimeRange {
  from: number;
  to: number;
}

export type OnsetDirection = 'up' | 'down';

/**
 * How a lane left its behaviour: `step` (a level shift), `ramp` (a gradual departure, dated by its kink) or
 * `spike` (a short departure that came back).
 */
export type OnsetShape = 'step' | 'ramp' | 'spike';

/** Where one lane first left its baseline behaviour. */
export interface Onset {
  laneId: string;
  /** Epoch ms of the first point of the deviation (its start, not its peak). */
  time: number;
  /**
   * Strength of the deviation: the largest departure from the baseline median that the lane held for
   * `persistence` consecutive points from the onset to the end of the window, in robust baseline noise
   * scales. At least 1.
   */
  score: number;
  direction: OnsetDirection;
  /** The shape of the departure. Absent on onsets not produced by `rankOnsets`. */
  shape?: OnsetShape;
  /**
   * Epoch ms range that holds the onset with about 95 % confidence (profile likelihood of the fitted
   * step or hinge), opening at the sample before the earliest possible start since the data cannot date a
   * departure finer than its sampling. Onsets whose intervals overlap cannot be ordered by the data.
   * Absent: exact.
   */
  interval?: TimeRange;
}

export interface OnsetOptions {
  /**
   * Data to learn normal behaviour from. Default: everything before `window.from - lookbackMs`, so that a
   * change that starts just before the window is found rather than absorbed into the baseline.
   */
  baseline?: TimeRange;
  /**
   * How far before `window.from` an onset may lie ("just before" the window). Default: half the window
   * length.
   */
  lookbackMs?: number;
  /** Lanes with fewer baseline points are skipped. Default 10. */
  minBaselinePoints?: number;
  /**
   * CUSUM alarm threshold, in baseline noise scales accumulated beyond the drift. Default 8: over 90 points
   * of baseline-like noise, fewer than 1 lane in 1,000 raises a false alarm even with Student-t (3 df)
   * noise, while a persistent shift of 1.5 noise scales is caught about 80% of the time and one of 2
   * scales almost always.
   */
  threshold?: number;
  /** Level, in baseline noise scales, of the points that make a burst. Default 5. */
  burstLevel?: number;
  /** CUSUM drift (allowance) per point, in baseline noise scales: smaller shifts are ignored. Default 1. */
  drift?: number;
  /** Standardised values are clipped to ±clip before the CUSUM, so one outlier cannot raise an alarm. Default 3. */
  clip?: number;
  /**
   * A burst alarm needs this many consecutive points at or beyond `burstLevel`; `score` is measured over
   * this many points too. Default 3.
   */
  persistence?: number;
}

const DEFAULTS = {
  lookbackFraction: 0.5,
  minBaselinePoints: 10,
  threshold: 8,
  burstLevel: 5,
  drift: 1,
  clip: 3,
  persistence: 3,
};

/** Minimum segment length when the search region is segmented to bound each departure's fit. */
const SEGMENT_POINTS = 10;

/** Upper bound of the baseline autocorrelation used to widen the noise scale. */
const MAX_BASELINE_CORRELATION = 0.9;

interface BaselineModel {
  center: number;
  scale: number;
}

/**
 * Median and noise scale of the baseline. The scale starts from the MAD (a constant baseline falls back to
 * the scale of its differences, then to a tiny fraction of its level, so any later departure counts). It is
 * then widened so that the baseline, standardised and clipped as the search points will be, has unit mean
 * square: heavy-tailed noise, which the MAD understates, gets a wider scale. Finally it is widened by
 * sqrt((1 + ρ) / (1 - ρ)) for a lag-one autocorrelation ρ of the baseline, since sums of correlated noise
 * wander further than sums of independent noise.
 */
function baselineModel(values: Float64Array, clip: number): BaselineModel {
  const center = median(values);
  let scale = madScale(values, center);
  if (!(scale > 0)) {
    scale = differenceScale(values);
  }
  if (!(scale > 0)) {
    scale = 1e-9 * Math.max(1, Math.abs(center));
  }
  const z = values.map((v) => Math.max(-clip, Math.min(clip, (v - center) / scale)));
  let lagged = 0;
  let squares = 0;
  for (let i = 0; i < z.length; i++) {
    squares += z[i] * z[i];
    if (i > 0) {
      lagged += z[i] * z[i - 1];
    }
  }
  const meanSquare = squares / z.length;
  const rho = squares > 0 ? Math.min(MAX_BASELINE_CORRELATION, Math.max(0, lagged / squares)) : 0;
  return { center, scale: scale * Math.sqrt(Math.max(1, meanSquare) * ((1 + rho) / (1 - rho))) };
}

/**
 * The least noise of a share of `count` observations, given a baseline of shares (`values[i]` the share of
 * `counts[i]` observations): the binomial standard error sqrt(p (1 − p) / count) at the baseline rate p
 * estimated by Laplace's rule of succession, (k + 1) / (N + 2) for k of N observations (the mean of the
 * uniform prior's Beta(k + 1, N − k + 1) posterior). The rule keeps p above 0 when the outcome never
 * occurred in the baseline, where the data alone would give no noise at all and the first two or three
 * occurrences of a rare outcome would count as a departure. Each share gets the floor of its own count: a
 * share of hundreds of requests during a traffic surge is far less noisy than one of the night's few.
 */
export function shareNoiseFloor(values: ArrayLike<number>, counts: ArrayLike<number>): (count: number) => number {
  let observed = 0;
  let total = 0;
  for (let i = 0; i < values.length; i++) {
    observed += values[i] * counts[i];
    total += counts[i];
  }
  const rate = Math.min(1, Math.max(0, (observed + 1) / (total + 2)));
  return (count) => (count > 0 ? Math.sqrt((rate * (1 - rate)) / count) : 0);
}

interface AlarmSettings {
  drift: number;
  threshold: number;
  burstLevel: number;
  persistence: number;
}

interface Alarm {
  /** Index of the point that raised the alarm. */
  at: number;
}

/**
 * One-sided alarm on z (signed so that the sought direction is positive): a CUSUM of the clipped values
 * crossing `threshold`, or `persistence` consecutive raw values at or beyond `burstLevel`. The run rule
 * catches short, intense bursts that clipping keeps the CUSUM from seeing quickly.
 */
function firstAlarm(z: Float64Array, clipped: Float64Array, settings: AlarmSettings): Alarm | undefined {
  let sum = 0;
  let run = 0;
  for (let i = 0; i < z.length; i++) {
    sum = Math.max(0, sum + clipped[i] - settings.drift);
    run = z[i] >= settings.burstLevel ? run + 1 : 0;
    if (sum > settings.threshold || run >= settings.persistence) {
      return { at: i };
    }
  }
  return undefined;
}

/**
 * The onset within [0, at]: the split t0 that best explains z as "baseline (z = 0) before t0, then a
 * departure" with one of two one-parameter departures: a step (z = c from t0 on) or a ramp hinged at t0
 * (z = b·(t - t[t0])). Each fit's gain over the baseline is (Σ x·z)² / Σ x² with x the departure's shape, so
 * the two compare fairly; only departures in the sought (positive) direction count. This places t0 where
 * a step, burst or ramp begins rather than where the CUSUM crossed its threshold.
 */
function locateOnset(z: Float64Array, t: Float64Array, at: number): number {
  let best = at;
  let bestGain = -Infinity;
  let m = 0;
  let sumZ = 0;
  let sumT = 0;
  let sumTT = 0;
  let sumTZ = 0;
  const origin = t[at];
  for (let t0 = at; t0 >= 0; t0--) {
    const time = t[t0] - origin;
    m++;
    sumZ += z[t0];
    sumT += time;
    sumTT += time * time;
    sumTZ += time * z[t0];
    const stepGain = sumZ > 0 ? (sumZ * sumZ) / m : 0;
    // Hinge regressor u = time - time(t0) over the points t0..at.
    const sumUZ = sumTZ - time * sumZ;
    const sumUU = sumTT - 2 * time * sumT + m * time * time;
    const rampGain = sumUZ > 0 && sumUU > 0 ? (sumUZ * sumUZ) / sumUU : 0;
    const gain = Math.max(stepGain, rampGain);
    if (gain > bestGain) {
      bestGain = gain;
      best = t0;
    }
  }
  return best;
}

/** Largest value that z held (as a minimum) over `persistence` consecutive points from `from` to `to`. */
function heldDeviation(z: Float64Array, from: number, to: number, persistence: number): number {
  let held = -Infinity;
  const width = Math.min(persistence, to - from + 1);
  for (let i = from; i + width - 1 <= to; i++) {
    let low = Infinity;
    for (let j = i; j < i + width; j++) {
      low = Math.min(low, z[j]);
    }
    held = Math.max(held, low);
  }
  return held;
}

function laneOnsets(lane: Lane, window: TimeRange, options: OnsetOptions): Onset[] {
  const { times, values, counts } = cleanLane(lane.times, lane.values, lane.counts);
  const lookback = options.lookbackMs ?? DEFAULTS.lookbackFraction * Math.max(0, window.to - window.from);
  let searchFrom = window.from - lookback;
  const baselineRange = options.baseline ?? { from: -Infinity, to: searchFrom };
  if (options.baseline && options.baseline.to <= window.from) {
    searchFrom = Math.max(searchFrom, options.baseline.to);
  }
  const baseline: number[] = [];
  const baselineCounts: number[] = [];
  const region: number[] = [];
  for (let i = 0; i < times.length; i++) {
    if (times[i] >= baselineRange.from && times[i] < baselineRange.to) {
      baseline.push(values[i]);
      if (counts) {
        baselineCounts.push(counts[i]);
      }
    }
    if (times[i] >= searchFrom && times[i] <= window.to) {
      region.push(i);
    }
  }
  if (baseline.length < (options.minBaselinePoints ?? DEFAULTS.minBaselinePoints) || region.length === 0) {
    return [];
  }
  const clip = options.clip ?? DEFAULTS.clip;
  const { center, scale } = baselineModel(Float64Array.from(baseline), clip);
  const floor = counts ? shareNoiseFloor(baseline, baselineCounts) : undefined;
  const scaleAt = (i: number) => (floor && counts ? Math.max(scale, floor(counts[i])) : scale);
  const settings: AlarmSettings = {
    drift: options.drift ?? DEFAULTS.drift,
    threshold: options.threshold ?? DEFAULTS.threshold,
    burstLevel: options.burstLevel ?? DEFAULTS.burstLevel,
    persistence: Math.max(1, Math.floor(options.persistence ?? DEFAULTS.persistence)),
  };
  const regionTimes = Float64Array.from(region, (i) => times[i]);
  let found: (Alarm & { direction: OnsetDirection; z: Float64Array; clipped: Float64Array }) | undefined;
  for (const direction of ['up', 'down'] as const) {
    const sign = direction === 'up' ? 1 : -1;
    const z = Float64Array.from(region, (i) => (sign * (values[i] - center)) / scaleAt(i));
    const clipped = z.map((v) => Math.max(-clip, Math.min(clip, v)));
    const alarm = firstAlarm(z, clipped, settings);
    if (alarm && (!found || alarm.at < found.at)) {
      found = { ...alarm, direction, z, clipped };
    }
  }
  if (!found) {
    return [];
  }
  return describeDepartures(lane.id, found, regionTimes, settings);
}

/** Regions longer than this are segmented on block means (changes then known to a block). */
const SEGMENT_EXACT_LIMIT = 4000;

/** Changes in the region, from the change point detector; on block means for a long region. */
function regionChanges(z: Float64Array): { cuts: number[]; block: number } {
  const n = z.length;
  if (n < 2 * SEGMENT_POINTS) {
    return { cuts: [], block: 1 };
  }
  if (n <= SEGMENT_EXACT_LIMIT) {
    return { cuts: detectChangePoints(z, { minSegmentLength: SEGMENT_POINTS }), block: 1 };
  }
  const block = Math.ceil(n / (SEGMENT_EXACT_LIMIT / 2));
  const means = new Float64Array(Math.ceil(n / block));
  for (let i = 0; i < n; i++) {
    means[Math.floor(i / block)] += z[i] / Math.min(block, n - Math.floor(i / block) * block);
  }
  const cuts = detectChangePoints(means, { minSegmentLength: Math.max(3, Math.ceil(SEGMENT_POINTS / block)) });
  return { cuts: cuts.map((c) => c * block), block };
}

/** Level, in baseline noise scales, that a later step on top of a first departure must add to count. */
const SECOND_STEP_LEVEL = 4;
/** A departure whose points stay beyond half its height for at most this share of what follows is a spike. */
const SPIKE_SHARE = 0.25;

/**
 * The end (exclusive) of a short departure from `start` of height `size` after which the lane came back, or
 * undefined: the points at or beyond half the height lie within a stretch no longer than a quarter of the
 * rest of the region, and the points after that stretch sit below a quarter of the height.
 */
function spikeEnd(z: Float64Array, start: number, size: number, persistence: number): number | undefined {
  const end = z.length;
  let last = start;
  for (let i = start; i < end; i++) {
    if (z[i] >= size / 2) {
      last = i;
    }
  }
  if (!(size > 0) || last + persistence >= end || last - start + 1 > SPIKE_SHARE * (end - start)) {
    return undefined;
  }
  const after = Float64Array.from(z.subarray(last + 1, end)).sort();
  return after[after.length >> 1] < size / 4 ? last + 1 : undefined;
}

function medianOf(values: Float64Array): number {
  const sorted = Float64Array.from(values).sort();
  return sorted.length % 2
    ? sorted[sorted.length >> 1]
    : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
}

/**
 * The time range of the starts [lower, upper]. A departure first seen at a sample began after the sample
 * before it, so the range opens at that earlier sample: no onset is dated finer than its lane's sampling,
 * and two lanes sampled (or bucketed) on different grids that first move in neighbouring samples overlap.
 */
function timeInterval(times: Float64Array, lower: number, upper: number): TimeRange {
  return { from: times[Math.max(0, lower - 1)], to: times[upper] };
}

/**
 * Turns an alarm into onsets. The region is segmented with the change point detector; the first departure
 * is fitted as a step or a hinge from the start of the region to the first change after the alarm (so a
 * later step does not bend the ramp's fit), which dates a ramp by its kink rather than by where it crossed
 * a threshold. A change after that which adds a further step of at least SECOND_STEP_LEVEL noise scales in
 * the same direction is a second onset, placed by the best split into two lines.
 */
function describeDepartures(
  laneId: string,
  found: Alarm & { direction: OnsetDirection; z: Float64Array; clipped: Float64Array },
  regionTimes: Float64Array,
  settings: AlarmSettings
): Onset[] {
  const { z, direction } = found;
  const n = z.length;
  const initial = locateOnset(found.clipped, regionTimes, found.at);
  const spikeStop = spikeEnd(z, initial, medianOf(z.subarray(initial, found.at + 1)), settings.persistence);
  const { cuts, block } = regionChanges(z);
  const firstEnd = spikeStop ?? cuts.find((c) => c > found.at && c >= initial + SEGMENT_POINTS) ?? n;
  // A spike is fitted up to its end only: over the calm after it, the robust fit would take it for outliers.
  const fit = fitDeparture(z, regionTimes, 0, firstEnd, spikeStop === undefined);
  const start = fit?.start ?? initial;
  const spike = spikeStop !== undefined;
  const onsets: Onset[] = [
    {
      laneId,
      time: regionTimes[start],
      // Values whose differences overflow standardise to ±Infinity; the score only ranks, so cap it.
      score: Math.min(Math.max(1, heldDeviation(z, start, n - 1, settings.persistence)), Number.MAX_VALUE),
      direction,
      shape: spike ? 'spike' : (fit?.shape ?? 'step'),
      interval: fit ? timeInterval(regionTimes, fit.lower, fit.upper) : timeInterval(regionTimes, start, start),
    },
  ];
  if (spike || firstEnd >= n) {
    return onsets;
  }
  // Only the change that ends the first departure can be a second onset: one that takes the lane further
  // from its baseline in the same direction, by a step (a rise that levels off or a return is not one).
  const firstIndex = cuts.indexOf(firstEnd);
  const from = firstIndex > 0 ? Math.max(cuts[firstIndex - 1], start) : start;
  const to = firstIndex + 1 < cuts.length ? cuts[firstIndex + 1] : n;
  const reach = Math.max(SEGMENT_POINTS, 2 * block);
  const split = fitSplit(z, regionTimes, from, to, firstEnd - reach, firstEnd + reach, 2);
  // A non-finite jump (sums of squares that overflowed on absurd values) is no evidence of a step.
  if (split && Number.isFinite(split.jump) && split.jump >= SECOND_STEP_LEVEL) {
    const returned = spikeEnd(z, split.at, split.jump, settings.persistence) !== undefined;
    onsets.push({
      laneId,
      time: regionTimes[split.at],
      score: Math.min(Math.max(1, split.jump), Number.MAX_VALUE),
      direction,
      shape: returned ? 'spike' : 'step',
      interval: timeInterval(regionTimes, split.lower, split.upper),
    });
  }
  return onsets;
}

/**
 * For each lane whose behaviour departs from its baseline in the incident window or just before it, where
 * the departure began; lanes without a significant, persistent change are left out. Sorted by onset time
 * (then by score, strongest first).
 *
 * Per lane: points are cleaned (non-finite dropped, sorted by time, duplicate timestamps averaged). The
 * baseline is summarised by its median and MAD (widened for autocorrelation). Points from
 * `window.from - lookbackMs` to `window.to` are standardised, clipped to ±`clip` and fed to a two-sided
 * CUSUM with `drift` and `threshold`: a lone outlier cannot raise an alarm, a persistent departure
 * (step, ramp or burst of a few points) does. The onset is then placed by fitting "baseline, then a free
 * line" up to the alarm, which finds where a step or a ramp begins rather than where it peaks. Lanes with
 * too little baseline (including empty and single-point lanes) are skipped; constant lanes never alarm.
 */
export function rankOnsets(lanes: readonly Lane[], window: TimeRange, options: OnsetOptions = {}): Onset[] {
  assertOnsetInput(window, options);
  const onsets: Onset[] = [];
  for (const lane of lanes) {
    for (const onset of laneOnsets(lane, window, options)) {
      onsets.push(onset);
    }
  }
  return onsets.sort(
    (a, b) => a.time - b.time || b.score - a.score || (a.laneId < b.laneId ? -1 : a.laneId > b.laneId ? 1 : 0)
  );
}
