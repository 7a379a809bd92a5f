import { bucketDrift } from './buckets';
import { bucketsFromCounters, BucketCounterSeries } from './bucketSeries';
import { detectDrift } from './detect';
import { DriftInputError } from './errors';
import { minuteBucketCounters } from './testSupport';
import {
  computeDriftOverTime,
  DriftWindow,
  FeatureDrift,
  latestDriftRun,
  rankFeatures,
  resolveBaseline,
} from './windows';

const MINUTE = 60_000;
const range = { from: 0, to: 100 * MINUTE };

/** One sample per second; values from a smooth deterministic pattern, shifted after `shiftAt`. */
function sampleSeries(feature: string, shiftAt: number, shift: number) {
  const times: number[] = [];
  const values: number[] = [];
  for (let t = 0; t <= range.to; t += 1000) {
    times.push(t);
    values.push(Math.sin(t / 7777) * 3 + ((t / 1000) % 17) / 4 + (t >= shiftAt ? shift : 0));
  }
  return { feature, times, values };
}

describe('resolveBaseline', () => {
  it.each([
    [{ mode: 'fixed', range: { from: -50, to: -10 } }, { from: -50, to: -10 }, range],
    [{ mode: 'previousPeriod' }, { from: -100 * MINUTE, to: 0 }, range],
    [
      { mode: 'timeShift', shiftMs: 7 * 24 * 60 * MINUTE },
      { from: -7 * 24 * 60 * MINUTE, to: 100 * MINUTE - 7 * 24 * 60 * MINUTE },
      range,
    ],
    [
      { mode: 'firstPercent', percent: 20 },
      { from: 0, to: 20 * MINUTE },
      { from: 20 * MINUTE, to: 100 * MINUTE },
    ],
  ] as const)('%o', (baseline, expectedBaseline, expectedCurrent) => {
    expect(resolveBaseline(range, baseline)).toEqual({
      baselineRange: expectedBaseline,
      currentRange: expectedCurrent,
    });
  });

  it.each([
    [{ mode: 'firstPercent', percent: 0 }],
    [{ mode: 'firstPercent', percent: 100 }],
    [{ mode: 'timeShift', shiftMs: -5 }],
    [{ mode: 'fixed', range: { from: 10, to: 10 } }],
  ] as const)('rejects %o', (baseline) => {
    expect(() => resolveBaseline(range, baseline)).toThrow(DriftInputError);
  });
});

describe('computeDriftOverTime on samples', () => {
  const shiftAt = 60 * MINUTE;
  const result = computeDriftOverTime([sampleSeries('stable', Infinity, 0), sampleSeries('shifted', shiftAt, 2)], {
    range,
    baseline: { mode: 'firstPercent', percent: 20 },
    windowMs: 10 * MINUTE,
  });

  it('ranks the shifted feature first and finds where the drift began', () => {
    expect(result.features.map((f) => f.feature)).toEqual(['shifted', 'stable']);
    const shifted = result.features[0];
    expect(shifted.windows).toHaveLength(8);
    expect(shifted.driftStart).toEqual({ index: 4, from: shiftAt, to: shiftAt + 10 * MINUTE });
    expect(shifted.windows.slice(4).every((w) => w.drifted)).toBe(true);
    expect(result.features[1].driftStart).toBeNull();
  });

  it('scores each window exactly as detectDrift does on that window', () => {
    const series = sampleSeries('shifted', shiftAt, 2);
    const feature = result.features[0];
    const inRange = (from: number, to: number, closed: boolean) =>
      series.values.filter(
        (_, i) => series.times[i] >= from && (closed ? series.times[i] <= to : series.times[i] < to)
      );
    const baseline = inRange(0, 20 * MINUTE, false);
    const expectedOverall = detectDrift(baseline, inRange(20 * MINUTE, range.to, true));
    expect(feature.method).toBe(expectedOverall.method);
    expect(feature.score).toBe(expectedOverall.score);
    feature.windows.forEach((window, k) => {
      const last = k === feature.windows.length - 1;
      const expected = detectDrift(baseline, inRange(window.from, window.to, last), { method: feature.method as 'ks' });
      expect(window.score).toBe(expected.score);
      expect(window.count).toBe(expected.currentSize);
    });
  });

  it('returns baseline and current histograms for display', () => {
    const { histogram } = result.features[0];
    expect(histogram?.type).toBe('bins');
    if (histogram?.type === 'bins') {
      expect(histogram.edges.length).toBe(histogram.reference.length + 1);
      expect(histogram.reference.reduce((a, b) => a + b, 0)).toBe(20 * 60);
      expect(histogram.current.reduce((a, b) => a + b, 0)).toBe(80 * 60 + 1);
    }
  });

  it('marks windows without data instead of failing, and lists unusable features as problems', () => {
    const gappy = sampleSeries('gappy', Infinity, 0);
    const keep = gappy.times.map((t) => t < 30 * MINUTE || t >= 40 * MINUTE);
    const outcome = computeDriftOverTime(
      [
        {
          feature: 'gappy',
          times: gappy.times.filter((_, i) => keep[i]),
          values: gappy.values.filter((_, i) => keep[i]),
        },
        { feature: 'nothing before', times: [50 * MINUTE, 60 * MINUTE], values: [1, 2] },
      ],
      { range, baseline: { mode: 'firstPercent', percent: 20 }, windowMs: 10 * MINUTE }
    );
    expect(outcome.features[0].windows[1]).toMatchObject({ score: null, problem: 'EMPTY_INPUT', count: 0 });
    expect(outcome.problems).toEqual([expect.objectContaining({ feature: 'nothing before', code: 'EMPTY_INPUT' })]);
  });

  it('rejects an invalid window size', () => {
    expect(() => computeDriftOverTime([], { range, baseline: { mode: 'previousPeriod' }, windowMs: 0 })).toThrow(
      DriftInputError
    );
  });
});

