import { DriftInputError, histogramBinEdges, MAX_BINS } from '..';

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

/** 1,000 scores equal to 10^-9 apart, and one outlier: Freedman–Diaconis asks for hundreds of millions of bins. */
const nearEqualWithOutlier = [...Array.from({ length: 1000 }, (_, i) => 0.5 + 1e-9 * (i % 7)), 1000];

describe('histogramBinEdges where numpy would allocate without bound or fail', () => {
  it("refuses the 'fd' rule's hundreds of millions of bins, naming 'auto'", () => {
    const error = errorOf(() => histogramBinEdges(nearEqualWithOutlier, 'fd'));
    expect(error.code).toBe('OUT_OF_RANGE');
    expect(error.message).toMatch(/the 'fd' rule asks for [\d,]+ bins/);
    expect(error.message).toContain("use 'auto'");
  });

  it("bins the same scores with 'auto', which limits the bins as numpy does", () => {
    const edges = histogramBinEdges(nearEqualWithOutlier, 'auto');
    expect(edges.length - 1).toBeLessThanOrEqual(MAX_BINS);
    expect(edges[0]).toBe(0.5);
    expect(edges[edges.length - 1]).toBe(1000);
  });

  it('refuses a bin count over MAX_BINS', () => {
    expect(errorOf(() => histogramBinEdges([1, 2, 3], 1e9)).message).toContain(
      `at most ${MAX_BINS.toLocaleString('en')} bins`
    );
  });

  it('refuses scores of ±1e308, whose span overflows, instead of an invalid typed array length', () => {
    const error = errorOf(() => histogramBinEdges([-1e308, 0, 1e308], 'sturges'));
    expect(error.code).toBe('OUT_OF_RANGE');
    expect(error.message).toContain('filter them out in the query');
  });

  it('refuses more bins than the range has distinct edges for, as numpy does', () => {
    expect(errorOf(() => histogramBinEdges([1e17, 1e17], 1)).message).toContain('too many bins for the data range');
  });
});
