import { HOUR, RANGE, recordedDriftFrame, sampleFrame } from '../testing/frames';
import { FrameProblemError } from './frames';
import { isRecordedDrift, readRecordedDrift } from './recordedDrift';

/** 100 hourly scores: `low` until `onset`, then `high`. */
function scores(onset: number, low = 0.02, high = 0.3): number[] {
  return Array.from({ length: 100 }, (_, i) => (i < onset ? low : high));
}

describe('readRecordedDrift', () => {
  it('ranks features by their latest recorded score relative to the threshold and dates the latest run', () => {
    const frames = [
      recordedDriftFrame('psi', { feature: 'stable', model: 'reco' }, scores(100)),
      recordedDriftFrame('psi', { feature: 'shifted', model: 'reco' }, scores(60, 0.02, 0.4)),
      recordedDriftFrame('psi', { feature: 'mild', model: 'reco' }, scores(80, 0.02, 0.15)),
    ];
    const result = readRecordedDrift(frames, RANGE);
    expect(result.metrics).toEqual(['driftline:feature_drift:psi']);
    expect(result.stepMs).toBe(HOUR);
    expect(result.features.map((f) => f.feature)).toEqual(['shifted', 'mild', 'stable']);
    const [shifted, mild, stable] = result.features;
    expect(shifted).toMatchObject({ source: 'recorded', method: 'psi', scoreKind: 'distance', threshold: 0.1 });
    expect(shifted.score).toBe(0.4);
    expect(shifted.severity).toBeCloseTo(4, 12);
    expect(shifted.drifted).toBe(true);
    expect(shifted.histogram).toBeNull();
    // The window ending at the first drifted sample starts one step before it.
    expect(shifted.driftStart).toEqual({ index: 60, from: RANGE.from + 59 * HOUR, to: RANGE.from + 60 * HOUR });
    expect(mild.driftStart?.to).toBe(RANGE.from + 80 * HOUR);
    expect(stable.drifted).toBe(false);
    expect(stable.driftStart).toBeNull();
  });

  it('builds each window from its sample: score, verdict and severity, and no score where none was recorded', () => {
    const values = scores(50);
    values[70] = NaN;
    const [feature] = readRecordedDrift([recordedDriftFrame('hellinger', { feature: 'a' }, values)], RANGE).features;
    expect(feature.windows).toHaveLength(100);
    expect(feature.windows[10]).toMatchObject({ score: 0.02, drifted: false, from: RANGE.from + 9 * HOUR });
    expect(feature.windows[10].severity).toBeCloseTo(0.2, 12);
    expect(feature.windows[60]).toMatchObject({ score: 0.3, drifted: true, to: RANGE.from + 60 * HOUR });
    expect(feature.windows[70]).toMatchObject({ score: null, drifted: false, severity: null });
    expect(feature.droppedNonFinite).toBe(1);
    // One unscored window inside a run neither breaks nor extends it.
    expect(feature.driftStart?.index).toBe(50);
    // Built once, then kept.
    expect(feature.windows).toBe(feature.windows);
  });

  it('uses the panel threshold over the method default', () => {
    const frame = recordedDriftFrame('jensenshannon', { feature: 'a' }, scores(50, 0.05, 0.15));
    expect(readRecordedDrift([frame], RANGE).features[0].drifted).toBe(true);
    const strict = readRecordedDrift([frame], RANGE, { threshold: 0.2 }).features[0];
    expect(strict).toMatchObject({ threshold: 0.2, drifted: false, driftStart: null });
  });

  it('keeps only the samples inside the range', () => {
    const frame = recordedDriftFrame('psi', { feature: 'a' }, scores(90, 0.02, 0.5));
    const range = { from: RANGE.from + 10 * HOUR, to: RANGE.from + 50 * HOUR };
    const [feature] = readRecordedDrift([frame], range).features;
    expect(feature.windows).toHaveLength(41);
    expect(feature.score).toBe(0.02);
    expect(feature.drifted).toBe(false);
  });

  it('reads the metric from the query text when a function dropped __name__', () => {
    const frame = recordedDriftFrame('ks', { feature: 'a' }, scores(50), {
      keepName: false,
      query: 'max by (feature) (driftline:feature_drift:ks{model="reco"})',
    });
    expect(isRecordedDrift([frame])).toBe(true);
    expect(readRecordedDrift([frame], RANGE).features[0].method).toBe('ks');
    const unnamed = recordedDriftFrame('ks', { feature: 'a' }, scores(50), { keepName: false });
    expect(isRecordedDrift([unnamed])).toBe(false);
  });

  it('tells recorded series from histogram buckets and raw samples', () => {
    const bucket = recordedDriftFrame('psi', { feature: 'a' }, scores(50));
    bucket.fields[1].labels = { __name__: 'x_bucket', feature: 'a', le: '+Inf' };
    expect(isRecordedDrift([bucket])).toBe(false);
    expect(isRecordedDrift([sampleFrame()])).toBe(false);
    const mixed = [recordedDriftFrame('psi', { feature: 'a' }, scores(50)), bucket];
    expect(isRecordedDrift(mixed)).toBe(false);
    expect(isRecordedDrift([])).toBe(false);
    const unknownMethod = recordedDriftFrame('psi', { feature: 'a' }, scores(50));
    unknownMethod.fields[1].labels = { __name__: 'driftline:feature_drift:wasserstein', feature: 'a' };
    expect(isRecordedDrift([unknownMethod])).toBe(false);
  });

  it('names features by the feature label, adding the labels that tell two series of one feature apart', () => {
    const frames = [
      recordedDriftFrame('psi', { feature: 'a', model: 'reco', job: 'x' }, scores(50)),
      recordedDriftFrame('psi', { feature: 'a', model: 'rank', job: 'x' }, scores(100)),
      recordedDriftFrame('psi', { feature: 'b', model: 'reco', job: 'x' }, scores(100)),
    ];
    const names = readRecordedDrift(frames, RANGE).features.map((f) => f.feature);
    expect(names).toEqual(['a{model="reco"}', 'a{model="rank"}', 'b{model="reco"}']);
    const byModel = readRecordedDrift(frames, RANGE, { featureLabel: 'model' }).features.map((f) => f.feature);
    expect(byModel).toContain('reco{feature="a"}');
  });

  it('keeps the chosen method and features, and says what to change when they are not there', () => {
    const frames = [
      recordedDriftFrame('psi', { feature: 'a' }, scores(50)),
      recordedDriftFrame('ks', { feature: 'a' }, scores(100)),
      recordedDriftFrame('psi', { feature: 'b' }, scores(100)),
    ];
    expect(readRecordedDrift(frames, RANGE).features.map((f) => f.feature)).toEqual(['a · psi', 'a · ks', 'b · psi']);
    expect(readRecordedDrift(frames, RANGE, { method: 'psi' }).features.map((f) => f.feature)).toEqual(['a', 'b']);
    expect(readRecordedDrift(frames, RANGE, { method: 'psi', features: ['b'] }).features).toHaveLength(1);
    expect(() => readRecordedDrift(frames, RANGE, { method: 'hellinger' })).toThrow(
      /returns recorded ks, psi scores, not hellinger: set the panel's Method to Auto/
    );
    expect(() => readRecordedDrift(frames, RANGE, { features: ['zzz'] })).toThrow(FrameProblemError);
  });

  it('lists a feature with no recorded score in the range as a problem, and a repeated series once', () => {
    const frames = [
      recordedDriftFrame('psi', { feature: 'a' }, scores(50)),
      recordedDriftFrame(
        'psi',
        { feature: 'silent' },
        Array.from({ length: 100 }, () => NaN)
      ),
      recordedDriftFrame('psi', { feature: 'a' }, scores(50)),
    ];
    const result = readRecordedDrift(frames, RANGE);
    expect(result.features.map((f) => f.feature)).toEqual(['a']);
    expect(result.problems.map((p) => [p.feature, p.code])).toEqual([
      ['silent', 'EMPTY_INPUT'],
      ['a', 'INVALID_ARGUMENT'],
    ]);
    expect(result.problems[0].message).toMatch(/no score was recorded for silent/);
  });
});
