/**
 * fast-check arbitraries for the fuzz suite: the hostile-but-fair values a query result, a stored setting
 * or a caller can hand the engine. Pure (no @grafana/*), so the engine's own fuzz tests can use them.
 *
 * Sizes stay small (a few hundred rows) so thousands of cases run in seconds; the shapes that cost time
 * (near-equal values with one outlier, values near ±1e308, huge bin or window counts, lying lengths) are
 * generated on purpose, since cost is part of what is checked.
 */
import fc from 'fast-check';

/** Doubles a sensor, a bad exporter or a division by zero can produce, the nasty ones often. */
export const anyDouble: fc.Arbitrary<number> = fc.oneof(
  { weight: 4, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true }) },
  { weight: 2, arbitrary: fc.integer({ min: -20, max: 20 }) },
  { weight: 2, arbitrary: fc.double() },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      0,
      -0,
      NaN,
      Infinity,
      -Infinity,
      1e308,
      -1e308,
      Number.MAX_VALUE,
      -Number.MAX_VALUE,
      Number.MIN_VALUE,
      2 ** 53,
      1e-300
    ),
  }
);

/** A finite double, extremes included. */
export const finiteDouble: fc.Arbitrary<number> = anyDouble.filter(Number.isFinite);

/** What JSON (or a data source plugin) can put in a field: numbers, text, null, booleans, objects, dates. */
export const junkValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: anyDouble },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '',
      ' ',
      '1',
      '0.5',
      '-3',
      '1e308',
      'NaN',
      'Infinity',
      '+Inf',
      'abc',
      'true',
      '2026-01-01'
    ),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.constantFrom(null, undefined, true, false) },
  { weight: 1, arbitrary: fc.constantFrom({}, [], { a: 1 }, [1, 2], new Date(0), new Date(NaN)) }
);

/**
 * Numeric samples in the shapes that break statistics: anything, ties, all equal, near-equal values with
 * one far outlier (Freedman–Diaconis asks for millions of bins there), and values near ±1e308 whose
 * differences overflow.
 */
export const numericSample: fc.Arbitrary<number[]> = fc.oneof(
  { weight: 3, arbitrary: fc.array(anyDouble, { maxLength: 60 }) },
  { weight: 2, arbitrary: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 60 }) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(finiteDouble, fc.integer({ min: 1, max: 40 }))
      .map(([value, count]) => new Array<number>(count).fill(value)),
  },
  {
    weight: 2,
    arbitrary: fc
      .record({
        center: fc.double({ min: -1e3, max: 1e3, noNaN: true }),
        spread: fc.constantFrom(0, 1e-12, 1e-9, 1e-6),
        count: fc.integer({ min: 10, max: 1000 }),
        outlier: fc.constantFrom(1e3, 1e6, 1e9, -1e9, 1e308),
      })
      .map(({ center, spread, count, outlier }) => {
        const values = Array.from({ length: count }, (_, i) => center + spread * ((i % 7) - 3));
        values.push(outlier);
        return values;
      }),
  },
  {
    weight: 1,
    arbitrary: fc.array(fc.constantFrom(1e308, -1e308, Number.MAX_VALUE, -Number.MAX_VALUE, 0, 1), {
      minLength: 1,
      maxLength: 20,
    }),
  }
);

/** Category counts: mostly plausible, sometimes negative, fractional, non-finite or overflowing. */
export const countVector: fc.Arbitrary<number[]> = fc.oneof(
  { weight: 4, arbitrary: fc.array(fc.integer({ min: 0, max: 1000 }), { maxLength: 12 }) },
  { weight: 2, arbitrary: fc.array(fc.constantFrom(0, 1, 1e300, 1e308, Number.MAX_VALUE), { maxLength: 8 }) },
  { weight: 1, arbitrary: fc.array(anyDouble, { maxLength: 12 }) },
  { weight: 1, arbitrary: fc.array(fc.double({ min: 0, max: 1e-300, noNaN: true }), { maxLength: 8 }) }
);

/** Two count vectors, usually of the same length. */
export const countPair: fc.Arbitrary<[number[], number[]]> = fc.oneof(
  { weight: 1, arbitrary: fc.tuple(countVector, countVector) },
  {
    weight: 3,
    arbitrary: fc.integer({ min: 1, max: 12 }).chain((length) => {
      const count = fc.oneof(
        { weight: 12, arbitrary: fc.integer({ min: 0, max: 1000 }) },
        { weight: 1, arbitrary: fc.constantFrom(1e300, 1e308, Number.MAX_VALUE, 1e-310) },
        { weight: 1, arbitrary: anyDouble }
      );
      return fc.tuple(
        fc.array(count, { minLength: length, maxLength: length }),
        fc.array(count, { minLength: length, maxLength: length })
      );
    }),
  }
);

export const HOUR = 3_600_000;
/** A realistic epoch-ms start (2026-01-01). */
export const EPOCH = Date.UTC(2026, 0, 1);

