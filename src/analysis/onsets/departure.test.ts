import { gaussian, mulberry32 } from '../changepoints/synthetic';
import { CHI2_1_95, fitDeparture, fitSplit } from './departure';
import { rankOnsets } from './rankOnsets';
import { buildChangeSequence, OnsetStep } from './relate';
import { dateRamp, RAMP_NOISE_LEVELS, RAMP_SLOPES, rampCases } from './synthetic';

const MINUTE = 60_000;
const T0 = Date.UTC(2024, 4, 1, 12);
const at = (minute: number) => T0 + minute * MINUTE;

function lane(id: string, seed: number, shape: (minute: number) => number, minutes = 240) {
  const random = mulberry32(seed);
  const times: number[] = [];
  const values: number[] = [];
  for (let m = 0; m < minutes; m++) {
    times.push(at(m));
    values.push(100 + shape(m) + 2 * gaussian(random));
  }
  return { id, times, values };
}

describe('dating ramps by their kink', () => {
  const cases = rampCases();
  const results = cases.map(dateRamp);

  it('covers every slope and noise level, down to a slope of 1/20 of the noise per sample, in 200 seeded cases', () => {
    expect(cases).toHaveLength(200);
    expect(new Set(cases.map((c) => c.slope))).toEqual(new Set(RAMP_SLOPES));
    expect(new Set(cases.map((c) => c.noise))).toEqual(new Set(RAMP_NOISE_LEVELS));
    expect(Math.min(...RAMP_SLOPES)).toBe(1 / 20);
  });

  it('dates at least 95 % of the ramps within 5 samples of the kink', () => {
    const within = results.filter((r) => r.errorSamples !== undefined && Math.abs(r.errorSamples) <= 5).length;
    expect(within / results.length).toBeGreaterThanOrEqual(0.95);
  });

  it('dates the shallowest ramps (1/20 of the noise per sample) within 5 samples too', () => {
    const shallow = results.filter((_, i) => cases[i].slope === 1 / 20);
    const within = shallow.filter((r) => r.errorSamples !== undefined && Math.abs(r.errorSamples) <= 5).length;
    expect(within / shallow.length).toBeGreaterThanOrEqual(0.95);
  });

  it('calls them ramps, and their intervals hold the kink about 95 % of the time', () => {
    expect(results.filter((r) => r.shape === 'ramp').length).toBeGreaterThanOrEqual(190);
    const covered = results.filter((r) => r.covered).length / results.length;
    expect(covered).toBeGreaterThanOrEqual(0.9);
  });
});

describe('fitDeparture', () => {
  const times = Float64Array.from({ length: 200 }, (_, i) => i * 1000);
  const noise = (seed: number) => {
    const random = mulberry32(seed);
    return Float64Array.from({ length: 200 }, () => gaussian(random));
  };

  it('places a step at its first point with a narrow interval', () => {
    const z = noise(1).map((v, i) => v + (i >= 120 ? 6 : 0));
    const fit = fitDeparture(z, times, 0, 200)!;
    expect(fit).toMatchObject({ start: 120, shape: 'step' });
    expect(fit.lower).toBeGreaterThanOrEqual(119);
    expect(fit.upper).toBeLessThanOrEqual(121);
  });

  it('places a ramp that levels off at its kink', () => {
    const z = noise(2).map((v, i) => v + Math.min(8, Math.max(0, (i - 100) * 0.4)));
    const fit = fitDeparture(z, times, 0, 200)!;
    expect(fit.shape).toBe('ramp');
    expect(Math.abs(fit.start - 101)).toBeLessThanOrEqual(5);
  });

  it('is not pulled by outliers before the departure', () => {
    const z = noise(3).map((v, i) => v + (i >= 150 ? 5 : 0));
    z[40] = 60;
    z[41] = 55;
    expect(fitDeparture(z, times, 0, 200)!.start).toBe(150);
  });

  it('finds nothing when there is no departure in the positive direction', () => {
    expect(fitDeparture(new Float64Array(50).fill(-1), times, 0, 50)).toBeUndefined();
  });

  it('dates a step off a constant baseline at its first point, however much noisier than the baseline it is', () => {
    // Error spans per minute: none for an hour, then a noisy few; standardised by the tiny scale a constant
    // baseline gets, the departure is billions of baseline scales high and as noisy.
    const errors = [3, 3, 3, 3, 12, 9, 12, 3, 3, 9, 3, 9, 0, 6, 12, 3, 15, 15, 9, 0, 6, 6, 12, 6, 15, 6, 3, 6, 6];
    for (const scale of [1e-3, 1e-9]) {
      const z = Float64Array.from({ length: 60 + errors.length }, (_, i) => (i < 60 ? 0 : errors[i - 60] / scale));
      const fit = fitDeparture(z, times, 0, z.length)!;
      expect({ scale, start: fit.start, lower: fit.lower, upper: fit.upper }).toEqual({
        scale,
        start: 60,
        lower: 60,
        upper: 60,
      });
    }
  });

  it('widens the interval by the chi-square(1) 95 % bound', () => {
    // scipy.stats.chi2.ppf(0.95, 1)
    expect(CHI2_1_95).toBeCloseTo(3.841458820694124, 12);
  });

  it('fitSplit finds a step on top of a trend and its jump', () => {
    const y = noise(4).map((v, i) => v + 0.05 * i + (i >= 140 ? 10 : 0));
    const split = fitSplit(y, times, 0, 200, 120, 160)!;
    expect(split.at).toBe(140);
    expect(split.jump).toBeGreaterThan(8);
    expect(split.jump).toBeLessThan(12);
  });
});