describe('computeDriftOverTime on histogram buckets', () => {
  /** Counters scraped every minute; after `shiftAt` observations move to slower buckets. */
  function bucketSeries(shiftAt: number): BucketCounterSeries[] {
    return minuteBucketCounters(shiftAt, { to: range.to });
  }

  const shiftAt = 70 * MINUTE;
  const result = computeDriftOverTime(
    [
      { feature: 'latency_stable', buckets: bucketSeries(Infinity) },
      { feature: 'latency_slow', buckets: bucketSeries(shiftAt), method: 'psi' },
    ],
    { range, baseline: { mode: 'previousPeriod' }, windowMs: 10 * MINUTE }
  );

  it('ranks the shifted histogram first and dates the drift', () => {
    expect(result.features.map((f) => f.feature)).toEqual(['latency_slow', 'latency_stable']);
    const slow = result.features[0];
    expect(slow.method).toBe('psi');
    expect(slow.scoreKind).toBe('distance');
    expect(slow.driftStart?.from).toBe(shiftAt);
    expect(result.features[1].method).toBe('jensenshannon');
  });

  it('scores each window as bucketDrift on the buckets built from the counters', () => {
    const series = bucketSeries(shiftAt);
    const baseline = bucketsFromCounters(series, -100 * MINUTE, 0);
    const slow = result.features[0];
    for (const window of slow.windows) {
      const current = bucketsFromCounters(series, window.from, window.to);
      expect(window.score).toBeCloseTo(bucketDrift(baseline, current, 'psi'), 12);
    }
    expect(slow.histogram).toMatchObject({ type: 'buckets', upperBounds: [0.1, 0.5, 1, Infinity] });
  });
});

describe('computeDriftOverTime with bucket layouts that change', () => {
  const times = Array.from({ length: 201 }, (_, i) => -100 * MINUTE + i * MINUTE);
  const counter = (perMinute: number, from = -Infinity, to = Infinity) => {
    const kept = times.filter((t) => t >= from && t < to);
    return { times: kept, values: kept.map((t) => ((t + 100 * MINUTE) / MINUTE) * perMinute) };
  };

  it('coarsens windows to the baseline layout when buckets were added later', () => {
    const result = computeDriftOverTime(
      [
        {
          feature: 'rebucketed',
          buckets: [
            { le: '0.5', ...counter(3) },
            { le: '0.25', ...counter(1, MINUTE) },
            { le: '+Inf', ...counter(5) },
          ],
        },
      ],
      { range, baseline: { mode: 'previousPeriod' }, windowMs: 20 * MINUTE }
    );
    const [feature] = result.features;
    expect(result.problems).toEqual([]);
    expect(feature.histogram).toMatchObject({ upperBounds: [0.5, Infinity] });
    expect(feature.windows.every((w) => w.score !== null && w.score < 1e-9)).toBe(true);
  });

  it('marks windows whose layout neither contains nor is contained in the baseline one', () => {
    const result = computeDriftOverTime(
      [
        {
          feature: 'moved',
          buckets: [
            { le: '0.5', ...counter(3, -Infinity, 50 * MINUTE) },
            { le: '1', ...counter(4, 50 * MINUTE) },
            { le: '+Inf', ...counter(5) },
          ],
        },
      ],
      { range, baseline: { mode: 'previousPeriod' }, windowMs: 25 * MINUTE }
    );
    expect(result.problems).toEqual([]);
    const problems = result.features[0].windows.map((w) => w.problem ?? null);
    expect(problems).toEqual([null, null, 'BUCKET_LAYOUT_MISMATCH', 'BUCKET_LAYOUT_MISMATCH']);
  });
});

describe('rankFeatures', () => {
  const feature = (name: string, severity: number): FeatureDrift =>
    ({ feature: name, severity }) as unknown as FeatureDrift;

  it('orders by severity, then by name', () => {
    const ranked = rankFeatures([feature('b', 1), feature('a', 1), feature('c', 3), feature('d', 0.2)]);
    expect(ranked.map((f) => f.feature)).toEqual(['c', 'a', 'b', 'd']);
  });
});

describe('latestDriftRun ("drifting since")', () => {
  /** d: drifted, c: clean, u: unscored; one 10-minute window each. */
  const windowsOf = (pattern: string): DriftWindow[] =>
    [...pattern].map((mark, i) => ({
      from: i * 10 * MINUTE,
      to: (i + 1) * 10 * MINUTE,
      score: mark === 'u' ? null : mark === 'd' ? 0.5 : 0.01,
      drifted: mark === 'd',
      severity: mark === 'u' ? null : mark === 'd' ? 5 : 0.1,
      count: 100,
    }));

  it('starts at the first drifted window of the run that reaches the end', () => {
    expect(latestDriftRun(windowsOf('ccdddd'))?.index).toBe(2);
    expect(latestDriftRun(windowsOf('ccddddcc'))?.index).toBe(2);
  });

  it('is not moved later by one clean window inside the run, nor by unscored ones', () => {
    expect(latestDriftRun(windowsOf('ccddcddd'))?.index).toBe(2);
    expect(latestDriftRun(windowsOf('ccdduuudd'))?.index).toBe(2);
  });

  it('is moved by two clean windows in a row: drift that stopped and came back', () => {
    expect(latestDriftRun(windowsOf('ccddccdd'))?.index).toBe(6);
  });

  it('is null without a drifted window', () => {
    expect(latestDriftRun(windowsOf('ccucc'))).toBeNull();
  });
});
