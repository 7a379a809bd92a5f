/**
 * Where a departure from a known baseline begins, fitted as a step or as a hinge (flat, then a linear trend),
 * with a profile-likelihood interval for the start.
 *
 * Inputs are standardised so that the baseline is 0 with unit noise, signed so that the departure is positive.
 */

export type DepartureShape = 'step' | 'ramp';

export interface DepartureFit {
  /** Index of the first point of the departure (for a ramp, the first point after its kink). */
  start: number;
  shape: DepartureShape;
  /** Indices [lower, upper] of the starts the data cannot tell apart from `start` (about 95 %). */
  lower: number;
  upper: number;
  /** Step height, or ramp slope per time unit, of the fitted departure. */
  size: number;
}

/** 95 % quantile of the chi-square distribution with 1 degree of freedom (scipy.stats.chi2.ppf(0.95, 1)). */
export const CHI2_1_95 = 3.841458820694124;

/** Huber's tuning constant, in noise scales: residuals beyond it count linearly, not quadratically. */
const HUBER_K = 2;
/** Reweighting passes of the robust (Huber) fit. */
const ROBUST_PASSES = 3;

/** Rise lengths, in samples, of the ramp-then-level models tried besides the step and the open ramp. */
function riseLengths(limit: number): number[] {
  const lengths: number[] = [];
  for (let r = 2; r < limit; r = r < 4 ? r + 1 : Math.ceil(r * 1.5)) {
    lengths.push(r);
  }
  return lengths;
}

/** Rises shorter than this many samples are steps. */
const MIN_RAMP_SAMPLES = 4;

/** Forward prefix sums of w, w·z, w·z², w·u, w·u·z and w·u² with u the time in sampling steps from t[from]. */
class WeightedSums {
  readonly w: Float64Array;
  readonly wz: Float64Array;
  readonly wzz: Float64Array;
  readonly wu: Float64Array;
  readonly wuz: Float64Array;
  readonly wuu: Float64Array;
  readonly u: Float64Array;

  constructor(z: Float64Array, t: Float64Array, weights: Float64Array, from: number, to: number) {
    const length = to - from;
    this.u = new Float64Array(length);
    const step = length > 1 ? (t[to - 1] - t[from]) / (length - 1) || 1 : 1;
    for (let k = 0; k < length; k++) {
      this.u[k] = (t[from + k] - t[from]) / step;
    }
    this.w = new Float64Array(length + 1);
    this.wz = new Float64Array(length + 1);
    this.wzz = new Float64Array(length + 1);
    this.wu = new Float64Array(length + 1);
    this.wuz = new Float64Array(length + 1);
    this.wuu = new Float64Array(length + 1);
    for (let k = 0; k < length; k++) {
      const w = weights[from + k];
      const y = z[from + k];
      const u = this.u[k];
      this.w[k + 1] = this.w[k] + w;
      this.wz[k + 1] = this.wz[k] + w * y;
      this.wzz[k + 1] = this.wzz[k] + w * y * y;
      this.wu[k + 1] = this.wu[k] + w * u;
      this.wuz[k + 1] = this.wuz[k] + w * u * y;
      this.wuu[k + 1] = this.wuu[k] + w * u * u;
    }
  }

  /**
   * Gain (reduction of the weighted residual sum of squares) and size of the regressor that is 0 before
   * s, rises linearly from s to e and stays at 1 from e on (local indices, e ≤ length; e = length is an open
   * ramp, measured per sampling step; e = s a step).
   */
  fit(s: number, e: number, open: boolean): { gain: number; size: number } {
    const end = this.w.length - 1;
    const span = open ? 1 : this.u[Math.min(e, end - 1)] - this.u[s] || 1;
    const us = this.u[s];
    const rampXZ = this.wuz[e] - this.wuz[s] - us * (this.wz[e] - this.wz[s]);
    const rampXX = this.wuu[e] - this.wuu[s] - 2 * us * (this.wu[e] - this.wu[s]) + us * us * (this.w[e] - this.w[s]);
    const xz = rampXZ / span + (open ? 0 : this.wz[end] - this.wz[e]);
    const xx = rampXX / (span * span) + (open ? 0 : this.w[end] - this.w[e]);
    return xz > 0 && xx > 0 ? { gain: (xz * xz) / xx, size: xz / xx } : { gain: 0, size: 0 };
  }
}

