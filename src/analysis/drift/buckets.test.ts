import bucketFixture from '../__fixtures__/drift/buckets.json';
import {
  alignBucketLayouts,
  BUCKET_DRIFT_METHODS,
  bucketDrift,
  BucketDriftMethod,
  CumulativeBucket,
  perBucketCounts,
  prepareBucketBaseline,
  scoreBucketWindows,
  bucketLabel,
  formatLe,
} from './buckets';
import {
  bucketsFromCounters,
  counterIncreases,
  exponentialBounds,
  nativeHistogramBounds,
  nativeHistogramToBuckets,
  NativeHistogram,
} from './bucketSeries';
import { DriftInputError } from './errors';
import { expectStatisticClose } from './testSupport';

function toBuckets(raw: Array<{ le: number | string; count: number }>): CumulativeBucket[] {
  return raw.map(({ le, count }) => ({ le: le === 'Infinity' ? Infinity : Number(le), count }));
}

function errorOf(action: () => unknown): DriftInputError {
  try {
    action();
  } catch (error) {
    if (error instanceof DriftInputError) {
      return error;
    }
    throw error;
  }
  throw new Error('expected a DriftInputError');
}

describe('bucketDrift matches numpy / scipy on per-bucket counts', () => {
  const methods: BucketDriftMethod[] = ['psi', 'jensenshannon', 'ks', 'hellinger'];
  const cases = bucketFixture.cases.flatMap((c) => methods.map((m) => [c.name, m, c] as const));
  it.each(cases)('%s / %s', (_name, method, testCase) => {
    const score = bucketDrift(toBuckets(testCase.reference), toBuckets(testCase.current), method);
    expectStatisticClose(score, testCase[method], method);
  });

  // Whole counts below 65536 are scored from tables; halves and large counts take Math.log and
  // Math.sqrt. Scaling every count leaves the shares, and so the reference values, unchanged.
  const scaledCases = bucketFixture.cases.flatMap((c) =>
    [0.5, 1000].flatMap((scale) => methods.map((m) => [c.name, scale, m, c] as const))
  );
  it.each(scaledCases)('%s with counts × %s / %s', (_name, scale, method, testCase) => {
    const scaled = (raw: Array<{ le: number | string; count: number }>) =>
      toBuckets(raw).map(({ le, count }) => ({ le, count: count * scale }));
    const score = bucketDrift(scaled(testCase.reference), scaled(testCase.current), method);
    expectStatisticClose(score, testCase[method], method);
  });

  // The same cases through the JavaScript loop, which scores where WebAssembly is refused.
  it.each(cases)('%s / %s without WebAssembly', (_name, method, testCase) => {
    const aligned = alignBucketLayouts(toBuckets(testCase.reference), toBuckets(testCase.current));
    const baseline = prepareBucketBaseline(perBucketCounts(aligned.reference));
    const scores = scoreBucketWindows(baseline, perBucketCounts(aligned.current), [method], 'javascript');
    expectStatisticClose(scores[method]![0], testCase[method], method);
  });

  it('scores all four methods at once exactly as one at a time', () => {
    const [first, second] = bucketFixture.cases;
    const baseline = prepareBucketBaseline(perBucketCounts(toBuckets(first.reference)));
    // Windows of whole counts, of halves, of counts above the tables, and an empty one.
    const windows = [first.current, second.current, first.reference].flatMap((raw) =>
      [1, 0.5, 100000].map((scale) => Array.from(perBucketCounts(toBuckets(raw)), (count) => count * scale))
    );
    windows.push(new Array(windows[0].length).fill(0));
    const counts = Float64Array.from(windows.flat());
    const all = scoreBucketWindows(baseline, counts, BUCKET_DRIFT_METHODS);
    for (const method of BUCKET_DRIFT_METHODS) {
      const one = scoreBucketWindows(baseline, counts, [method])[method]!;
      expect(Array.from(all[method]!)).toEqual(Array.from(one));
      expect(Number.isNaN(one[windows.length - 1])).toBe(true);
    }
  });

  it('is zero for identical histograms and symmetric where the measure is', () => {
    const [first] = bucketFixture.cases;
    const reference = toBuckets(first.reference);
    const current = toBuckets(first.current);
    for (const method of methods) {
      expect(bucketDrift(reference, reference, method)).toBe(0);
    }
    for (const method of ['jensenshannon', 'ks', 'hellinger'] as const) {
      expectStatisticClose(bucketDrift(reference, current, method), bucketDrift(current, reference, method), method);
    }
  });
});

