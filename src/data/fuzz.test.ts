/**
 * Fuzz suite over the public readers of src/data: each returns finite results (NaN only where a type says
 * it marks a gap or a missing value) or throws a typed error (FrameProblemError, DriftInputError), and no
 * case takes over a second. `FUZZ_RUNS=10000 npx jest src/data/fuzz` is the nightly-sized run.
 */
import fc from 'fast-check';
import { Field } from '@grafana/data';
import { fuzzSuite } from '../testing/fuzz/harness';
import {
  annotationSeries,
  anySeries,
  histogramSeries,
  logsFrame,
  mutated,
  randomFrame,
  sampleTable,
  tracesFrame,
} from '../testing/fuzz/frames';
import {
  anyDouble,
  cumulativeBuckets,
  EPOCH,
  HOUR,
  junkValue,
  numericSample,
  timeRange,
  timesFor,
} from '../testing/fuzz/values';
import {
  AnnotationEvent,
  classifyAnnotation,
  currentIncident,
  eventsOfKinds,
  incidentWindow,
  kindTagsFromJsonData,
  readAnnotations,
} from './annotations';
import { bucketOf, bucketTimes, timeBuckets } from './buckets';
import { calibrationCurve, outcomeValue, uniformEdges } from './calibration';
import { classBalanceOverTime, classLabel } from './classBalance';
import { buildBaselineComparison } from './comparison';
import { compareDistributions, countInto } from './distribution';
import { driftHistogramView } from './driftHistogram';
import { autoWindowMs, parseDuration, readDriftInput, requireBaselineData, toBaselineMode } from './driftInput';
import {
  featureFieldNames,
  fieldName,
  findTimeField,
  isEmptyData,
  numericFieldsOf,
  pickPredictionField,
  readNumbers,
  readSampleColumn,
  readTimes,
  requireNumericField,
} from './frames';
import { isHistogramData, readHistogramFeatures, readHistogramInput } from './histogramFrames';
import { decimateToColumns, readLogLanes, readMetricLanes, readTimelineLanes, readTraceLanes } from './lanes';
import { isLogsFrame, logMessage, logPattern, normaliseLevel, readLogVolume } from './logs';
import {
  bucketQuantile,
  bucketQuantiles,
  sampleQuantiles,
  sampleQuantilesOverTime,
  sortedQuantile,
  stepBoundaries,
  windowIndex,
} from './quantiles';
import { isTracesFrame, readTraceSummary } from './traces';
import { baselineModeWindows, comparisonWindows, valuesInWindow } from './windows';

const target = fuzzSuite('Reader fuzz (src/data)');

const events: fc.Arbitrary<AnnotationEvent[]> = annotationSeries.map((frames) => readAnnotations(frames));
const kindTags = fc
  .oneof(fc.constant(undefined), fc.constant({ deploy: ['ship'] }), junkValue)
  .map((stored) => kindTagsFromJsonData({ kindTags: stored }));
const percent = fc.oneof(fc.constantFrom(5, 25, 50, 95), anyDouble);
const baselineOptions = fc.record({
  baselineMode: fc.constantFrom(
    'firstPercent' as const,
    'previousPeriod' as const,
    'timeShift' as const,
    'fixed' as const,
    'x' as never
  ),
  baselinePercent: percent,
  baselineShift: fc.constantFrom('7d', '1h', '0s', '1e9d', 'x', ''),
  baselineFrom: fc.oneof(fc.constantFrom(String(EPOCH), '2026-01-01', '', 'x'), fc.string({ maxLength: 6 })),
  baselineTo: fc.oneof(
    fc.constantFrom(String(EPOCH + 50 * HOUR), '2026-01-03', '', '99999999999999999999'),
    fc.string({ maxLength: 6 })
  ),
});
const driftInputOptions = fc.record({
  inputKind: fc.constantFrom('auto' as const, 'samples' as const, 'histograms' as const),
  features: fc.constantFrom<string[]>([], [''], ['feature_a'], ['latency', 'nope']),
  predictionField: fc.constantFrom(undefined, '', 'score', 'nope'),
  method: fc.constantFrom('auto' as const, 'ks' as const, 'psi' as const, 'chisquare' as const, 'x' as never),
  threshold: fc.oneof(fc.constantFrom(0, 0.05, 0.1), anyDouble),
  featureLabel: fc.constantFrom(undefined, '', 'feature', 'le'),
  histogramValues: fc.constantFrom(undefined, 'auto' as const, 'increase' as const, 'counter' as const),
});
// Buckets as timeBuckets builds them for a dashboard range (its own target checks any range).
const timeBucketsArb = fc
  .tuple(fc.integer({ min: -100, max: 100 }), fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1, max: 500 }))
  .map(([offset, hours, max]) =>
    timeBuckets({ from: EPOCH + offset * HOUR, to: EPOCH + (offset + hours) * HOUR }, max)
  );
