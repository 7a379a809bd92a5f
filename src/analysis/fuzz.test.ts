/**
 * Fuzz suite over every function the engine exports (src/analysis/index.ts): each returns finite results or
 * throws DriftInputError, and no case takes over a second. `FUZZ_RUNS=10000 npx jest src/analysis/fuzz` is
 * the nightly-sized run; `npm test` runs the CI-sized one. The counts per target are printed.
 */
import fc from 'fast-check';
import * as engine from '.';
import {
  alignBucketLayouts,
  bucketDrift,
  bucketLabel,
  bucketScoresAt,
  BucketDriftMethod,
  bucketsFromCounters,
  buildChangeSequence,
  chiSquareTest,
  coarsenBuckets,
  comparisonHistogram,
  computeDriftOverTime,
  counterIncreases,
  coveringScore,
  detectChangePoints,
  detectDrift,
  DriftMethod,
  driftOverTimeSteps,
  driftSeverity,
  exponentialBounds,
  f1Score,
  FeatureSeries,
  formatDriftScore,
  formatLe,
  hellingerDistance,
  histogramBinEdges,
  isDrifted,
  isTestMethod,
  jensenShannonDistance,
  klDivergence,
  ksTwoSample,
  latestDriftRun,
  latestDriftRunStart,
  markSimultaneous,
  nativeHistogramBounds,
  nativeHistogramToBuckets,
  parseLe,
  prepareBucketBaseline,
  proportionZTest,
  psi,
  rankFeatures,
  rankOnsets,
  relateAnnotationsToOnsets,
  resolveBaseline,
  scoreBucketWindows,
  segmentsFromChangePoints,
  stepMidpoint,
  truePositives,
  validateBuckets,
  wassersteinDistance,
  windowBoundaries,
  BaselineMode,
} from '.';
import { fuzzSuite } from '../testing/fuzz/harness';
import {
  anyDouble,
  countPair,
  countVector,
  cumulativeBuckets,
  EPOCH,
  HOUR,
  junkValue,
  laneInput,
  mostly,
  nativeHistogram,
  numericSample,
  timeRange,
  timesFor,
} from '../testing/fuzz/values';

const DRIFT_METHODS: DriftMethod[] = ['ks', 'chisquare', 'z', 'wasserstein', 'jensenshannon', 'psi', 'kl', 'hellinger'];
const BUCKET_METHODS: BucketDriftMethod[] = ['psi', 'jensenshannon', 'ks', 'hellinger'];

const driftMethod = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...DRIFT_METHODS) },
  { weight: 1, arbitrary: fc.constantFrom('nope', '', 'toString') as unknown as fc.Arbitrary<DriftMethod> }
);
const bucketMethod = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...BUCKET_METHODS) },
  { weight: 1, arbitrary: fc.constantFrom('kl', '') as unknown as fc.Arbitrary<BucketDriftMethod> }
);
const threshold = fc.oneof(fc.constant(undefined), fc.constantFrom(0.05, 0.1, 0.5), anyDouble);
const featureValues = fc.oneof(
  { weight: 3, arbitrary: numericSample },
  { weight: 2, arbitrary: fc.array(fc.constantFrom('a', 'b', 'c', 'd', '1', ''), { maxLength: 60 }) },
  { weight: 1, arbitrary: fc.array(fc.oneof(anyDouble, fc.constantFrom('a', 'b')), { maxLength: 40 }) },
  { weight: 1, arbitrary: fc.array(junkValue, { maxLength: 30 }) as fc.Arbitrary<Array<number | string>> }
);
const columnKind = fc.constantFrom(undefined, 'numerical' as const, 'categorical' as const);

