import distanceFixture from '../__fixtures__/drift/distances.json';
import edgesFixture from '../__fixtures__/drift/bin_edges.json';
import { hellingerDistance, jensenShannonDistance, klDivergence, psi } from './distances';
import { DriftInputError } from './errors';
import { histogramBinEdges, BinRule } from './histogram';
import { expectStatisticClose } from './testSupport';

describe('distances on counts match scipy / Evidently', () => {
  it.each(distanceFixture.cases.map((c) => [c.name, c] as const))('%s', (_name, testCase) => {
    const { reference, current } = testCase;
    expectStatisticClose(jensenShannonDistance(reference, current), testCase.jensenshannon, 'jensenshannon');
    expectStatisticClose(
      jensenShannonDistance(reference, current, 2),
      testCase.jensenshannonBase2,
      'jensenshannon base 2'
    );
    expectStatisticClose(psi(reference, current), testCase.psi, 'psi');
    expectStatisticClose(klDivergence(reference, current), testCase.kl, 'kl');
    expectStatisticClose(hellingerDistance(reference, current), testCase.hellinger, 'hellinger');
  });

  it('accepts typed arrays', () => {
    const testCase = distanceFixture.cases[0];
    const reference = Float64Array.from(testCase.reference);
    const current = Uint32Array.from(testCase.current);
    expectStatisticClose(psi(reference, current), testCase.psi, 'psi');
  });
});

describe('histogramBinEdges matches numpy.histogram_bin_edges', () => {
  const cases = edgesFixture.cases.flatMap((c) =>
    Object.entries(c.edges).map(([bins, edges]) => [`${c.name} / ${bins}`, c.values, bins, edges] as const)
  );
  it.each(cases)('%s', (_name, values, bins, expected) => {
    const rule: BinRule = /^\d+$/.test(bins) ? Number(bins) : (bins as BinRule);
    const edges = histogramBinEdges(Float64Array.from(values), rule);
    expect(edges.length).toBe(expected.length);
    expected.forEach((edge, i) => expectStatisticClose(edges[i], edge, `edge ${i}`));
  });
});

describe('input errors on counts', () => {
  it.each([
    ['negative count', () => psi([1, -1], [1, 1]), 'NEGATIVE_COUNT'],
    ['mismatched bins', () => hellingerDistance([1, 2], [1, 2, 3]), 'LENGTH_MISMATCH'],
    ['all-zero counts', () => jensenShannonDistance([0, 0], [1, 2]), 'ZERO_TOTAL'],
    ['empty counts', () => klDivergence([], []), 'EMPTY_INPUT'],
    ['invalid base', () => jensenShannonDistance([1, 2], [2, 1], 1), 'INVALID_ARGUMENT'],
    ['no finite value for edges', () => histogramBinEdges([NaN], 'sturges'), 'ALL_NON_FINITE'],
    ['invalid bin count', () => histogramBinEdges([1, 2], 0), 'INVALID_ARGUMENT'],
  ])('%s', (_name, action, code) => {
    expect(action).toThrow(DriftInputError);
    try {
      action();
    } catch (error) {
      expect((error as DriftInputError).code).toBe(code);
    }
  });
});