interface ModelFit {
  start: number;
  /** Local index where the rise ends (= start for a step, = length for an open ramp). */
  end: number;
  open: boolean;
  size: number;
  /**
   * How well every start with this rise length fits, in units of -2 log-likelihood (see bestModel): with the
   * baseline's noise, the reduction of the weighted residual sum of squares over "no departure".
   */
  gains: Float64Array;
}

type Rise = number | 'open';

/** Where bestModel looks: starts in [first, last] (local indices) and these rise lengths. */
interface Search {
  first: number;
  last: number;
  rises: Rise[];
}

function allRises(length: number, allowRamp: boolean): Rise[] {
  return [0, ...(allowRamp ? [...riseLengths(length), 'open' as const] : [])];
}

/**
 * The best start and rise over the family: step, ramp then level (rise lengths of riseLengths), open ramp;
 * within `search` when given. Gains of starts not searched are -Infinity.
 *
 * `variance`: the noise variance of the departure, in baseline noise units (at least 1). With 1, the gain of
 * a start is the least-squares gain. A departure noisier than its baseline (counts that go from none to a
 * few dozen per bucket, a lane whose baseline was constant) has the points before its start weighted as
 * baseline noise and the points from its start by 1 / variance, each of these costing the log of the
 * variance too. Its gain is then minus the -2 log-likelihood Σ_{k<d} w z² + (Σ_{k≥d} w z² − gain) / variance
 * + (n − d) ln variance, d the first point off the baseline (s for a step, s + 1 after a ramp's kink at s),
 * and beats no departure when above −Σ w z². (Differences of these stay exact where
 * a gain measured from "no departure" would lose them next to the sum of squares of a departure that is
 * billions of baseline scales high.)
 */
function bestModel(sums: WeightedSums, allowRamp: boolean, search?: Search, variance = 1): ModelFit | undefined {
  const length = sums.u.length;
  let best: ModelFit | undefined;
  const total = sums.wzz[length];
  const none = variance === 1 ? 0 : -total;
  let bestGain = none;
  const rises = search?.rises ?? allRises(length, allowRamp);
  const first = search?.first ?? 0;
  const last = Math.min(length - 1, search?.last ?? length - 1);
  const logVariance = Math.log(variance);
  // The departure's own noise starts where it leaves the baseline: at a step's start, after a ramp's kink.
  const startGain = (s: number, gain: number, departs: number) =>
    variance === 1
      ? gain
      : -(sums.wzz[departs] + (total - sums.wzz[departs] - gain) / variance + (length - departs) * logVariance);
  for (const rise of rises) {
    const gains = new Float64Array(length).fill(-Infinity);
    let top = -1;
    for (let s = first; s <= last; s++) {
      const open = rise === 'open';
      const e = open ? length : Math.min(length, s + rise);
      if (!open && rise > 0 && s + rise >= length) {
        break;
      }
      const fitted = sums.fit(s, e, open);
      // Only departures in the positive direction count.
      const gain = fitted.gain > 0 ? startGain(s, fitted.gain, rise === 0 ? s : Math.min(length, s + 1)) : none;
      gains[s] = gain;
      if (top < 0 || gain > gains[top]) {
        top = s;
      }
    }
    if (top >= 0 && gains[top] > bestGain) {
      const open = rise === 'open';
      const end = open ? length : Math.min(length, top + rise);
      bestGain = gains[top];
      best = { start: top, end, open, size: sums.fit(top, end, open).size, gains };
    }
  }
  return best;
}

/** Ranges longer than this are fitted on block means first, then at full resolution near the coarse fit. */
const COARSE_LIMIT = 3000;
/** Blocks of the coarse fit. */
const COARSE_BLOCKS = 1000;

/**
 * The coarse fit of a long range on block means (each weighted by its size, so gains keep their scale):
 * the starts the full-resolution fit then searches (three blocks either side), and the
 * coarse interval in full indices. null when no departure fits at all.
 */
