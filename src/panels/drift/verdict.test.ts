import { FeatureDrift } from '../../analysis';
import { driftVerdict, verdictText } from './verdict';

const HOUR = 3_600_000;
const window = (k: number, drifted: boolean, score: number | null = drifted ? 0.5 : 0.05) => ({
  from: k * HOUR,
  to: (k + 1) * HOUR,
  count: 100,
  score,
  drifted,
  severity: score,
});
const feature = (drifted: boolean, flags: boolean[]): FeatureDrift =>
  ({
    feature: 'prompt_tokens',
    drifted,
    windows: flags.map((flag, k) => window(k, flag)),
    driftStart: flags.includes(true)
      ? { index: flags.lastIndexOf(true), from: flags.lastIndexOf(true) * HOUR, to: 0 }
      : null,
  }) as unknown as FeatureDrift;
const hours = (epochMs: number) => `${epochMs / HOUR}h`;

describe('drift verdict', () => {
  it('never says "drifting since" for a feature badged Stable, and counts its crossings instead', () => {
    const stable = feature(false, [false, true, false, false, true, false, true, false]);
    const verdict = driftVerdict(stable);
    expect(verdict).toEqual({ drifted: false, crossed: 3, scored: 8, lastCrossed: 6 * HOUR });
    expect(verdictText(verdict, hours)).toBe(
      'Stable over the whole window; crossed the threshold in 3 of 8 windows, last at 6h'
    );
  });

  it('says since when for a drifted feature', () => {
    const drifted = feature(true, [false, false, false, true, true]);
    expect(driftVerdict(drifted).since).toBe(4 * HOUR);
    expect(verdictText(driftVerdict(drifted), hours)).toBe('Drifted since 4h');
  });

  it('reads a quiet stable feature and an unscored window', () => {
    const quiet = feature(false, [false, false]);
    quiet.windows.push({ ...window(2, false, null) });
    expect(driftVerdict(quiet)).toEqual({ drifted: false, crossed: 0, scored: 2 });
    expect(verdictText(driftVerdict(quiet), hours)).toBe('Stable over the whole window');
  });
});
