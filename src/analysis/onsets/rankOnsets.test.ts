import fc from 'fast-check';

import { gaussian, mulberry32, studentT } from '../changepoints/synthetic';
import { cleanLane } from './lane';
import { Lane, rankOnsets, shareNoiseFloor } from './rankOnsets';

const MINUTE = 60_000;
const T0 = Date.UTC(2024, 4, 1, 12);
const at = (minute: number) => T0 + minute * MINUTE;
/** Baseline minutes 0..119, incident window minutes 120..180. */
const WINDOW = { from: at(120), to: at(180) };

type Shape = (minute: number) => number;

function lane(
  id: string,
  seed: number,
  shape: Shape,
  options: { minutes?: number; heavy?: boolean; step?: number } = {}
): Lane {
  const random = mulberry32(seed);
  const step = options.step ?? 1;
  const count = Math.floor((options.minutes ?? 181) / step);
  const times: number[] = [];
  const values: number[] = [];
  for (let k = 0; k < count; k++) {
    const minute = (options.minutes ?? 181) - count * step + k * step;
    times.push(at(minute));
    values.push(100 + shape(minute) + 2 * (options.heavy ? studentT(random, 3) : gaussian(random)));
  }
  return { id, times, values };
}

const flat: Shape = () => 0;
const stepAt =
  (minute: number, size: number): Shape =>
  (m) =>
    m >= minute ? size : 0;
const rampFrom =
  (minute: number, slopePerMinute: number): Shape =>
  (m) =>
    m >= minute ? slopePerMinute * (m - minute) : 0;
const burstAt =
  (minute: number, length: number, size: number): Shape =>
  (m) =>
    m >= minute && m < minute + length ? size : 0;

function onsetMinute(time: number): number {
  return (time - T0) / MINUTE;
}

describe('rankOnsets detects departures and where they start', () => {
  it.each([1, 2, 3, 4, 5])('step up, step down, ramp and burst (seed %i)', (seed) => {
    const onsets = rankOnsets(
      [
        lane('stepUp', seed, stepAt(140, 10)),
        lane('stepDown', seed + 10, stepAt(150, -8)),
        lane('ramp', seed + 20, rampFrom(130, 0.8)),
        lane('burst', seed + 30, burstAt(160, 4, 20)),
      ],
      WINDOW
    );
    const byId = new Map(onsets.map((o) => [o.laneId, o]));
    expect([...byId.keys()].sort()).toEqual(['burst', 'ramp', 'stepDown', 'stepUp']);
    expect(byId.get('stepUp')!.direction).toBe('up');
    expect(Math.abs(onsetMinute(byId.get('stepUp')!.time) - 140)).toBeLessThanOrEqual(1);
    expect(byId.get('stepDown')!.direction).toBe('down');
    expect(Math.abs(onsetMinute(byId.get('stepDown')!.time) - 150)).toBeLessThanOrEqual(1);
    expect(byId.get('ramp')!.direction).toBe('up');
    expect(Math.abs(onsetMinute(byId.get('ramp')!.time) - 130)).toBeLessThanOrEqual(4);
    expect(byId.get('burst')!.direction).toBe('up');
    expect(Math.abs(onsetMinute(byId.get('burst')!.time) - 160)).toBeLessThanOrEqual(1);
    expect(onsets.map((o) => o.laneId)).toEqual(['ramp', 'stepUp', 'stepDown', 'burst']);
  });

  it('scores a larger step higher', () => {
    const [small, large] = ['small', 'large'].map(
      (id, k) => rankOnsets([lane(id, 7, stepAt(140, k === 0 ? 6 : 20))], WINDOW)[0]
    );
    expect(large.score).toBeGreaterThan(small.score);
    expect(small.score).toBeGreaterThanOrEqual(1);
  });

  it('finds a change that starts just before the window, within the lookback', () => {
    const [onset] = rankOnsets([lane('early', 8, stepAt(110, 10))], WINDOW);
    expect(Math.abs(onsetMinute(onset.time) - 110)).toBeLessThanOrEqual(1);
    // Without a lookback the step falls inside the baseline period; the lane still sits above it in the
    // window, and the onset can be no earlier than the window start.
    const [clamped] = rankOnsets([lane('early', 8, stepAt(110, 10))], WINDOW, { lookbackMs: 0 });
    expect(clamped.time).toBe(WINDOW.from);
  });

  it('uses an explicit baseline range', () => {
    const onsets = rankOnsets([lane('explicit', 9, stepAt(60, 10))], WINDOW, {
      baseline: { from: at(0), to: at(50) },
    });
    // The step at minute 60 is before the search range, so the whole window sits above the baseline.
    expect(onsets).toHaveLength(1);
    expect(onsets[0].direction).toBe('up');
  });
});

