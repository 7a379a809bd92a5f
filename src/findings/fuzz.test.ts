/**
 * Fuzz suite over the panels' analyses (src/findings), from the query result to what is drawn: drift from
 * raw samples and from histogram frames, the predictions panel's score reader and its four views, and the
 * timeline's lanes and "what changed first", each run as the panels and the evidence run it. Each ends in
 * finite results or a typed error, within a second. `FUZZ_RUNS=10000 npx jest src/findings/fuzz` is the
 * nightly-sized run.
 */
import fc from 'fast-check';
import { readAnnotations } from '../data/annotations';
import { toBaselineMode } from '../data/driftInput';
import { runSteps } from '../data/steps';
import { baselineModeWindows } from '../data/windows';
import { fuzzSuite } from '../testing/fuzz/harness';
import { annotationSeries, anySeries, histogramSeries, sampleSeries } from '../testing/fuzz/frames';
import { anyDouble, EPOCH, HOUR, mostly, timeRange } from '../testing/fuzz/values';
import { defaultDriftAnalysisOptions, DriftAnalysisOptions, driftSteps, startingProgress } from './drift';
import {
  computeCalibration,
  computeClassBalance,
  computeFan,
  defaultPredictionsAnalysisOptions,
  overlayFromBase,
  PredictionsAnalysisOptions,
  prepareOverlay,
  readScoreInput,
} from './predictions';
import { timelineLanesSteps, timelineSteps } from './timeline';

const target = fuzzSuite('Panel pipeline fuzz (query result to view)');

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
});
