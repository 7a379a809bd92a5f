import {
  BucketCounterSeries,
  BUCKET_DRIFT_METHODS,
  bucketDrift,
  bucketScoresAt,
  bucketsFromCounters,
  computeDriftOverTime,
} from '..';
import { DriftInputError } from './errors';
import { minuteBucketCounters } from './testSupport';

const MINUTE = 60_000;
/** Counters from -100 min to +120 min (see minuteBucketCounters). */
function bucketSeries(shiftAt: number, quiet?: { from: number; to: number }): BucketCounterSeries[] {
  return minuteBucketCounters(shiftAt, { to: 120 * MINUTE, quiet });
}

const baselineRange = { from: -100 * MINUTE, to: 0 };

describe('bucketScoresAt', () => {
  it('scores each sliding window as bucketDrift on the buckets built from the counters, for every method', () => {
    const buckets = bucketSeries(60 * MINUTE);
    const evaluationTimes = Array.from({ length: 24 }, (_, k) => (k + 1) * 5 * MINUTE);
    const windowMs = 20 * MINUTE;
    const baseline = bucketsFromCounters(buckets, baselineRange.from, baselineRange.to);
    for (const method of BUCKET_DRIFT_METHODS) {
      const scores = bucketScoresAt(
        { feature: 'latency', buckets },
        { baseline: { range: baselineRange }, evaluationTimes, windowMs, method }
      );
      expect(scores).toHaveLength(evaluationTimes.length);
      evaluationTimes.forEach((t, k) => {
        const expected = bucketDrift(baseline, bucketsFromCounters(buckets, t - windowMs, t), method);
        expect(Math.abs(scores[k] - expected)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(expected)));
      });
      // Windows wholly before the shift match the baseline's mix; windows after it do not.
      expect(scores[5]).toBeLessThan(scores[evaluationTimes.length - 1]);
    }
  });

  it('gives the windows of computeDriftOverTime at evaluations one window apart', () => {
    const buckets = bucketSeries(60 * MINUTE);
    const windowMs = 10 * MINUTE;
    const overTime = computeDriftOverTime([{ feature: 'latency', buckets, method: 'hellinger' }], {
      range: { from: 0, to: 120 * MINUTE },
      baseline: { mode: 'fixed', range: baselineRange },
      windowMs,
    });
    const windows = overTime.features[0].windows;
    const scores = bucketScoresAt(
      { feature: 'latency', buckets },
      { baseline: { range: baselineRange }, evaluationTimes: windows.map((w) => w.to), windowMs, method: 'hellinger' }
    );
    windows.forEach((window, k) => expect(scores[k]).toBeCloseTo(window.score!, 12));
  });

  it('records nothing (NaN) for a window without observations', () => {
    const buckets = bucketSeries(Infinity, { from: 30 * MINUTE, to: 70 * MINUTE });
    const scores = bucketScoresAt(
      { feature: 'latency', buckets },
      {
        baseline: { range: baselineRange },
        evaluationTimes: [20 * MINUTE, 60 * MINUTE, 100 * MINUTE],
        windowMs: 20 * MINUTE,
        method: 'psi',
      }
    );
    expect(Number.isFinite(scores[0])).toBe(true);
    expect(scores[1]).toBeNaN();
    expect(Number.isFinite(scores[2])).toBe(true);
  });

  it('scores against a baseline window shifted back from each evaluation, and records nothing without one', () => {
    const buckets = bucketSeries(60 * MINUTE);
    const evaluationTimes = [-60 * MINUTE, 30 * MINUTE, 80 * MINUTE, 110 * MINUTE];
    const windowMs = 20 * MINUTE;
    const shift = { shiftMs: 60 * MINUTE, durationMs: 30 * MINUTE };
    const scores = bucketScoresAt(
      { feature: 'latency', buckets },
      { baseline: shift, evaluationTimes, windowMs, method: 'ks' }
    );
    // Before the first scrape there is no baseline: nothing is recorded, never a false score.
    expect(scores[0]).toBeNaN();
    evaluationTimes.slice(1).forEach((t, i) => {
      const expected = bucketDrift(
        bucketsFromCounters(buckets, t - shift.shiftMs - shift.durationMs, t - shift.shiftMs),
        bucketsFromCounters(buckets, t - windowMs, t),
        'ks'
      );
      expect(scores[i + 1]).toBeCloseTo(expected, 12);
    });
    // 110 min: the window is after the shift, its baseline (20–50 min) before it.
    expect(scores[3]).toBeGreaterThan(0.1);
    expect(() =>
      bucketScoresAt(
        { feature: 'latency', buckets },
        { baseline: { shiftMs: 0, durationMs: 1 }, evaluationTimes, windowMs, method: 'ks' }
      )
    ).toThrow(/baseline shift 0 ms is invalid/);
  });

  it('refuses a baseline without observations, and bad options, with what to change', () => {
    const buckets = bucketSeries(Infinity);
    const options = { evaluationTimes: [10 * MINUTE], windowMs: 5 * MINUTE, method: 'psi' as const };
    expect(() =>
      bucketScoresAt(
        { feature: 'latency', buckets },
        { ...options, baseline: { range: { from: -500 * MINUTE, to: -400 * MINUTE } } }
      )
    ).toThrow(/feature 'latency': the baseline has no le="\+Inf" samples/);
    expect(() =>
      bucketScoresAt({ feature: 'latency', buckets }, { ...options, baseline: { range: baselineRange }, windowMs: 0 })
    ).toThrow(DriftInputError);
    expect(() =>
      bucketScoresAt(
        { feature: 'latency', buckets },
        { ...options, baseline: { range: baselineRange }, method: 'wasserstein' as never }
      )
    ).toThrow(/unknown bucket drift method/);
  });
});