describe('rankOnsets leaves quiet lanes out', () => {
  it('does not flag Gaussian or heavy-tailed noise without change', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.boolean(), (seed, heavy) => {
        expect(rankOnsets([lane('quiet', seed, flat, { heavy })], WINDOW)).toEqual([]);
      }),
      { numRuns: 60, seed: 20240501 }
    );
  });

  it('does not flag a single outlier', () => {
    const noisy = lane('spike', 11, flat);
    (noisy.values as number[])[150] += 60;
    expect(rankOnsets([noisy], WINDOW)).toEqual([]);
  });

  it('does not flag constant lanes', () => {
    const times = Array.from({ length: 181 }, (_, m) => at(m));
    expect(rankOnsets([{ id: 'constant', times, values: times.map(() => 5) }], WINDOW)).toEqual([]);
  });
});

describe('rankOnsets robustness', () => {
  it('sorts unsorted points together with their values', () => {
    const source = lane('shuffled', 12, stepAt(140, 10));
    const random = mulberry32(99);
    const order = Array.from(source.times, (_, i) => i).sort(() => random() - 0.5);
    const shuffled = {
      id: 'shuffled',
      times: order.map((i) => source.times[i]),
      values: order.map((i) => source.values[i]),
    };
    expect(rankOnsets([shuffled], WINDOW)).toEqual(rankOnsets([source], WINDOW));
  });

  it('averages duplicate timestamps', () => {
    const source = lane('dup', 13, stepAt(140, 10));
    const times = [...Array.from(source.times), ...Array.from(source.times)];
    const values = [...Array.from(source.values), ...Array.from(source.values)];
    expect(rankOnsets([{ id: 'dup', times, values }], WINDOW)).toEqual(rankOnsets([source], WINDOW));
  });

  it('skips NaN gaps and non-finite times', () => {
    const source = lane('gaps', 14, stepAt(140, 10));
    const values = Array.from(source.values, (v, i) => (i % 7 === 3 ? NaN : v));
    const times = Array.from(source.times, (t, i) => (i === 5 ? NaN : t));
    const [onset] = rankOnsets([{ id: 'gaps', times, values }], WINDOW);
    expect(Math.abs(onsetMinute(onset.time) - 140)).toBeLessThanOrEqual(1);
  });

  it('handles lanes of very different lengths', () => {
    const long = lane('long', 15, stepAt(145, 10), { minutes: 181, step: 0.001 });
    expect(long.times.length).toBe(181_000);
    const short = lane('short', 16, stepAt(150, 10), { step: 5 });
    const onsets = rankOnsets([short, long], WINDOW);
    expect(onsets.map((o) => o.laneId)).toEqual(['long', 'short']);
    expect(Math.abs(onsetMinute(onsets[0].time) - 145)).toBeLessThanOrEqual(0.1);
    expect(Math.abs(onsetMinute(onsets[1].time) - 150)).toBeLessThanOrEqual(5);
  });

  it('skips empty and single-point lanes without throwing', () => {
    const lanes: Lane[] = [
      { id: 'empty', times: [], values: [] },
      { id: 'single', times: [at(150)], values: [3] },
      { id: 'mismatched', times: [at(1), at(2)], values: [1] },
      lane('real', 17, stepAt(140, 10)),
    ];
    expect(rankOnsets(lanes, WINDOW).map((o) => o.laneId)).toEqual(['real']);
  });

  it('accepts typed arrays', () => {
    const source = lane('typed', 18, stepAt(140, 10));
    const typed = { id: 'typed', times: Float64Array.from(source.times), values: Float32Array.from(source.values) };
    expect(rankOnsets([typed], WINDOW)).toHaveLength(1);
  });
});

