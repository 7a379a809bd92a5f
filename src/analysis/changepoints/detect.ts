import { differenceScale, madScale, median, runningMedian } from './robust';

export type SegmentModel = 'meanVariance' | 'linearTrend';

export interface ChangePointOptions {
  /**
   * Segment model. 'linearTrend' (default): each segment has its own mean, slope and variance, so a steady
   * trend is one segment and a ramp is cut where it starts and ends. 'meanVariance': the classic
   * piecewise-constant mean and variance.
   */
  model?: SegmentModel;
  /**
   * Upper bound of the lag-one residual autocorrelation used to inflate the automatic penalty (0 turns the
   * inflation off). Default 0.99.
   */
  maxCorrelation?: number;
  /**
   * Cost added per change point, in units of the cost (twice the negative Gaussian log-likelihood).
   * Default: `penaltyPerLogN * log(n)`, inflated for autocorrelated noise; an explicit penalty is used as is.
   */
  penalty?: number;
  /** Multiplier of log(n) for the automatic penalty. Default 2.75. */
  penaltyPerLogN?: number;
  /**
   * Minimum number of finite points in a segment. Default: a fifth of the series, between 3 and 10 points
   * (at least 2), so that a series of 15 points can still have a change.
   */
  minSegmentLength?: number;
  /**
   * Residuals from a running median are clipped at this many robust noise scales before the cost is
   * computed, so single outliers of heavy-tailed noise cannot open segments of their own. Default 4;
   * Infinity turns clipping off.
   */
  clipScales?: number;
}

const DEFAULTS = {
  penaltyPerLogN: 2.75,
  clipScales: 4,
  model: 'linearTrend' as SegmentModel,
  maxCorrelation: 0.99,
};

/** Default minimum segment length: n / 5 points, clamped to [3, 10]. */
function defaultMinSegment(n: number): number {
  return Math.min(10, Math.max(3, Math.floor(n / 5)));
}

/** Each change's position is re-optimised within this many points once the set of changes is final. */
const FINAL_PLACEMENT_POINTS = 2;

/** Re-segmentations with an autocorrelation-inflated penalty, at most. */
const INFLATION_PASSES = 3;

/** Longer series are segmented on block boundaries first, then each change is refined locally. */
const EXACT_LIMIT = 600;
/** Number of blocks for a series longer than EXACT_LIMIT. */
const BLOCKS = 400;

/** The finite values and the input index of each. */
function finitePoints(values: ArrayLike<number>): { x: Float64Array; index: Int32Array } {
  const index: number[] = [];
  for (let i = 0; i < values.length; i++) {
    if (Number.isFinite(values[i])) {
      index.push(i);
    }
  }
  const x = new Float64Array(index.length);
  index.forEach((i, k) => (x[k] = values[i]));
  return { x, index: Int32Array.from(index) };
}

/**
 * Standardises by a robust centre and noise scale, then clips residuals from a running median.
 * Returns undefined when the series has no spread at all.
 */
function robustStandardise(x: Float64Array, halfWidth: number, clipScales: number): Float64Array | undefined {
  const center = median(x);
  let scale = differenceScale(x);
  if (!(scale > 0)) {
    scale = madScale(x, center);
  }
  if (!(scale > 0)) {
    let spread = 0;
    for (const v of x) {
      spread = Math.max(spread, Math.abs(v - center));
    }
    if (!(spread > 0)) {
      return undefined;
    }
    scale = spread;
  }
  const z = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    z[i] = (x[i] - center) / scale;
  }
  if (!Number.isFinite(clipScales)) {
    return z;
  }
  const level = runningMedian(z, halfWidth);
  for (let i = 0; i < z.length; i++) {
    const residual = z[i] - level[i];
    if (residual > clipScales) {
      z[i] = level[i] + clipScales;
    } else if (residual < -clipScales) {
      z[i] = level[i] - clipScales;
    }
  }
  return z;
}

/** Cost of the points [from, to) as one segment. */
interface SegmentCost {
  segment(from: number, to: number): number;
  /** Residuals of the points [from, to) from the segment's fitted mean, written into `out` at the same indices. */
  residuals(from: number, to: number, z: Float64Array, out: Float64Array): void;
}

/** Prefix sums of x and x² so any segment's Gaussian mean-variance cost is O(1). */
class MeanVarianceCost implements SegmentCost {
  private readonly sum: Float64Array;
  private readonly sumSquares: Float64Array;

  constructor(
    z: Float64Array,
    private readonly varianceFloor: number
  ) {
    this.sum = new Float64Array(z.length + 1);
    this.sumSquares = new Float64Array(z.length + 1);
    for (let i = 0; i < z.length; i++) {
      this.sum[i + 1] = this.sum[i] + z[i];
      this.sumSquares[i + 1] = this.sumSquares[i] + z[i] * z[i];
    }
  }

