// Rebuilds the large fixture inputs from their recipes; mirrors recipe_values() in
// scripts/reference/drift_reference.py so both sides see the same float64 values.

/** How a large fixture sample is generated instead of being stored. */
export interface SampleRecipe {
  kind: 'normal' | 'cauchy' | 'integers';
  n: number;
  seed: number;
  scale?: number;
  shift?: number;
  modulus?: number;
}

/** A fixture sample: stored values or a recipe. */
export type FixtureSample = number[] | SampleRecipe;

function xorshift32Uniforms(seed: number, count: number): Float64Array {
  let state = seed >>> 0;
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    state = (state ^ (state << 13)) >>> 0;
    state = (state ^ (state >>> 17)) >>> 0;
    state = (state ^ (state << 5)) >>> 0;
    out[i] = (state + 0.5) / 4294967296;
  }
  return out;
}

function recipeValues(recipe: SampleRecipe): Float64Array {
  const { n, kind } = recipe;
  const base = new Float64Array(n);
  if (kind === 'normal') {
    const uniforms = xorshift32Uniforms(recipe.seed, 12 * n);
    for (let k = 0; k < 12; k++) {
      for (let i = 0; i < n; i++) {
        base[i] += uniforms[12 * i + k];
      }
    }
    for (let i = 0; i < n; i++) {
      base[i] -= 6;
    }
  } else {
    const uniforms = xorshift32Uniforms(recipe.seed, n);
    for (let i = 0; i < n; i++) {
      base[i] =
        kind === 'cauchy' ? Math.tan(Math.PI * (uniforms[i] - 0.5)) : Math.floor(uniforms[i] * (recipe.modulus ?? 1));
    }
  }
  const scale = recipe.scale ?? 1;
  const shift = recipe.shift ?? 0;
  for (let i = 0; i < n; i++) {
    base[i] = base[i] * scale + shift;
  }
  return base;
}

/** The values of a fixture sample. */
export function fixtureValues(sample: FixtureSample): Float64Array {
  return Array.isArray(sample) ? Float64Array.from(sample) : recipeValues(sample);
}

/** Asserts |actual − expected| <= max(absolute, relative·|expected|) with a readable message. */
export function expectClose(actual: number, expected: number, relative: number, absolute = 0, label = ''): void {
  const tolerance = Math.max(absolute, relative * Math.abs(expected));
  if (!(Math.abs(actual - expected) <= tolerance) && actual !== expected) {
    throw new Error(`${label}: expected ${expected}, got ${actual} (tolerance ${tolerance})`);
  }
}

/** Tolerances of the reference comparisons: statistics and distances, then p-values. */
export const STATISTIC_RELATIVE_TOLERANCE = 1e-9;
export const P_VALUE_RELATIVE_TOLERANCE = 1e-3;
export const P_VALUE_ABSOLUTE_TOLERANCE = 1e-4;

/** Compares a p-value: within 1e-3 relative or 1e-4 absolute. */
export function expectPValueClose(actual: number, expected: number, label = ''): void {
  expectClose(actual, expected, P_VALUE_RELATIVE_TOLERANCE, P_VALUE_ABSOLUTE_TOLERANCE, label);
}

/** Compares a statistic or distance: within 1e-9 relative (1e-12 absolute near zero). */
export function expectStatisticClose(actual: number, expected: number, label = ''): void {
  expectClose(actual, expected, STATISTIC_RELATIVE_TOLERANCE, 1e-12, label);
}

const MINUTE_MS = 60_000;
const COUNTER_BOUNDS = ['0.1', '0.5', '1', '+Inf'];

/**
 * A classic histogram's `_bucket` counters (le 0.1, 0.5, 1, +Inf) scraped every minute from -100 min to `to`,
 * with a counter reset at -50 min: observations move to slower buckets after `shiftAt`, and none are made in
 * (`quiet.from`, `quiet.to`].
 */
export function minuteBucketCounters(
  shiftAt: number,
  options: { to: number; quiet?: { from: number; to: number } }
): Array<{ le: string; times: number[]; values: number[] }> {
  const times: number[] = [];
  const perBucket = COUNTER_BOUNDS.map(() => [] as number[]);
  const totals = [0, 0, 0, 0];
  const { quiet } = options;
  for (let t = -100 * MINUTE_MS; t <= options.to; t += MINUTE_MS) {
    const increments = t > shiftAt ? [2, 4, 10, 4] : [10, 6, 3, 1];
    if (t === -50 * MINUTE_MS) {
      totals.fill(0);
    }
    if (!quiet || t <= quiet.from || t > quiet.to) {
      increments.forEach((inc, i) => (totals[i] += inc + ((t / MINUTE_MS) % 3 === 0 ? 1 : 0)));
    }
    times.push(t);
    let cumulative = 0;
    totals.forEach((total, i) => {
      cumulative += total;
      perBucket[i].push(cumulative);
    });
  }
  return COUNTER_BOUNDS.map((le, i) => ({ le, times, values: perBucket[i] }));
}
