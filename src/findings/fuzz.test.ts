/**
 * Fuzz suite over the panels' analyses (src/findings), from the query result to what is drawn: drift from
 * raw samples and from histogram frames, the predictions panel's score reader and its four views, and the
 * timeline's lanes and "what changed first", each run as the panels and the evidence run it. Each ends in
 * finite results or a typed error, within a second. `FUZZ_RUNS=10000 npx jest src/findings/fuzz` is the
 * nightly-sized run.
 */
import fc from 'fast-check';
import { readAnnotations } from '../data/annotations';
import { readDriftInput, toBaselineMode } from '../data/driftInput';
import { runSteps } from '../data/steps';
import { baselineModeWindows } from '../data/windows';
import { fuzzSuite, sourceModules } from '../testing/fuzz/harness';
import { annotationSeries, anySeries, histogramSeries, sampleSeries } from '../testing/fuzz/frames';
import { anyDouble, EPOCH, HOUR, laneInput, mostly, timeRange } from '../testing/fuzz/values';
import {
  defaultDriftAnalysisOptions,
  DriftAnalysisOptions,
  driftAnalysisOptions,
  driftProblemOf,
  driftSteps,
  resultRows,
  shownDrift,
  startingProgress,
} from './drift';
import {
  computeCalibration,
  computeClassBalance,
  computeFan,
  defaultPredictionsAnalysisOptions,
  fanBoundaries,
  readClassLabels,
  overlayFromBase,
  PredictionsAnalysisOptions,
  prepareOverlay,
  readScoreInput,
} from './predictions';
import { analysedLanes, timelineLanes, timelineLanesSteps, timelineSteps } from './timeline';
import {
  analyseTimeline,
  engineLane,
  engineLanes,
  onsetOptions,
  sequenceFromOnsets,
  trailingMean,
} from './changeSequence';
import * as changeSequenceModule from './changeSequence';
import * as driftModule from './drift';
import * as predictionsModule from './predictions';
import * as slicesModule from './slices';
import * as timelineModule from './timeline';
import { Lane } from '../data/lanes';

const target = fuzzSuite('Panel pipeline fuzz (query result to view)', (table) => console.log(table));

const range = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ from: EPOCH, to: EPOCH + 200 * HOUR }) },
  { weight: 1, arbitrary: timeRange }
);
const baseline = {
  baselineMode: fc.constantFrom(
    'firstPercent' as const,
    'firstPercent' as const,
    'firstPercent' as const,
    'previousPeriod' as const,
    'timeShift' as const,
    'fixed' as const
  ),
  baselinePercent: mostly(fc.constantFrom(10, 25, 50)),
  baselineShift: fc.constantFrom('7d', '1h', '1h', '0s', 'x'),
  baselineFrom: fc.constantFrom(String(EPOCH), String(EPOCH), '', 'x'),
  baselineTo: fc.constantFrom(String(EPOCH + 50 * HOUR), String(EPOCH + 50 * HOUR), ''),
};
const driftOptions: fc.Arbitrary<DriftAnalysisOptions> = fc
  .record(
    {
      inputKind: fc.constantFrom('auto' as const, 'samples' as const, 'histograms' as const),
      features: fc.constantFrom('', '', '', 'feature_a', 'segment', 'latency,tokens'),
      method: fc.constantFrom(
        'auto' as const,
        'ks' as const,
        'wasserstein' as const,
        'psi' as const,
        'chisquare' as const,
        'z' as const
      ),
      threshold: mostly(fc.constantFrom(0, 0, 0.05, 0.2)),
      histogramValues: fc.constantFrom('auto' as const, 'increase' as const, 'counter' as const),
      windowMode: fc.constantFrom('auto' as const, 'auto' as const, 'fixed' as const),
      windowSize: fc.constantFrom('1h', '5h', '1m', '1s', '1ms', '0s', '10d', 'x'),
      ...baseline,
    },
    { requiredKeys: [], noNullPrototype: true }
  )
  .map((options) => ({ ...defaultDriftAnalysisOptions, ...options }));
