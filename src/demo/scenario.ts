/**
 * Turns a scenario's story (lanes, row model, log sources, trace model, annotations) into the frames
 * of a `DemoScenario`. The story files only describe what happens when; this file does the sampling.
 */
import type { DataFrame } from '@grafana/data';

import {
  AnnotationSpec,
  DemoRow,
  HistogramSpec,
  LogEvent,
  LogLevel,
  MetricLane,
  SampleColumn,
  SpanAttributeColumn,
  SpanRow,
  annotationsFrame,
  bucketFrames,
  buildMetrics,
  countHistograms,
  logsFrame,
  samplesFrame,
  tracesFrame,
} from './frames';
import { GenAiService, genAiHistogramFrames } from './genai';
import { Rng } from './random';
import { floorToStep, timeGrid } from './shapes';
import type { AnyScenarioId, DemoScenario, ScenarioOptions, TimeWindow } from './types';

export const DEFAULT_SEED = 42;

/** The fixed points of a scenario, computed from the floored `now`. */
export interface Anchors {
  now: number;
  span: TimeWindow;
}

export function anchor(options: ScenarioOptions | undefined, stepMs: number, spanMs: number): Anchors {
  const now = floorToStep(options?.now ?? Date.now(), stepMs);
  return { now, span: { from: now - spanMs, to: now } };
}

/** A kind of log line and how many of it are written per metric step at time t. */
export interface LogSource {
  level: LogLevel;
  service: string;
  perStep: (t: number) => number;
  message: (rng: Rng, t: number) => string;
  extra?: (rng: Rng, t: number) => Record<string, string | number>;
  /** Fraction of lines carrying a trace id. */
  traced?: number;
}

export interface StoryDefinition {
  id: AnyScenarioId;
  title: string;
  description: string;
  stepMs: number;
  anchors: Anchors;
  defaultRange: TimeWindow;
  incident: { from: number; to?: number };
  featureNames: string[];
  predictionField: string;
  lanes: MetricLane[];
  samples: {
    /** Expected number of sampled requests per `stepMs` at time t. */
    perStep: (t: number) => number;
    stepMs: number;
    columns: SampleColumn[];
  };
  /** Draws one request's features, prediction and outcome at time t. */
  drawRow: (rng: Rng, t: number) => DemoRow;
  histograms: {
    intervalMs: number;
    /** Expected requests counted per interval centred on t. */
    perInterval: (t: number) => number;
    features: HistogramSpec[];
    prediction: HistogramSpec;
  };
  logSources: LogSource[];
  /** Extra one-off log events (e.g. a rollout), merged with the sampled ones. */
  logEvents?: LogEvent[];
  traces: {
    /** Expected sampled traces per `stepMs` at time t. */
    perStep: (t: number) => number;
    stepMs: number;
    build: (rng: Rng, t: number, traceID: string) => SpanRow[];
    attributes: SpanAttributeColumn[];
  };
  annotations: AnnotationSpec[];
  /** The LLM the scenario's service calls, reported with the OpenTelemetry GenAI conventions. */
  genai?: GenAiService;
}

/** Sorted random times of Poisson arrivals over the grid. */
export function arrivals(rng: Rng, span: TimeWindow, stepMs: number, perStep: (t: number) => number): number[] {
  const times: number[] = [];
  const within: number[] = [];
  for (let start = span.from; start < span.to; start += stepMs) {
    const n = rng.poisson(perStep(start + stepMs / 2));
    within.length = 0;
    for (let k = 0; k < n; k++) {
      within.push(Math.floor(start + rng.next() * stepMs));
    }
    within.sort((a, b) => a - b);
    for (const t of within) {
      times.push(t);
    }
  }
  return times;
}

function sampleLogs(def: StoryDefinition, rng: Rng): LogEvent[] {
  const events: LogEvent[] = [...(def.logEvents ?? [])];
  def.logSources.forEach((source, index) => {
    const sourceRng = rng.fork(`log-source-${index}`);
    for (const time of arrivals(sourceRng, def.anchors.span, def.stepMs, source.perStep)) {
      events.push({
        time,
        level: source.level,
        service: source.service,
        msg: source.message(sourceRng, time),
        traceId: sourceRng.next() < (source.traced ?? 0) ? sourceRng.hexId(16) : undefined,
        extra: source.extra?.(sourceRng, time),
      });
    }
  });
  return events.sort((a, b) => a.time - b.time);
}

function sampleTraces(def: StoryDefinition, rng: Rng): SpanRow[] {
  const spans: SpanRow[] = [];
  for (const time of arrivals(rng, def.anchors.span, def.traces.stepMs, def.traces.perStep)) {
    for (const span of def.traces.build(rng, time, rng.hexId(16))) {
      spans.push(span);
    }
  }
  return spans.sort((a, b) => a.startTime - b.startTime);
}

export function buildScenario(def: StoryDefinition, seed: number): DemoScenario {
  const root = new Rng(seed);
  const { span } = def.anchors;
  const times = timeGrid(span.from, span.to, def.stepMs);
  const metrics = buildMetrics(def.lanes, times, def.stepMs, root.fork('metrics'));

  const sampleRng = root.fork('samples');
  const sampleTimes = arrivals(sampleRng, span, def.samples.stepMs, def.samples.perStep);
  const rows = sampleTimes.map((t) => def.drawRow(sampleRng, t));
  const samples = samplesFrame(sampleTimes, rows, def.samples.columns);

  const { intervalMs, perInterval, features, prediction } = def.histograms;
  const specs = [...features, prediction];
  const counts = countHistograms(specs, span, intervalMs, perInterval, def.drawRow, root.fork('histograms'));
  const featureCounts = { times: counts.times, counts: counts.counts.slice(0, features.length) };
  const predictionCounts = { times: counts.times, counts: counts.counts.slice(features.length) };
  const featureBuckets: DataFrame[] = bucketFrames('model_feature_value_bucket', features, featureCounts, intervalMs);
  const predictionBuckets: DataFrame[] = bucketFrames(
    'model_prediction_score_bucket',
    [prediction],
    predictionCounts,
    intervalMs
  );

  const logRng = root.fork('logs');
  const logs = logsFrame(sampleLogs(def, logRng), logRng, { job: def.id });
  const traces = tracesFrame(sampleTraces(def, root.fork('traces')), def.traces.attributes);
  const annotations = annotationsFrame(def.annotations, 1000);
  const genaiHistograms = def.genai ? genAiHistogramFrames(def.genai, span, root.fork('genai')) : [];

  return {
    id: def.id,
    title: def.title,
    description: def.description,
    stepMs: def.stepMs,
    span,
    defaultRange: def.defaultRange,
    incident: def.incident,
    featureNames: def.featureNames,
    predictionField: def.predictionField,
    metrics,
    samples,
    featureBuckets,
    predictionBuckets,
    genaiHistograms,
    logs,
    traces,
    annotations,
  };
}