/** Epoch-ms times: ascending (the usual), shuffled, with duplicates, NaN or times at the ends of Date's range. */
export function timesFor(length: number): fc.Arbitrary<number[]> {
  // Spread over the 200 hours from EPOCH that the suites' ranges mostly cover, sometimes with duplicates.
  const spread = fc
    .record({ hours: fc.constantFrom(100, 200, 300), duplicate: fc.boolean() })
    .map(({ hours, duplicate }) =>
      Array.from(
        { length },
        (_, i) => EPOCH + Math.floor(((duplicate ? i - (i % 2) : i) * hours * HOUR) / Math.max(1, length))
      )
    );
  const stepped = fc
    .record({ from: fc.constantFrom(EPOCH, 0, -1e12), step: fc.constantFrom(1, 1000, 60_000, HOUR, 0) })
    .map(({ from, step }) => Array.from({ length }, (_, i) => from + i * step));
  return fc.oneof(
    { weight: 8, arbitrary: spread },
    { weight: 3, arbitrary: stepped },
    {
      weight: 1,
      arbitrary: fc.array(fc.oneof(fc.integer({ min: EPOCH, max: EPOCH + 100 * HOUR }), anyDouble), {
        minLength: length,
        maxLength: length,
      }),
    },
    {
      weight: 1,
      arbitrary: fc.array(fc.constantFrom(8.64e15, -8.64e15, 1e308, -1e308, EPOCH), {
        minLength: length,
        maxLength: length,
      }),
    }
  );
}

/** A time range: usually around EPOCH, sometimes empty, reversed, NaN or astronomically wide. */
export const timeRange: fc.Arbitrary<{ from: number; to: number }> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .record({ offset: fc.integer({ min: -10, max: 10 }), hours: fc.integer({ min: 1, max: 400 }) })
      .map(({ offset, hours }) => ({ from: EPOCH + offset * HOUR, to: EPOCH + (offset + hours) * HOUR })),
  },
  { weight: 1, arbitrary: fc.record({ from: anyDouble, to: anyDouble }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      { from: -8.64e15, to: 8.64e15 },
      { from: -1e308, to: 1e308 },
      { from: EPOCH, to: EPOCH },
      { from: EPOCH, to: EPOCH + 1 }
    ),
  }
);

/** One lane of a timeline (or the engine's onset input). */
export const laneInput = fc.integer({ min: 0, max: 240 }).chain((length) =>
  fc.record({
    id: fc.constantFrom('a', 'b', 'latency', 'errors', ''),
    times: timesFor(length),
    values: fc.oneof(
      fc.array(anyDouble, { minLength: length, maxLength: length }),
      fc
        .record({
          level: fc.double({ min: -1e3, max: 1e3, noNaN: true }),
          step: fc.double({ min: -1e3, max: 1e3, noNaN: true }),
        })
        .map(({ level, step }) => Array.from({ length }, (_, i) => level + (i > length / 2 ? step : 0) + (i % 3)))
    ),
  })
);

/** Cumulative `{ le, count }` buckets: mostly valid, sometimes unsorted, without +Inf, decreasing or overflowing. */
export const cumulativeBuckets = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .tuple(
        fc.uniqueArray(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { maxLength: 10 }),
        fc.array(fc.integer({ min: 0, max: 100 }), { maxLength: 11 })
      )
      .map(([bounds, steps]) => {
        const les = [...bounds].sort((a, b) => a - b);
        les.push(Infinity);
        let running = 0;
        return les.map((le, i) => ({ le, count: (running += steps[i] ?? 0) }));
      }),
  },
  { weight: 1, arbitrary: fc.array(fc.record({ le: anyDouble, count: anyDouble }), { maxLength: 8 }) }
);

/** A native histogram sample as the Prometheus HTTP API returns it, with malformed buckets now and then. */
export const nativeHistogram = fc.record(
  {
    count: fc.oneof(anyDouble, fc.constantFrom('10', 'x')),
    sum: anyDouble,
    buckets: fc.array(
      fc.oneof(
        {
          weight: 4,
          arbitrary: fc
            .record({
              rule: fc.integer({ min: 0, max: 3 }),
              lower: fc.double({ min: -100, max: 100, noNaN: true }),
              width: fc.double({ min: 0, max: 50, noNaN: true }),
              count: fc.integer({ min: 0, max: 1000 }),
            })
            .map(
              ({ rule, lower, width, count }) =>
                [rule, String(lower), String(lower + width), String(count)] as [number, string, string, string]
            ),
        },
        { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 0, max: 3 }), junkValue, junkValue, junkValue) }
      ),
      { maxLength: 12 }
    ),
  },
  { requiredKeys: [], noNullPrototype: true }
);

/** Mostly a plausible value, now and then any double: deep enough to reach the code behind the checks. */
export function mostly<T>(
  plausible: fc.Arbitrary<T>,
  other: fc.Arbitrary<T | number> = anyDouble
): fc.Arbitrary<T | number> {
  return fc.oneof({ weight: 4, arbitrary: plausible }, { weight: 1, arbitrary: other });
}

/** One element of a list (fc.constantFrom without spreading the list into a call). */
export function pick<T>(list: readonly T[]): fc.Arbitrary<T> {
  return fc.nat({ max: list.length - 1 }).map((i) => list[i]);
}
