/**
 * Score calibration: a reliability diagram's points. Scores are cut into equal-width bins; each bin gives
 * the mean predicted score and the observed rate of the outcome (the share of rows whose outcome is
 * positive), as sklearn's calibration_curve(strategy='uniform') does.
 */
import { DriftInputError, MAX_BINS } from '../analysis';
import { fromUnits, sumUnit } from './sums';
import { assertBoundaries } from './arguments';
import { TimeWindow } from './windows';

export interface CalibrationBin {
  from: number;
  to: number;
  meanPredicted: number;
  observedRate: number;
  count: number;
}

export interface CalibrationCurve {
  bins: CalibrationBin[];
  /** Rows used: finite score and outcome, inside the window. */
  size: number;
  /** Over the rows used; 0 when there are none (size 0). */
  meanPredicted: number;
  observedRate: number;
}

/** Equal-width edges over [low, high]; one bin when the range is empty. */
export function uniformEdges(low: number, high: number, bins: number): Float64Array {
  const count = Math.max(1, Math.floor(bins));
  const span = high > low ? high - low : 1;
  if (!(count <= MAX_BINS) || !Number.isFinite(low) || !Number.isFinite(low + span)) {
    throw new DriftInputError(
      'OUT_OF_RANGE',
      `${bins} bins from ${low} to ${high} cannot be drawn: use at most ${MAX_BINS} bins over a finite score range`
    );
  }
  // span · (i / count), not span · i / count: a span near 1.8e308 times i would overflow.
  return Float64Array.from({ length: count + 1 }, (_, i) => (i === count ? low + span : low + span * (i / count)));
}

/** Outcome values: positive when > 0 (1, true), negative when 0; anything else is missing. */
export function outcomeValue(raw: unknown): number {
  if (raw === true || raw === 'true' || raw === 'True' || raw === 'yes') {
    return 1;
  }
  if (raw === false || raw === 'false' || raw === 'False' || raw === 'no') {
    return 0;
  }
  const value = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
  return Number.isFinite(value) ? (value > 0 ? 1 : 0) : NaN;
}

/** The reliability curve of rows in the window; empty bins are left out. */
export function calibrationCurve(
  times: ArrayLike<number>,
  scores: ArrayLike<number>,
  outcomes: ArrayLike<number>,
  window: TimeWindow,
  edges: Float64Array
): CalibrationCurve {
  assertBoundaries(edges, 'bin');
  const bins = edges.length - 1;
  const sums = new Float64Array(bins);
  const positives = new Float64Array(bins);
  const counts = new Float64Array(bins);
  const low = edges[0];
  const high = edges[bins];
  const width = (high - low) / bins;
  // Scores lie within the edges: summed in units of the largest edge, sums of scores near ±1.8e308 stay finite.
  const unit = sumUnit(Math.max(Math.abs(low), Math.abs(high)));
  let size = 0;
  let scoreSum = 0;
  let positiveSum = 0;
  for (let i = 0; i < scores.length; i++) {
    const t = times[i];
    const score = scores[i];
    const outcome = outcomes[i];
    if (!(t >= window.from && t < window.to) || !Number.isFinite(score) || !Number.isFinite(outcome)) {
      continue;
    }
    if (score < low || score > high) {
      continue;
    }
    const bin = Math.min(bins - 1, Math.max(0, Math.floor((score - low) / width)));
    sums[bin] += score / unit;
    positives[bin] += outcome;
    counts[bin]++;
    size++;
    scoreSum += score / unit;
    positiveSum += outcome;
  }
  const result: CalibrationBin[] = [];
  for (let bin = 0; bin < bins; bin++) {
    if (counts[bin] > 0) {
      result.push({
        from: edges[bin],
        to: edges[bin + 1],
        meanPredicted: fromUnits(sums[bin] / counts[bin], unit),
        observedRate: positives[bin] / counts[bin],
        count: counts[bin],
      });
    }
  }
  return {
    bins: result,
    size,
    meanPredicted: size ? fromUnits(scoreSum / size, unit) : 0,
    observedRate: size ? positiveSum / size : 0,
  };
}
