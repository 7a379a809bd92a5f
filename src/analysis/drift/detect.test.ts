import detectFixture from '../__fixtures__/drift/detect.json';
import { detectDrift, DriftMethod, driftSeverity } from './detect';
import { DriftInputError } from './errors';
import { expectPValueClose, expectStatisticClose, FixtureSample, fixtureValues } from './testSupport';

interface DetectCase {
  name: string;
  reference: FixtureSample;
  current: FixtureSample;
  kind: 'numerical' | 'categorical';
  method: DriftMethod;
  forced: boolean;
  score: number;
}

/** n values cycling through `unique` distinct numbers, plus an offset. */
function cycling(n: number, unique: number, offset = 0): number[] {
  return Array.from({ length: n }, (_, i) => (i % unique) + offset);
}

describe('detectDrift matches the reference scores on every branch', () => {
  it.each((detectFixture.cases as DetectCase[]).map((c) => [c.name, c] as const))('%s', (_name, testCase) => {
    const result = detectDrift(fixtureValues(testCase.reference), fixtureValues(testCase.current), {
      kind: testCase.kind,
      method: testCase.forced ? testCase.method : undefined,
    });
    expect(result.method).toBe(testCase.method);
    if (['ks', 'chisquare', 'z'].includes(testCase.method)) {
      expectPValueClose(result.score, testCase.score, 'score');
    } else {
      expectStatisticClose(result.score, testCase.score, 'score');
    }
  });
});

describe('detectDrift default selection boundaries', () => {
  it.each([
    ['1000 rows, 6 distinct numbers', 1000, 6, 'numerical', 'ks'],
    ['1001 rows, 6 distinct numbers', 1001, 6, 'numerical', 'wasserstein'],
    ['1000 rows, 5 distinct numbers', 1000, 5, 'numerical', 'chisquare'],
    ['1001 rows, 5 distinct numbers', 1001, 5, 'numerical', 'jensenshannon'],
    ['1000 rows, 3 distinct numbers', 1000, 3, 'numerical', 'chisquare'],
    ['1000 rows, 2 distinct numbers', 1000, 2, 'numerical', 'z'],
    ['1000 rows, 3 categories', 1000, 3, 'categorical', 'chisquare'],
    ['1000 rows, 2 categories', 1000, 2, 'categorical', 'z'],
    ['1000 rows, 40 categories', 1000, 40, 'categorical', 'chisquare'],
    ['1001 rows, 2 categories', 1001, 2, 'categorical', 'jensenshannon'],
    ['1001 rows, 40 categories', 1001, 40, 'categorical', 'jensenshannon'],
  ] as const)('%s -> %s', (_name, rows, unique, kind, method) => {
    const result = detectDrift(cycling(rows, unique), cycling(500, unique), { kind });
    expect(result.method).toBe(method);
    expect(result.threshold).toBe(method === 'ks' || method === 'chisquare' || method === 'z' ? 0.05 : 0.1);
    expect(result.referenceSize).toBe(rows);
    expect(result.reason.length).toBeGreaterThan(20);
  });

  it('counts distinct values over reference ∪ current', () => {
    // 5 distinct in the reference and a 6th only in the current: the union has 6, so ks.
    expect(detectDrift(cycling(100, 5), cycling(100, 6)).method).toBe('ks');
    expect(detectDrift(cycling(100, 5), cycling(100, 5)).method).toBe('chisquare');
    expect(detectDrift(cycling(100, 2), cycling(100, 3)).method).toBe('chisquare');
  });

  it('counts reference rows after dropping missing values', () => {
    expect(detectDrift([...cycling(1000, 10), NaN], cycling(100, 10)).method).toBe('ks');
    expect(detectDrift([...cycling(1000, 10), NaN], cycling(100, 10)).droppedNonFinite).toBe(1);
  });

  it('infers categorical for strings and numerical for numbers', () => {
    const labels = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
    expect(
      detectDrift(
        cycling(50, 7).map((i) => labels[i]),
        cycling(30, 7).map((i) => labels[i])
      ).kind
    ).toBe('categorical');
    expect(detectDrift(cycling(50, 7), cycling(30, 7)).kind).toBe('numerical');
  });

  it('gives the same chi-square score for labels as for the numbers they stand for', () => {
    const reference = cycling(300, 4);
    const current = [...cycling(200, 4), 0, 0, 0, 1];
    const labels = ['w', 'x', 'y', 'z'];
    const asNumbers = detectDrift(reference, current, { kind: 'categorical' });
    const asLabels = detectDrift(
      reference.map((i) => labels[i]),
      current.map((i) => labels[i])
    );
    expect(asLabels.method).toBe('chisquare');
    expect(asLabels.score).toBe(asNumbers.score);
  });

  it('z-test takes the first category in sorted order as success', () => {
    const result = detectDrift(['yes', 'no', 'no', 'no'], ['yes', 'yes', 'yes', 'no']);
    expect(result.method).toBe('z');
    // Success 'no': 3/4 vs 1/4, pooled 1/2: z = 0.5 / sqrt(0.25 * 0.5) = sqrt(2).
    expectPValueClose(result.score, 0.15729920705028513, 'p-value');
  });
});