const predictionsOptions: fc.Arbitrary<PredictionsAnalysisOptions> = fc
  .record(
    {
      inputKind: fc.constantFrom('auto' as const, 'samples' as const, 'histograms' as const),
      scoreField: fc.constantFrom('', '', 'score', 'feature_a', 'latency', 'nope'),
      bins: fc.oneof(
        fc.constantFrom('auto' as const, 'fd' as const, 'sturges' as const, 10),
        fc.constantFrom(0, 1e9, 2.5)
      ),
      scoreMin: fc.oneof(fc.constant(undefined), anyDouble),
      scoreMax: fc.oneof(fc.constant(undefined), anyDouble),
      classField: fc.constantFrom('', '', 'predicted_class', 'segment', 'nope'),
      classes: fc.constantFrom('', '', 'cat', 'cat,dog'),
      outcomeField: fc.constantFrom('', '', 'clicked', 'nope'),
      ...baseline,
    },
    { requiredKeys: [], noNullPrototype: true }
  )
  .map((options) => ({ ...defaultPredictionsAnalysisOptions, ...options }));

function drift(
  series: Parameters<typeof driftSteps>[0],
  window: { from: number; to: number },
  options: DriftAnalysisOptions
) {
  const state = runSteps(driftSteps(series, window, options, startingProgress()));
  // The panel shows the problem of a 'problem' state; a 'ready' state is drawn as it is.
  return state.status === 'ready' ? { drift: state.drift } : state;
}

function predictionsView(
  series: Parameters<typeof readScoreInput>[0],
  annotations: Parameters<typeof readAnnotations>[0],
  window: { from: number; to: number },
  options: PredictionsAnalysisOptions,
  view: 'overlay' | 'fan' | 'classes' | 'calibration'
) {
  const input = readScoreInput(series, options);
  const incidents = readAnnotations(annotations).filter((event) => event.kind === 'incident');
  const windows = baselineModeWindows(window, incidents, window.to, toBaselineMode(options));
  switch (view) {
    case 'fan':
      return computeFan(input, window);
    case 'classes':
      return computeClassBalance(input, windows, window, options);
    case 'calibration':
      return computeCalibration(input, windows, options);
    default:
      return overlayFromBase(prepareOverlay(input, windows), options);
  }
}

// Drawn series may hold NaN for a window without data: a gap in the chart.
const FAN_RULES = { gaps: ['values'] };
const CLASS_RULES = { gaps: ['shares', 'positiveRate'] };

