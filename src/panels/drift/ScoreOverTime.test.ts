import { pValueSplits } from './ScoreOverTime';

const exponents = (splits: number[]) => splits.map((value) => Math.round(Math.log10(value)));

describe('the p-value axis labels', () => {
  it('labels every decade when there is room', () => {
    expect(exponents(pValueSplits(1e-4, 1, 200))).toEqual([-4, -3, -2, -1, 0]);
  });

  it('labels every third decade of 1e-12 … 1 in a 90 px chart, keeping p = 1', () => {
    // 90 px hold 4 labels 20 px apart; 12 decades need a step of 3.
    expect(exponents(pValueSplits(1e-12, 1, 90))).toEqual([-12, -9, -6, -3, 0]);
  });

  it('keeps labels at least 20 px apart at any height', () => {
    for (const height of [30, 60, 90, 150, 300]) {
      const splits = pValueSplits(1e-12, 1, height);
      const pxPerDecade = height / 12;
      const spacing = (Math.log10(splits[1]) - Math.log10(splits[0])) * pxPerDecade;
      expect(splits.length).toBeGreaterThanOrEqual(2);
      expect(spacing).toBeGreaterThanOrEqual(20 - 1e-9);
      expect(splits[splits.length - 1]).toBe(1);
    }
  });

  it('gives no labels for a scale it cannot place', () => {
    expect(pValueSplits(0, 1, 90)).toEqual([]);
    expect(pValueSplits(Number.NaN, 1, 90)).toEqual([]);
    expect(pValueSplits(1e-3, 1, 0)).toEqual([]);
  });
});