describe('bucket layouts', () => {
  const fine: CumulativeBucket[] = [
    { le: 0.1, count: 10 },
    { le: 0.25, count: 30 },
    { le: 0.5, count: 50 },
    { le: 1, count: 80 },
    { le: Infinity, count: 100 },
  ];
  const coarse: CumulativeBucket[] = [
    { le: 0.25, count: 20 },
    { le: 1, count: 60 },
    { le: Infinity, count: 100 },
  ];

  it('coarsens the finer layout to the common bounds when one contains the other', () => {
    const aligned = alignBucketLayouts(fine, coarse);
    expect(aligned.bounds).toEqual([0.25, 1, Infinity]);
    expect(aligned.reference.map((b) => b.count)).toEqual([30, 80, 100]);
    // ks at the common bounds: |0.3 − 0.2|, |0.8 − 0.6|, 0.
    expect(bucketDrift(fine, coarse, 'ks')).toBeCloseTo(0.2, 12);
    expect(bucketDrift(coarse, fine, 'ks')).toBeCloseTo(0.2, 12);
  });

  it('rejects layouts where neither contains the other', () => {
    const other = [
      { le: 0.3, count: 5 },
      { le: Infinity, count: 10 },
    ];
    const error = errorOf(() => bucketDrift(fine, other, 'psi'));
    expect(error.code).toBe('BUCKET_LAYOUT_MISMATCH');
    expect(error.message).toMatch(/sum by \(le\)/);
  });

  it.each([
    [
      'non-cumulative counts',
      [
        { le: 0.5, count: 10 },
        { le: 1, count: 4 },
        { le: Infinity, count: 12 },
      ],
      'NON_MONOTONIC_BUCKETS',
      /decrease from le=0.5 to le=1: the series is not cumulative; query the _bucket series with increase\(\) and sum by \(le\)/,
    ],
    [
      'negative count',
      [
        { le: 1, count: -1 },
        { le: Infinity, count: 3 },
      ],
      'NEGATIVE_COUNT',
      /increase\(\)/,
    ],
    [
      'missing +Inf',
      [
        { le: 1, count: 1 },
        { le: 2, count: 3 },
      ],
      'INVALID_BUCKETS',
      /\+Inf/,
    ],
    [
      'unsorted le',
      [
        { le: 2, count: 1 },
        { le: 1, count: 3 },
        { le: Infinity, count: 3 },
      ],
      'INVALID_BUCKETS',
      /ascending/,
    ],
    ['no buckets', [], 'EMPTY_INPUT', /no buckets/],
    [
      'no observations',
      [
        { le: 1, count: 0 },
        { le: Infinity, count: 0 },
      ],
      'ZERO_TOTAL',
      /no observations/,
    ],
  ])('%s is rejected with an actionable message', (_name, buckets, code, message) => {
    const error = errorOf(() => bucketDrift(buckets, fine, 'hellinger'));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });
});

