import fc from 'fast-check';
import { hellingerDistance, jensenShannonDistance, klDivergence, psi } from './distances';
import { ksTwoSample, wassersteinDistance } from './twoSample';

const finiteDouble = fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true });
const sample = fc.array(finiteDouble, { minLength: 1, maxLength: 60 });
// Two samples that are not both one same value (that case is rejected by design).
const samplePair = fc
  .tuple(sample, sample)
  .filter(([a, b]) => new Set([...a, ...b].map((x) => (Object.is(x, -0) ? 0 : x))).size > 1);
const countPair = fc
  .integer({ min: 1, max: 12 })
  .chain((length) =>
    fc
      .tuple(
        fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: length, maxLength: length }),
        fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: length, maxLength: length })
      )
      .filter(([a, b]) => a.some((x) => x > 0) && b.some((x) => x > 0))
  );

function shuffled<T>(values: T[], seed: number): T[] {
  const copy = [...values];
  let state = seed >>> 0 || 1;
  for (let i = copy.length - 1; i > 0; i--) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    const j = state % (i + 1);
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

describe('properties of the two-sample statistics', () => {
  it('KS statistic and wasserstein are symmetric', () => {
    fc.assert(
      fc.property(samplePair, ([a, b]) => {
        expect(ksTwoSample(a, b).statistic).toBe(ksTwoSample(b, a).statistic);
        const forward = wassersteinDistance(a, b);
        expect(Math.abs(forward - wassersteinDistance(b, a))).toBeLessThanOrEqual(1e-9 * Math.max(1, forward));
      })
    );
  });

  it('p-values are in [0, 1] and distances are non-negative', () => {
    fc.assert(
      fc.property(samplePair, ([a, b]) => {
        const { pValue, statistic } = ksTwoSample(a, b);
        expect(pValue).toBeGreaterThanOrEqual(0);
        expect(pValue).toBeLessThanOrEqual(1);
        expect(statistic).toBeGreaterThanOrEqual(0);
        expect(statistic).toBeLessThanOrEqual(1);
        expect(wassersteinDistance(a, b)).toBeGreaterThanOrEqual(0);
      })
    );
  });

  it('identical samples give statistic 0, p-value 1 and distance 0', () => {
    fc.assert(
      fc.property(
        sample.filter((a) => new Set(a).size > 1),
        (a) => {
          expect(ksTwoSample(a, [...a])).toMatchObject({ statistic: 0, pValue: 1 });
          expect(wassersteinDistance(a, [...a])).toBe(0);
        }
      )
    );
  });

  it('results do not depend on the order of the values', () => {
    fc.assert(
      fc.property(samplePair, fc.integer(), ([a, b], seed) => {
        const first = ksTwoSample(a, b);
        const permuted = ksTwoSample(shuffled(a, seed), shuffled(b, seed + 1));
        expect(permuted.statistic).toBe(first.statistic);
        expect(permuted.pValue).toBe(first.pValue);
        const distance = wassersteinDistance(a, b);
        expect(Math.abs(wassersteinDistance(shuffled(a, seed), shuffled(b, seed + 1)) - distance)).toBeLessThanOrEqual(
          1e-9 * Math.max(1, distance)
        );
      })
    );
  });

  it('the KS test is invariant under a strictly increasing transform', () => {
    const transforms = [(x: number) => Math.atan(x / 1000), (x: number) => x * 3 + 7, (x: number) => Math.cbrt(x)];
    fc.assert(
      fc.property(
        fc
          .tuple(
            fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 1, maxLength: 60 }),
            fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 1, maxLength: 60 })
          )
          .filter(([a, b]) => new Set([...a, ...b]).size > 1),
        fc.integer({ min: 0, max: transforms.length - 1 }),
        ([a, b], which) => {
          const transform = transforms[which];
          const original = ksTwoSample(a, b);
          const transformed = ksTwoSample(a.map(transform), b.map(transform));
          expect(transformed.statistic).toBe(original.statistic);
          expect(transformed.pValue).toBe(original.pValue);
        }
      )
    );
  });

  it('large samples (radix sort path) agree with a comparison sort', () => {
    fc.assert(
      fc.property(
        fc.array(finiteDouble, { minLength: 2100, maxLength: 2500 }),
        fc.array(finiteDouble, { minLength: 2100, maxLength: 2300 }),
        (a, b) => {
          const sortedA = [...a].sort((x, y) => x - y);
          const sortedB = [...b].sort((x, y) => x - y);
          expect(ksTwoSample(a, b)).toEqual(ksTwoSample(sortedA, sortedB));
        }
      ),
      { numRuns: 10 }
    );
  });
});

describe('properties of the count distances', () => {
  it('jensen-shannon and hellinger are symmetric and in [0, 1]', () => {
    fc.assert(
      fc.property(countPair, ([a, b]) => {
        const js = jensenShannonDistance(a, b, 2);
        expect(Math.abs(js - jensenShannonDistance(b, a, 2))).toBeLessThanOrEqual(1e-12);
        expect(js).toBeGreaterThanOrEqual(0);
        expect(js).toBeLessThanOrEqual(1 + 1e-12);
        const hellinger = hellingerDistance(a, b);
        expect(Math.abs(hellinger - hellingerDistance(b, a))).toBeLessThanOrEqual(1e-12);
        expect(hellinger).toBeGreaterThanOrEqual(0);
        expect(hellinger).toBeLessThanOrEqual(1 + 1e-12);
      })
    );
  });

  it('all distances are zero on identical counts and psi, kl are non-negative', () => {
    fc.assert(
      fc.property(countPair, ([a, b]) => {
        expect(jensenShannonDistance(a, [...a])).toBe(0);
        expect(hellingerDistance(a, [...a])).toBe(0);
        expect(psi(a, [...a])).toBe(0);
        expect(klDivergence(a, [...a])).toBeLessThanOrEqual(1e-15);
        expect(psi(a, b)).toBeGreaterThanOrEqual(0);
        expect(klDivergence(a, b)).toBeGreaterThanOrEqual(-1e-12);
      })
    );
  });

  it('distances do not depend on the order of the bins', () => {
    fc.assert(
      fc.property(countPair, fc.integer(), ([a, b], seed) => {
        const order = shuffled(
          a.map((_, i) => i),
          seed
        );
        const pa = order.map((i) => a[i]);
        const pb = order.map((i) => b[i]);
        expect(Math.abs(jensenShannonDistance(pa, pb) - jensenShannonDistance(a, b))).toBeLessThanOrEqual(1e-12);
        expect(Math.abs(hellingerDistance(pa, pb) - hellingerDistance(a, b))).toBeLessThanOrEqual(1e-12);
        expect(Math.abs(psi(pa, pb) - psi(a, b))).toBeLessThanOrEqual(1e-9 * Math.max(1, psi(a, b)));
      })
    );
  });
});
