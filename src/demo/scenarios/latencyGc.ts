/**
 * `latency-gc`: the p99 latency of an NLP model spikes and everyone blames the deploy 40 minutes
 * earlier. The cause is a JVM garbage-collection storm set off by the much longer inputs a marketing
 * campaign brought in.
 */
import { FieldType } from '@grafana/data';

import { AnnotationSpec, DemoRow, LogEvent, MetricLane, numberColumns, SpanRow } from '../frames';
import { steadyLlm } from '../genai';
import type { Rng } from '../random';
import { anchor, buildScenario, DEFAULT_SEED } from '../scenario';
import { clamp, easeRamp, HOUR, MINUTE, ramp, sawtooth, SECOND } from '../shapes';
import type { DemoScenario, ScenarioOptions } from '../types';

const STEP = 15 * SECOND;
const SPAN = 6 * HOUR;
const SERVICE = 'nlp-serving';
const MODEL = 'nlp-intent';
const GIB = 1024 ** 3;
const TIMEOUT_MS = 5000;

export function latencyGc(options?: ScenarioOptions): DemoScenario {
  const anchors = anchor(options, STEP, SPAN);
  const { now } = anchors;
  const T = now - 50 * MINUTE;
  const deployAt = T - 40 * MINUTE;
  const campaignAt = T - 12 * MINUTE;

  /** Request-rate multiplier: the campaign mail lands at T-12 and brings 1.5x more traffic. */
  const traffic = (t: number) => 1 + 1.5 * easeRamp(t, campaignAt, MINUTE);
  /** Share of requests that are pasted campaign e-mails (long inputs); they follow the first clicks. */
  const longInputShare = (t: number) => 0.6 * ramp(t, T - 10 * MINUTE, 4 * MINUTE);
  /** GC storm: old generation fills with the large token buffers. */
  const gcStorm = (t: number) => easeRamp(t, T - 2 * MINUTE, 2 * MINUTE);
  /** Stop-the-world pauses long enough to stall requests: young pauses grow into full GCs at T. */
  const stall = (t: number) => easeRamp(t, T, MINUTE);
  /** Queueing behind the pauses, which pushes requests past the 5 s timeout from T+3. */
  const backlog = (t: number) => ramp(t, T + 2 * MINUTE, 2 * MINUTE);

  const labels = { service: SERVICE };
  const lanes: MetricLane[] = [
    {
      metric: 'http_requests_rate',
      displayName: 'request rate',
      unit: 'reqps',
      labels,
      // The slow wander is timed from the incident, so the story is the same whatever the hour.
      value: (t, rng) => 40 * traffic(t) * (1 + 0.04 * Math.sin((t - T) / (23 * MINUTE))) + rng.normal(0, 1.2),
    },
    {
      metric: 'model_input_tokens_mean',
      displayName: 'input tokens (mean)',
      unit: 'short',
      labels: { model: MODEL },
      value: (t, rng) => {
        const share = longInputShare(t);
        return (1 - share) * 186 + share * 903 + rng.normal(0, 6 + 25 * share);
      },
    },
    {
      metric: 'jvm_gc_pause_seconds_rate',
      displayName: 'GC pause (s/s)',
      unit: 's',
      labels,
      value: (t, rng) => 0.015 + 0.33 * gcStorm(t) + Math.abs(rng.studentT(5)) * (0.003 + 0.03 * gcStorm(t)),
    },
    {
      metric: 'jvm_memory_used_bytes',
      displayName: 'heap used',
      unit: 'bytes',
      labels: { ...labels, area: 'heap' },
      value: (t, rng) => {
        const storm = gcStorm(t);
        const low = 1.1 - 0.3 * storm;
        const high = 2.3 + 1.5 * storm;
        const period = storm > 0.5 ? MINUTE : 4 * MINUTE;
        return (low + (high - low) * sawtooth(t, period)) * GIB + rng.normal(0, 0.03 * GIB);
      },
    },
    {
      metric: 'http_request_duration_seconds_p99',
      displayName: 'p99 latency',
      unit: 's',
      labels,
      value: (t, rng) => {
        const spike = stall(t) * (2.4 + 1.6 * backlog(t) + Math.abs(rng.studentT(3)) * 0.4);
        return Math.min(TIMEOUT_MS / 1000, 0.24 + spike + Math.abs(rng.studentT(4)) * 0.015);
      },
    },
    {
      metric: 'http_requests_rate',
      displayName: 'HTTP 504 rate',
      unit: 'reqps',
      labels: { ...labels, code: '504' },
      value: (t, rng) => {
        const rate = ramp(t, T + 3 * MINUTE, MINUTE) * 0.08 * 40 * traffic(t);
        return rate > 0 ? Math.max(0, rng.normal(rate, Math.sqrt(rate) * 0.5)) : 0;
      },
    },
    {
      metric: 'container_cpu_usage_ratio',
      displayName: 'CPU',
      unit: 'percentunit',
      labels,
      value: (t, rng) => clamp(0.4 + 0.04 * (traffic(t) - 1) + 0.1 * gcStorm(t) + rng.normal(0, 0.01), 0, 1),
    },
  ];

  const drawRow = (rng: Rng, t: number): DemoRow => {
    const long = rng.bernoulli(longInputShare(t));
    const tokens = Math.max(
      1,
      Math.round(long ? rng.lognormal(Math.log(850), 0.35) : rng.lognormal(Math.log(160), 0.55))
    );
    const slowdown = 1 + stall(t) * rng.lognormal(Math.log(6 + 14 * backlog(t)), 0.5);
    const latency = (40 + 0.1 * tokens) * rng.lognormal(0, 0.25) * slowdown;
    return {
      input_tokens: tokens,
      request_chars: Math.round(tokens * rng.normal(4.1, 0.3)),
      language: rng.weighted(['en', 'de', 'fr', 'es', 'other'], [0.55, 0.15, 0.12, 0.1, 0.08]),
      confidence: Math.round(clamp(rng.normal(long ? 0.83 : 0.87, 0.06), 0.2, 0.999) * 1000) / 1000,
      latency_ms: Math.round(Math.min(TIMEOUT_MS, latency)),
      timed_out: latency >= TIMEOUT_MS ? 1 : 0,
    };
  };

  const buildTrace = (rng: Rng, t: number, traceID: string): SpanRow[] => {
    const row = drawRow(rng, t);
    const tokens = row.input_tokens as number;
    const gcEvents = rng.poisson(0.05 + 3 * gcStorm(t));
    const pauseMs = gcEvents * rng.lognormal(Math.log(40 + 400 * stall(t)), 0.5);
    const tokenize = (2 + 0.01 * tokens) * rng.lognormal(0, 0.2);
    const infer = Math.min(TIMEOUT_MS - tokenize - 2, (30 + 0.08 * tokens) * rng.lognormal(0, 0.25) + pauseMs);
    const timedOut = row.timed_out === 1 || tokenize + infer + 2 >= TIMEOUT_MS - 5;
    const rootID = rng.hexId(8);
    const round = (ms: number) => Math.round(ms * 100) / 100;
    const common = { traceID, parentSpanID: rootID, serviceName: SERVICE };
    return [
      {
        traceID,
        spanID: rootID,
        parentSpanID: '',
        startTime: t,
        serviceName: SERVICE,
        spanName: 'POST /v1/classify',
        duration: timedOut ? TIMEOUT_MS : round(tokenize + infer + 2),
        statusCode: timedOut ? 'error' : 'ok',
        attributes: { 'http.status_code': timedOut ? 504 : 200, 'input.tokens': tokens },
      },
      {
        ...common,
        spanID: rng.hexId(8),
        startTime: t + 1,
        spanName: 'tokenize',
        duration: round(tokenize),
        statusCode: 'ok',
        attributes: { 'input.tokens': tokens },
      },
      {
        ...common,
        spanID: rng.hexId(8),
        startTime: Math.floor(t + 1 + tokenize),
        spanName: 'model.infer',
        duration: round(infer),
        statusCode: timedOut ? 'error' : 'ok',
        attributes: { 'input.tokens': tokens, 'gc.events': gcEvents, 'gc.pause_ms': round(pauseMs) },
      },
    ];
  };

  const logEvents: LogEvent[] = [0, 1, 2].map((pod) => ({
    time: deployAt + 20 * SECOND + pod * 25 * SECOND,
    level: 'info',
    service: SERVICE,
    msg: 'nlp-serving v2.8.1 started: tokenizer config reloaded',
    extra: { pod: `nlp-serving-7c9d-${pod}` },
  }));

  const annotations: AnnotationSpec[] = [
    { time: deployAt, text: 'nlp-serving v2.8.1, tokenizer config', tags: ['deploy'], login: 'ci' },
    { time: campaignAt, text: 'Black Friday email campaign', tags: ['business', 'campaign'], login: 'marketing' },
    {
      time: T,
      timeEnd: T + 50 * MINUTE,
      text: 'p99 latency spike on nlp-serving',
      tags: ['incident'],
      login: 'oncall',
    },
  ];

  return buildScenario(
    {
      id: 'latency-gc',
      title: 'Latency spike after a deploy',
      description: 'The p99 latency of the NLP model spikes 40 minutes after a deploy. Was it the code change?',
      stepMs: STEP,
      anchors,
      defaultRange: { from: T - 70 * MINUTE, to: now },
      incident: { from: T, to: T + 50 * MINUTE },
      featureNames: ['input_tokens', 'request_chars', 'language'],
      predictionField: 'confidence',
      lanes,
      samples: {
        perStep: (t) => 1.1 * traffic(t),
        stepMs: STEP,
        columns: [
          ...numberColumns('input_tokens', 'request_chars'),
          { name: 'language', type: FieldType.string },
          { name: 'confidence', type: FieldType.number },
          { name: 'latency_ms', type: FieldType.number, unit: 'ms' },
          { name: 'timed_out', type: FieldType.number },
        ],
      },
      drawRow,
      histograms: {
        intervalMs: MINUTE,
        perInterval: (t) => 150 * traffic(t),
        features: [
          {
            column: 'input_tokens',
            bounds: [16, 32, 64, 96, 128, 192, 256, 384, 512, 768, 1024, 1536, 2048, 4096],
            labels: { model: MODEL, feature: 'input_tokens' },
          },
          {
            column: 'request_chars',
            bounds: [64, 128, 256, 384, 512, 768, 1024, 1536, 2048, 3072, 4096, 6144, 8192, 16384],
            labels: { model: MODEL, feature: 'request_chars' },
          },
        ],
        prediction: {
          column: 'confidence',
          bounds: [0.5, 0.6, 0.7, 0.75, 0.8, 0.825, 0.85, 0.875, 0.9, 0.925, 0.95, 0.975, 0.99, 1],
          labels: { model: MODEL },
        },
      },
      logSources: [
        {
          level: 'info',
          service: SERVICE,
          perStep: (t) => 0.5 * traffic(t),
          message: () => 'POST /v1/classify 200',
          extra: (rng) => ({ latency_ms: Math.round(rng.lognormal(Math.log(70), 0.3)) }),
          traced: 1,
        },
        {
          level: 'warn',
          service: SERVICE,
          perStep: (t) => 3 * gcStorm(t),
          message: () => 'GC overhead limit approaching',
          extra: (rng, t) => ({ gc_pause_ms: Math.round(rng.lognormal(Math.log(40 + 400 * stall(t)), 0.5)) }),
        },
        {
          level: 'error',
          service: SERVICE,
          perStep: (t) => 4 * ramp(t, T + 3 * MINUTE, MINUTE),
          message: () => 'inference timeout',
          extra: () => ({ timeout_ms: TIMEOUT_MS }),
          traced: 1,
        },
      ],
      logEvents,
      traces: {
        perStep: (t) => 0.35 * traffic(t),
        stepMs: STEP,
        build: buildTrace,
        attributes: numberColumns('http.status_code', 'input.tokens', 'gc.events', 'gc.pause_ms'),
      },
      annotations,
      // Requests the intent model cannot route go to an LLM that drafts a reply. Its instrumentation follows
      // the conventions before v1.37 (gen_ai.system); the campaign brings it more calls, not other ones.
      genai: steadyLlm(
        {
          model: 'claude-3-5-haiku',
          operation: 'chat',
          provider: 'anthropic',
          providerAttribute: 'gen_ai.system',
          intervalMs: MINUTE,
          perInterval: (t) => 30 * traffic(t),
        },
        { inputTokens: 650, outputTokens: 180, maxTokens: 1024 }
      ),
    },
    options?.seed ?? DEFAULT_SEED
  );
}
