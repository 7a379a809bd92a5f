import type { DataQuery } from '@grafana/schema';
import type { DemoSignal, ScenarioId } from '../../demo/types';

/** One query against the demo data source: which incident, and which of its signals. */
export interface DemoQuery extends DataQuery {
  scenario: ScenarioId;
  signal: DemoSignal;
}

export const DEFAULT_SCENARIO: ScenarioId = 'latency-gc';
export const DEFAULT_SIGNAL: DemoSignal = 'metrics';

export const DEFAULT_QUERY: Partial<DemoQuery> = {
  scenario: DEFAULT_SCENARIO,
  signal: DEFAULT_SIGNAL,
};

/** What the query editor offers, in the words an on-call engineer would use. */
export const SCENARIO_LABELS: Record<ScenarioId, { label: string; description: string }> = {
  'ctr-decline': {
    label: 'CTR decline',
    description: 'A slow click-through decline after an upstream schema change (28 days)',
  },
  'latency-gc': {
    label: 'Latency spike (GC storm)',
    description: 'p99 latency spikes from a JVM GC storm, not from the deploy (6 hours)',
  },
  'chatbot-outage': {
    label: 'Chatbot outage',
    description: 'Viral traffic, GPU saturation and a crash-looping autoscaler change (12 hours)',
  },
};

export const SIGNAL_LABELS: Record<DemoSignal, { label: string; description: string }> = {
  metrics: { label: 'Metrics', description: 'Prometheus-style range series, one frame per series' },
  samples: { label: 'Samples', description: 'Raw rows: time, model features, score and outcome' },
  'feature-buckets': { label: 'Feature buckets', description: 'Per-interval increases of feature histogram buckets' },
  'prediction-buckets': {
    label: 'Prediction buckets',
    description: 'Per-interval increases of prediction-score histogram buckets',
  },
  'genai-histograms': {
    label: 'GenAI histograms',
    description: 'OpenTelemetry GenAI token usage and latency histograms of the LLM calls (per-interval increases)',
  },
  logs: { label: 'Logs', description: 'A Loki-style logs frame' },
  traces: { label: 'Traces', description: 'A Tempo-style span table' },
  annotations: { label: 'Annotations', description: 'Deploy, data, config and incident change events' },
};