describe('rankOnsets on shares of few observations', () => {
  /**
   * The share of requests ending with a rare outcome, per minute, from one request a minute (two from minute
   * 120): 0 throughout the baseline, three lone occurrences at minutes 125, 131 and 137 (a 2.5 % outcome
   * over ~60 requests), then from minute 160 the outcome becomes the rule (3 of 4 requests).
   */
  function rareShare(): Lane & { counts: number[] } {
    const times: number[] = [];
    const values: number[] = [];
    const counts: number[] = [];
    for (let minute = 0; minute <= 180; minute++) {
      const n = minute < 120 ? 1 : minute < 160 ? 2 : 4;
      const k = minute >= 160 ? 3 : [125, 131, 137].includes(minute) ? 1 : 0;
      times.push(at(minute));
      values.push(k / n);
      counts.push(n);
    }
    return { id: 'rare', times, values, counts };
  }
  const options = { baseline: { from: at(0), to: at(120) }, clip: 10, threshold: 16 };

  it('takes a lone occurrence of a rare outcome for the noise it is, and dates the real jump', () => {
    const onsets = rankOnsets([rareShare()], WINDOW, options);
    expect(onsets.map((o) => [o.direction, onsetMinute(o.time)])).toEqual([['up', 160]]);
  });

  it('without the counts, the constant baseline makes the lone occurrences an onset', () => {
    const { id, times, values } = rareShare();
    const [first] = rankOnsets([{ id, times, values }], WINDOW, options);
    expect(onsetMinute(first.time)).toBeLessThan(140);
  });

  it('floors the noise of each share at the binomial standard error of its own count (scipy.stats)', () => {
    // 45 shares of one observation, the outcome never seen: p = scipy.stats.beta.mean(1, 46) (Laplace's rule),
    // floors scipy.stats.binom.std(1, p) / 1 and scipy.stats.binom.std(5, p) / 5.
    const never = shareNoiseFloor(new Array(45).fill(0), new Array(45).fill(1));
    expect(never(1)).toBeCloseTo(0.14430489325798443, 12);
    expect(never(5)).toBeCloseTo(0.06453511016214086, 12);
    // 2 of 20 observations: p = scipy.stats.beta.mean(3, 19); scipy.stats.binom.std(n, p) / n for n = 2 and 40.
    const counts = [3, 1, 2, 4, 1, 1, 2, 3, 1, 2];
    const shares = [0, 0, 1 / 2, 0, 0, 1, 0, 0, 0, 0];
    const floor = shareNoiseFloor(shares, counts);
    expect(floor(2)).toBeCloseTo(0.24266086936434797, 12);
    expect(floor(40)).toBeCloseTo(0.05426061993778782, 12);
    // No baseline: p = 1/2, scipy.stats.binom.std(1, 0.5); a share of nothing has no noise to floor.
    expect(shareNoiseFloor([], [])(1)).toBeCloseTo(0.5, 12);
    expect(floor(0)).toBe(0);
  });

  it('keeps finding a rare outcome that becomes common while the counts grow (a traffic surge)', () => {
    // One observation a minute in the baseline, the outcome never seen; from minute 150, ten a minute and the
    // outcome in one of ten. At the baseline's count (1) the floor is 0.09, and shares of 0.1 would pass for
    // noise; at their own count (10) it is 0.03.
    const times: number[] = [];
    const values: number[] = [];
    const counts: number[] = [];
    for (let minute = 0; minute <= 200; minute++) {
      const n = minute < 150 ? 1 : 10;
      const k = minute < 150 ? 0 : [1, 0, 2, 1, 1, 1][minute % 6];
      times.push(at(minute));
      values.push(k / n);
      counts.push(n);
    }
    const onsets = rankOnsets([{ id: 'surge', times, values, counts }], WINDOW, options);
    expect(onsets.map((o) => [o.direction, onsetMinute(o.time)])).toEqual([['up', 150]]);
  });

  it('merges shares at one timestamp weighted by their counts and drops points of no observations', () => {
    const clean = cleanLane([at(2), at(1), at(1), at(3)], [0.5, 1, 0, NaN], [2, 1, 3, 0]);
    expect(Array.from(clean.times)).toEqual([at(1), at(2)]);
    expect(Array.from(clean.values)).toEqual([0.25, 0.5]);
    expect(Array.from(clean.counts!)).toEqual([4, 2]);
  });
});
