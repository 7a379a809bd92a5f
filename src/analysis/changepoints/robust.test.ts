import fc from 'fast-check';

import { differenceScale, madScale, median, runningMedian } from './robust';

function sortedMedian(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const samples = fc.array(fc.integer({ min: -50, max: 50 }), { minLength: 1, maxLength: 60 });

describe('robust helpers', () => {
  it('median agrees with sorting, duplicates included, and leaves its input alone', () => {
    fc.assert(
      fc.property(samples, (values) => {
        const copy = [...values];
        expect(median(values)).toBe(sortedMedian(values));
        expect(values).toEqual(copy);
      })
    );
    expect(median([])).toBeNaN();
  });

  it('runningMedian agrees with the median of each shrunk window', () => {
    fc.assert(
      fc.property(samples, fc.integer({ min: 0, max: 6 }), (values, halfWidth) => {
        const expected = values.map((_, i) =>
          sortedMedian(values.slice(Math.max(0, i - halfWidth), Math.min(values.length, i + halfWidth + 1)))
        );
        expect(Array.from(runningMedian(values, halfWidth))).toEqual(expected);
      })
    );
  });

  it('scales the MAD to a normal standard deviation', () => {
    expect(madScale([1, 2, 3, 4, 100])).toBeCloseTo(1.4826, 10);
  });

  it('measures noise from differences, ignoring a level shift', () => {
    const values = Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? 1 : -1) + (i >= 100 ? 50 : 0));
    // Differences are ±2 except one, so the scale is 1.4826 · 2 / √2.
    expect(differenceScale(values)).toBeCloseTo((1.4826 * 2) / Math.SQRT2, 10);
  });
});