  /** m·log(σ̂²) of points [from, to): twice the negative log-likelihood up to a constant per point. */
  segment(from: number, to: number): number {
    const m = to - from;
    const s = this.sum[to] - this.sum[from];
    const variance = (this.sumSquares[to] - this.sumSquares[from] - (s * s) / m) / m;
    return m * Math.log(variance > this.varianceFloor ? variance : this.varianceFloor);
  }

  residuals(from: number, to: number, z: Float64Array, out: Float64Array): void {
    const mean = (this.sum[to] - this.sum[from]) / (to - from);
    for (let i = from; i < to; i++) {
      out[i] = z[i] - mean;
    }
  }
}

/**
 * Gaussian cost of a segment with a linear trend and its own variance: m·log(RSS/m) of the least-squares
 * line through the segment, from prefix sums of t, t², y, t·y and y².
 */
class LinearTrendCost implements SegmentCost {
  private readonly sumT: Float64Array;
  private readonly sumTT: Float64Array;
  private readonly sumY: Float64Array;
  private readonly sumTY: Float64Array;
  private readonly sumYY: Float64Array;

  constructor(
    z: Float64Array,
    private readonly varianceFloor: number
  ) {
    const n = z.length;
    this.sumT = new Float64Array(n + 1);
    this.sumTT = new Float64Array(n + 1);
    this.sumY = new Float64Array(n + 1);
    this.sumTY = new Float64Array(n + 1);
    this.sumYY = new Float64Array(n + 1);
    for (let i = 0; i < n; i++) {
      const y = z[i];
      this.sumT[i + 1] = this.sumT[i] + i;
      this.sumTT[i + 1] = this.sumTT[i] + i * i;
      this.sumY[i + 1] = this.sumY[i] + y;
      this.sumTY[i + 1] = this.sumTY[i] + i * y;
      this.sumYY[i + 1] = this.sumYY[i] + y * y;
    }
  }

  segment(from: number, to: number): number {
    const m = to - from;
    const st = this.sumT[to] - this.sumT[from];
    const sy = this.sumY[to] - this.sumY[from];
    const ctt = this.sumTT[to] - this.sumTT[from] - (st * st) / m;
    const cty = this.sumTY[to] - this.sumTY[from] - (st * sy) / m;
    const cyy = this.sumYY[to] - this.sumYY[from] - (sy * sy) / m;
    const rss = ctt > 0 ? cyy - (cty * cty) / ctt : cyy;
    // Unbiased for a line's two fitted parameters: the maximum-likelihood RSS / m makes short segments look
    // less noisy than they are, which opened spurious segments of a few points.
    const variance = rss / Math.max(1, m - 2);
    return m * Math.log(variance > this.varianceFloor ? variance : this.varianceFloor);
  }

  residuals(from: number, to: number, z: Float64Array, out: Float64Array): void {
    const m = to - from;
    const st = this.sumT[to] - this.sumT[from];
    const sy = this.sumY[to] - this.sumY[from];
    const ctt = this.sumTT[to] - this.sumTT[from] - (st * st) / m;
    const cty = this.sumTY[to] - this.sumTY[from] - (st * sy) / m;
    const slope = ctt > 0 ? cty / ctt : 0;
    const meanT = st / m;
    const meanY = sy / m;
    for (let i = from; i < to; i++) {
      out[i] = z[i] - meanY - slope * (i - meanT);
    }
  }
}

/**
 * Lag-one autocorrelation of the residuals within the segments between consecutive `edges` (from the first
 * edge to the last), clipped to [0, maxCorrelation]; and the kurtosis of the residuals, each standardised by
 * its own segment's variance (3 for Gaussian noise).
 */
function residualShape(
  cost: SegmentCost,
  z: Float64Array,
  edges: readonly number[],
  maxCorrelation: number
): { correlation: number; kurtosis: number } {
  const residual = new Float64Array(z.length);
  let lagged = 0;
  let squares = 0;
  let fourth = 0;
  let count = 0;
  for (let k = 0; k + 1 < edges.length; k++) {
    cost.residuals(edges[k], edges[k + 1], z, residual);
    let segmentSquares = 0;
    for (let i = edges[k]; i < edges[k + 1]; i++) {
      segmentSquares += residual[i] * residual[i];
      if (i > edges[k]) {
        lagged += residual[i] * residual[i - 1];
      }
    }
    squares += segmentSquares;
    const variance = segmentSquares / (edges[k + 1] - edges[k]);
    if (variance > 0) {
      for (let i = edges[k]; i < edges[k + 1]; i++) {
        const u = (residual[i] * residual[i]) / variance;
        fourth += u * u;
        count++;
      }
    }
  }
  const correlation = squares > 0 ? Math.min(maxCorrelation, Math.max(0, lagged / squares)) : 0;
  return { correlation, kurtosis: count > 0 ? fourth / count : 3 };
}