const field: fc.Arbitrary<Field> = mutated(fc.oneof(sampleTable, randomFrame, logsFrame, tracesFrame)).chain((frame) =>
  frame.fields.length
    ? fc.constantFrom(...frame.fields)
    : fc.constant({ name: 'empty', type: 'number', values: [], config: {} } as unknown as Field)
);
const boundaries = fc.oneof(
  fc.tuple(timeRange, fc.oneof(fc.constantFrom(HOUR, 10 * HOUR), anyDouble)).map(([range, step]) => {
    // As the panels build them: from the range start in steps, at most a few hundred.
    const out: number[] = [];
    for (let t = range.from, i = 0; t < range.to && i < 300; t += step, i++) {
      out.push(t);
    }
    out.push(range.to);
    return out;
  }),
  fc.array(anyDouble, { maxLength: 6 })
);
const laneRange = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ from: EPOCH - 10 * HOUR, to: EPOCH + 300 * HOUR }) },
  { weight: 1, arbitrary: timeRange }
);
// What a reader hands on as engine input keeps NaN (or a raw ±Infinity) for a missing value; the engine
// skips those.
const READ_VALUES = { missing: ['values', 'times', 'increases'] };

describe('fuzzing the readers', () => {
  target('readAnnotations', fc.tuple(annotationSeries, kindTags), ([frames, tags]) => readAnnotations(frames, tags));
  target(
    'classifyAnnotation',
    fc.tuple(fc.array(fc.string({ maxLength: 8 }), { maxLength: 4 }), kindTags),
    ([tags, mapping]) => classifyAnnotation(tags, mapping)
  );
  target('currentIncident', fc.tuple(events, timeRange, anyDouble), ([list, range, now]) =>
    currentIncident(list, range, now)
  );
  target('incidentWindow', fc.tuple(events, timeRange, anyDouble), ([list, range, now]) =>
    incidentWindow(list, range, now)
  );
  target('eventsOfKinds', fc.tuple(events, fc.constantFrom(undefined, ['deploy' as const], [])), ([list, kinds]) =>
    eventsOfKinds(list, kinds)
  );
  target('kindTagsFromJsonData', junkValue, (jsonData) => kindTagsFromJsonData(jsonData));
  target('timeBuckets', fc.tuple(timeRange, fc.oneof(fc.integer({ min: -1, max: 500 }), anyDouble)), ([range, max]) =>
    timeBuckets(range, max)
  );
  target('bucketOf', fc.tuple(timeBucketsArb, anyDouble), ([buckets, time]) => bucketOf(buckets, time));
  target('bucketTimes', timeBucketsArb, (buckets) => bucketTimes(buckets));
  target(
    'uniformEdges',
    fc.tuple(anyDouble, anyDouble, fc.oneof(fc.integer({ min: -1, max: 50 }), anyDouble)),
    ([low, high, bins]) => uniformEdges(low, high, bins)
  );
  target('outcomeValue', junkValue, (raw) => outcomeValue(raw), { gaps: [''] });
  target(
    'calibrationCurve',
    fc.integer({ min: 0, max: 100 }).chain((length) =>
      fc.tuple(
        timesFor(length),
        fc.array(anyDouble, { minLength: length, maxLength: length }),
        fc.array(fc.constantFrom(0, 1, NaN), { minLength: length, maxLength: length }),
        timeRange,
        fc
          .tuple(
            fc.double({ min: -1e6, max: 1e6, noNaN: true }),
            fc.double({ min: -1e6, max: 1e6, noNaN: true }),
            fc.integer({ min: 1, max: 20 })
          )
          .map(([low, high, bins]) => uniformEdges(low, high, bins))
      )
    ),
    ([times, scores, outcomes, window, edges]) => calibrationCurve(times, scores, outcomes, window, edges)
  );
  target('classLabel', junkValue, (raw) => classLabel(raw));
  target(
    'classBalanceOverTime',
    fc
      .integer({ min: 0, max: 100 })
      .chain((length) =>
        fc.tuple(
          timesFor(length),
          fc.array(fc.constantFrom('cat', 'dog', '1', undefined), { minLength: length, maxLength: length }),
          boundaries,
          timeRange,
          fc.constantFrom<string[]>([], ['cat'], ['x', 'y'])
        )
      ),
    ([times, labels, bounds, baseline, wanted]) => classBalanceOverTime(times, labels, bounds, baseline, wanted),
    // A window without predictions has no share: a gap in the chart.
    { gaps: ['shares', 'positiveRate'] }
  );
  target(
    'buildBaselineComparison',
    fc.record({
      series: anySeries,
      annotations: annotationSeries,
      range: fc.oneof(
        { weight: 3, arbitrary: fc.constant({ from: EPOCH, to: EPOCH + 200 * HOUR }) },
        { weight: 1, arbitrary: timeRange }
      ),
      now: fc.oneof(fc.constant(EPOCH + 200 * HOUR), anyDouble),
      field: fc.constantFrom('feature_a', 'score', 'segment', 'nope', 'Value'),
      baselinePercent: percent,
      bins: fc.oneof(
        fc.constantFrom('auto' as const, 'fd' as const, 'sturges' as const, 10),
        fc.constantFrom(0, 1e9, NaN)
      ),
      panelName: fc.constant('fuzz panel'),
    }),
    (request) => buildBaselineComparison(request)
  );
  target('countInto', fc.tuple(numericSample, numericSample), ([values, edges]) =>
    countInto(Float64Array.from(values), Float64Array.from(edges))
  );
  target(
    'compareDistributions',
    fc.tuple(
      fc.integer({ min: 0, max: 100 }).chain((length) =>
        fc.record({
          name: fc.constant('x'),
          times: timesFor(length).map((t) => Float64Array.from(t)),
          values: fc.array(anyDouble, { minLength: length, maxLength: length }).map((v) => Float64Array.from(v)),
          dropped: fc.constant(0),
        })
      ),
      fc.record({ baseline: timeRange, current: timeRange, currentSource: fc.constant('range-end' as const) }),
      fc.oneof(fc.constantFrom('auto' as const, 'fd' as const, 'sturges' as const, 10), fc.constantFrom(0, 1e9, NaN))
    ),
    ([column, windows, bins]) => compareDistributions(column, windows, bins)
  );
  // The engine's histograms: counts are finite and non-negative by construction.
  const engineCount = fc.oneof(fc.integer({ min: 0, max: 1e6 }), fc.double({ min: 0, max: 1e6, noNaN: true }));
  target(
    'driftHistogramView',
    fc.oneof(
      fc.integer({ min: 1, max: 20 }).chain((bins) =>
        fc.record({
          type: fc.constant('bins' as const),
          edges: fc
            .array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: bins + 1, maxLength: bins + 1 })
            .map((edges) => edges.sort((a, b) => a - b)),
          reference: fc.array(engineCount, { minLength: bins, maxLength: bins }),
          current: fc.array(engineCount, { minLength: bins, maxLength: bins }),
        })
      ),
      fc.integer({ min: 1, max: 20 }).chain((bins) =>
        fc.record({
          type: fc.constant('categories' as const),
          categories: fc.array(fc.string(), { minLength: bins, maxLength: bins }),
          reference: fc.array(engineCount, { minLength: bins, maxLength: bins }),
          current: fc.array(engineCount, { minLength: bins, maxLength: bins }),
        })
      ),
      cumulativeBuckets.map((buckets) => ({
        type: 'buckets' as const,
        upperBounds: buckets.map((b) => b.le),
        reference: buckets.map((_, i) => i),
        current: buckets.map((_, i) => 2 * i),
      }))
    ),
    (histogram) => driftHistogramView(histogram)
  );
  target(
    'parseDuration',
    fc.oneof(fc.constantFrom('7d', '1.5h', '0s', '1e9d', '99999999999w', ''), fc.string({ maxLength: 10 })),
    (text) => parseDuration(text)
  );
  target('toBaselineMode', baselineOptions, (options) => toBaselineMode(options));
  target(
    'autoWindowMs',
    fc.tuple(timeRange, fc.oneof(fc.integer({ min: -1, max: 100 }), anyDouble)),
    ([period, wanted]) => autoWindowMs(period, wanted)
  );
  target(
    'readDriftInput',
    fc.tuple(anySeries, driftInputOptions),
    ([series, options]) => readDriftInput(series, options),
    {
      ...READ_VALUES,
      infinite: ['le'],
    }
  );
  target(
    'requireBaselineData',
    fc.tuple(anySeries, driftInputOptions, timeRange, baselineOptions),
    ([series, options, range, baseline]) =>
      requireBaselineData(readDriftInput(series, options), range, toBaselineMode(baseline))
  );
  target('isEmptyData', fc.oneof(anySeries, fc.constant(undefined)), (series) => isEmptyData(series));
  target('findTimeField', mutated(fc.oneof(sampleTable, randomFrame)), (frame) => findTimeField(frame)?.name);
  target('fieldName', field, (f) => fieldName(f));
  target('readNumbers', field, (f) => readNumbers(f), READ_VALUES);
  target('readTimes', field, (f) => readTimes(f), { gaps: [''] });
  target('numericFieldsOf', mutated(fc.oneof(sampleTable, randomFrame)), (frame) =>
    numericFieldsOf(frame).map((f) => f.name)
  );
  target(
    'readSampleColumn',
    fc.tuple(anySeries, fc.constantFrom('feature_a', 'score', 'segment', 'nope')),
    ([series, name]) => readSampleColumn(series, name, 'fuzz panel'),
    READ_VALUES
  );
  target('pickPredictionField', fc.tuple(anySeries, fc.constantFrom(undefined, '', 'score')), ([series, option]) =>
    pickPredictionField(series, option)
  );
  target('featureFieldNames', fc.tuple(anySeries, fc.constantFrom(undefined, 'score')), ([series, prediction]) =>
    featureFieldNames(series, prediction)
  );
  target('requireNumericField', anySeries, (series) =>
    requireNumericField(series, 'fuzz panel', featureFieldNames(series))
  );
  target('isHistogramData', anySeries, (series) => isHistogramData(series));
  target(
    'readHistogramInput',
    fc.tuple(histogramSeries, driftInputOptions),
    ([series, options]) =>
      readHistogramInput(series, { featureLabel: options.featureLabel, values: options.histogramValues }),
    { ...READ_VALUES, infinite: ['le'] }
  );
  target('readHistogramFeatures', histogramSeries, (series) => readHistogramFeatures(series), {
    ...READ_VALUES,
    infinite: ['le'],
  });
  // A lane's NaN values are its gaps, drawn as breaks in the line.
  const LANE_RULES = { gaps: ['values'] };
  target(
    'readMetricLanes',
    fc.tuple(anySeries, fc.constantFrom('line' as const, 'area' as const)),
    ([series, style]) => readMetricLanes(series, style),
    LANE_RULES
  );
  target(
    'readLogLanes',
    fc.tuple(mutated(logsFrame), fc.nat(3), laneRange, fc.oneof(fc.integer({ min: -1, max: 500 }), anyDouble)),
    ([frame, index, range, max]) => readLogLanes(frame, index, range, max),
    LANE_RULES
  );
  target(
    'readTraceLanes',
    fc.tuple(mutated(tracesFrame), fc.nat(3), laneRange, fc.oneof(fc.integer({ min: -1, max: 500 }), anyDouble)),
    ([frame, index, range, max]) => readTraceLanes(frame, index, range, max),
    LANE_RULES
  );
  target(
    'readTimelineLanes',
    fc.tuple(
      anySeries,
      laneRange,
      fc.record(
        { maxBuckets: fc.oneof(fc.integer({ min: -1, max: 500 }), anyDouble) },
        { requiredKeys: [], noNullPrototype: true }
      )
    ),
    ([series, range, options]) => readTimelineLanes(series, range, options),
    LANE_RULES
  );
  target(
    'decimateToColumns',
    fc.integer({ min: 0, max: 400 }).chain((length) =>
      fc.tuple(
        // A lane's times: finite, sorted (readers leave rows without a time out).
        timesFor(length).map((times) => times.map((t) => (Number.isFinite(t) ? t : 0)).sort((a, b) => a - b)),
        // A lane's values: finite, or NaN for a gap (readNumbers makes every other value NaN).
        fc.array(
          anyDouble.map((v) => (Number.isFinite(v) ? v : NaN)),
          { minLength: length, maxLength: length }
        ),
        laneRange,
        fc.oneof(fc.integer({ min: -1, max: 100 }), anyDouble)
      )
    ),
    ([times, values, range, columns]) =>
      decimateToColumns(Float64Array.from(times), Float64Array.from(values), range, columns),
    LANE_RULES
  );
  target('normaliseLevel', junkValue, (raw) => normaliseLevel(raw));
  target('isLogsFrame', mutated(fc.oneof(logsFrame, randomFrame)), (frame) => isLogsFrame(frame));
  target(
    'logMessage',
    fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('{"msg":1}', '{"message":"x"}', '{', '{"a":[1,{"b":2}]}')),
    (line) => logMessage(line)
  );
  target('logPattern', fc.string({ maxLength: 200 }), (message) => logPattern(message));
  target('readLogVolume', fc.tuple(mutated(fc.oneof(logsFrame, randomFrame)), timeBucketsArb), ([frame, buckets]) =>
    readLogVolume(frame, buckets)
  );
  target('isTracesFrame', mutated(fc.oneof(tracesFrame, randomFrame)), (frame) => isTracesFrame(frame));
  target(
    'readTraceSummary',
    fc.tuple(mutated(fc.oneof(tracesFrame, randomFrame)), timeBucketsArb),
    ([frame, buckets]) => readTraceSummary(frame, buckets),
    // A bucket without spans has no p95: a gap in the lane.
    { gaps: ['p95'] }
  );
  target('sortedQuantile', fc.tuple(numericSample, anyDouble), ([values, p]) =>
    sortedQuantile(Float64Array.from(values).sort(), p)
  );
  target('sampleQuantiles', fc.tuple(numericSample, fc.array(anyDouble, { maxLength: 5 })), ([values, percents]) =>
    sampleQuantiles(Float64Array.from(values), percents)
  );
  target('bucketQuantile', fc.tuple(anyDouble, cumulativeBuckets), ([q, buckets]) => bucketQuantile(q, buckets));
  target('bucketQuantiles', fc.tuple(cumulativeBuckets, fc.array(anyDouble, { maxLength: 5 })), ([buckets, percents]) =>
    bucketQuantiles(buckets, percents)
  );
  target('stepBoundaries', fc.tuple(anyDouble, anyDouble, anyDouble), ([from, to, step]) =>
    stepBoundaries(from, to, step)
  );
  target('windowIndex', fc.tuple(anyDouble, boundaries), ([t, bounds]) => windowIndex(t, bounds));
  target(
    'sampleQuantilesOverTime',
    fc
      .integer({ min: 0, max: 150 })
      .chain((length) =>
        fc.tuple(
          timesFor(length),
          fc.array(anyDouble, { minLength: length, maxLength: length }),
          boundaries,
          fc.array(anyDouble, { maxLength: 5 })
        )
      ),
    ([times, values, bounds, percents]) =>
      sampleQuantilesOverTime(times, values, bounds, percents.length ? percents : undefined),
    // A window without values has no quantiles: a gap in the fan.
    { gaps: ['values'] }
  );
  target('comparisonWindows', fc.tuple(timeRange, events, anyDouble, percent), ([range, list, now, share]) =>
    comparisonWindows(range, list, now, share)
  );
  target(
    'valuesInWindow',
    fc
      .integer({ min: 0, max: 100 })
      .chain((length) =>
        fc.tuple(timesFor(length), fc.array(anyDouble, { minLength: length, maxLength: length }), timeRange)
      ),
    ([times, values, window]) => valuesInWindow(times, values, window)
  );
  target(
    'baselineModeWindows',
    fc.tuple(timeRange, events, anyDouble, baselineOptions),
    ([range, list, now, baseline]) => baselineModeWindows(range, list, now, toBaselineMode(baseline))
  );
});
