/**
 * Seeded lanes with a known ramp kink, shared by the tests and the benchmark: flat noise, then from `kink`
 * a linear rise of `slope` noise scales per sample.
 */
import { gaussian, mulberry32 } from '../changepoints/synthetic';
import { Lane, rankOnsets, TimeRange } from './rankOnsets';

export const RAMP_SAMPLE_MS = 15_000;
/** Samples in a ramp lane: 6 hours at 15 s. */
export const RAMP_LANE_SAMPLES = 1440;
/** The first quarter is the baseline; the search runs from there to the end. */
export const RAMP_BASELINE_SAMPLES = 360;
/** Ramp slopes in noise scales per sample, down to 1/20. */
export const RAMP_SLOPES = [1 / 20, 1 / 10, 1 / 5, 1 / 2, 1] as const;
/** Noise standard deviations (the lane's level is 100). */
export const RAMP_NOISE_LEVELS = [0.1, 1, 5, 20] as const;

export interface RampCase {
  lane: Lane;
  /** Epoch ms of the kink: the first sample above the flat baseline. */
  kinkTime: number;
  slope: number;
  noise: number;
  baseline: TimeRange;
  window: TimeRange;
}

const ORIGIN = Date.UTC(2025, 0, 6, 0, 0, 0);

/** One ramp lane; the kink falls at a seeded sample between 1/3 and 2/3 of the lane. */
export function rampCase(seed: number, slope: number, noise: number): RampCase {
  const random = mulberry32(seed);
  const kink = Math.floor(RAMP_LANE_SAMPLES / 3 + random() * (RAMP_LANE_SAMPLES / 3));
  const times = new Float64Array(RAMP_LANE_SAMPLES);
  const values = new Float64Array(RAMP_LANE_SAMPLES);
  for (let i = 0; i < RAMP_LANE_SAMPLES; i++) {
    times[i] = ORIGIN + i * RAMP_SAMPLE_MS;
    values[i] = 100 + noise * (Math.max(0, i - kink) * slope + gaussian(random));
  }
  const at = (sample: number) => ORIGIN + sample * RAMP_SAMPLE_MS;
  return {
    lane: { id: `ramp-${seed}`, times, values },
    kinkTime: at(kink + 1),
    slope,
    noise,
    baseline: { from: at(0), to: at(RAMP_BASELINE_SAMPLES) },
    window: { from: at(RAMP_LANE_SAMPLES / 2), to: at(RAMP_LANE_SAMPLES - 1) },
  };
}

/** The 200 seeded cases: every slope and noise level, 10 seeds each. */
export function rampCases(): RampCase[] {
  const cases: RampCase[] = [];
  let seed = 1;
  for (const slope of RAMP_SLOPES) {
    for (const noise of RAMP_NOISE_LEVELS) {
      for (let k = 0; k < 10; k++) {
        cases.push(rampCase(seed++ * 7717, slope, noise));
      }
    }
  }
  return cases;
}

export interface RampDating {
  /** Samples between the first onset found and the kink (positive: late); undefined when nothing was found. */
  errorSamples: number | undefined;
  shape: string | undefined;
  /** Whether the onset's interval holds the kink. */
  covered: boolean;
}

/** Dates one ramp case with `rankOnsets` at its defaults. */
export function dateRamp(c: RampCase): RampDating {
  const lookbackMs = c.window.from - c.baseline.to;
  const [onset] = rankOnsets([c.lane], c.window, { baseline: c.baseline, lookbackMs });
  if (!onset) {
    return { errorSamples: undefined, shape: undefined, covered: false };
  }
  const interval = onset.interval ?? { from: onset.time, to: onset.time };
  return {
    errorSamples: Math.round((onset.time - c.kinkTime) / RAMP_SAMPLE_MS),
    shape: onset.shape,
    covered: interval.from <= c.kinkTime && interval.to >= c.kinkTime,
  };
}