describe('fuzzing the panel pipelines', () => {
  it('imports every module of src/findings', () => {
    const sources = sourceModules(__dirname);
    expect(sources).toEqual(['changeSequence', 'drift', 'predictions', 'slices', 'timeline']);
  });
  target.covers(
    {
      changeSequence: changeSequenceModule,
      drift: driftModule,
      predictions: predictionsModule,
      slices: slicesModule,
      timeline: timelineModule,
    },
    {
      reachedBy: {
        driftSteps: ['drift panel: raw samples', 'drift panel: histogram frames', 'drift panel: any frames'],
        startingProgress: ['drift panel: any frames'],
        readScoreInput: ['predictions: score reader'],
        prepareOverlay: ['predictions: overlay from samples', 'predictions: overlay from histograms'],
        overlayFromBase: ['predictions: overlay from samples', 'predictions: overlay from histograms'],
        computeFan: ['predictions: quantile fan'],
        computeClassBalance: ['predictions: class balance'],
        computeCalibration: ['predictions: calibration'],
        timelineLanesSteps: ['timeline: lanes to what changed first'],
        timelineSteps: ['timeline: lanes to what changed first'],
      },
      notTargets: {
        afterNextPaint: 'schedules a callback after the next paint; takes no data',
        runInSlices: 'runs the steps of a computation in browser tasks; every computation it runs is a target',
      },
    }
  );
  target(
    'drift panel: raw samples',
    fc.tuple(sampleSeries, range, driftOptions),
    ([series, window, options]) => drift(series, window, { ...options, inputKind: 'samples' }),
    { infinite: ['upperBounds'] }
  );
  target(
    'drift panel: histogram frames',
    fc.tuple(histogramSeries, range, driftOptions),
    ([series, window, options]) => drift(series, window, { ...options, inputKind: 'auto' }),
    { infinite: ['upperBounds'] }
  );
  target(
    'drift panel: any frames',
    fc.tuple(anySeries, range, driftOptions),
    ([series, window, options]) => drift(series, window, options),
    {
      infinite: ['upperBounds'],
    }
  );
  target('predictions: score reader', fc.tuple(anySeries, predictionsOptions), ([series, options]) => {
    const input = readScoreInput(series, options);
    // The reader hands the panel the rows' scores with NaN for a missing one; the views drop those.
    return input.kind === 'samples'
      ? { field: input.field, dropped: input.dropped, outside: input.outside }
      : { field: input.field };
  });
  target(
    'predictions: overlay from samples',
    fc.tuple(sampleSeries, annotationSeries, range, predictionsOptions),
    ([series, annotations, window, options]) =>
      predictionsView(series, annotations, window, { ...options, inputKind: 'samples' }, 'overlay')
  );
  target(
    'predictions: overlay from histograms',
    fc.tuple(histogramSeries, annotationSeries, range, predictionsOptions),
    ([series, annotations, window, options]) =>
      predictionsView(series, annotations, window, { ...options, inputKind: 'auto', scoreField: '' }, 'overlay')
  );
  target(
    'predictions: quantile fan',
    fc.tuple(anySeries, annotationSeries, range, predictionsOptions),
    ([series, annotations, window, options]) => predictionsView(series, annotations, window, options, 'fan'),
    FAN_RULES
  );
  target(
    'predictions: class balance',
    fc.tuple(sampleSeries, annotationSeries, range, predictionsOptions),
    ([series, annotations, window, options]) =>
      predictionsView(series, annotations, window, { ...options, inputKind: 'samples' }, 'classes'),
    CLASS_RULES
  );
  target(
    'predictions: calibration',
    fc.tuple(sampleSeries, annotationSeries, range, predictionsOptions),
    ([series, annotations, window, options]) =>
      predictionsView(series, annotations, window, { ...options, inputKind: 'samples' }, 'calibration')
  );
  target(
    'timeline: lanes to what changed first',
    fc.tuple(
      anySeries,
      annotationSeries,
      range,
      fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }))
    ),
    ([series, annotations, window, [a, b]]) => {
      // As the panel runs it: the lanes read and reduced for the onset engine, then analysed (all of them).
      const { analysed } = runSteps(timelineLanesSteps(series, window, { metricStyle: 'line' }));
      const span = window.to - window.from;
      const analysisWindow = { from: window.from + Math.min(a, b) * span, to: window.from + Math.max(a, b) * span };
      const analysis = runSteps(
        timelineSteps(analysed, readAnnotations(annotations), window, analysisWindow, analysisWindow.from)
      );
      return { onsets: analysis.onsets, steps: analysis.steps };
    }
  );

  // The panels' helpers, called directly.
  target(
    'driftAnalysisOptions',
    // Saved panel options are JSON: any keys, any JSON values, the analysis keys among them.
    fc.dictionary(
      fc.oneof(fc.constantFrom(...Object.keys(defaultDriftAnalysisOptions)), fc.string({ maxLength: 8 })),
      fc.jsonValue({ maxDepth: 2 }),
      { maxKeys: 8 }
    ),
    (saved) => driftAnalysisOptions(saved as never)
  );
  target(
    'shownDrift',
    fc.tuple(anySeries, range, driftOptions),
    ([series, window, options]) => {
      const state = runSteps(driftSteps(series, window, options, startingProgress()));
      return state.status === 'ready' ? shownDrift(state) : state;
    },
    { infinite: ['upperBounds'] }
  );
  target('resultRows', anySeries, (series) => resultRows(series));
  target('driftProblemOf', fc.tuple(anySeries, driftOptions), ([series, options]) => {
    // The errors the panel turns into a message: what reading fuzzed frames throws.
    try {
      return readDriftInput(series, {
        inputKind: options.inputKind,
        features: options.features.split(',').filter(Boolean),
        method: options.method,
        threshold: options.threshold,
        histogramValues: options.histogramValues,
      }).features.length;
    } catch (error) {
      return driftProblemOf(error);
    }
  });
  target('fanBoundaries', fc.tuple(anySeries, range, predictionsOptions), ([series, window, options]) =>
    fanBoundaries(readScoreInput(series, options), window)
  );
  target('readClassLabels', fc.tuple(sampleSeries, predictionsOptions), ([series, options]) => {
    const { field, labels } = readClassLabels(readScoreInput(series, { ...options, inputKind: 'samples' }), options);
    return { field, labels: labels.length };
  });
  target(
    'timelineLanes',
    fc.tuple(anySeries, range, fc.constantFrom('line' as const, 'area' as const)),
    ([series, window, metricStyle]) => {
      const { lanes, drawn, analysed } = timelineLanes(series, window, { metricStyle });
      return { lanes, drawn, analysed };
    },
    // A lane's NaN values are its gaps, drawn as breaks in the line.
    { gaps: ['values'] }
  );

  // Lanes as the readers hand them on: sorted epoch-ms times, finite values or NaN for a gap.
  const lane: fc.Arbitrary<Lane> = laneInput.map((input) => {
    const order = input.times.map((_, i) => i).sort((a, b) => input.times[a] - input.times[b]);
    const kept = order.filter((i) => Math.abs(input.times[i]) <= 8.64e15);
    const values = Float64Array.from(kept, (i) => (Number.isFinite(input.values[i]) ? input.values[i] : NaN));
    return {
      id: input.id || 'lane',
      name: input.id,
      times: Float64Array.from(kept, (i) => input.times[i]),
      values,
      gaps: values.filter(Number.isNaN).length,
      group: 'metrics',
      style: 'line',
    };
  });
  const LANE_GAPS = { gaps: ['values', ''] };
  target(
    'analysedLanes',
    fc.tuple(fc.array(lane, { maxLength: 4 }), anyDouble),
    ([lanes, maxLanes]) => analysedLanes(lanes, maxLanes),
    LANE_GAPS
  );
  target(
    'trailingMean',
    fc.tuple(lane, fc.oneof(fc.constantFrom(HOUR, 24 * HOUR, 0), anyDouble)),
    ([{ times, values }, windowMs]) => trailingMean(times, values, windowMs),
    // A point with no finite value in its window has no mean: a gap.
    { gaps: [''] }
  );
  target('engineLane', fc.tuple(lane, range), ([input, window]) => engineLane(input, window), LANE_GAPS);
  target(
    'engineLanes',
    fc.tuple(fc.array(lane, { maxLength: 3 }), range),
    ([lanes, window]) => engineLanes(lanes, window),
    LANE_GAPS
  );
  const subWindow = fc
    .tuple(range, fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }))
    .map(([window, a, b]) => {
      const span = window.to - window.from;
      return {
        range: window,
        window: { from: window.from + Math.min(a, b) * span, to: window.from + Math.max(a, b) * span },
      };
    });
  target(
    'onsetOptions',
    fc.tuple(
      subWindow,
      fc.record({ clip: mostly(fc.constant(10)), threshold: mostly(fc.constant(16)) }, { requiredKeys: [] })
    ),
    ([{ range: full, window }, tuning]) => onsetOptions(full, window, tuning)
  );
  const onset = fc.record({
    laneId: fc.constantFrom('a', 'b', 'latency', 'lane'),
    time: mostly(fc.integer({ min: EPOCH, max: EPOCH + 200 * HOUR })),
    score: mostly(fc.double({ min: 1, max: 100, noNaN: true })),
    direction: fc.constantFrom('up' as const, 'down' as const),
  });
  target(
    'sequenceFromOnsets',
    fc.tuple(
      fc.array(lane, { maxLength: 3 }),
      fc.array(onset, { maxLength: 4 }),
      annotationSeries,
      range,
      mostly(fc.integer({ min: EPOCH, max: EPOCH + 200 * HOUR }))
    ),
    ([lanes, onsets, annotations, window, incidentStart]) =>
      sequenceFromOnsets(lanes, engineLanes(lanes, window), onsets, readAnnotations(annotations), window, incidentStart)
  );
  target(
    'analyseTimeline',
    fc.tuple(
      fc.array(lane, { maxLength: 3 }),
      annotationSeries,
      subWindow,
      mostly(fc.integer({ min: EPOCH, max: EPOCH + 200 * HOUR }))
    ),
    ([lanes, annotations, { range: full, window }, incidentStart]) => {
      const analysis = analyseTimeline(lanes, readAnnotations(annotations), full, window, incidentStart);
      return { onsets: analysis.onsets, steps: analysis.steps };
    }
  );
});
