/**
 * `stress`: sizes for benchmarks and limits, not a story. 200,000 log events, 50 metric lanes,
 * 20,000 spans, and 100 features x 2,000 windows of 50-bucket histograms. Histograms are computed
 * from the normal CDF instead of drawing every request, so generation stays in the hundreds of ms.
 */
import { FieldType } from '@grafana/data';

import {
  AnnotationSpec,
  DemoRow,
  HistogramSpec,
  LogEvent,
  LogLevel,
  MetricLane,
  SpanRow,
  annotationsFrame,
  bucketFrames,
  buildMetrics,
  logsFrame,
  samplesFrame,
  tracesFrame,
} from '../frames';
import { Rng } from '../random';
import { anchor, arrivals, DEFAULT_SEED } from '../scenario';
import { MINUTE } from '../shapes';
import type { DemoScenario, ScenarioOptions } from '../types';

const STEP = MINUTE;
const WINDOWS = 2000;
const SPAN = WINDOWS * STEP;
const LANES = 50;
const LOG_EVENTS = 200000;
const SPANS = 20000;
const FEATURES = 100;
const BUCKETS = 50;
const SAMPLE_ROWS = 2000;
const PER_WINDOW = 1000;

/** Standard normal CDF (Abramowitz & Stegun 26.2.17, |error| < 7.5e-8). */
function normalCdf(z: number): number {
  const t = 1 / (1 + 0.2316419 * Math.abs(z));
  const d = 0.3989422804014327 * Math.exp((-z * z) / 2);
  const tail = d * t * (0.31938153 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
  return z > 0 ? 1 - tail : tail;
}

export function stress(options?: ScenarioOptions): DemoScenario {
  const anchors = anchor(options, STEP, SPAN);
  const { span } = anchors;
  const root = new Rng(options?.seed ?? DEFAULT_SEED);
  const times: number[] = [];
  for (let t = span.from; t <= span.to; t += STEP) {
    times.push(t);
  }
  const shiftAt = span.from + 0.7 * SPAN;

  const lanes: MetricLane[] = [];
  for (let i = 0; i < LANES; i++) {
    const level = 10 + 5 * i;
    lanes.push({
      metric: `stress_metric_${i}`,
      displayName: `stress lane ${i}`,
      unit: 'short',
      labels: { service: `svc-${i % 10}`, lane: String(i) },
      value: (t, rng) => level * (1 + (i % 3 === 0 && t > shiftAt ? 0.5 : 0)) + rng.normal(0, level * 0.05),
    });
  }
  const metrics = buildMetrics(lanes, times, STEP, root.fork('metrics'));

  // Feature f drifts in mean by (f % 5) * 0.2 sd after the shift; bounds cover +-4 sd.
  const specs: HistogramSpec[] = [];
  const counts: number[][][] = [];
  const windowTimes = times.slice(1, WINDOWS + 1);
  const histogramRng = root.fork('histograms');
  for (let f = 0; f < FEATURES; f++) {
    const bounds: number[] = [];
    for (let b = 0; b < BUCKETS - 1; b++) {
      bounds.push(Math.round((-4 + (8 * b) / (BUCKETS - 2)) * 1000) / 1000);
    }
    specs.push({ column: `feature_${f}`, bounds, labels: { model: 'stress-model', feature: `feature_${f}` } });
    const perLe: number[][] = [];
    for (let b = 0; b < BUCKETS; b++) {
      perLe.push(new Array<number>(WINDOWS));
    }
    // The CDF depends only on whether the window is after the shift, so compute it twice.
    const cdfBefore = bounds.map((bound) => normalCdf(bound));
    const cdfAfter = bounds.map((bound) => normalCdf(bound - (f % 5) * 0.2));
    for (let w = 0; w < WINDOWS; w++) {
      const cdf = windowTimes[w] > shiftAt ? cdfAfter : cdfBefore;
      const total = histogramRng.poisson(PER_WINDOW);
      for (let b = 0; b < BUCKETS - 1; b++) {
        perLe[b][w] = Math.round(total * cdf[b]);
      }
      perLe[BUCKETS - 1][w] = total;
    }
    counts.push(perLe);
  }
  const featureBuckets = bucketFrames('model_feature_value_bucket', specs, { times: windowTimes, counts }, STEP);
  const scoreSpec: HistogramSpec = { ...specs[0], column: 'score', labels: { model: 'stress-model' } };
  const predictionBuckets = bucketFrames(
    'model_prediction_score_bucket',
    [scoreSpec],
    { times: windowTimes, counts: [counts[1]] },
    STEP
  );

  const logRng = root.fork('logs');
  const levels: LogLevel[] = ['info', 'warn', 'error'];
  const events: LogEvent[] = arrivals(logRng, span, STEP, () => LOG_EVENTS / WINDOWS).map((time) => {
    const level = logRng.weighted(levels, [0.85, 0.12, 0.03]);
    return { time, level, service: `svc-${logRng.int(0, 9)}`, msg: `${level} event ${logRng.int(0, 999)}` };
  });

  const traceRng = root.fork('traces');
  const spans: SpanRow[] = arrivals(traceRng, span, STEP, () => SPANS / WINDOWS).map((t) => ({
    traceID: traceRng.hexId(16),
    spanID: traceRng.hexId(8),
    parentSpanID: '',
    startTime: t,
    serviceName: `svc-${traceRng.int(0, 9)}`,
    spanName: `op-${traceRng.int(0, 19)}`,
    duration: Math.round(traceRng.lognormal(Math.log(50), 0.6) * 100) / 100,
    statusCode: traceRng.bernoulli(0.02) ? 'error' : 'ok',
    attributes: {},
  }));

  const sampleRng = root.fork('samples');
  const sampleTimes = arrivals(sampleRng, span, STEP, () => SAMPLE_ROWS / WINDOWS);
  const featureNames = specs.map((spec) => spec.column);
  const rows = sampleTimes.map((t) => {
    const row: DemoRow = {};
    featureNames.forEach((name, f) => {
      row[name] = sampleRng.normal(t > shiftAt ? (f % 5) * 0.2 : 0, 1);
    });
    row.score = sampleRng.next();
    return row;
  });
  const columns = [...featureNames, 'score'].map((name) => ({ name, type: FieldType.number as const }));

  const kinds = ['deploy', 'model', 'data', 'config', 'incident', 'mitigation', 'business'];
  const annotations: AnnotationSpec[] = kinds.map((kind, i) => ({
    time: span.from + ((i + 1) / (kinds.length + 1)) * SPAN,
    timeEnd: kind === 'incident' ? span.from + ((i + 1.5) / (kinds.length + 1)) * SPAN : undefined,
    text: `stress ${kind} annotation`,
    tags: [kind],
    login: 'bench',
  }));

  return {
    id: 'stress',
    title: 'Stress',
    description: 'Large synthetic data for benchmarks; not a story.',
    stepMs: STEP,
    span,
    defaultRange: { ...span },
    incident: { from: shiftAt },
    featureNames,
    predictionField: 'score',
    metrics,
    samples: samplesFrame(sampleTimes, rows, columns),
    featureBuckets,
    predictionBuckets,
    genaiHistograms: [],
    logs: logsFrame(events, logRng, { job: 'stress' }),
    traces: tracesFrame(spans, []),
    annotations: annotationsFrame(annotations, 9000),
  };
}
