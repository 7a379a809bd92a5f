import ksFixture from '../__fixtures__/drift/ks.json';
import kstwoFixture from '../__fixtures__/drift/kstwo.json';
import wassersteinFixture from '../__fixtures__/drift/wasserstein.json';
import chiFixture from '../__fixtures__/drift/chisquare.json';
import zFixture from '../__fixtures__/drift/ztest.json';
import { kolmogorovSmirnovTwoSidedSurvival } from '../stats/kolmogorov';
import { DriftInputError } from './errors';
import { chiSquareTest, ksTwoSample, proportionZTest, wassersteinDistance } from './twoSample';
import { expectPValueClose, expectStatisticClose, FixtureSample, fixtureValues } from './testSupport';

interface SampleCase {
  name: string;
  reference: FixtureSample;
  current: FixtureSample;
}

const ksCases = (ksFixture.cases as Array<SampleCase & { statistic: number; pValue: number }>).map(
  (c) => [c.name, c] as const
);
const wassersteinCases = (wassersteinFixture.cases as Array<SampleCase & { distance: number }>).map(
  (c) => [c.name, c] as const
);

describe('ksTwoSample matches scipy.stats.ks_2samp', () => {
  it.each(ksCases)('%s', (_name, testCase) => {
    const result = ksTwoSample(fixtureValues(testCase.reference), fixtureValues(testCase.current));
    expectStatisticClose(result.statistic, testCase.statistic, 'statistic');
    expectPValueClose(result.pValue, testCase.pValue, 'pValue');
    expect(result.droppedNonFinite).toBe(0);
  });

  it('accepts plain arrays and drops non-finite values, counting them', () => {
    const testCase = ksFixture.cases[0] as SampleCase & { statistic: number; pValue: number };
    const reference = [...fixtureValues(testCase.reference), NaN, Infinity];
    const current = [-Infinity, ...fixtureValues(testCase.current)];
    const result = ksTwoSample(reference, current);
    expect(result.droppedNonFinite).toBe(3);
    expectStatisticClose(result.statistic, testCase.statistic, 'statistic');
    expectPValueClose(result.pValue, testCase.pValue, 'pValue');
  });
});

describe('kstwo survival function matches scipy.stats.kstwo.sf', () => {
  it.each(kstwoFixture.points.map((p) => [p.n, p.d, p] as const))('n=%d d=%d', (_n, _d, point) => {
    expectPValueClose(kolmogorovSmirnovTwoSidedSurvival(point.n, point.d), point.sf, `sf(${point.d}, ${point.n})`);
  });
});

describe('wassersteinDistance matches scipy.stats.wasserstein_distance', () => {
  it.each(wassersteinCases)('%s', (_name, testCase) => {
    const distance = wassersteinDistance(fixtureValues(testCase.reference), fixtureValues(testCase.current));
    expectStatisticClose(distance, testCase.distance, 'distance');
  });
});

describe('chiSquareTest matches scipy.stats.chi2_contingency(correction=False)', () => {
  it.each(chiFixture.cases.map((c) => [c.name, c] as const))('%s', (_name, testCase) => {
    const result = chiSquareTest(testCase.reference, testCase.current);
    expectStatisticClose(result.statistic, testCase.statistic, 'statistic');
    expectPValueClose(result.pValue, testCase.pValue, 'pValue');
    expect(result.dof).toBe(testCase.dof);
  });

  it('drops categories that are zero on both sides before counting degrees of freedom', () => {
    const result = chiSquareTest([5, 0, 7, 2], [3, 0, 9, 4]);
    expect(result.dof).toBe(2);
    expect(result.droppedEmptyCategories).toBe(1);
  });
});

describe('proportionZTest matches the pooled two-proportion z-test', () => {
  it.each(
    zFixture.cases.map((c) => [`${c.refSuccesses}/${c.refTotal} vs ${c.curSuccesses}/${c.curTotal}`, c] as const)
  )('%s', (_name, testCase) => {
    const result = proportionZTest(testCase.refSuccesses, testCase.refTotal, testCase.curSuccesses, testCase.curTotal);
    expectStatisticClose(result.statistic, testCase.statistic, 'statistic');
    expectPValueClose(result.pValue, testCase.pValue, 'pValue');
  });
});

function thrownCode(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(DriftInputError);
    expect((error as DriftInputError).message.length).toBeGreaterThan(40);
    return (error as DriftInputError).code;
  }
  throw new Error('expected a DriftInputError');
}

describe('input errors on raw samples', () => {
  it.each([
    ['empty reference', () => ksTwoSample([], [1, 2]), 'EMPTY_INPUT'],
    ['empty current', () => wassersteinDistance([1, 2], new Float64Array(0)), 'EMPTY_INPUT'],
    ['all NaN', () => ksTwoSample([NaN, NaN], [1, 2]), 'ALL_NON_FINITE'],
    ['all infinite', () => wassersteinDistance([1, 2], [Infinity, -Infinity]), 'ALL_NON_FINITE'],
    ['one same value on both sides (ks)', () => ksTwoSample([3, 3, 3], [3, 3]), 'SINGLE_VALUE'],
    ['one same value on both sides (wasserstein)', () => wassersteinDistance([3], [3, 3]), 'SINGLE_VALUE'],
    ['negative count', () => chiSquareTest([1, -2], [3, 4]), 'NEGATIVE_COUNT'],
    ['NaN count', () => chiSquareTest([1, NaN], [3, 4]), 'ALL_NON_FINITE'],
    ['mismatched lengths', () => chiSquareTest([1, 2, 3], [3, 4]), 'LENGTH_MISMATCH'],
    ['zero total', () => chiSquareTest([0, 0], [3, 4]), 'ZERO_TOTAL'],
    ['single category', () => chiSquareTest([5, 0], [3, 0]), 'SINGLE_VALUE'],
    ['invalid proportion', () => proportionZTest(5, 3, 1, 2), 'INVALID_ARGUMENT'],
    ['no variation in proportions', () => proportionZTest(0, 10, 0, 20), 'SINGLE_VALUE'],
  ])('%s', (_name, action, code) => {
    expect(thrownCode(action)).toBe(code);
  });

  it('a single value on one side only is a valid comparison', () => {
    expect(ksTwoSample([3, 3, 3], [3, 4]).statistic).toBeCloseTo(0.5, 12);
  });
});
