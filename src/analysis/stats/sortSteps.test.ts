import { sortedFiniteSteps, sortFloat64InSteps } from './sort';

function run<T>(steps: Generator<void, T, void>): { value: T; steps: number } {
  let count = 0;
  let next = steps.next();
  while (!next.done) {
    count++;
    next = steps.next();
  }
  return { value: next.value, steps: count };
}

describe('sorting in steps', () => {
  it('sorts a million values as Float64Array.sort does, in many steps', () => {
    let seed = 1;
    const values = Float64Array.from({ length: 1_100_000 }, () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return (seed / 2_147_483_648 - 0.5) * 1e6;
    });
    const expected = Float64Array.from(values).sort();
    const { steps } = run(sortFloat64InSteps(values));
    expect(values.findIndex((value, i) => value !== expected[i])).toBe(-1);
    // Five blocks sorted a step each, then merges a million moves a step.
    expect(steps).toBeGreaterThan(5);
  });

  it('drops non-finite values, counting them, before sorting', () => {
    const { value } = run(sortedFiniteSteps([3, NaN, -1, Infinity, 2, -Infinity]));
    expect(Array.from(value.values)).toEqual([-1, 2, 3]);
    expect(value.droppedNonFinite).toBe(3);
  });
});