describe('counter increases', () => {
  it('adds deltas and treats a drop as a reset whose increase is the new value', () => {
    const series = { times: [0, 10, 20, 30, 40, 50], values: [5, 8, 12, 3, 6, 6] };
    // Window (0, 30]: 3 + 4 + 3 (reset: new value) = 10; window (30, 50]: 3 + 0.
    expect(Array.from(counterIncreases(series, [0, 30, 50]))).toEqual([10, 3]);
  });

  it('window increases add up to the increase over the whole span', () => {
    const series = { times: [1, 2, 3, 4, 5, 6, 7], values: [0, 2, 2, 9, 1, 4, 4] };
    const parts = counterIncreases(series, [0, 2.5, 5, 7]).reduce((a, b) => a + b, 0);
    expect(parts).toBe(counterIncreases(series, [0, 7])[0]);
  });

  it('builds cumulative buckets from _bucket counters', () => {
    const times = [0, 60, 120];
    const buckets = bucketsFromCounters(
      [
        { le: '+Inf', times, values: [100, 130, 170] },
        { le: '0.5', times, values: [40, 50, 60] },
        { le: '1', times, values: [80, 100, 125] },
      ],
      0,
      120
    );
    expect(buckets).toEqual([
      { le: 0.5, count: 20 },
      { le: 1, count: 45 },
      { le: Infinity, count: 70 },
    ]);
  });

  it('rejects unsorted times and duplicate le', () => {
    expect(errorOf(() => counterIncreases({ times: [2, 1], values: [1, 2] }, [0, 3])).code).toBe('INVALID_ARGUMENT');
    const times = [0];
    expect(
      errorOf(() =>
        bucketsFromCounters(
          [
            { le: '1', times, values: [1] },
            { le: '1.0', times, values: [1] },
            { le: '+Inf', times, values: [1] },
          ],
          0,
          1
        )
      ).code
    ).toBe('INVALID_BUCKETS');
  });
});

describe('native histograms', () => {
  const histogram: NativeHistogram = {
    count: '10',
    sum: '3.2',
    buckets: [
      [3, '-0.001', '0.001', '1'],
      [0, '0.25', '0.5', '4'],
      [0, '0.5', '1', '3'],
      [0, '1', '2', '2'],
    ],
  };

  it('converts to cumulative buckets on its own bounds exactly', () => {
    expect(nativeHistogramToBuckets(histogram)).toEqual([
      { le: 0.001, count: 1 },
      { le: 0.5, count: 5 },
      { le: 1, count: 8 },
      { le: 2, count: 10 },
      { le: Infinity, count: 10 },
    ]);
  });

  it('splits a bucket linearly when a bound falls inside it', () => {
    const buckets = nativeHistogramToBuckets(histogram, [0.75, 1.5]);
    expect(buckets).toEqual([
      { le: 0.75, count: 6.5 },
      { le: 1.5, count: 9 },
      { le: Infinity, count: 10 },
    ]);
  });

  it('collects bounds across samples and builds exponential bounds', () => {
    expect(nativeHistogramBounds([histogram, { buckets: [[0, '2', '4', '1']] }])).toEqual([
      0.001,
      0.5,
      1,
      2,
      4,
      Infinity,
    ]);
    expect(exponentialBounds(0.5, 2, 3)).toEqual([0.5, 1, 2, Infinity]);
  });

  it('rejects negative bucket counts', () => {
    expect(errorOf(() => nativeHistogramToBuckets({ buckets: [[0, '1', '2', '-3']] })).code).toBe('NEGATIVE_COUNT');
  });
});

describe('formatLe and bucketLabel', () => {
  it('prints bounds as Prometheus does', () => {
    expect(formatLe(0.5)).toBe('0.5');
    expect(formatLe(1)).toBe('1');
    expect(formatLe(0)).toBe('0');
    expect(formatLe(16384)).toBe('16384');
    expect(formatLe(100000)).toBe('100000');
    expect(formatLe(1e6)).toBe('1e+06');
    expect(formatLe(2.5e6)).toBe('2.5e+06');
    expect(formatLe(0.0001)).toBe('0.0001');
    expect(formatLe(0.00001)).toBe('1e-05');
    expect(formatLe(Infinity)).toBe('+Inf');
  });

  it('labels a bar by its bound, to 4 significant digits', () => {
    expect(bucketLabel(0.30000000000000004)).toBe('≤0.3');
    expect(bucketLabel(1234.5678)).toBe('≤1235');
    expect(bucketLabel(Infinity)).toBe('+Inf');
  });
});
