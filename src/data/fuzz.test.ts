/**
 * Fuzz suite over the public readers of src/data: each returns finite results (NaN only where a type says
 * it marks a gap or a missing value) or throws a typed error (FrameProblemError, DriftInputError), and no
 * case takes over a second. `FUZZ_RUNS=10000 npx jest src/data/fuzz` is the nightly-sized run.
 */
import fc from 'fast-check';
import { Field } from '@grafana/data';
import { fuzzSuite, sourceModules } from '../testing/fuzz/harness';
import {
  annotationSeries,
  anySeries,
  GENAI_NAMES,
  genAiBucketSeriesFrames,
  genAiLabels,
  genAiSpansFrame,
  histogramSeries,
  recordedDriftFrames,
  storedAnnotation,
  logsFrame,
  mutated,
  mutatedSeries,
  randomFrame,
  sampleTable,
  tracesFrame,
} from '../testing/fuzz/frames';
import {
  anyDouble,
  mostly,
  cumulativeBuckets,
  EPOCH,
  HOUR,
  junkValue,
  numericSample,
  timeRange,
  timesFor,
} from '../testing/fuzz/values';
import {
  backtestRules,
  evaluationTimes,
  histogramSelectorOf,
  parseHistogramSelector,
  ruleBaselineOf,
  ruleSpecsOf,
} from './alertRuleDraft';
import { assertBoundaries, assertTime, assertTimeRange, isEpochMs } from './arguments';
import {
  GENAI_ATTRIBUTES,
  GENAI_METRICS,
  GenAiNames,
  genAiAttribute,
  genAiMeasure,
  genAiMetricInQuery,
  genAiMetricOf,
  genAiSeriesName,
  genAiSeriesOf,
  hasCoarseTokenBuckets,
  prometheusLabel,
  prometheusName,
} from './genai';
import { readGenAiLatencyLanes } from './genaiLatency';
import { finishReasonsOf, isGenAiSpanFrame, readGenAiSpanLanes } from './genaiSpans';
import { checkDataLinks, checkLink, safeHref } from './links';
import { isRecordedDrift, readRecordedDrift } from './recordedDrift';
import { runSteps } from './steps';
import { fromUnits, sumUnit } from './sums';
import {
  AnnotationEvent,
  annotationEvent,
  annotationEvents,
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
  frameRows,
  findTimeField,
  isEmptyData,
  numericFieldsOf,
  pickPredictionField,
  readNumbers,
  readSampleColumn,
  readTimes,
  requireNumericField,
} from './frames';
import {
  isHistogramData,
  numericValues,
  readHistogramFeatures,
  readHistogramInput,
  timeReader,
} from './histogramFrames';
import {
  bucketMeansSteps,
  decimateToColumns,
  decimateToColumnsSteps,
  readLogLanes,
  readMetricLanes,
  readTimelineLanes,
  readTraceLanes,
} from './lanes';
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

import * as alertRuleDraftModule from './alertRuleDraft';
import * as annotationsModule from './annotations';
import * as argumentsModule from './arguments';
import * as bucketsModule from './buckets';
import * as calibrationModule from './calibration';
import * as classBalanceModule from './classBalance';
import * as comparisonModule from './comparison';
import * as distributionModule from './distribution';
import * as driftHistogramModule from './driftHistogram';
import * as driftInputModule from './driftInput';
import * as framesModule from './frames';
import * as genaiModule from './genai';
import * as genaiLatencyModule from './genaiLatency';
import * as genaiSpansModule from './genaiSpans';
import * as histogramFramesModule from './histogramFrames';
import * as lanesModule from './lanes';
import * as linksModule from './links';
import * as logsModule from './logs';
import * as quantilesModule from './quantiles';
import * as recordedDriftModule from './recordedDrift';
import * as stepsModule from './steps';
import * as sumsModule from './sums';
import * as tracesModule from './traces';
import * as windowsModule from './windows';