function residualAutocorrelation(cost: SegmentCost, z: Float64Array, cuts: number[], maxCorrelation: number): number {
  return residualShape(cost, z, [0, ...cuts, z.length], maxCorrelation).correlation;
}

/**
 * Keeps only the changes that pay their penalty locally. A change's gain (the cost of its two neighbouring
 * segments as one, less their costs apart) must exceed the penalty times
 * - (1 + ρ) / (1 − ρ), ρ the lag-one autocorrelation of the residuals of those two segments: a smooth
 *   curve cut into lines leaves correlated residuals, so its cuts need more evidence, while a real shift
 *   between two well-fitting segments does not; a single global ρ cannot tell the two apart;
 * - max(1, (κ − 1) / 2), κ the kurtosis of those residuals: the variance part of the likelihood ratio
 *   scales by (κ − 1) / 2 under non-Gaussian noise, so heavy tails need more evidence too.
 * The weakest change is removed first, then the others are judged again against their new neighbours.
 */
function pruneCuts(
  cost: SegmentCost,
  z: Float64Array,
  cuts: number[],
  penalty: number,
  maxCorrelation: number
): number[] {
  const kept = cuts.slice();
  const ratio = (k: number): number => {
    const left = k > 0 ? kept[k - 1] : 0;
    const right = k + 1 < kept.length ? kept[k + 1] : z.length;
    const { correlation, kurtosis } = residualShape(cost, z, [left, kept[k], right], maxCorrelation);
    const required = penalty * ((1 + correlation) / (1 - correlation)) * Math.max(1, (kurtosis - 1) / 2);
    return (cost.segment(left, right) - cost.segment(left, kept[k]) - cost.segment(kept[k], right)) / required;
  };
  // Only the neighbours of a removed change need judging again.
  const ratios = kept.map((_, k) => ratio(k));
  for (;;) {
    let weakest = -1;
    for (let k = 0; k < ratios.length; k++) {
      if (ratios[k] < 1 && (weakest < 0 || ratios[k] < ratios[weakest])) {
        weakest = k;
      }
    }
    if (weakest < 0) {
      return kept;
    }
    kept.splice(weakest, 1);
    ratios.splice(weakest, 1);
    for (const k of [weakest - 1, weakest]) {
      if (k >= 0 && k < kept.length) {
        ratios[k] = ratio(k);
      }
    }
  }
}

/**
 * PELT (Killick et al. 2012) over the candidate boundaries `bounds` (ascending point indices from 0 to n).
 * Returns the chosen interior boundaries.
 */
function pelt(cost: SegmentCost, bounds: Int32Array, penalty: number, minSegment: number): number[] {
  const count = bounds.length;
  const best = new Float64Array(count);
  const previous = new Int32Array(count);
  best[0] = -penalty;
  const candidates = new Int32Array(count);
  const value = new Float64Array(count);
  let candidateCount = 0;
  let waiting = 0;
  for (let t = 1; t < count; t++) {
    const end = bounds[t];
    while (waiting < t && end - bounds[waiting] >= minSegment) {
      candidates[candidateCount++] = waiting++;
    }
    if (candidateCount === 0) {
      best[t] = Infinity;
      previous[t] = -1;
      continue;
    }
    let bestValue = Infinity;
    let bestStart = -1;
    for (let c = 0; c < candidateCount; c++) {
      const s = candidates[c];
      const v = best[s] + cost.segment(bounds[s], end);
      value[c] = v;
      if (v + penalty < bestValue) {
        bestValue = v + penalty;
        bestStart = s;
      }
    }
    best[t] = bestValue;
    previous[t] = bestStart;
    let kept = 0;
    for (let c = 0; c < candidateCount; c++) {
      if (value[c] <= bestValue) {
        candidates[kept++] = candidates[c];
      }
    }
    candidateCount = kept;
  }
  const cuts: number[] = [];
  for (let t = previous[count - 1]; t > 0; t = previous[t]) {
    cuts.push(bounds[t]);
  }
  return cuts.reverse();
}

