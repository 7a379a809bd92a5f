/**
 * `ctr-decline`: the CTR of a recommendation model falls slowly for three weeks and no alert fires.
 * Root cause: an events-pipeline upgrade (day 7) renames `recent_categories`; as it rolls out region
 * by region, `user_recent_categories_count` falls back to its default 0 for a growing share of users.
 */
import { FieldType } from '@grafana/data';

import type { AnnotationSpec, DemoRow, LogEvent, MetricLane, SpanRow } from '../frames';
import { steadyLlm } from '../genai';
import type { Rng } from '../random';
import { anchor, buildScenario, DEFAULT_SEED } from '../scenario';
import { clamp, daily, DAY, HOUR, MINUTE, ramp } from '../shapes';
import type { DemoScenario, ScenarioOptions } from '../types';

const STEP = 5 * MINUTE;
const SPAN = 28 * DAY;
const MODEL = 'reco-model';
const FEATURE = 'user_recent_categories_count';

/** Share of traffic each region carries, and when (in days since the start) events-ingest v2.3 reaches it. */
const ROLLOUT = [
  { region: 'eu-west', day: 7.04, share: 0.05 },
  { region: 'eu-central', day: 8.6, share: 0.05 },
  { region: 'us-east', day: 11.3, share: 0.08 },
  { region: 'us-west', day: 12.9, share: 0.05 },
  { region: 'ap-south', day: 14.6, share: 0.06 },
  { region: 'ap-east', day: 16.4, share: 0.05 },
];
const BASE_NULL_RATE = 0.01;
/** Online feature-store entries live 3 h, so served features follow the pipeline with that lag. */
const FEATURE_CACHE_TTL = 3 * HOUR;
/**
 * A click counts for the impression it follows within 24 h, so the CTR of an hour's impressions is final,
 * and reported, a day later: the CTR lane runs a day behind the model's scores.
 */
const CTR_ATTRIBUTION_WINDOW = 24 * HOUR;
/** Users whose categories fell back to 0 click this much less often. */
const FALLBACK_CLICK_FACTOR = 0.376;
const BASE_CTR = 0.0525;