function coarseSearch(
  z: Float64Array,
  t: Float64Array,
  from: number,
  to: number,
  allowRamp: boolean
): { search: Search; interval: (widening: number) => [number, number] } | null {
  const length = to - from;
  const block = Math.ceil(length / COARSE_BLOCKS);
  const count = Math.ceil(length / block);
  const means = new Float64Array(count);
  const times = new Float64Array(count);
  const sizes = new Float64Array(count);
  for (let k = 0; k < length; k++) {
    const b = Math.floor(k / block);
    means[b] += z[from + k];
    times[b] += t[from + k];
    sizes[b]++;
  }
  for (let b = 0; b < count; b++) {
    means[b] /= sizes[b];
    times[b] /= sizes[b];
  }
  const sums = new WeightedSums(means, times, sizes, 0, count);
  const model = bestModel(sums, allowRamp);
  if (!model) {
    return null;
  }
  const interval = (widening: number): [number, number] => {
    let lower = model.start;
    let upper = model.start;
    const floor = model.gains[model.start] - CHI2_1_95 * widening;
    model.gains.forEach((gain, b) => {
      if (gain >= floor) {
        lower = Math.min(lower, b);
        upper = Math.max(upper, b);
      }
    });
    return [from + lower * block, Math.min(to - 1, from + (upper + 1) * block)];
  };
  return {
    search: {
      first: Math.max(0, (model.start - 3) * block),
      last: Math.min(length - 1, (model.start + 4) * block),
      // Few starts are searched, so every rise length can be: the coarse rise is only known to a block.
      rises: allRises(length, allowRamp),
    },
    interval,
  };
}

/**
 * bestModel within `search`, moved along while its best start sits on an edge of the searched starts (the
 * coarse fit places the start to a block, not the start and the rise together).
 */
function bestModelNear(sums: WeightedSums, allowRamp: boolean, search: Search, variance: number): ModelFit | undefined {
  const length = sums.u.length;
  const width = search.last - search.first;
  let current = search;
  let model = bestModel(sums, allowRamp, current, variance);
  for (let move = 0; model && move < MAX_SEARCH_MOVES; move++) {
    const atFirst = model.start === current.first && current.first > 0;
    const atLast = model.start === current.last && current.last < length - 1;
    if (!atFirst && !atLast) {
      break;
    }
    const first = Math.max(0, Math.min(length - 1 - width, model.start - (width >> 1)));
    current = { ...current, first, last: Math.min(length - 1, first + width) };
    search.first = Math.min(search.first, current.first);
    search.last = Math.max(search.last, current.last);
    model = bestModel(sums, allowRamp, current, variance);
  }
  return model;
}

/** How many times the fine search may move along. */
const MAX_SEARCH_MOVES = 8;

/**
 * Noise variance of a departure's residuals (from its start on), in baseline noise units: their mean square,
 * at least 1. A departure is never taken for quieter than its baseline, which the standardisation made unit.
 * (Not the MAD: shares and counts of a few events repeat the same values, and half of their residuals can be
 * exactly 0.)
 */
function departureVariance(residuals: Float64Array): number {
  let squares = 0;
  for (let k = 0; k < residuals.length; k++) {
    squares += residuals[k] * residuals[k];
  }
  const variance = residuals.length > 0 ? squares / residuals.length : 1;
  return Number.isFinite(variance) ? Math.max(1, variance) : 1;
}

/** Upper bound of the residual autocorrelation used to widen the interval. */
const MAX_RESIDUAL_CORRELATION = 0.99;

/**
 * (1 + ρ) / (1 − ρ) for the lag-one autocorrelation ρ of the fit's residuals (clipped to [0, 0.99]): the
 * factor by which autocorrelated noise inflates the variance of sums, and so the width the likelihood
 * bound needs. 1 for independent noise.
 */
function longRunFactor(
  z: Float64Array,
  weights: Float64Array,
  from: number,
  to: number,
  model: ModelFit,
  sums: WeightedSums,
  variance: number
): number {
  const { start, end, open, size } = model;
  const span = open ? 1 : sums.u[Math.min(end, sums.u.length - 1)] - sums.u[start] || 1;
  const departureScale = Math.sqrt(variance);
  const departs = end > start || open ? start + 1 : start;
  let lagged = 0;
  let squares = 0;
  let previous = 0;
  for (let k = 0; k < to - from; k++) {
    const x = k < start ? 0 : k >= end && !open ? 1 : (sums.u[k] - sums.u[start]) / span;
    const residual = (weights[from + k] * (z[from + k] - size * x)) / (k < departs ? 1 : departureScale);
    squares += residual * residual;
    if (k > 0) {
      lagged += residual * previous;
    }
    previous = residual;
  }
  const rho = squares > 0 ? Math.min(MAX_RESIDUAL_CORRELATION, Math.max(0, lagged / squares)) : 0;
  return (1 + rho) / (1 - rho);
}