/** Bucket counters of one histogram: times, and one cumulative series per le, with resets, gaps and junk. */
const bucketCounters = fc
  .record({
    length: fc.integer({ min: 0, max: 80 }),
    les: fc.uniqueArray(fc.oneof(fc.double({ min: 0, max: 100, noNaN: true }), fc.constantFrom('+Inf', 'x', '0.5')), {
      maxLength: 6,
    }),
    withInf: fc.boolean(),
    increases: fc.boolean(),
  })
  .chain(({ length, les, withInf, increases }) =>
    fc.record({
      times: timesFor(length),
      buckets: fc.constant([...les, ...(withInf ? ['+Inf'] : [])]),
      rises: fc.array(
        fc.array(
          fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 0, max: 50 }) }, { weight: 1, arbitrary: anyDouble }),
          {
            minLength: length,
            maxLength: length,
          }
        ),
        { minLength: les.length + 1, maxLength: les.length + 1 }
      ),
      increases: fc.constant(increases),
    })
  )
  .map(({ times, buckets, rises, increases }) =>
    buckets.map((le, b) => {
      let running = 0;
      // Counts grow with le: bucket b adds the rises of buckets 0..b.
      const values = times.map((_, i) => {
        let step = 0;
        for (let k = 0; k <= b; k++) {
          step += rises[k][i];
        }
        running += step;
        return running;
      });
      return increases
        ? { le, times: [times[0] - HOUR, ...times], values: [], increases: values.map((_, i) => rises[b][i]) }
        : { le, times, values };
    })
  );

const baselineMode: fc.Arbitrary<BaselineMode> = fc.oneof(
  fc.record({ mode: fc.constant('firstPercent' as const), percent: fc.oneof(fc.constantFrom(25, 50, 90), anyDouble) }),
  fc.constant({ mode: 'previousPeriod' as const }),
  fc.record({
    mode: fc.constant('timeShift' as const),
    shiftMs: fc.oneof(fc.constantFrom(HOUR, 24 * HOUR), anyDouble),
  }),
  fc.record({ mode: fc.constant('fixed' as const), range: timeRange }),
  fc.constant({ mode: 'nope' } as unknown as BaselineMode)
);

const sampleFeature = fc.integer({ min: 0, max: 150 }).chain((length) =>
  fc.record({
    feature: fc.constantFrom('f1', 'f2', 'f3'),
    times: timesFor(length),
    values: fc.oneof(
      fc.array(anyDouble, { minLength: length, maxLength: length }),
      fc.array(fc.constantFrom('a', 'b', 'c'), { minLength: length, maxLength: length }),
      fc.array(fc.integer({ min: 0, max: 3 }), { minLength: length, maxLength: length })
    ),
    kind: columnKind,
    method: fc.oneof(fc.constant(undefined), driftMethod),
    threshold,
  })
);
const bucketFeature = fc.record({
  feature: fc.constantFrom('h1', 'h2'),
  buckets: bucketCounters,
  method: fc.oneof(fc.constant(undefined), bucketMethod),
  threshold,
});
const driftOverTimeInput = fc.record({
  features: fc.array(fc.oneof(sampleFeature, bucketFeature) as fc.Arbitrary<FeatureSeries>, { maxLength: 3 }),
  range: fc.oneof(
    { weight: 5, arbitrary: fc.constant({ from: EPOCH, to: EPOCH + 150 * HOUR }) },
    { weight: 2, arbitrary: timeRange }
  ),
  baseline: baselineMode,
  windowMs: fc.oneof(fc.constantFrom(HOUR, 10 * HOUR, 60_000, 1000), anyDouble),
});

const onset = fc.record({
  laneId: fc.constantFrom('a', 'b', 'c'),
  time: mostly(fc.integer({ min: EPOCH, max: EPOCH + 100 * HOUR })),
  score: mostly(fc.double({ min: 1, max: 100, noNaN: true })),
  direction: fc.constantFrom('up' as const, 'down' as const),
});
const changeEvent = fc.record({
  id: fc.constantFrom('e1', 'e2', 'e3'),
  time: mostly(fc.integer({ min: EPOCH, max: EPOCH + 100 * HOUR })),
  kind: fc.constantFrom('deploy', 'config', 'incident', 'other'),
  text: fc.string({ maxLength: 10 }),
});
const relateOptions = fc.record(
  {
    horizonMs: mostly(fc.constantFrom(0, HOUR, 30 * 60_000)),
    observedUntil: mostly(fc.integer({ min: EPOCH, max: EPOCH + 100 * HOUR })),
    kinds: fc.constant(['deploy', 'config']),
  },
  { requiredKeys: [], noNullPrototype: true }
);
const indices = fc.array(
  mostly(fc.integer({ min: 0, max: 300 }), fc.oneof(anyDouble, fc.integer({ min: -5, max: -1 }))),
  { maxLength: 10 }
);