describe('detectDrift options and verdicts', () => {
  const reference = cycling(400, 30);
  const shifted = cycling(400, 30, 4);

  it.each(['ks', 'chisquare', 'z', 'wasserstein', 'jensenshannon', 'psi', 'kl', 'hellinger'] as const)(
    'method %s can be forced and drift is detected on a clear shift',
    (method) => {
      const result = detectDrift(reference, shifted, { method });
      expect(result.method).toBe(method);
      expect(Number.isFinite(result.score)).toBe(true);
      if (method !== 'z') {
        expect(result.drifted).toBe(true);
        expect(result.severity).toBeGreaterThanOrEqual(1);
      }
    }
  );

  it('a threshold can be set and decides the verdict in the right direction', () => {
    const test = detectDrift(reference, shifted, { method: 'ks' });
    expect(detectDrift(reference, shifted, { method: 'ks', threshold: test.score }).drifted).toBe(true);
    expect(detectDrift(reference, shifted, { method: 'ks', threshold: test.score / 2 }).drifted).toBe(false);
    const distance = detectDrift(reference, shifted, { method: 'hellinger' });
    expect(detectDrift(reference, shifted, { method: 'hellinger', threshold: distance.score }).drifted).toBe(true);
    expect(detectDrift(reference, shifted, { method: 'hellinger', threshold: distance.score * 1.01 }).drifted).toBe(
      false
    );
  });

  it('severity is 1 at the threshold for tests and distances', () => {
    expect(driftSeverity('ks', 0.05, 0.05)).toBeCloseTo(1, 12);
    expect(driftSeverity('ks', 0.0025, 0.05)).toBeCloseTo(2, 12);
    expect(driftSeverity('psi', 0.2, 0.1)).toBeCloseTo(2, 12);
    expect(Number.isFinite(driftSeverity('chisquare', 0, 0.05))).toBe(true);
  });
});

describe('detectDrift input errors', () => {
  it.each([
    ['empty reference', () => detectDrift([], [1, 2]), 'EMPTY_INPUT'],
    ['all-NaN current', () => detectDrift([1, 2], [NaN]), 'ALL_NON_FINITE'],
    ['all-missing labels', () => detectDrift(['a', 'b'], [null as unknown as string]), 'ALL_NON_FINITE'],
    ['one same value on both sides', () => detectDrift([7, 7, 7], [7]), 'SINGLE_VALUE'],
    ['one same label on both sides', () => detectDrift(['a'], ['a', 'a']), 'SINGLE_VALUE'],
    ['ks on text', () => detectDrift(['a', 'b'], ['b', 'c'], { method: 'ks' }), 'INVALID_ARGUMENT'],
    ['numerical kind on text', () => detectDrift(['a', 'b'], ['b'], { kind: 'numerical' }), 'INVALID_ARGUMENT'],
    ['p threshold above 1', () => detectDrift([1, 2], [2, 3], { method: 'ks', threshold: 5 }), 'INVALID_ARGUMENT'],
    ['unknown method', () => detectDrift([1, 2], [2, 3], { method: 'ttest' as DriftMethod }), 'INVALID_ARGUMENT'],
  ])('%s', (_name, action, code) => {
    let caught: unknown;
    try {
      action();
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DriftInputError);
    expect((caught as DriftInputError).code).toBe(code);
  });
});