const MODULES: Record<string, Record<string, unknown>> = {
  alertRuleDraft: alertRuleDraftModule,
  annotations: annotationsModule,
  arguments: argumentsModule,
  buckets: bucketsModule,
  calibration: calibrationModule,
  classBalance: classBalanceModule,
  comparison: comparisonModule,
  distribution: distributionModule,
  driftHistogram: driftHistogramModule,
  driftInput: driftInputModule,
  frames: framesModule,
  genai: genaiModule,
  genaiLatency: genaiLatencyModule,
  genaiSpans: genaiSpansModule,
  histogramFrames: histogramFramesModule,
  lanes: lanesModule,
  links: linksModule,
  logs: logsModule,
  quantiles: quantilesModule,
  recordedDrift: recordedDriftModule,
  steps: stepsModule,
  sums: sumsModule,
  traces: tracesModule,
  windows: windowsModule,
};

const target = fuzzSuite('Reader fuzz (src/data)', (table) => console.log(table));

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
  it('imports every module of src/data', () => {
    const sources = sourceModules(__dirname);
    expect(Object.keys(MODULES).sort()).toEqual(sources);
  });
  target.covers(MODULES, {
    // The step-by-step forms, which the panels run in slices, are what the plain forms run to the end.
    reachedBy: {
      readDriftInputSteps: ['readDriftInput'],
      readNumbersSteps: ['readNumbers'],
      readTimesSteps: ['readTimes'],
      isHistogramDataSteps: ['isHistogramData'],
      readHistogramInputSteps: ['readHistogramInput'],
      readMetricLanesSteps: ['readMetricLanes'],
      readTimelineLanesSteps: ['readTimelineLanes'],
      isRecordedDriftSteps: ['isRecordedDrift'],
      readRecordedDriftSteps: ['readRecordedDrift'],
      backtestRulesSteps: ['backtestRules'],
    },
    notTargets: {
      runSteps: 'runs the steps of a computation to its end; every computation it runs is a target',
      currentOrigin: "takes no input: the page's own origin",
    },
  });
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

  // Frames and annotations as Grafana's HTTP API and data sources hand them over.
  target('frameRows', mutated(fc.oneof(sampleTable, randomFrame, logsFrame)), (frame) => frameRows(frame));
  target('numericValues', field, (f) => numericValues(f), READ_VALUES);
  target(
    'timeReader',
    fc.tuple(field, field),
    ([a, b]) => {
      const read = timeReader();
      return [read(a), read(b), read(a)];
    },
    { gaps: [''] }
  );
  target('annotationEvent', fc.tuple(storedAnnotation, kindTags), ([annotation, tags]) =>
    annotationEvent(annotation, tags)
  );
  target('annotationEvents', fc.tuple(fc.array(storedAnnotation, { maxLength: 8 }), kindTags), ([list, tags]) =>
    annotationEvents(list, tags)
  );
  // The magnitude given comes back as text, since a non-finite one is part of the input, not of the result.
  target('sumUnit', anyDouble, (largest) => ({ largest: String(largest), unit: sumUnit(largest) }), {
    // A power of two at or above the magnitude given (at most 2^1023, the largest power of two there is).
    check: ({ largest, unit }: { largest: string; unit: number }) =>
      Number.isInteger(Math.log2(unit)) &&
      (unit >= Math.min(Math.abs(Number(largest)), 2 ** 1023) || !Number.isFinite(Number(largest)))
        ? undefined
        : `${unit} is no unit for ${largest}`,
  });
  target(
    'fromUnits',
    fc.tuple(fc.array(anyDouble.filter(Number.isFinite), { minLength: 1, maxLength: 40 }), fc.boolean()),
    ([values, byCount]) => {
      // A mean taken in units, as the readers take them: of the largest magnitude, or of the count.
      const largest = values.reduce((most, v) => Math.max(most, Math.abs(v)), 0);
      const unit = sumUnit(byCount ? values.length : largest);
      const mean = fromUnits(values.reduce((sum, v) => sum + v / unit, 0) / values.length, unit);
      const low = values.reduce((least, v) => Math.min(least, v), Infinity);
      const high = values.reduce((most, v) => Math.max(most, v), -Infinity);
      return { mean, low, high, slack: 1e-9 * largest + 1e-300 };
    },
    {
      check: ({ mean, low, high, slack }: { mean: number; low: number; high: number; slack: number }) =>
        mean >= low - slack && mean <= high + slack ? undefined : `the mean ${mean} is outside ${low} to ${high}`,
    }
  );
  target('isEpochMs', junkValue, (time) => isEpochMs(time));
  target('assertTime', anyDouble, (time) => assertTime(time, 'fuzzed time'));
  target('assertTimeRange', fc.tuple(timeRange, fc.boolean()), ([range, nonEmpty]) =>
    assertTimeRange(range, 'fuzzed range', nonEmpty)
  );
  target('assertBoundaries', boundaries, (bounds) => assertBoundaries(bounds, 'fuzzed'));

  // The timeline's reductions of dense lanes.
  const denseLane = fc.integer({ min: 0, max: 400 }).chain((length) =>
    fc.tuple(
      timesFor(length).map((times) => times.map((t) => (Number.isFinite(t) ? t : 0)).sort((a, b) => a - b)),
      fc.array(anyDouble, { minLength: length, maxLength: length })
    )
  );
  target(
    'bucketMeansSteps',
    fc.tuple(denseLane, fc.oneof(fc.integer({ min: -1, max: 100 }), anyDouble)),
    ([[times, values], maxPoints]) =>
      runSteps(
        bucketMeansSteps(
          Float64Array.from(times),
          // As readers hand lanes on: finite values, NaN for a gap.
          Float64Array.from(values, (v) => (Number.isFinite(v) ? v : NaN)),
          maxPoints
        )
      ),
    LANE_RULES
  );
  target(
    'decimateToColumnsSteps',
    fc.tuple(denseLane, laneRange, fc.oneof(fc.integer({ min: -1, max: 100 }), anyDouble)),
    ([[times, values], range, columns]) =>
      runSteps(
        decimateToColumnsSteps(
          Float64Array.from(times),
          // As readers hand lanes on: finite values, NaN for a gap.
          Float64Array.from(values, (v) => (Number.isFinite(v) ? v : NaN)),
          range,
          columns
        )
      ),
    LANE_RULES
  );

  // OpenTelemetry GenAI names, series and spans.
  const genAiMetric = fc.constantFrom(...GENAI_METRICS);
  target(
    'prometheusName',
    fc.tuple(genAiMetric, fc.constantFrom('underscores' as const, 'utf8' as const)),
    ([metric, form]) => prometheusName(metric, form)
  );
  target(
    'prometheusLabel',
    fc.oneof(fc.constantFrom(...Object.values(GENAI_ATTRIBUTES)), fc.string({ maxLength: 20 })),
    (attribute) => prometheusLabel(attribute)
  );
  const metricName = fc.oneof(pickName(), fc.string({ maxLength: 40 }), fc.constant(undefined));
  target('genAiMetricOf', metricName, (name) => genAiMetricOf(name)?.name);
  target(
    'genAiMetricInQuery',
    fc.oneof(
      fc.constantFrom(
        'sum by (le) (rate(gen_ai_client_token_usage_bucket[5m]))',
        '{"gen_ai.client.operation.duration_seconds_bucket", gen_ai_operation_name="chat"}',
        '{"unterminated',
        '"\\\\"',
        undefined
      ),
      fc.string({ maxLength: 200 }),
      fc.array(pickName(), { maxLength: 20 }).map((names) => names.join(' + '))
    ),
    (query) => genAiMetricInQuery(query)?.name
  );
  const labelRecord = fc.oneof(
    genAiLabels,
    fc.dictionary(fc.string({ maxLength: 12 }), fc.string({ maxLength: 8 }), { maxKeys: 6 }),
    fc.dictionary(
      fc.constantFrom('gen_ai.request.model', 'gen_ai_request_model', 'x'),
      junkValue as fc.Arbitrary<never>,
      {
        maxKeys: 3,
      }
    )
  );
  target(
    'genAiAttribute',
    fc.tuple(labelRecord, fc.constantFrom(...Object.values(GENAI_ATTRIBUTES), '', 'toString')),
    ([labels, attribute]) => genAiAttribute(labels, attribute)
  );
  const query = fc.option(
    fc.oneof(fc.string({ maxLength: 60 }), fc.constantFrom('rate(gen_ai_client_token_usage_bucket[5m])')),
    {
      nil: undefined,
    }
  );
  target('genAiSeriesOf', fc.tuple(labelRecord, query), ([labels, text]) => genAiSeriesOf(labels, text));
  const genAiSeries = fc
    .tuple(genAiLabels, query)
    .map(([labels, text]) => genAiSeriesOf(labels, text))
    .filter((series) => series !== undefined);
  target('genAiMeasure', genAiSeries, (series) => genAiMeasure(series!));
  target('genAiSeriesName', fc.tuple(genAiSeries, fc.boolean()), ([series, withProvider]) =>
    genAiSeriesName(series!, withProvider)
  );
  target('hasCoarseTokenBuckets', genAiSeries, (series) => hasCoarseTokenBuckets(series!));
  target(
    'GenAiNames',
    fc.tuple(
      fc.array(fc.record({ labels: labelRecord, query }), { maxLength: 8 }),
      fc.array(labelRecord, { maxLength: 4 })
    ),
    ([labelSets, asked]) => {
      const names = new GenAiNames(labelSets);
      return { names: asked.map((labels) => names.nameOf(labels)), series: [...names.series.values()] };
    }
  );
  target('isGenAiSpanFrame', mutated(fc.oneof(genAiSpansFrame, tracesFrame, randomFrame)), (frame) =>
    isGenAiSpanFrame(frame)
  );
  target(
    'finishReasonsOf',
    fc.oneof(junkValue, fc.string({ maxLength: 30 }), fc.array(junkValue, { maxLength: 4 })),
    (value) => finishReasonsOf(value)
  );
  target(
    'readGenAiSpanLanes',
    fc.tuple(
      mutated(fc.oneof(genAiSpansFrame, tracesFrame)),
      fc.nat(3),
      laneRange,
      fc.oneof(fc.integer({ min: -1, max: 500 }), anyDouble)
    ),
    ([frame, index, range, max]) => readGenAiSpanLanes(frame, index, range, max),
    LANE_RULES
  );
  target(
    'readGenAiLatencyLanes',
    fc.oneof(
      { weight: 3, arbitrary: genAiBucketSeriesFrames },
      { weight: 2, arbitrary: mutatedSeries(genAiBucketSeriesFrames) },
      { weight: 1, arbitrary: histogramSeries },
      { weight: 1, arbitrary: anySeries }
    ),
    (series) => {
      const { lanes, frames } = readGenAiLatencyLanes(series);
      return { lanes, frames: frames.size };
    },
    LANE_RULES
  );

  // Drift scores Prometheus recorded.
  const recordedSeries = fc.oneof(
    { weight: 3, arbitrary: mutatedSeries(recordedDriftFrames) },
    { weight: 1, arbitrary: anySeries }
  );
  const recordedOptions = fc.record(
    {
      featureLabel: fc.constantFrom('feature', 'model', '', 'nope'),
      features: fc.constantFrom<string[]>([], [], [], ['latency'], ['', 'a'], ['nope']),
      method: fc.constantFrom(
        'auto' as const,
        'auto' as const,
        'auto' as const,
        'psi' as const,
        'ks' as const,
        'chisquare' as const,
        'x' as never
      ),
      threshold: mostly(fc.constantFrom(0, 0.1, 0.25)),
    },
    { requiredKeys: [], noNullPrototype: true }
  );
  target('isRecordedDrift', recordedSeries, (series) => isRecordedDrift(series));
  target(
    'readRecordedDrift',
    fc.tuple(
      recordedSeries,
      fc.oneof(
        { weight: 4, arbitrary: fc.constant({ from: EPOCH, to: EPOCH + 200 * HOUR }) },
        { weight: 1, arbitrary: timeRange }
      ),
      recordedOptions
    ),
    ([series, range, options]) => readRecordedDrift(series, range, options as never)
  );

  // Links from stored or fetched data.
  const rawLink = fc.oneof(
    fc.constantFrom(
      '/d/abc?viewPanel=2',
      '/a/driftline-app/incidents',
      'https://grafana.example.com/d/abc',
      'http://grafana.example.com:3000/x',
      'https://other.example.com/x',
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      ' javascript:alert(1)',
      'java\tscript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox',
      '//evil.example.com',
      '/\\evil.example.com',
      '\\\\evil',
      'https://user:pass@grafana.example.com/',
      'https://grafana.example.com\u2028/x',
      'http://[::1',
      'https://',
      'relative/path',
      '#top',
      ''
    ),
    fc.string({ maxLength: 40 }),
    fc.webUrl().map((url) => url),
    junkValue
  );
  const linkPolicy = fc.record(
    {
      grafanaOrigin: fc.constantFrom('https://grafana.example.com', 'http://grafana.example.com:3000', '', 'null'),
      allowOtherHosts: fc.boolean(),
    },
    { requiredKeys: [], noNullPrototype: true }
  );
  // A kept link is an app path or an http(s) URL; anything else must come back as text.
  const keptLinksAreSafe = (checked: { ok: boolean; href?: string }) =>
    checked.ok && !/^(\/(?![/\\])|https?:\/\/)/i.test(checked.href ?? '') ? `kept ${checked.href}` : undefined;
  target('checkLink', fc.tuple(rawLink, linkPolicy), ([raw, policy]) => checkLink(raw, policy), {
    check: keptLinksAreSafe,
  });
  target(
    'safeHref',
    fc.tuple(rawLink, linkPolicy),
    ([raw, policy]) => ({ ok: true, href: safeHref(raw, policy) ?? '/' }),
    {
      check: keptLinksAreSafe,
    }
  );
  target(
    'checkDataLinks',
    fc.tuple(
      fc.array(
        fc.record({
          title: fc.option(fc.string({ maxLength: 8 }), { nil: undefined }),
          href: rawLink as fc.Arbitrary<string>,
          target: fc.option(fc.constantFrom('_blank', '_self'), { nil: undefined }),
        }),
        { maxLength: 5 }
      ),
      fc.option(fc.constantFrom('https://grafana.example.com', ''), { nil: undefined })
    ),
    ([links, origin]) => checkDataLinks(links, origin),
    {
      check: (links) =>
        links.map((link) => keptLinksAreSafe({ ok: link.href !== undefined, href: link.href })).find(Boolean),
    }
  );

  // The rule dialog: which histogram a panel reads, its rule specs, and their backtest.
  const promqlText = fc.oneof(
    fc.constantFrom(
      'sum by (le, feature) (increase(model_feature_value_bucket{model="reco", env=~"prod|canary"}[5m]))',
      'x_bucket',
      'rate(x_bucket{a="b\\\\"c"}[1m])',
      'x_bucket{le="0.5"}',
      'x_bucket{a=}',
      'x_bucket{a="unterminated',
      'Expr: y_bucket{job="api"}\nStep: 1h',
      '{__name__="x_bucket"}',
      ''
    ),
    fc.string({ maxLength: 80 }),
    fc
      .tuple(
        fc.constantFrom('m', 'gen_ai_client_token_usage', 'a:b'),
        fc.array(
          fc.tuple(
            fc.constantFrom('model', 'env', 'le', '__name__', '1x'),
            fc.constantFrom('=', '!=', '=~', '!~', '=='),
            fc.string({ maxLength: 6 })
          ),
          { maxLength: 4 }
        )
      )
      .map(
        ([metric, matchers]) =>
          `${metric}_bucket{${matchers.map(([n, op, v]) => `${n}${op}${JSON.stringify(v)}`).join(', ')}}`
      )
  );
  target('parseHistogramSelector', promqlText, (text) => parseHistogramSelector(text));
  target(
    'histogramSelectorOf',
    fc.tuple(
      fc.oneof(histogramSeries, anySeries),
      fc.constantFrom('feature', 'le', ''),
      fc.array(promqlText, { maxLength: 2 })
    ),
    ([series, featureLabel, queries]) => histogramSelectorOf(series, { featureLabel, queries })
  );
  const panelBaseline = fc.oneof(
    fc.record({ mode: fc.constant('firstPercent' as const), percent: mostly(fc.constantFrom(10, 25, 50)) }),
    fc.constant({ mode: 'previousPeriod' as const }),
    fc.record({ mode: fc.constant('timeShift' as const), shiftMs: mostly(fc.constantFrom(HOUR, 24 * HOUR)) }),
    fc.record({ mode: fc.constant('fixed' as const), range: timeRange })
  );
  target('ruleBaselineOf', fc.tuple(panelBaseline, timeRange), ([baseline, range]) => ruleBaselineOf(baseline, range));
  const ruleBaseline = fc.oneof(
    fc.record({ mode: fc.constant('fixed' as const), range: timeRange }),
    fc.record({ mode: fc.constant('timeShift' as const), shiftMs: mostly(fc.constantFrom(HOUR, 24 * HOUR)) }),
    fc.constant({ mode: 'previousPeriod' as const })
  );
  const histogramFeatures = histogramSeries.map((series) => {
    try {
      return readHistogramInput(series).features;
    } catch {
      return [];
    }
  });
  const bucketMethodOption = fc.constantFrom(
    'psi' as const,
    'jensenshannon' as const,
    'ks' as const,
    'hellinger' as const
  );
  target(
    'ruleSpecsOf',
    fc.record({
      selector: fc.record({
        metric: fc.constantFrom('model_feature_value', 'x'),
        matchers: fc.array(
          fc.record({
            name: fc.constantFrom('model', 'env'),
            op: fc.constantFrom('=' as const, '=~' as const),
            value: fc.string({ maxLength: 5 }),
          }),
          { maxLength: 2 }
        ),
        source: fc.constantFrom('query' as const, 'labels' as const),
      }),
      featureLabel: fc.constantFrom('feature', 'le', ''),
      features: histogramFeatures,
      featuresChosen: fc.boolean(),
      method: bucketMethodOption,
      threshold: mostly(fc.constantFrom(0, 0.1, 0.2)),
      baseline: ruleBaseline,
      windowMs: mostly(fc.constantFrom(HOUR, 6 * HOUR)),
      forMs: mostly(fc.constantFrom(0, 10 * 60_000)),
      severity: fc.constantFrom('warning', ''),
      dashboard: fc.option(
        fc.record({
          url: fc.option(fc.constantFrom('https://grafana.example.com/d/x', 'javascript:x'), { nil: undefined }),
          uid: fc.option(fc.constantFrom('abc', 'a b', ''), { nil: undefined }),
          panelId: fc.option(fc.oneof(fc.integer({ min: 1, max: 9 }), anyDouble), { nil: undefined }),
        }),
        { nil: undefined }
      ),
    }),
    (options) => ruleSpecsOf(options),
    { infinite: ['bounds'] }
  );
  target(
    'evaluationTimes',
    fc.tuple(timeRange, fc.oneof(fc.constantFrom(HOUR, 60_000, 0), anyDouble)),
    ([range, windowMs]) => evaluationTimes(range, windowMs)
  );
  target(
    'backtestRules',
    fc.record({
      features: histogramFeatures,
      range: fc.oneof(
        { weight: 4, arbitrary: fc.constant({ from: EPOCH, to: EPOCH + 100 * HOUR }) },
        { weight: 1, arbitrary: timeRange }
      ),
      method: fc.oneof(bucketMethodOption, fc.constant('x' as never)),
      threshold: mostly(fc.constantFrom(0, 0.1)),
      baseline: ruleBaseline,
      windowMs: mostly(fc.constantFrom(HOUR, 6 * HOUR)),
      forMs: mostly(fc.constantFrom(0, 10 * 60_000)),
    }),
    (options) => backtestRules(options)
  );
});

function pickName(): fc.Arbitrary<string> {
  return fc.constantFrom(...GENAI_NAMES, 'gen_ai_client_operation_duration_seconds', 'x_bucket');
}