const target = fuzzSuite('Engine fuzz (src/analysis/index.ts)', (table) => console.log(table));

describe('fuzzing every engine function', () => {
  target.covers(
    { 'src/analysis': engine },
    { notTargets: { bucketKernelAvailable: 'takes no input: it says whether the WebAssembly kernel loaded' } }
  );

  target('ksTwoSample', fc.tuple(numericSample, numericSample), ([a, b]) => ksTwoSample(a, b));
  target('wassersteinDistance', fc.tuple(numericSample, numericSample), ([a, b]) => wassersteinDistance(a, b));
  target('chiSquareTest', countPair, ([a, b]) => chiSquareTest(a, b));
  target(
    'proportionZTest',
    fc
      .tuple(
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 100 })
      )
      .chain(([a, b, c, d]) =>
        fc.tuple(
          mostly(fc.constant(Math.min(a, b))),
          mostly(fc.constant(Math.max(a, b))),
          mostly(fc.constant(Math.min(c, d))),
          mostly(fc.constant(Math.max(c, d)))
        )
      ),
    ([a, b, c, d]) => proportionZTest(a, b, c, d)
  );
  target('jensenShannonDistance', fc.tuple(countPair, fc.oneof(fc.constant(undefined), anyDouble)), ([[a, b], base]) =>
    jensenShannonDistance(a, b, base)
  );
  target('psi', countPair, ([a, b]) => psi(a, b));
  target('klDivergence', countPair, ([a, b]) => klDivergence(a, b));
  target('hellingerDistance', countPair, ([a, b]) => hellingerDistance(a, b));
  target(
    'histogramBinEdges',
    fc.tuple(
      numericSample,
      fc.oneof(
        fc.constantFrom('sturges' as const, 'fd' as const, 'auto' as const),
        fc.integer({ min: 1, max: 50 }),
        fc.constantFrom(0, -1, 1.5, 1e9, 1e12, NaN, 'bogus' as never)
      )
    ),
    ([values, bins]) => histogramBinEdges(values, bins)
  );
  target(
    'detectDrift',
    fc.tuple(
      featureValues,
      featureValues,
      fc.record(
        { kind: columnKind, method: fc.oneof(fc.constant(undefined), driftMethod), threshold },
        { requiredKeys: [], noNullPrototype: true }
      )
    ),
    ([a, b, options]) => detectDrift(a, b, options)
  );
  target(
    'driftSeverity',
    fc.tuple(
      driftMethod,
      mostly(fc.double({ min: 0, max: 1, noNaN: true })),
      mostly(fc.constantFrom(0.05, 0.1, 0.01, 1e-300))
    ),
    ([method, score, limit]) => driftSeverity(method, score, limit)
  );
  target('isDrifted', fc.tuple(driftMethod, anyDouble, anyDouble), ([method, score, limit]) =>
    isDrifted(method, score, limit)
  );
  target('isTestMethod', driftMethod, (method) => isTestMethod(method));
  target('formatDriftScore', fc.oneof(anyDouble, fc.constant(null)), (score) => formatDriftScore(score));
  target('bucketDrift', fc.tuple(cumulativeBuckets, cumulativeBuckets, bucketMethod), ([a, b, method]) =>
    bucketDrift(a, b, method)
  );
  target('alignBucketLayouts', fc.tuple(cumulativeBuckets, cumulativeBuckets), ([a, b]) => alignBucketLayouts(a, b), {
    infinite: ['le', 'bounds'],
  });
  target(
    'coarsenBuckets',
    fc.tuple(cumulativeBuckets, fc.array(fc.oneof(anyDouble, fc.constant(Infinity)), { maxLength: 6 })),
    ([buckets, bounds]) => coarsenBuckets(buckets, bounds),
    { infinite: ['le'] }
  );
  target(
    'parseLe',
    fc.oneof(junkValue, fc.constantFrom('+Inf', 'Inf', '0.5', ' 1 ', '-Inf')) as fc.Arbitrary<string>,
    (label) => parseLe(label),
    {
      infinite: [''],
    }
  );
  target('validateBuckets', cumulativeBuckets, (buckets) => validateBuckets(buckets, 'fuzzed'));
  target('prepareBucketBaseline', countVector, (counts) => prepareBucketBaseline(Float64Array.from(counts)));
  target(
    'scoreBucketWindows',
    fc.tuple(countVector, countVector, fc.subarray(BUCKET_METHODS, { minLength: 1 })),
    ([baseline, windows, methods]) =>
      scoreBucketWindows(prepareBucketBaseline(Float64Array.from(baseline)), Float64Array.from(windows), methods),
    // A window without observations scores NaN: the documented "no score" of that window.
    { gaps: BUCKET_METHODS }
  );
  target(
    'bucketsFromCounters',
    fc.tuple(bucketCounters, timeRange),
    ([series, range]) => bucketsFromCounters(series, range.from, range.to),
    { infinite: ['le'] }
  );
  target(
    'counterIncreases',
    fc.tuple(
      bucketCounters,
      fc.array(fc.oneof(fc.integer({ min: EPOCH - HOUR, max: EPOCH + 100 * HOUR }), anyDouble), { maxLength: 12 })
    ),
    ([series, boundaries]) => (series[0] ? counterIncreases(series[0], boundaries) : [])
  );
  target(
    'exponentialBounds',
    fc.tuple(
      mostly(fc.double({ min: 1e-3, max: 10, noNaN: true })),
      mostly(fc.double({ min: 1.01, max: 4, noNaN: true })),
      fc.oneof(
        { weight: 4, arbitrary: fc.integer({ min: 1, max: 40 }) },
        { weight: 1, arbitrary: fc.constantFrom(-2, 0, 1.5, 1100, 1e6, 1e9, 2 ** 31) }
      )
    ),
    ([start, factor, count]) => exponentialBounds(start, factor, count),
    { infinite: [''] }
  );
  target(
    'nativeHistogramBounds',
    fc.array(nativeHistogram, { maxLength: 4 }),
    (histograms) => nativeHistogramBounds(histograms as never),
    {
      infinite: [''],
    }
  );
  target(
    'nativeHistogramToBuckets',
    fc.tuple(nativeHistogram, fc.oneof(fc.constant(undefined), fc.array(anyDouble, { maxLength: 8 }))),
    ([histogram, bounds]) => nativeHistogramToBuckets(histogram as never, bounds),
    { infinite: ['le'] }
  );
  target('comparisonHistogram', fc.tuple(featureValues, featureValues, columnKind), ([a, b, kind]) =>
    comparisonHistogram(a, b, kind)
  );
  target(
    'computeDriftOverTime',
    driftOverTimeInput,
    ({ features, range, baseline, windowMs }) => computeDriftOverTime(features, { range, baseline, windowMs }),
    { infinite: ['upperBounds'] }
  );
  target(
    'driftOverTimeSteps',
    driftOverTimeInput,
    ({ features, range, baseline, windowMs }) => {
      const steps = driftOverTimeSteps(features, { range, baseline, windowMs });
      let next = steps.next();
      while (!next.done) {
        next = steps.next();
      }
      return next.value;
    },
    { infinite: ['upperBounds'] }
  );
  target(
    'rankFeatures',
    fc.array(fc.record({ feature: fc.constantFrom('a', 'b', 'c'), severity: anyDouble }), { maxLength: 10 }),
    (features) => rankFeatures(features as never).map((feature) => feature.feature)
  );
  target('resolveBaseline', fc.tuple(timeRange, baselineMode), ([range, baseline]) => resolveBaseline(range, baseline));
  target(
    'windowBoundaries',
    fc.tuple(timeRange, fc.oneof(fc.constantFrom(HOUR, 1, 1e-9), anyDouble)),
    ([range, windowMs]) => windowBoundaries(range, windowMs)
  );
  target(
    'detectChangePoints',
    fc.tuple(
      fc.oneof(
        numericSample,
        laneInput.map((lane) => lane.values)
      ),
      fc.record(
        {
          model: fc.constantFrom('linearTrend', 'linearTrend', 'meanVariance', 'bogus') as fc.Arbitrary<never>,
          maxCorrelation: mostly(fc.double({ min: 0, max: 0.99, noNaN: true })),
          penalty: mostly(fc.double({ min: 0, max: 100, noNaN: true })),
          penaltyPerLogN: mostly(fc.double({ min: 0, max: 10, noNaN: true })),
          minSegmentLength: mostly(fc.integer({ min: 1, max: 30 })),
          clipScales: mostly(fc.oneof(fc.double({ min: 0.5, max: 10, noNaN: true }), fc.constant(Infinity))),
        },
        { requiredKeys: [], noNullPrototype: true }
      )
    ),
    ([values, options]) => detectChangePoints(values, options)
  );
  target(
    'truePositives',
    fc.tuple(indices, indices, fc.oneof(fc.integer({ min: 0, max: 10 }), anyDouble)),
    ([truth, predictions, margin]) => truePositives(truth, predictions, margin)
  );
  target(
    'f1Score',
    fc.tuple(fc.array(indices, { maxLength: 3 }), indices, fc.oneof(fc.integer({ min: 0, max: 10 }), anyDouble)),
    ([truth, predictions, margin]) => f1Score(truth, predictions, margin)
  );
  target(
    'segmentsFromChangePoints',
    fc.tuple(indices, fc.oneof(fc.integer({ min: -1, max: 300 }), anyDouble)),
    ([points, length]) => segmentsFromChangePoints(points, length)
  );
  target(
    'coveringScore',
    fc.tuple(fc.array(indices, { maxLength: 3 }), indices, fc.oneof(fc.integer({ min: -1, max: 300 }), anyDouble)),
    ([truth, predictions, length]) => coveringScore(truth, predictions, length)
  );
  target(
    'rankOnsets',
    fc.tuple(
      fc.array(laneInput, { maxLength: 3 }),
      fc.oneof(
        { weight: 4, arbitrary: fc.constant({ from: EPOCH + 100 * HOUR, to: EPOCH + 200 * HOUR }) },
        { weight: 1, arbitrary: timeRange }
      ),
      fc.record(
        {
          baseline: fc.oneof(
            { weight: 4, arbitrary: fc.constant({ from: EPOCH, to: EPOCH + 100 * HOUR }) },
            { weight: 1, arbitrary: timeRange }
          ),
          lookbackMs: mostly(fc.constantFrom(0, HOUR, 10 * HOUR)),
          minBaselinePoints: mostly(fc.integer({ min: 1, max: 20 })),
          threshold: mostly(fc.double({ min: 0.5, max: 20, noNaN: true })),
          burstLevel: mostly(fc.double({ min: 0.5, max: 10, noNaN: true })),
          drift: mostly(fc.double({ min: 0, max: 3, noNaN: true })),
          clip: mostly(fc.double({ min: 0.5, max: 20, noNaN: true })),
          persistence: mostly(fc.integer({ min: 1, max: 10 })),
        },
        { requiredKeys: [], noNullPrototype: true }
      )
    ),
    ([lanes, window, options]) => rankOnsets(lanes, window, options)
  );
  target(
    'relateAnnotationsToOnsets',
    fc.tuple(fc.array(changeEvent, { maxLength: 5 }), fc.array(onset, { maxLength: 5 }), relateOptions),
    ([events, onsets, options]) => relateAnnotationsToOnsets(events, onsets, options)
  );
  target(
    'buildChangeSequence',
    fc.tuple(
      fc.array(onset, { maxLength: 5 }),
      fc.array(changeEvent, { maxLength: 5 }),
      mostly(fc.integer({ min: EPOCH, max: EPOCH + 100 * HOUR })),
      relateOptions
    ),
    ([onsets, events, incidentStart, options]) => buildChangeSequence(onsets, events, incidentStart, options)
  );
  target('formatLe', anyDouble, (bound) => formatLe(bound));
  target('bucketLabel', anyDouble, (bound) => bucketLabel(bound));
  target(
    'bucketScoresAt',
    fc.tuple(
      bucketCounters,
      fc.oneof(
        fc.record({ range: timeRange }),
        fc.record({
          shiftMs: mostly(fc.constantFrom(HOUR, 10 * HOUR)),
          durationMs: mostly(fc.constantFrom(HOUR, 5 * HOUR)),
        })
      ),
      fc.oneof(
        // Evaluations as a backtest makes them: every step over the range.
        fc
          .tuple(fc.integer({ min: -20, max: 80 }), fc.integer({ min: 0, max: 200 }), fc.constantFrom(60_000, HOUR))
          .map(([offset, count, step]) => Array.from({ length: count }, (_, k) => EPOCH + offset * HOUR + k * step)),
        fc.array(anyDouble, { maxLength: 12 })
      ),
      mostly(fc.constantFrom(HOUR, 5 * HOUR, 60_000)),
      bucketMethod
    ),
    ([buckets, baseline, evaluationTimes, windowMs, method]) =>
      bucketScoresAt(
        { feature: 'fuzzed', buckets },
        { baseline: baseline as never, evaluationTimes, windowMs, method }
      ),
    // An evaluation whose window (or shifted baseline) has no observations records nothing: NaN, as documented.
    { gaps: [''] }
  );
  const driftWindows = fc.array(
    fc.record({
      from: mostly(fc.integer({ min: EPOCH, max: EPOCH + 100 * HOUR })),
      to: mostly(fc.integer({ min: EPOCH, max: EPOCH + 100 * HOUR })),
      score: fc.oneof(fc.constant(null), fc.double({ min: 0, max: 1, noNaN: true })),
      drifted: fc.boolean(),
      severity: fc.constant(null),
      count: fc.nat(100),
    }),
    { maxLength: 40 }
  );
  target('latestDriftRun', driftWindows, (windows) => latestDriftRun(windows));
  target(
    'latestDriftRunStart',
    fc.tuple(
      fc.array(fc.constantFrom<'drifted' | 'clean' | 'unscored'>('drifted', 'clean', 'unscored'), { maxLength: 60 }),
      // The count is the caller's own array length (a typed array's, a frame's real rows); now and then one
      // that is no length, or a few past the end, where the accessors see undefined.
      fc.oneof(
        { weight: 4, arbitrary: fc.constant({ past: 0 }) },
        {
          weight: 1,
          arbitrary: fc.constantFrom(NaN, -1, 1.5, Infinity, -Infinity, 2 ** 53).map((count) => ({ count })),
        },
        { weight: 1, arbitrary: fc.integer({ min: 1, max: 5 }).map((past) => ({ past })) }
      )
    ),
    ([verdicts, given]) =>
      latestDriftRunStart(
        'count' in given ? given.count : verdicts.length + given.past,
        (i) => verdicts[i] === 'drifted',
        (i) => verdicts[i] !== 'unscored'
      )
  );
  const interval = fc.oneof(
    fc.constant(undefined),
    fc
      .tuple(mostly(fc.integer({ min: EPOCH, max: EPOCH + 100 * HOUR })), mostly(fc.integer({ min: 0, max: HOUR })))
      .map(([from, width]) => ({ from, to: from + width }))
  );
  const sequenceStep = fc.oneof(
    fc.record({
      type: fc.constant('onset'),
      time: mostly(fc.integer({ min: EPOCH, max: EPOCH + 100 * HOUR })),
      interval,
    }),
    fc.record({ type: fc.constant('event'), time: mostly(fc.integer({ min: EPOCH, max: EPOCH + 100 * HOUR })) })
  );
  target('stepMidpoint', sequenceStep, (step) => stepMidpoint(step as never));
  target(
    'markSimultaneous',
    fc.array(sequenceStep, { maxLength: 12 }),
    // As the sequence holds them: in time order.
    (steps) => markSimultaneous(steps.slice().sort((a, b) => a.time - b.time) as never[])
  );
});
