/**
 * Seeded generators of series with known change points, shared by the tests and the benchmark.
 * Everything is deterministic for a given seed.
 */

/** mulberry32: a small 32-bit PRNG with uniform output in [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draw by Box-Muller. */
export function gaussian(random: () => number): number {
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Student-t draw with integer `df` degrees of freedom: a normal over the root of a chi-square divided by df. */
export function studentT(random: () => number, df: number): number {
  let chiSquare = 0;
  for (let i = 0; i < df; i++) {
    chiSquare += gaussian(random) ** 2;
  }
  return gaussian(random) / Math.sqrt(chiSquare / df);
}

export type SyntheticKind = 'mean' | 'variance' | 'heavyTailed' | 'none' | 'noneHeavyTailed' | 'ramp' | 'burst';

export interface SyntheticSeries {
  kind: SyntheticKind;
  values: Float64Array;
  /** Indices where a new segment starts (0 excluded). */
  changePoints: number[];
}

export const SYNTHETIC_KINDS: readonly SyntheticKind[] = [
  'mean',
  'variance',
  'heavyTailed',
  'none',
  'noneHeavyTailed',
  'ramp',
  'burst',
];

function randomInt(random: () => number, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

function signedShift(random: () => number, min: number, max: number): number {
  return (random() < 0.5 ? -1 : 1) * (min + random() * (max - min));
}

function segmentStarts(random: () => number, segments: number, minLength: number, maxLength: number): number[] {
  const starts = [0];
  for (let i = 1; i <= segments; i++) {
    starts.push(starts[i - 1] + randomInt(random, minLength, maxLength));
  }
  return starts;
}

/**
 * One series of the given kind. Noise has unit scale; mean shifts are 1.5 to 4 noise scales, variance
 * steps a factor 3 to 5 in standard deviation, ramps rise 4 to 8 scales over 15 to 30 points, bursts are
 * 10 to 25 points at 4 to 8 scales.
 */
export function syntheticSeries(kind: SyntheticKind, seed: number): SyntheticSeries {
  const random = mulberry32(seed);
  const heavy = kind === 'heavyTailed' || kind === 'noneHeavyTailed';
  const noise = () => (heavy ? studentT(random, 3) : gaussian(random));
  const segments = kind === 'none' || kind === 'noneHeavyTailed' ? 1 : randomInt(random, 2, 5);
  const starts = segmentStarts(random, segments, 60, 200);
  const length = starts[segments];
  const values = new Float64Array(length);
  const changePoints: number[] = [];
  let level = 10 * gaussian(random);
  let scale = 1;
  for (let s = 0; s < segments; s++) {
    const start = starts[s];
    const end = starts[s + 1];
    if (s > 0) {
      changePoints.push(start);
    }
    let rampEnd = start;
    let rampRise = 0;
    let burst: [number, number, number] | undefined;
    if (s > 0) {
      if (kind === 'variance') {
        scale = scale > 1 ? 1 : 3 + 2 * random();
      } else if (kind === 'ramp') {
        rampEnd = start + randomInt(random, 15, 30);
        rampRise = signedShift(random, 4, 8);
        changePoints.push(rampEnd);
      } else if (kind === 'burst') {
        const burstLength = randomInt(random, 10, 25);
        burst = [start, start + burstLength, signedShift(random, 4, 8)];
        changePoints.push(start + burstLength);
      } else {
        level += signedShift(random, 1.5, 4) * (heavy ? 1.5 : 1);
      }
    }
    for (let i = start; i < end; i++) {
      let mean = level;
      if (i < rampEnd) {
        mean += (rampRise * (i - start + 1)) / (rampEnd - start);
      } else if (rampRise !== 0) {
        mean += rampRise;
      }
      if (burst && i < burst[1]) {
        mean += burst[2];
      }
      values[i] = mean + scale * noise();
    }
    level += rampRise;
  }
  return { kind, values, changePoints };
}

/** `perKind` series of every kind, seeds derived from `seed`. */
export function syntheticSuite(seed = 1, perKind = 10): SyntheticSeries[] {
  const suite: SyntheticSeries[] = [];
  SYNTHETIC_KINDS.forEach((kind, k) => {
    for (let i = 0; i < perKind; i++) {
      suite.push(syntheticSeries(kind, seed * 7919 + k * 1000 + i));
    }
  });
  return suite;
}
