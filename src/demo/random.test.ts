import { Rng } from './random';

function moments(draw: () => number, n = 20000) {
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < n; i++) {
    const x = draw();
    sum += x;
    sumSq += x * x;
  }
  const mean = sum / n;
  return { mean, sd: Math.sqrt(sumSq / n - mean * mean) };
}

describe('Rng', () => {
  it('repeats its sequence for the same seed and differs for another seed', () => {
    const a = new Rng(7);
    const b = new Rng(7);
    const c = new Rng(8);
    const seqA = Array.from({ length: 50 }, () => a.next());
    expect(Array.from({ length: 50 }, () => b.next())).toEqual(seqA);
    expect(Array.from({ length: 50 }, () => c.next())).not.toEqual(seqA);
    expect(seqA.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('gives independent, reproducible forks', () => {
    const root = new Rng(1);
    expect(root.fork('x').next()).toBe(new Rng(1).fork('x').next());
    expect(root.fork('x').next()).not.toBe(root.fork('y').next());
  });

  it('draws normals, lognormals, Poisson counts and Student-t with the right moments', () => {
    const rng = new Rng(3);
    const normal = moments(() => rng.normal(5, 2));
    expect(normal.mean).toBeCloseTo(5, 1);
    expect(normal.sd).toBeCloseTo(2, 1);
    const lognormal = moments(() => Math.log(rng.lognormal(Math.log(100), 0.5)));
    expect(lognormal.mean).toBeCloseTo(Math.log(100), 1);
    expect(lognormal.sd).toBeCloseTo(0.5, 1);
    for (const lambda of [0.3, 4, 80]) {
      const poisson = moments(() => rng.poisson(lambda));
      expect(poisson.mean).toBeGreaterThan(lambda * 0.95);
      expect(poisson.mean).toBeLessThan(lambda * 1.05);
      expect(poisson.sd ** 2).toBeGreaterThan(lambda * 0.9);
      expect(poisson.sd ** 2).toBeLessThan(lambda * 1.1);
    }
    // Student-t with 5 degrees of freedom has variance 5/3.
    const t = moments(() => rng.studentT(5), 50000);
    expect(t.mean).toBeCloseTo(0, 1);
    expect(t.sd ** 2).toBeGreaterThan(1.4);
    expect(t.sd ** 2).toBeLessThan(1.95);
    expect(rng.poisson(0)).toBe(0);
  });

  it('picks weighted items and formats ids', () => {
    const rng = new Rng(11);
    const picks = Array.from({ length: 10000 }, () => rng.weighted(['a', 'b'], [3, 1]));
    expect(picks.filter((p) => p === 'a').length / picks.length).toBeCloseTo(0.75, 1);
    expect(rng.hexId(16)).toMatch(/^[0-9a-f]{32}$/);
  });
});