export function ctrDecline(options?: ScenarioOptions): DemoScenario {
  const anchors = anchor(options, STEP, SPAN);
  const { now, span } = anchors;
  const day = (d: number) => span.from + d * DAY;

  /** Share of events written by the renamed pipeline (the feature's null rate at ingest). */
  const nullRate = (t: number) =>
    ROLLOUT.reduce((rate, r) => rate + r.share * ramp(t, day(r.day), 6 * HOUR), BASE_NULL_RATE);
  /** Share of requests the model serves with the default value. */
  const servedNullRate = (t: number) => nullRate(t - FEATURE_CACHE_TTL);
  /** CTR reported at t: over a rolling 6 h window of the impressions whose attribution window closed at t. */
  const ctrNullRate = (t: number) => {
    let sum = 0;
    for (let h = 0; h < 6; h++) {
      sum += servedNullRate(t - CTR_ATTRIBUTION_WINDOW - h * HOUR);
    }
    return sum / 6;
  };
  const traffic = (t: number) => daily(t, 0.3);
  const ctrSeasonality = (t: number) => daily(t + 3 * HOUR, 0.08);

  const labels = { service: 'reco-api' };
  const lanes: MetricLane[] = [
    {
      metric: 'model_feature_null_ratio',
      displayName: `null rate ${FEATURE}`,
      unit: 'percentunit',
      labels: { model: MODEL, feature: FEATURE },
      value: (t, rng) => {
        const p = nullRate(t);
        return clamp(rng.normal(p, Math.sqrt((p * (1 - p)) / (1500 * traffic(t)))), 0, 1);
      },
    },
    {
      metric: 'model_prediction_score_mean',
      displayName: 'prediction mean',
      unit: 'short',
      decimals: 3,
      labels: { model: MODEL },
      value: (t, rng) => rng.normal(0.55 - 0.18 * servedNullRate(t), 0.004),
    },
    {
      metric: 'reco_click_through_ratio',
      displayName: 'CTR',
      unit: 'percentunit',
      labels: { model: MODEL },
      value: (t, rng) => {
        const base = (BASE_CTR * ctrSeasonality(t) * (1 - (1 - FALLBACK_CLICK_FACTOR) * ctrNullRate(t))) / 0.99376;
        return rng.normal(base, 0.0012);
      },
    },
    {
      metric: 'http_requests_rate',
      displayName: 'request rate',
      unit: 'reqps',
      labels,
      value: (t, rng) => 450 * traffic(t) * (1 + 0.03 * rng.normal()),
    },
    {
      metric: 'http_request_duration_seconds_p99',
      displayName: 'p99 latency',
      unit: 's',
      labels,
      value: (t, rng) => 0.18 + 0.015 * traffic(t) + Math.abs(0.01 * rng.studentT(4)),
    },
    {
      metric: 'http_request_error_ratio',
      displayName: 'error rate',
      unit: 'percentunit',
      labels,
      value: (_t, rng) => Math.max(0, rng.normal(0.0021, 0.0004)),
    },
    {
      metric: 'container_cpu_usage_ratio',
      displayName: 'CPU',
      unit: 'percentunit',
      labels,
      value: (t, rng) => clamp(0.25 + 0.17 * traffic(t) + rng.normal(0, 0.012), 0, 1),
    },
  ];

  const drawRow = (rng: Rng, t: number): DemoRow => {
    const fallback = rng.bernoulli(servedNullRate(t));
    const count = fallback ? 0 : 1 + rng.poisson(4.5);
    const score = clamp(rng.normal(fallback ? 0.37 : 0.55 + 0.008 * (count - 5.5), 0.12), 0.001, 0.999);
    const clickProbability =
      ((BASE_CTR * ctrSeasonality(t)) / 0.99376) *
      (0.45 + score) *
      // normalised by each group's mean of (0.45 + score), so rows match the CTR lane
      (fallback ? FALLBACK_CLICK_FACTOR / 0.82 : 1);
    return {
      user_recent_categories_count: count,
      user_age_days: Math.round(rng.lognormal(Math.log(240), 1)),
      session_length_s: Math.round(rng.lognormal(Math.log(95), 0.8)),
      item_price: Math.round(rng.lognormal(Math.log(35), 0.7) * 100) / 100,
      device_type: rng.weighted(['mobile', 'desktop', 'tablet'], [0.62, 0.31, 0.07]),
      score: Math.round(score * 10000) / 10000,
      clicked: rng.bernoulli(clickProbability) ? 1 : 0,
    };
  };

  const featureLabels = (feature: string) => ({ model: MODEL, feature });
  const fallbackMessage = 'feature recent_categories missing, using default';
  const logEvents: LogEvent[] = [
    ...ROLLOUT.map(({ region, day: d }) => ({
      time: day(d),
      level: 'info' as const,
      service: 'events-ingest',
      msg: `events-ingest v2.3 rolled out to ${region}`,
    })),
    { time: day(10) + 14 * HOUR + 2 * MINUTE, level: 'info', service: MODEL, msg: 'loaded model reco-model v41' },
    { time: day(16) + 9 * HOUR, level: 'info', service: 'feature-store', msg: 'backfill started: user features 90d' },
    { time: day(16) + 13 * HOUR, level: 'info', service: 'feature-store', msg: 'backfill completed: 0 rows changed' },
  ];

  const buildTrace = (rng: Rng, t: number, traceID: string): SpanRow[] => {
    const fallback = rng.bernoulli(servedNullRate(t));
    const rootID = rng.hexId(8);
    const predict = rng.lognormal(Math.log(18), 0.3);
    const root = predict + rng.lognormal(Math.log(26), 0.35);
    const attributes = { 'feature.fallback': fallback, 'model.version': t < day(10) + 14 * HOUR ? 'v40' : 'v41' };
    return [
      {
        traceID,
        spanID: rootID,
        parentSpanID: '',
        startTime: t,
        serviceName: 'reco-api',
        spanName: 'GET /recommendations',
        duration: Math.round(root * 100) / 100,
        statusCode: rng.bernoulli(0.002) ? 'error' : 'ok',
        attributes,
      },
      {
        traceID,
        spanID: rng.hexId(8),
        parentSpanID: rootID,
        startTime: t + 3,
        serviceName: MODEL,
        spanName: 'model.predict',
        duration: Math.round(predict * 100) / 100,
        statusCode: 'ok',
        attributes,
      },
    ];
  };

  const annotations: AnnotationSpec[] = [
    {
      time: day(7),
      text: 'events-ingest v2.3: field `recent_categories` renamed',
      tags: ['data', 'schema-change'],
      login: 'data-platform',
    },
    { time: day(10) + 14 * HOUR, text: 'reco-model v41', tags: ['deploy', 'model'], login: 'ml-platform' },
    {
      time: day(16) + 9 * HOUR,
      text: 'feature-store backfill: user features, last 90 days',
      tags: ['data', 'backfill'],
      login: 'data-platform',
    },
    {
      time: day(24) + 10 * HOUR,
      timeEnd: now,
      text: 'CTR down 20% WoW: business escalation, no alert fired',
      tags: ['incident', 'sev2'],
      login: 'oncall',
    },
  ];

  return buildScenario(
    {
      id: 'ctr-decline',
      title: 'CTR decline',
      description:
        'The click-through rate of the recommendation model has been falling for three weeks. No system alert fired.',
      stepMs: STEP,
      anchors,
      defaultRange: { ...span },
      incident: { from: day(24) + 10 * HOUR },
      featureNames: [FEATURE, 'user_age_days', 'session_length_s', 'item_price', 'device_type'],
      predictionField: 'score',
      lanes,
      samples: {
        perStep: (t) => 24 * traffic(t),
        stepMs: HOUR,
        columns: [
          { name: FEATURE, type: FieldType.number },
          { name: 'user_age_days', type: FieldType.number, unit: 'd' },
          { name: 'session_length_s', type: FieldType.number, unit: 's' },
          { name: 'item_price', type: FieldType.number, unit: 'currencyUSD' },
          { name: 'device_type', type: FieldType.string },
          { name: 'score', type: FieldType.number },
          { name: 'clicked', type: FieldType.number },
        ],
      },
      drawRow,
      histograms: {
        intervalMs: HOUR,
        perInterval: (t) => 150 * traffic(t),
        features: [
          { column: FEATURE, bounds: [0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 15, 20], labels: featureLabels(FEATURE) },
          {
            column: 'user_age_days',
            bounds: [7, 14, 30, 60, 90, 180, 270, 365, 540, 730, 1095, 1825, 3650],
            labels: featureLabels('user_age_days'),
          },
          {
            column: 'session_length_s',
            bounds: [5, 10, 20, 30, 45, 60, 90, 120, 180, 300, 600, 1200, 1800],
            labels: featureLabels('session_length_s'),
          },
          {
            column: 'item_price',
            bounds: [5, 10, 15, 20, 30, 40, 50, 75, 100, 150, 200, 300, 500],
            labels: featureLabels('item_price'),
          },
        ],
        prediction: {
          column: 'score',
          bounds: [0.1, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.8, 0.9, 1],
          labels: { model: MODEL },
        },
      },
      logSources: [
        {
          level: 'info',
          service: 'reco-api',
          perStep: (t) => 0.35 * traffic(t),
          message: (rng) => `served ${rng.int(8, 24)} recommendations`,
          traced: 1,
        },
        {
          level: 'warn',
          service: MODEL,
          perStep: (t) => 2.5 * servedNullRate(t) * traffic(t),
          message: () => fallbackMessage,
          extra: () => ({ feature: FEATURE, default: 0 }),
          traced: 1,
        },
        {
          level: 'info',
          service: 'feature-store',
          perStep: () => STEP / HOUR,
          message: (rng) => `online store sync completed: ${rng.int(180, 260)}k users`,
        },
      ],
      logEvents,
      traces: {
        perStep: () => 0.19,
        stepMs: STEP,
        build: buildTrace,
        attributes: [
          { name: 'feature.fallback', type: FieldType.boolean },
          { name: 'model.version', type: FieldType.string },
        ],
      },
      annotations,
      // The "why you see this" line under each recommendation is written by an LLM; nothing about it changes.
      genai: steadyLlm(
        {
          model: 'gpt-4o-mini',
          operation: 'chat',
          provider: 'openai',
          providerAttribute: 'gen_ai.provider.name',
          intervalMs: HOUR,
          perInterval: (t) => 60 * traffic(t),
        },
        { inputTokens: 420, outputTokens: 38, maxTokens: 96 }
      ),
    },
    options?.seed ?? DEFAULT_SEED
  );
}
