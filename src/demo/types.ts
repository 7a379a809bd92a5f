import type { DataFrame } from '@grafana/data';

export type ScenarioId = 'ctr-decline' | 'latency-gc' | 'chatbot-outage';

/** Every scenario the demo knows, including the benchmark-only `stress` one. */
export type AnyScenarioId = ScenarioId | 'stress';

export const SCENARIO_IDS: ScenarioId[] = ['ctr-decline', 'latency-gc', 'chatbot-outage'];

export interface TimeWindow {
  from: number;
  to: number;
}

/** The signals a scenario provides, each shaped like the frames Grafana's data sources return. */
export type DemoSignal =
  | 'metrics'
  | 'samples'
  | 'feature-buckets'
  | 'prediction-buckets'
  | 'genai-histograms'
  | 'logs'
  | 'traces'
  | 'annotations';

export const DEMO_SIGNALS: DemoSignal[] = [
  'metrics',
  'samples',
  'feature-buckets',
  'prediction-buckets',
  'genai-histograms',
  'logs',
  'traces',
  'annotations',
];

export interface ScenarioOptions {
  /** Epoch ms the scenario is anchored to; defaults to Date.now(). Floored to the scenario's step. */
  now?: number;
  /** PRNG seed; the same seed and `now` always give the same data. */
  seed?: number;
}

export interface DemoScenario {
  id: AnyScenarioId;
  title: string;
  description: string;
  /** Sampling step of the metric series, ms. */
  stepMs: number;
  /** The whole generated span. */
  span: TimeWindow;
  /** The time range a dashboard should open on: the incident sits at its right edge. */
  defaultRange: TimeWindow;
  /** The incident window; `to` is undefined while the incident is ongoing. */
  incident: { from: number; to?: number };
  /** Names of the sample columns that are model features, and of the prediction/score column. */
  featureNames: string[];
  predictionField: string;
  /** Prometheus range-query frames, one per series (`timeseries-multi`): Time + Value with labels. */
  metrics: DataFrame[];
  /** Raw rows: a time field, one column per feature (numbers or strings), the score and the outcome. */
  samples: DataFrame;
  /** Per-interval increases of `model_feature_value_bucket`, one frame per (feature, le) series. */
  featureBuckets: DataFrame[];
  /** Per-interval increases of `model_prediction_score_bucket`, one frame per le series. */
  predictionBuckets: DataFrame[];
  /**
   * Per-interval increases of the OpenTelemetry GenAI histograms of the LLM the service calls
   * (`gen_ai_client_token_usage_bucket`, `gen_ai_client_operation_duration_seconds_bucket`,
   * `gen_ai_server_time_to_first_token_seconds_bucket`), one frame per series; empty without an LLM.
   */
  genaiHistograms: DataFrame[];
  /** One Loki-shaped logs frame. */
  logs: DataFrame;
  /** One Tempo-shaped span table. */
  traces: DataFrame;
  /** Annotation frame as Grafana puts in `PanelData.annotations`: time, timeEnd, text, tags, login... */
  annotations: DataFrame;
}