/** Moves each block-level cut to the best point within one block of it, its neighbours held fixed. */
function refine(cost: SegmentCost, cuts: number[], n: number, blockSize: number, minSegment: number): number[] {
  const refined = cuts.slice();
  for (let k = 0; k < refined.length; k++) {
    const left = k > 0 ? refined[k - 1] : 0;
    const right = k + 1 < refined.length ? refined[k + 1] : n;
    const from = Math.max(left + minSegment, refined[k] - blockSize);
    const to = Math.min(right - minSegment, refined[k] + blockSize);
    let bestValue = Infinity;
    for (let p = from; p <= to; p++) {
      const v = cost.segment(left, p) + cost.segment(p, right);
      if (v < bestValue) {
        bestValue = v;
        refined[k] = p;
      }
    }
  }
  return refined;
}

/**
 * Indices where a new segment starts (ascending, 0 excluded) in a series whose level, trend or variance
 * shifts; [] when nothing changes.
 *
 * Method: PELT (Killick et al. 2012) minimising twice the negative Gaussian log-likelihood of segments
 * with their own mean, slope and variance (or mean and variance only, `model: 'meanVariance'`), plus a
 * penalty per change.
 * - Robustness: the series is standardised by its median and by the MAD of first differences (a noise
 *   scale that level shifts barely move), and residuals from a running median are clipped at
 *   `clipScales` noise scales. The running median follows steps, so clipping removes the isolated
 *   extremes of heavy-tailed noise, which would otherwise open variance segments of their own, while real
 *   shifts pass unchanged.
 * - Cost: a segment's line is fitted by least squares and its variance is the unbiased RSS / (m − 2), so a
 *   segment of a few points is not favoured by the downward bias of the maximum-likelihood variance.
 * - Penalty: the cost is scale-free, so the automatic penalty is BIC-like, `penaltyPerLogN * log n`. Real
 *   series often have autocorrelated noise, which makes every split look significant; the penalty is
 *   therefore multiplied by the long-run variance factor (1 + ρ) / (1 - ρ) of the lag-one autocorrelation
 *   ρ of the residuals within the found segments, re-segmenting until the factor settles. For independent
 *   noise ρ ≈ 0 and the penalty stays as it is. Then every change must pay the penalty locally, with the
 *   autocorrelation and kurtosis of its own two segments (see pruneCuts), and each remaining change is
 *   placed exactly within 2 points.
 * - Speed: above 600 points PELT runs on the boundaries of 400 blocks and each change is then placed
 *   exactly within one block of it.
 * - Adding a constant or scaling by a positive factor does not change the result. Non-finite values are
 *   skipped and the returned indices refer to the input positions.
 */
export function detectChangePoints(values: ArrayLike<number>, options: ChangePointOptions = {}): number[] {
  const { x, index } = finitePoints(values);
  const n = x.length;
  const minSegment = Math.max(2, Math.floor(options.minSegmentLength ?? defaultMinSegment(n)));
  if (n < 2 * minSegment) {
    return [];
  }
  const clipScales = options.clipScales ?? DEFAULTS.clipScales;
  const z = robustStandardise(x, Math.max(2, minSegment), clipScales);
  if (!z) {
    return [];
  }
  const penalty = options.penalty ?? (options.penaltyPerLogN ?? DEFAULTS.penaltyPerLogN) * Math.log(n);
  // Relative to the unit noise scale; keeps exactly constant stretches from scoring -Infinity.
  const cost =
    (options.model ?? DEFAULTS.model) === 'linearTrend' ? new LinearTrendCost(z, 1e-4) : new MeanVarianceCost(z, 1e-4);
  const blockSize = n > EXACT_LIMIT ? Math.ceil(n / BLOCKS) : 1;
  const blockCount = Math.ceil(n / blockSize);
  const bounds = new Int32Array(blockCount + 1);
  for (let b = 0; b <= blockCount; b++) {
    bounds[b] = Math.min(n, b * blockSize);
  }
  const segment = (pen: number) => {
    const cuts = pelt(cost, bounds, pen, minSegment);
    return blockSize > 1 ? refine(cost, cuts, n, blockSize, minSegment) : cuts;
  };
  let cuts = segment(penalty);
  const maxCorrelation = options.maxCorrelation ?? DEFAULTS.maxCorrelation;
  let inflation = 1;
  for (let pass = 0; options.penalty === undefined && maxCorrelation > 0 && pass < INFLATION_PASSES; pass++) {
    const rho = residualAutocorrelation(cost, z, cuts, maxCorrelation);
    const next = (1 + rho) / (1 - rho);
    if (next <= inflation * 1.05) {
      break;
    }
    inflation = next;
    cuts = segment(penalty * inflation);
  }
  if (options.penalty === undefined && maxCorrelation > 0) {
    cuts = refine(cost, pruneCuts(cost, z, cuts, penalty, maxCorrelation), n, FINAL_PLACEMENT_POINTS, minSegment);
  }
  return cuts.map((c) => index[c]);
}
