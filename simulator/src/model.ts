/**
 * The metrics a model service would expose while living through a demo scenario, built from the
 * scenario's frames: metric lanes become counters and gauges with the names exporters use, the
 * bucket frames become the `model_feature_value` and `model_prediction_score` histograms, and the
 * raw samples feed per-category counters. Every value is a pure function of the play position.
 */
import type { DataFrame, Labels } from '@grafana/data';

import { genAiMetricOf } from '../../src/data/genai';
import type { DemoScenario } from '../../src/demo';
import type { PlayPosition } from './clock';
import { EventCount, IncreaseSum, normalCdf, RateIntegral, SteppedValue, ValueAt, ZERO } from './series';

export interface ScalarSeries {
  labels: Labels;
  value: ValueAt;
}

/** Counter names leave out `_total`: the exposition adds it. */
export interface ScalarFamily {
  name: string;
  help: string;
  type: 'counter' | 'gauge';
  series: ScalarSeries[];
}

export interface HistogramReading {
  /** Cumulative count per upper bound, `+Inf` last. */
  buckets: number[];
  sum: number;
}

export interface HistogramSeries {
  labels: Labels;
  /** Finite upper bounds, ascending; `+Inf` is implied. */
  bounds: number[];
  at(position: PlayPosition): HistogramReading;
}

export interface HistogramFamily {
  name: string;
  help: string;
  type: 'histogram';
  series: HistogramSeries[];
}

/** A summary with `_sum` and `_count` only (no quantiles), as JVM exporters give GC pauses. */
export interface SummaryFamily {
  name: string;
  help: string;
  type: 'summary';
  series: Array<{ labels: Labels; sum: ValueAt; count: ValueAt }>;
}

export type MetricFamily = ScalarFamily | HistogramFamily | SummaryFamily;

/** The root spans of a scenario's traces, for exemplars on the latency histogram. */
export interface RootSpan {
  traceId: string;
  service: string;
  start: number;
  durationSeconds: number;
}

export interface ServiceModel {
  scenarioId: string;
  model: string;
  families: MetricFamily[];
  rootSpans: RootSpan[];
}

