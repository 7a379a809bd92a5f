import { bucketQuantile, sampleQuantiles, sampleQuantilesOverTime, sortedQuantile, stepBoundaries } from './quantiles';
import { calibrationCurve, outcomeValue, uniformEdges } from './calibration';
import { classBalanceOverTime } from './classBalance';

describe('quantiles', () => {
  it('interpolates between order statistics as numpy does', () => {
    expect(sortedQuantile([1, 2, 3, 4], 50)).toBe(2.5);
    expect(sampleQuantiles(Float64Array.from([4, 1, 3, 2]), [0, 25, 100])).toEqual([1, 1.75, 4]);
    // Nothing to take a percentile of is a typed error, not a NaN for the table to show.
    expect(() => sortedQuantile([], 50)).toThrow(expect.objectContaining({ code: 'EMPTY_INPUT' }));
    expect(() => sortedQuantile([1, 2], NaN)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    // Ends near ±1.8e308 do not overflow the interpolation.
    expect(sortedQuantile([-1e308, 1e308], 50)).toBe(0);
  });

  it('follows histogram_quantile on cumulative buckets', () => {
    const buckets = [
      { le: 0.1, count: 10 },
      { le: 0.5, count: 30 },
      { le: 1, count: 40 },
      { le: Infinity, count: 40 },
    ];
    // rank 20: half-way through (0.1, 0.5].
    expect(bucketQuantile(0.5, buckets)).toBeCloseTo(0.3, 10);
    // The lowest bucket starts at 0.
    expect(bucketQuantile(0.125, buckets)).toBeCloseTo(0.05, 10);
    // Ranks in +Inf answer the highest finite bound.
    expect(bucketQuantile(0.99, [...buckets.slice(0, 3), { le: Infinity, count: 50 }])).toBe(1);
    // Where Prometheus answers NaN or ±Inf, a typed error says why.
    expect(() => bucketQuantile(0.5, [{ le: Infinity, count: 0 }])).toThrow(
      expect.objectContaining({ code: 'INVALID_BUCKETS' })
    );
    expect(() =>
      bucketQuantile(0.5, [
        { le: 1, count: 0 },
        { le: Infinity, count: 0 },
      ])
    ).toThrow(expect.objectContaining({ code: 'ZERO_TOTAL' }));
    expect(() => bucketQuantile(1.5, buckets)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(
      bucketQuantile(0.5, [
        { le: -1, count: 5 },
        { le: Infinity, count: 5 },
      ])
    ).toBe(-1);
  });

  it('computes quantiles per window', () => {
    const boundaries = stepBoundaries(0, 20, 10);
    const fan = sampleQuantilesOverTime([0, 1, 2, 11, 12, NaN], [1, 2, 3, 10, 20, 5], boundaries, [50]);
    expect(fan.values[0]).toEqual([2, 15]);
    expect(fan.counts).toEqual([3, 2]);
  });

  it('leaves a window without values as a gap, and refuses unusable boundaries or steps', () => {
    const fan = sampleQuantilesOverTime([0, 1, 25], [1, 2, 3], stepBoundaries(0, 30, 10), [50]);
    expect(fan.values[0]).toEqual([1.5, NaN, 3]);
    expect(() => sampleQuantilesOverTime([0], [1], [])).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => stepBoundaries(0, 10, 0)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => stepBoundaries(0, 1e12, 1)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});

describe('calibration', () => {
  it('gives mean predicted and observed rate per bin', () => {
    const curve = calibrationCurve(
      [0, 1, 2, 3],
      [0.1, 0.15, 0.9, 0.95],
      [0, 1, 1, 1],
      { from: 0, to: 10 },
      uniformEdges(0, 1, 2)
    );
    expect(curve.bins).toHaveLength(2);
    expect(curve.bins[0].meanPredicted).toBeCloseTo(0.125);
    expect(curve.bins[0].observedRate).toBe(0.5);
    expect(curve.bins[1].observedRate).toBe(1);
    expect(outcomeValue('true')).toBe(1);
    expect(outcomeValue('x')).toBeNaN();
  });
});

describe('class balance', () => {
  it('gives shares per window and the baseline positive rate', () => {
    const balance = classBalanceOverTime(
      [0, 1, 2, 11, 12],
      ['a', 'b', 'b', 'a', 'a'],
      [0, 10, 20],
      { from: 0, to: 10 },
      ['b', 'a']
    );
    expect(balance.positive).toBe('b');
    expect(balance.shares[0]).toEqual([2 / 3, 0]);
    expect(balance.baselineRate).toBeCloseTo(2 / 3);
  });
});