describe('rankOnsets with ramps and steps', () => {
  const window = { from: at(120), to: at(239) };
  const options = { baseline: { from: at(0), to: at(90) }, lookbackMs: 30 * MINUTE };

  it.each([1, 2, 3, 4, 5, 6, 7, 8])(
    'orders a slow ramp in one lane before a later step in another (seed %i)',
    (seed) => {
      // The ramp starts at minute 130 and rises 0.25 noise scales a minute; the step comes 8 minutes later.
      const ramp = lane('ramp', seed, (m) => (m > 130 ? 0.5 * (m - 130) : 0));
      const step = lane('step', seed + 100, (m) => (m >= 138 ? 20 : 0));
      const onsets = rankOnsets([step, ramp], window, options);
      expect(onsets.map((o) => o.laneId)).toEqual(['ramp', 'step']);
      expect(onsets.map((o) => o.shape)).toEqual(['ramp', 'step']);
      const sequence = buildChangeSequence(onsets, [], at(120)).filter((s): s is OnsetStep => s.type === 'onset');
      expect(sequence.map((s) => s.laneId)).toEqual(['ramp', 'step']);
      expect(sequence.every((s) => s.simultaneousGroup === undefined)).toBe(true);
    }
  );

  it.each([1, 2, 3, 4, 5, 6])('splits a slow rise followed by a step into two onsets (seed %i)', (seed) => {
    const shape = (m: number) => (m > 130 ? 0.3 * (m - 130) : 0) + (m >= 180 ? 30 : 0);
    const onsets = rankOnsets([lane('latency', seed, shape)], window, options);
    expect(onsets).toHaveLength(2);
    const [rise, step] = onsets;
    expect(rise).toMatchObject({ laneId: 'latency', shape: 'ramp', direction: 'up' });
    expect(Math.abs((rise.time - at(131)) / MINUTE)).toBeLessThanOrEqual(5);
    expect(step).toMatchObject({ laneId: 'latency', shape: 'step', direction: 'up' });
    expect(Math.abs((step.time - at(180)) / MINUTE)).toBeLessThanOrEqual(1);
    expect(step.interval!.from).toBeGreaterThan(rise.interval!.to);
  });

  it('reads a short burst that comes back as a spike, and a lasting shift as a step', () => {
    const [spike] = rankOnsets([lane('burst', 3, (m) => (m >= 160 && m < 165 ? 25 : 0))], window, options);
    expect(spike).toMatchObject({ shape: 'spike', time: at(160) });
    const [step] = rankOnsets([lane('shift', 3, (m) => (m >= 160 ? 25 : 0))], window, options);
    expect(step).toMatchObject({ shape: 'step', time: at(160) });
  });

  it('gives one onset for a single ramp, even one that levels off', () => {
    const onsets = rankOnsets([lane('gpu', 9, (m) => Math.min(20, m > 140 ? 0.8 * (m - 140) : 0))], window, options);
    expect(onsets).toHaveLength(1);
    expect(onsets[0].shape).toBe('ramp');
  });
});

describe('simultaneous onsets', () => {
  const onset = (laneId: string, minute: number, from: number, to: number) => ({
    laneId,
    time: at(minute),
    score: 3,
    direction: 'up' as const,
    interval: { from: at(from), to: at(to) },
  });

  it('groups onsets whose intervals overlap and keeps apart those that do not', () => {
    const steps = buildChangeSequence(
      [onset('a', 0, -1, 1), onset('b', 1, 0.5, 4), onset('c', 3, 2.5, 3.5), onset('d', 10, 10, 10)],
      [],
      at(0)
    ) as OnsetStep[];
    expect(steps.map((s) => [s.laneId, s.simultaneousGroup])).toEqual([
      ['a', 0],
      ['b', 0],
      ['c', undefined],
      ['d', undefined],
    ]);
  });

  it('keeps the list in time order, and orders onsets first seen in the same sample by their intervals', () => {
    const steps = buildChangeSequence(
      [onset('vague', 5, -10, 30), onset('sharp', 5, 4, 6), onset('early', 0, -1, 1)],
      [{ id: 'deploy', time: at(-20), kind: 'deploy', text: 'deploy' }],
      at(0)
    );
    expect(steps.map((s) => (s.type === 'onset' ? s.laneId : s.eventId))).toEqual([
      'deploy',
      'early',
      'sharp',
      'vague',
    ]);
    const times = steps.map((s) => s.time);
    expect(times).toEqual([...times].sort((x, y) => x - y));
    // 'early' overlaps 'vague' but not 'sharp': only the two that share a point form a group.
    expect(steps.filter((s) => s.type === 'onset').map((s) => s.type === 'onset' && s.simultaneousGroup)).toEqual([
      undefined,
      0,
      0,
    ]);
  });
});

describe('rankOnsets on absurd values', () => {
  it('keeps scores finite when values near the float limit overflow sums of squares', () => {
    // Lanes at a scale of 1e9 with a shift, outliers and ±1e308 among their values.
    const random = mulberry32(5);
    const pick = <T>(options: T[]) => options[Math.floor(random() * options.length)];
    for (let k = 0; k < 300; k++) {
      const n = 5000;
      const times = Array.from({ length: n }, (_, i) => i * 1000);
      const values = times.map((_, i) =>
        random() < 0.05
          ? pick([1e308, -1e308])
          : 1e9 * (random() + (i > n / 2 ? pick([0, 5, -5]) : 0) + (random() < 0.1 ? 100 : 0))
      );
      for (const onset of rankOnsets([{ id: 'absurd', times, values }], { from: n * 500, to: n * 1000 })) {
        expect(Number.isFinite(onset.score)).toBe(true);
      }
    }
  });
});