/**
 * The departure in z[from..to) that best explains the points as "baseline (0), then a step, a ramp that
 * levels off, or an open ramp" (maximum likelihood over start and rise length), fitted robustly: least
 * squares reweighted with Huber's weights (k = 2 noise scales), so outliers neither pull the start nor fake
 * a departure. A ramp is dated by its kink: the first point after the last point on the baseline. The interval holds the starts
 * whose fit, at the chosen rise length, is within the 95 % chi-square(1) bound of the best: a
 * profile-likelihood interval with the noise variance 1 by standardisation.
 *
 * The departure's points are weighted by its own noise, the mean square of the fit's residuals from its start
 * (at least the baseline's, re-estimated at each reweighting pass). Counts that go from none to a few dozen
 * per bucket, or any lane whose baseline was constant (so that its noise scale is a tiny fraction of its
 * level), depart with noise billions of baseline scales wide; fitted as if it were the baseline's, that noise
 * would place the start, and a step off a constant baseline would be dated as a ramp from a point before the
 * first point that left it, its interval missing that point.
 * Returns undefined when no departure in the positive direction fits.
 */
export function fitDeparture(
  z: Float64Array,
  t: Float64Array,
  from: number,
  to: number,
  allowRamp = true
): DepartureFit | undefined {
  if (to - from < 1) {
    return undefined;
  }
  const coarse = to - from > COARSE_LIMIT ? coarseSearch(z, t, from, to, allowRamp) : undefined;
  if (coarse === null) {
    return undefined;
  }
  const weights = new Float64Array(z.length).fill(1);
  let model: ModelFit | undefined;
  let sums: WeightedSums | undefined;
  let variance = 1;
  let fittedVariance = 1;
  for (let pass = 0; pass < ROBUST_PASSES; pass++) {
    sums = new WeightedSums(z, t, weights, from, to);
    model = coarse
      ? bestModelNear(sums, allowRamp, coarse.search, variance)
      : bestModel(sums, allowRamp, undefined, variance);
    if (!model) {
      return undefined;
    }
    fittedVariance = variance;
    const { start, end, open, size } = model;
    const span = open ? 1 : sums.u[Math.min(end, sums.u.length - 1)] - sums.u[start] || 1;
    const residuals = new Float64Array(to - from);
    for (let k = 0; k < to - from; k++) {
      const x = k < start ? 0 : k >= end && !open ? 1 : (sums.u[k] - sums.u[start]) / span;
      residuals[k] = z[from + k] - size * x;
    }
    const departs = end > start || open ? start + 1 : start;
    variance = departureVariance(residuals.subarray(departs));
    const departureScale = Math.sqrt(variance);
    for (let k = 0; k < to - from; k++) {
      const residual = Math.abs(residuals[k]) / (k < departs ? 1 : departureScale);
      weights[from + k] = residual > HUBER_K ? HUBER_K / residual : 1;
    }
  }
  if (!model || !sums) {
    return undefined;
  }
  const rampSamples = model.open ? Infinity : model.end - model.start;
  // A rise's model is 0 at its kink, so its first departed point is the next one.
  const shift = model.end > model.start || model.open ? 1 : 0;
  const last = to - 1;
  const fit: DepartureFit = {
    start: Math.min(last, from + model.start + shift),
    shape: rampSamples >= MIN_RAMP_SAMPLES ? 'ramp' : 'step',
    lower: Math.min(last, from + model.start + shift),
    upper: Math.min(last, from + model.start + shift),
    size: model.size,
  };
  const widening = longRunFactor(z, weights, from, to, model, sums, fittedVariance);
  const floor = model.gains[model.start] - CHI2_1_95 * widening;
  for (let k = 0; k < model.gains.length; k++) {
    if (model.gains[k] >= floor) {
      fit.lower = Math.min(fit.lower, from + k + shift);
      fit.upper = Math.max(fit.upper, Math.min(last, from + k + shift));
    }
  }
  // A fine interval that reaches the edge of the fine search goes on beyond it: take the coarse one there,
  // widened for autocorrelation as the fine one is.
  if (coarse) {
    const [coarseLower, coarseUpper] = coarse.interval(widening);
    if (fit.lower <= from + coarse.search.first + shift) {
      fit.lower = Math.min(fit.lower, coarseLower);
    }
    if (fit.upper >= Math.min(last, from + coarse.search.last + shift)) {
      fit.upper = Math.max(fit.upper, coarseUpper);
    }
  }
  return fit;
}