/** Upper bounds of the request latency histogram, seconds. */
export const LATENCY_BOUNDS = [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/** Spread of log(latency); the median follows from the p99 lane: p99 = median * exp(2.326 sigma). */
const LATENCY_SIGMA = 0.5;
const Z_99 = 2.3263;
/** Recommendations shown per request, to turn request rates into impressions. */
const IMPRESSIONS_PER_REQUEST = 10;
const GIB = 1024 ** 3;

interface Lane {
  name: string;
  labels: Labels;
  times: number[];
  values: number[];
  stepMs: number;
}

function lanesOf(frames: DataFrame[]): Lane[] {
  return frames.map((frame) => {
    const times = frame.fields[0].values as number[];
    const value = frame.fields[1];
    const { __name__: name, ...labels } = value.labels ?? {};
    return { name, labels, times, values: value.values as number[], stepMs: times[1] - times[0] };
  });
}

function stepped(lane: Lane): SteppedValue {
  return new SteppedValue(lane.times[0], lane.stepMs, lane.values);
}

function integral(lane: Lane, rates: ArrayLike<number> = lane.values): RateIntegral {
  return new RateIntegral(lane.times[0], lane.stepMs, rates);
}

function withoutLe(labels: Labels): Labels {
  const { le: _le, __name__: _name, ...rest } = labels;
  return rest;
}

function parseLe(le: string): number {
  return le === '+Inf' ? Infinity : Number(le);
}

/** What one observation in each bucket stands for in `_sum`: its upper bound, or 1.5x the last bound. */
function representatives(bounds: number[]): number[] {
  const last = bounds[bounds.length - 1];
  return [...bounds, last > 0 ? last * 1.5 : last + 1];
}

function readingFrom(counters: ValueAt[], reps: number[], position: PlayPosition): HistogramReading {
  const buckets = counters.map((counter) => counter.at(position));
  let sum = 0;
  for (let b = 0; b < buckets.length; b++) {
    sum += (buckets[b] - (b > 0 ? buckets[b - 1] : 0)) * reps[b];
  }
  return { buckets, sum };
}

/** Histograms from frames of per-interval bucket increases, one series per label set without `le`. */
function histogramsFromBuckets(frames: DataFrame[]): HistogramSeries[] {
  const groups = new Map<string, { labels: Labels; frames: Array<{ le: number; frame: DataFrame }> }>();
  for (const frame of frames) {
    const labels = frame.fields[1].labels ?? {};
    const rest = withoutLe(labels);
    const key = JSON.stringify(rest);
    const group = groups.get(key) ?? { labels: rest, frames: [] };
    group.frames.push({ le: parseLe(labels.le), frame });
    groups.set(key, group);
  }
  return [...groups.values()].map(({ labels, frames: perLe }) => {
    perLe.sort((a, b) => a.le - b.le);
    const bounds = perLe.map((entry) => entry.le).filter(Number.isFinite);
    const counters = perLe.map(({ frame }) => {
      const ends = frame.fields[0].values as number[];
      const intervalMs = ends.length > 1 ? ends[1] - ends[0] : 1;
      return new IncreaseSum(ends, intervalMs, frame.fields[1].values as number[]);
    });
    const reps = representatives(bounds);
    return { labels, bounds, at: (position: PlayPosition) => readingFrom(counters, reps, position) };
  });
}

/** A request-latency histogram whose p99 follows a lane: log-normal latencies at the lane's request rate. */
function latencyHistogram(labels: Labels, requests: Lane, p99At: (t: number) => number): HistogramSeries {
  const bucketRates = [...LATENCY_BOUNDS, Infinity].map(() => new Float64Array(requests.values.length));
  const sumRates = new Float64Array(requests.values.length);
  requests.times.forEach((t, i) => {
    const rate = Math.max(0, requests.values[i]);
    const median = Math.max(1e-4, p99At(t)) / Math.exp(Z_99 * LATENCY_SIGMA);
    LATENCY_BOUNDS.forEach((bound, b) => {
      bucketRates[b][i] = rate * normalCdf(Math.log(bound / median) / LATENCY_SIGMA);
    });
    bucketRates[LATENCY_BOUNDS.length][i] = rate;
    sumRates[i] = rate * median * Math.exp((LATENCY_SIGMA * LATENCY_SIGMA) / 2);
  });
  const counters = bucketRates.map((rates) => integral(requests, rates));
  const sum = integral(requests, sumRates);
  return {
    labels,
    bounds: LATENCY_BOUNDS,
    at: (position) => ({ buckets: counters.map((c) => Math.floor(c.at(position))), sum: sum.at(position) }),
  };
}

function scalar(name: string, help: string, type: ScalarFamily['type'], series: ScalarSeries[]): ScalarFamily {
  return { name, help, type, series };
}

/** Error code of an error-rate lane: the demo writes `5xx` where a real service reports one code. */
function errorCode(code: string): string {
  return code === '5xx' ? '503' : code;
}

export function buildServiceModel(scenario: DemoScenario): ServiceModel {
  const lanes = lanesOf(scenario.metrics);
  const byName = (name: string) => lanes.filter((lane) => lane.name === name);
  const featureHistograms = histogramsFromBuckets(scenario.featureBuckets);
  const predictionHistograms = histogramsFromBuckets(scenario.predictionBuckets);
  const model = predictionHistograms[0]?.labels.model ?? scenario.id;
  const families: MetricFamily[] = [];

  // Requests and errors per service: the lane without `code` is all requests, lanes with a code
  // (or an error ratio) are the failing ones; `code="200"` gets the rest.
  const requestLanes = byName('http_requests_rate').filter((lane) => !lane.labels.code);
  const requestSeries: ScalarSeries[] = [];
  for (const requests of requestLanes) {
    const service = requests.labels.service;
    const errors: Array<{ code: string; rates: Float64Array }> = byName('http_requests_rate')
      .filter((lane) => lane.labels.code && lane.labels.service === service)
      .map((lane) => ({ code: errorCode(lane.labels.code), rates: Float64Array.from(lane.values) }));
    for (const ratio of byName('http_request_error_ratio').filter((lane) => lane.labels.service === service)) {
      errors.push({ code: '500', rates: Float64Array.from(requests.values, (rate, i) => rate * ratio.values[i]) });
    }
    const ok = Float64Array.from(requests.values, (rate, i) =>
      errors.reduce((rest, error) => rest - Math.max(0, error.rates[i]), rate)
    );
    requestSeries.push({ labels: { service, code: '200' }, value: integral(requests, ok) });
    for (const error of errors) {
      requestSeries.push({ labels: { service, code: error.code }, value: integral(requests, error.rates) });
    }
  }
  families.push(scalar('http_requests', 'HTTP requests served, by status code.', 'counter', requestSeries));

  // Request latency: from the p99 lane where the scenario has one; the chatbot's latency is queueing
  // in front of the GPUs, so there it follows the queue depth.
  const latencySeries: HistogramSeries[] = [];
  for (const requests of requestLanes) {
    const service = requests.labels.service;
    const p99Lane = byName('http_request_duration_seconds_p99').find((lane) => lane.labels.service === service);
    const queueLane = byName('llm_queue_depth')[0];
    if (p99Lane) {
      const p99 = stepped(p99Lane);
      latencySeries.push(latencyHistogram({ service }, requests, (t) => p99.valueAt(t)));
    } else if (queueLane) {
      const queue = stepped(queueLane);
      latencySeries.push(latencyHistogram({ service }, requests, (t) => 6 + 0.03 * queue.valueAt(t)));
    }
  }
  families.push({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency.',
    type: 'histogram',
    series: latencySeries,
  });

  families.push({
    name: 'model_feature_value',
    help: 'Values of the model input features, one histogram per feature.',
    type: 'histogram',
    series: featureHistograms,
  });
  families.push({
    name: 'model_prediction_score',
    help: 'Model output: prediction score, confidence or output length.',
    type: 'histogram',
    series: predictionHistograms,
  });

  // Null/default counters: the share from the null-rate lane applied to the predictions counted.
  const predictionFrame = scenario.predictionBuckets[scenario.predictionBuckets.length - 1];
  const defaultSeries = featureHistograms.map((histogram): ScalarSeries => {
    const nullLane = byName('model_feature_null_ratio').find(
      (lane) => lane.labels.feature === histogram.labels.feature
    );
    if (!nullLane || !predictionFrame) {
      return { labels: histogram.labels, value: ZERO };
    }
    const ends = predictionFrame.fields[0].values as number[];
    const intervalMs = ends[1] - ends[0];
    const counts = predictionFrame.fields[1].values as number[];
    const nullRate = stepped(nullLane);
    const defaults = counts.map((count, w) => count * nullRate.valueAt(ends[w] - intervalMs / 2));
    return { labels: histogram.labels, value: new IncreaseSum(ends, intervalMs, defaults) };
  });
  families.push(
    scalar(
      'model_feature_default',
      'Requests where the feature was missing and its default value was used.',
      'counter',
      defaultSeries
    )
  );

  // Category counters from the raw samples, scaled so they count all requests, not just the sampled ones.
  const predictionsPerLoop = predictionFrame
    ? (predictionFrame.fields[1].values as number[]).reduce((sum, count) => sum + count, 0)
    : 0;
  const sampleTimes = scenario.samples.fields[0].values as number[];
  const weight = sampleTimes.length > 0 ? Math.max(1, Math.round(predictionsPerLoop / sampleTimes.length)) : 1;
  const categorySeries: ScalarSeries[] = [];
  for (const field of scenario.samples.fields.filter((f) => f.type === 'string')) {
    const timesByCategory = new Map<string, number[]>();
    (field.values as string[]).forEach((category, i) => {
      const times = timesByCategory.get(category) ?? [];
      times.push(sampleTimes[i]);
      timesByCategory.set(category, times);
    });
    for (const [category, times] of [...timesByCategory.entries()].sort()) {
      categorySeries.push({
        labels: { model, feature: field.name, category },
        value: new EventCount(times, weight),
      });
    }
  }
  families.push(
    scalar('model_feature_category', 'Requests by value of a categorical feature.', 'counter', categorySeries)
  );

  families.push(...genAiFamilies(scenario.genaiHistograms));
  families.push(...laneFamilies(lanes, requestLanes));

  const fields = Object.fromEntries(scenario.traces.fields.map((field) => [field.name, field.values]));
  const rootSpans: RootSpan[] = [];
  for (let i = 0; i < scenario.traces.length; i++) {
    if (!fields.parentSpanID[i]) {
      rootSpans.push({
        traceId: fields.traceID[i],
        service: fields.serviceName[i],
        start: fields.startTime[i],
        durationSeconds: fields.duration[i] / 1000,
      });
    }
  }

  return { scenarioId: scenario.id, model, families, rootSpans };
}

/**
 * The OpenTelemetry GenAI histograms of the service's LLM calls, under the names and labels Prometheus
 * gives them from OTLP by default (`gen_ai_client_token_usage`, `gen_ai_provider_name`, …), with the
 * conventions' buckets: one family per metric, from the scenario's per-interval bucket increases.
 */
function genAiFamilies(frames: DataFrame[]): HistogramFamily[] {
  const byName = new Map<string, DataFrame[]>();
  for (const frame of frames) {
    const name = String(frame.fields[1].labels?.__name__).replace(/_bucket$/, '');
    byName.set(name, [...(byName.get(name) ?? []), frame]);
  }
  return [...byName].map(([name, metricFrames]) => ({
    name,
    help: genAiMetricOf(name)?.brief ?? 'OpenTelemetry GenAI histogram.',
    type: 'histogram',
    series: histogramsFromBuckets(metricFrames),
  }));
}

/** The remaining lanes: runtime, GPU and business metrics under the names their exporters use. */
function laneFamilies(lanes: Lane[], requestLanes: Lane[]): MetricFamily[] {
  const families: MetricFamily[] = [];
  const each = (name: string) => lanes.filter((lane) => lane.name === name);
  const counterOf = (lane: Lane): ScalarSeries => ({ labels: lane.labels, value: integral(lane) });
  const gaugeOf = (lane: Lane): ScalarSeries => ({ labels: lane.labels, value: stepped(lane) });
  const add = (family: MetricFamily) => {
    if (family.series.length > 0) {
      families.push(family);
    }
  };

  add(
    scalar(
      'container_cpu_usage_seconds',
      'CPU time used by the service containers.',
      'counter',
      each('container_cpu_usage_ratio').map(counterOf)
    )
  );

  // CTR as the two counters it is computed from: rate(clicks) / rate(impressions).
  const ctrLanes = each('reco_click_through_ratio');
  const requests = requestLanes[0];
  if (ctrLanes.length > 0 && requests) {
    const impressionRates = Float64Array.from(requests.values, (rate) => rate * IMPRESSIONS_PER_REQUEST);
    add(
      scalar(
        'reco_impressions',
        'Recommendations shown.',
        'counter',
        ctrLanes.map((lane) => ({ labels: lane.labels, value: integral(requests, impressionRates) }))
      )
    );
    add(
      scalar(
        'reco_clicks',
        'Recommendations clicked.',
        'counter',
        ctrLanes.map((lane) => {
          const ctr = stepped(lane);
          const clickRates = impressionRates.map((rate, i) => rate * Math.max(0, ctr.valueAt(requests.times[i])));
          return { labels: lane.labels, value: integral(requests, clickRates) };
        })
      )
    );
  }

  // GC pauses as a summary: seconds paused per second is the lane; pauses get more frequent in a storm.
  add({
    name: 'jvm_gc_pause_seconds',
    help: 'Time spent in GC pauses.',
    type: 'summary',
    series: each('jvm_gc_pause_seconds_rate').map((lane) => ({
      labels: { ...lane.labels, gc: 'G1 Young Generation' },
      sum: integral(lane),
      count: integral(
        lane,
        Float64Array.from(lane.values, (rate) => 0.5 + 10 * Math.max(0, rate))
      ),
    })),
  });
  const heap = each('jvm_memory_used_bytes');
  add(scalar('jvm_memory_used_bytes', 'JVM memory used.', 'gauge', heap.map(gaugeOf)));
  add(
    scalar(
      'jvm_memory_max_bytes',
      'JVM memory limit.',
      'gauge',
      heap.map((lane) => ({ labels: lane.labels, value: { at: () => 4 * GIB } }))
    )
  );

  add(scalar('DCGM_FI_DEV_GPU_UTIL', 'GPU utilisation (%).', 'gauge', each('DCGM_FI_DEV_GPU_UTIL').map(gaugeOf)));
  add(scalar('llm_queue_depth', 'Requests waiting for a GPU slot.', 'gauge', each('llm_queue_depth').map(gaugeOf)));
  add(
    scalar(
      'llm_generated_tokens',
      'Output tokens generated.',
      'counter',
      each('llm_generated_tokens_rate').map(counterOf)
    )
  );
  add(
    scalar(
      'kube_deployment_status_replicas_ready',
      'Ready replicas of the deployment.',
      'gauge',
      each('kube_deployment_status_replicas_ready').map(gaugeOf)
    )
  );
  return families;
}
