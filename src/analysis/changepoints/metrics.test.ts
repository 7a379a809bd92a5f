import { coveringScore, f1Score, segmentsFromChangePoints, truePositives } from './metrics';

// Small cases checked by hand against the definitions in TCPDBench's metrics.py.
describe('f1Score (TCPDBench definition, margin 5)', () => {
  it('is 1 when every annotator is matched and nothing else is predicted', () => {
    expect(f1Score([[10, 20], [11, 20], [10], [0, 5]], [10, 20]).f1).toBeCloseTo(1, 12);
  });

  it('measures precision on the union of annotators and averages recall over them', () => {
    // Annotators {0}, {0,10}, {0,50}; predictions {0,10}: P = 2/2, R = (1 + 1 + 1/2) / 3.
    const result = f1Score([[], [10], [50]], [10]);
    expect(result.precision).toBeCloseTo(1, 12);
    expect(result.recall).toBeCloseTo(2.5 / 3, 12);
    expect(result.f1).toBeCloseTo(0.9090909090909091, 12);
  });

  it('credits index 0 to a method that predicts nothing', () => {
    expect(f1Score([[], [10], [50]], []).f1).toBeCloseTo(0.8, 12);
  });

  it('does not count one prediction for two annotations', () => {
    expect(truePositives([10, 12], [11])).toEqual([10]);
    expect(truePositives([10, 12], [11, 13])).toEqual([10, 12]);
  });

  it('ignores predictions beyond the margin', () => {
    expect(truePositives([20], [26])).toEqual([]);
    expect(truePositives([20], [25])).toEqual([20]);
  });
});

describe('coveringScore', () => {
  const annotations = [[10, 20], [10], [0, 5]];

  it('averages the length-weighted best Jaccard overlap over annotators', () => {
    // Per annotator: 1, (10 + 25) / 45, (2.5 + 25) / 45.
    expect(coveringScore(annotations, [10, 20], 45)).toBeCloseTo(0.7962962962962963, 12);
    expect(coveringScore(annotations, [0, 10, 20], 45)).toBeCloseTo(0.7962962962962963, 12);
  });

  it('scores the single-segment prediction', () => {
    // Per annotator: (10·10 + 10·10 + 25·25) / 45², (10·10 + 35·35) / 45², (5·5 + 40·40) / 45².
    const expected = (825 + 1325 + 1625) / (3 * 45 * 45);
    expect(coveringScore(annotations, [], 45)).toBeCloseTo(expected, 12);
  });

  it('is 1 for a perfect prediction', () => {
    expect(coveringScore([[30]], [30], 100)).toBe(1);
  });
});

describe('segmentsFromChangePoints', () => {
  it('cuts 0..n-1 into half-open segments and ignores out-of-range points', () => {
    expect(segmentsFromChangePoints([5, 0, 12, 40], 20)).toEqual([
      [0, 5],
      [5, 12],
      [12, 20],
    ]);
  });
});