/** Least-squares line sums over a range, from prefix sums of 1, t, t², y, t·y and y². */
class LineSums {
  private readonly sums: Float64Array[];

  constructor(y: Float64Array, t: Float64Array) {
    const n = y.length;
    this.sums = Array.from({ length: 6 }, () => new Float64Array(n + 1));
    const [s1, st, stt, sy, sty, syy] = this.sums;
    const origin = n > 0 ? t[0] : 0;
    for (let i = 0; i < n; i++) {
      const time = t[i] - origin;
      s1[i + 1] = s1[i] + 1;
      st[i + 1] = st[i] + time;
      stt[i + 1] = stt[i] + time * time;
      sy[i + 1] = sy[i] + y[i];
      sty[i + 1] = sty[i] + time * y[i];
      syy[i + 1] = syy[i] + y[i] * y[i];
    }
  }

  /** Residual sum of squares of the least-squares line through points [from, to). */
  rss(from: number, to: number): number {
    const [s1, st, stt, sy, sty, syy] = this.sums.map((s) => s[to] - s[from]);
    if (s1 < 1) {
      return 0;
    }
    const ctt = stt - (st * st) / s1;
    const cty = sty - (st * sy) / s1;
    const cyy = syy - (sy * sy) / s1;
    return Math.max(0, ctt > 0 ? cyy - (cty * cty) / ctt : cyy);
  }

  /** The least-squares line through points [from, to), evaluated at time offset `time` (from t[0]). */
  valueAt(from: number, to: number, time: number): number {
    const [s1, st, stt, sy, sty] = this.sums.map((s) => s[to] - s[from]);
    if (s1 < 1) {
      return 0;
    }
    const ctt = stt - (st * st) / s1;
    const slope = ctt > 0 ? (sty - (st * sy) / s1) / ctt : 0;
    return sy / s1 + slope * (time - st / s1);
  }
}

export interface SplitFit {
  /** Index of the first point after the split. */
  at: number;
  lower: number;
  upper: number;
  /** Level of the line after the split minus the line before it, at the split. */
  jump: number;
}

/**
 * The best split of y[from..to) into two lines (each with its own level and slope), searched within
 * [searchFrom, searchTo], with a profile-likelihood interval: the splits whose residual sum of squares is
 * within chi-square(1) 95 % of the best, in units of the residual variance.
 */
export function fitSplit(
  y: Float64Array,
  t: Float64Array,
  from: number,
  to: number,
  searchFrom: number,
  searchTo: number,
  minPoints = 2
): SplitFit | undefined {
  const sums = new LineSums(y, t);
  const first = Math.max(searchFrom, from + minPoints);
  const last = Math.min(searchTo, to - minPoints);
  if (first > last) {
    return undefined;
  }
  const rss = new Float64Array(last - first + 1);
  let best = 0;
  for (let p = first; p <= last; p++) {
    rss[p - first] = sums.rss(from, p) + sums.rss(p, to);
    if (rss[p - first] < rss[best]) {
      best = p - first;
    }
  }
  const variance = Math.max(rss[best] / Math.max(1, to - from - 4), 1e-12);
  const at = first + best;
  let lower = at;
  let upper = at;
  for (let k = 0; k < rss.length; k++) {
    if ((rss[k] - rss[best]) / variance <= CHI2_1_95) {
      lower = Math.min(lower, first + k);
      upper = Math.max(upper, first + k);
    }
  }
  const time = t[at] - t[0];
  return { at, lower, upper, jump: sums.valueAt(at, to, time) - sums.valueAt(from, at, time) };
}
