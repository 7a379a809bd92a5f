import fc from 'fast-check';
import { computeDriftOverTime, detectDrift, driftOverTimeSteps, DriftInputError, FeatureValue } from '..';

const HOUR = 3_600_000;
const range = { from: 0, to: 100 * HOUR };

/** The definition the windows follow: each window's values against the baseline's, with the overall method. */
function naiveWindowScores(times: number[], values: FeatureValue[], windowMs: number, split: number) {
  const baseline = values.filter((_, i) => times[i] >= 0 && times[i] < split);
  const current = values.filter((_, i) => times[i] >= split && times[i] <= range.to);
  const overall = detectDrift(baseline, current);
  const scores: Array<number | null> = [];
  for (let from = split; from < range.to; from += windowMs) {
    const to = Math.min(from + windowMs, range.to);
    const last = to === range.to;
    const inWindow = values.filter((_, i) => times[i] >= from && (last ? times[i] <= to : times[i] < to));
    try {
      scores.push(
        detectDrift(baseline, inWindow, { kind: overall.kind, method: overall.method, threshold: overall.threshold })
          .score
      );
    } catch (error) {
      if (!(error instanceof DriftInputError)) {
        throw error;
      }
      scores.push(null);
    }
  }
  return { overall, scores };
}

describe('drift over time in steps', () => {
  it('scores every window as detectDrift scores it against the baseline, sorting the baseline once', () => {
    const rows = fc.integer({ min: 20, max: 400 }).chain((length) =>
      fc.record({
        times: fc.array(fc.integer({ min: 0, max: 100 * HOUR - 1 }), { minLength: length, maxLength: length }),
        numbers: fc.array(
          fc.oneof(fc.integer({ min: 0, max: 6 }), fc.double({ min: -5, max: 5, noNaN: true }), fc.constant(NaN)),
          {
            minLength: length,
            maxLength: length,
          }
        ),
        text: fc.boolean(),
        windowHours: fc.constantFrom(3, 10, 25),
      })
    );
    fc.assert(
      fc.property(rows, ({ times, numbers, text, windowHours }) => {
        const values: FeatureValue[] = text
          ? numbers.map((v) => (Number.isNaN(v) ? NaN : `c${Math.round(v)}`))
          : numbers;
        const split = 25 * HOUR;
        let expected: ReturnType<typeof naiveWindowScores>;
        try {
          expected = naiveWindowScores(times, values, windowHours * HOUR, split);
        } catch (error) {
          // The whole feature is refused: the steps refuse it too.
          const result = computeDriftOverTime(
            [{ feature: 'f', times, values: text ? values : Float64Array.from(numbers) }],
            {
              range,
              baseline: { mode: 'firstPercent', percent: 25 },
              windowMs: windowHours * HOUR,
            }
          );
          expect(result.features).toEqual([]);
          expect(result.problems[0].code).toBe((error as DriftInputError).code);
          return;
        }
        // Numbers arrive as a Float64Array (as readNumbers gives them): the path that sorts in steps.
        const steps = driftOverTimeSteps(
          [{ feature: 'f', times, values: text ? values : Float64Array.from(numbers) }],
          {
            range,
            baseline: { mode: 'firstPercent', percent: 25 },
            windowMs: windowHours * HOUR,
          }
        );
        let next = steps.next();
        while (!next.done) {
          next = steps.next();
        }
        const [feature] = next.value.features;
        expect(feature.score).toBe(expected.overall.score);
        expect(feature.method).toBe(expected.overall.method);
        expect(feature.windows.map((window) => window.score)).toEqual(expected.scores);
      }),
      { numRuns: 200 }
    );
  });
});
