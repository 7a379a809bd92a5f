/**
 * `chatbot-outage`: viral traffic saturates the GPUs of a public chatbot; an autoscaler change meant
 * to help adds replicas that run out of GPU memory while loading the model and crash-loop; 5xx errors
 * follow until the change is rolled back.
 */
import { FieldType } from '@grafana/data';

import { AnnotationSpec, DemoRow, LogEvent, MetricLane, numberColumns, SpanRow } from '../frames';
import { GenAiCall, GenAiService, genAiSpanAttributes, genAiSpanColumns, genAiSpanName } from '../genai';
import type { Rng } from '../random';
import { anchor, buildScenario, DEFAULT_SEED } from '../scenario';
import { clamp, daily, easeRamp, HOUR, MINUTE, ramp, SECOND, window } from '../shapes';
import type { DemoScenario, ScenarioOptions } from '../types';

const STEP = 30 * SECOND;
const SPAN = 12 * HOUR;
const MODEL = 'chat-llm';
const BASE_RATE = 60;
const BASE_OUTPUT_TOKENS = 377;
/** Tokens per second the 8 original replicas can generate. */
const TOKEN_CAPACITY = 78000;

export function chatbotOutage(options?: ScenarioOptions): DemoScenario {
  const anchors = anchor(options, STEP, SPAN);
  const { now } = anchors;
  const T = now - 90 * MINUTE;
  const rollbackAt = T + 45 * MINUTE;
  const at = (minutes: number) => T + minutes * MINUTE;

  /** Demand relative to normal: a viral post multiplies it by 5 from T-30; it ebbs after the outage. */
  const load = (t: number) => 1 + 4 * ramp(t, at(-30), 14 * MINUTE) * (1 - 0.9 * ramp(t, rollbackAt, 10 * MINUTE));
  /** 0..1: how saturated the GPUs are (dynamic batching absorbs the first doubling). */
  const saturation = (t: number) => easeRamp(load(t), 2.2, 1.3);
  /** Load shedding lowers max_tokens once the queue passes its threshold (T-18), until recovery. */
  const shedding = (t: number) => window(t, at(-18), at(48), MINUTE, 5 * MINUTE);
  const maxTokens = (t: number) => (shedding(t) < 0.5 ? 1024 : t < at(-14) ? 256 : 128);
  /** New replicas crash-loop from T+1: OOM while loading weights, evicting old replicas too. */
  const crashLoop = (t: number) => window(t, at(1), rollbackAt, MINUTE, 3 * MINUTE);
  /** Requests failing with 5xx, from T+2 until the rollback takes effect. */
  const failing = (t: number) => window(t, at(2), rollbackAt, 0.5 * MINUTE, 4 * MINUTE);
  const queued = (t: number) => easeRamp(t, at(-21), 15 * MINUTE) * (1 - ramp(t, at(46), 6 * MINUTE));
  const traffic = (t: number) => daily(t, 0.25) * load(t) * (1 + 0.3 * failing(t));

  const apiLabels = { service: 'chat-api' };
  const servingLabels = { service: 'llm-serving' };
  const lanes: MetricLane[] = [
    {
      metric: 'http_requests_rate',
      displayName: 'request rate',
      unit: 'reqps',
      labels: apiLabels,
      value: (t, rng) => BASE_RATE * traffic(t) * (1 + 0.03 * rng.normal()),
    },
    {
      metric: 'DCGM_FI_DEV_GPU_UTIL',
      displayName: 'GPU utilisation',
      unit: 'percent',
      labels: servingLabels,
      value: (t, rng) => {
        const busy = 42 * daily(t, 0.1) + (97 - 42 * daily(t, 0.1)) * saturation(t);
        return clamp(busy * (1 - 0.45 * crashLoop(t)) + rng.normal(0, 1.5 + 10 * crashLoop(t)), 0, 100);
      },
    },
    {
      metric: 'llm_queue_depth',
      displayName: 'queue depth',
      unit: 'short',
      labels: servingLabels,
      value: (t, rng) => Math.max(0, Math.round(3 + 600 * queued(t) + rng.normal(0, 1.5 + 60 * queued(t)))),
    },
    {
      metric: 'llm_generated_tokens_rate',
      displayName: 'token throughput',
      unit: 'short',
      labels: servingLabels,
      value: (t, rng) => {
        const demand = BASE_RATE * daily(t, 0.25) * load(t) * BASE_OUTPUT_TOKENS;
        return Math.max(0, Math.min(demand, TOKEN_CAPACITY) * (1 - 0.7 * crashLoop(t)) * (1 + 0.02 * rng.normal()));
      },
    },
    {
      metric: 'llm_output_tokens_mean',
      displayName: 'output tokens (mean)',
      unit: 'short',
      labels: { model: MODEL },
      value: (t, rng) => {
        const capped = t < at(-14) ? 215 : 125;
        return BASE_OUTPUT_TOKENS + (capped - BASE_OUTPUT_TOKENS) * shedding(t) + rng.normal(0, 8);
      },
    },
    {
      metric: 'http_requests_rate',
      displayName: '5xx rate',
      unit: 'reqps',
      labels: { ...apiLabels, code: '5xx' },
      value: (t, rng) => {
        const rate = 0.05 + 0.55 * failing(t) * BASE_RATE * traffic(t);
        return Math.max(0, rng.normal(rate, 0.02 + 0.1 * Math.sqrt(rate)));
      },
    },
    {
      metric: 'kube_deployment_status_replicas_ready',
      displayName: 'ready replicas',
      unit: 'short',
      labels: { deployment: 'llm-serving' },
      value: (t, rng) => Math.max(0, Math.round(8 + crashLoop(t) * rng.uniform(-5.5, 4.5))),
    },
  ];

  const drawRow = (rng: Rng, t: number): DemoRow => {
    const limit = maxTokens(t);
    const wanted = Math.max(1, Math.round(rng.lognormal(Math.log(315), 0.6)));
    const output = Math.min(wanted, limit);
    return {
      prompt_tokens: Math.max(1, Math.round(rng.lognormal(Math.log(220), 0.8))),
      temperature: rng.weighted([0.2, 0.7, 1], [0.15, 0.7, 0.15]),
      max_tokens: limit,
      output_tokens: output,
      finish_reason: wanted > limit ? 'length' : 'stop',
      latency_s: Math.round((0.4 + output / 45 + 25 * queued(t) * rng.next()) * 100) / 100,
    };
  };

  /** A request's call to the model: what the chat API's OpenAI client reports (error.type is the status). */
  const callOf = (row: DemoRow, errorType: string | undefined, durationS: number): GenAiCall => ({
    inputTokens: row.prompt_tokens as number,
    outputTokens: row.output_tokens as number,
    finishReason: row.finish_reason as string,
    durationS,
    // Time to first token is the wait for a GPU slot plus prefill; the rest of the latency is decoding.
    timeToFirstTokenS: Math.max(0.05, durationS - (row.output_tokens as number) / 45 - 0.2),
    errorType,
  });
  const failedStatus = (rng: Rng, t: number) =>
    rng.bernoulli(0.55 * failing(t)) ? (rng.bernoulli(0.7) ? 503 : 500) : undefined;
  const llm: GenAiService = {
    model: MODEL,
    operation: 'chat',
    // The chat API calls its own llm-serving through the OpenAI client (an OpenAI-compatible server).
    provider: 'openai',
    providerAttribute: 'gen_ai.provider.name',
    errorTypes: ['503', '500'],
    intervalMs: 2 * MINUTE,
    perInterval: (t) => 120 * traffic(t),
    call: (rng, t) => {
      const row = drawRow(rng, t);
      const status = failedStatus(rng, t);
      const durationS = status ? rng.lognormal(Math.log(0.04), 0.5) : (row.latency_s as number);
      return callOf(row, status ? String(status) : undefined, durationS);
    },
  };

  const buildTrace = (rng: Rng, t: number, traceID: string): SpanRow[] => {
    const row = drawRow(rng, t);
    const status = failedStatus(rng, t);
    const failed = status !== undefined;
    const rootID = rng.hexId(8);
    const callID = rng.hexId(8);
    const generate = failed ? rng.lognormal(Math.log(40), 0.5) : (row.latency_s as number) * 1000 - 30;
    const attributes = {
      'llm.prompt_tokens': row.prompt_tokens as number,
      'llm.max_tokens': row.max_tokens as number,
      'llm.output_tokens': failed ? 0 : (row.output_tokens as number),
      'http.status_code': status ?? 200,
    };
    const round = (ms: number) => Math.round(ms * 100) / 100;
    const call = callOf(row, status ? String(status) : undefined, (generate + 20) / 1000);
    return [
      {
        traceID,
        spanID: rootID,
        parentSpanID: '',
        startTime: t,
        serviceName: 'chat-api',
        spanName: 'POST /v1/chat/completions',
        duration: round(generate + 30),
        statusCode: failed ? 'error' : 'ok',
        attributes,
      },
      {
        traceID,
        spanID: callID,
        parentSpanID: rootID,
        startTime: t + 6,
        serviceName: 'chat-api',
        spanName: genAiSpanName(llm),
        duration: round(generate + 20),
        statusCode: failed ? 'error' : 'ok',
        attributes: genAiSpanAttributes(llm, call, row.max_tokens as number, `conv_${rng.hexId(6)}`),
      },
      {
        traceID,
        spanID: rng.hexId(8),
        parentSpanID: callID,
        startTime: t + 12,
        serviceName: 'llm-serving',
        spanName: 'llm.generate',
        duration: round(generate),
        statusCode: failed ? 'error' : 'ok',
        attributes,
      },
    ];
  };

  const pod = (rng: Rng) => `llm-serving-5f7b9-${rng.hexId(3).slice(0, 5)}`;
  const logEvents: LogEvent[] = [
    { time: T + 20 * SECOND, level: 'info', service: 'autoscaler', msg: 'config applied: max replicas 8 -> 40' },
    { time: rollbackAt + 30 * SECOND, level: 'info', service: 'autoscaler', msg: 'config rolled back: max replicas 8' },
  ];

  const annotations: AnnotationSpec[] = [
    { time: T, text: 'autoscaler: max replicas 40', tags: ['config'], login: 'platform-bot' },
    {
      time: rollbackAt,
      text: 'Rollback autoscaler config to max replicas 8',
      tags: ['deploy', 'rollback'],
      login: 'incident-commander',
    },
    {
      time: at(4),
      timeEnd: at(55),
      text: 'SEV1: chat unavailable',
      tags: ['incident', 'sev1'],
      login: 'incident-commander',
    },
    {
      time: at(12),
      text: 'Shedding free-tier traffic at the gateway',
      tags: ['mitigation'],
      login: 'incident-commander',
    },
    {
      time: at(24),
      text: 'New llm-serving replicas crash-loop with CUDA OOM while loading weights; autoscaler paused',
      tags: ['mitigation'],
      login: 'oncall',
    },
    {
      time: at(38),
      text: 'Decision: roll back the autoscaler change',
      tags: ['mitigation'],
      login: 'incident-commander',
    },
  ];

  return buildScenario(
    {
      id: 'chatbot-outage',
      title: 'Chatbot outage',
      description: 'A viral chatbot goes down under load. What happened first, and what brought it back?',
      stepMs: STEP,
      anchors,
      defaultRange: { from: at(-90), to: now },
      incident: { from: at(4), to: at(55) },
      featureNames: ['prompt_tokens', 'temperature'],
      predictionField: 'output_tokens',
      lanes,
      samples: {
        perStep: (t) => 1.6 * traffic(t) * (1 - 0.55 * failing(t)),
        stepMs: STEP,
        columns: [
          ...numberColumns('prompt_tokens', 'temperature', 'max_tokens', 'output_tokens'),
          { name: 'finish_reason', type: FieldType.string },
          { name: 'latency_s', type: FieldType.number, unit: 's' },
        ],
      },
      drawRow,
      histograms: {
        intervalMs: 2 * MINUTE,
        perInterval: (t) => 120 * traffic(t) * (1 - 0.55 * failing(t)),
        features: [
          {
            column: 'prompt_tokens',
            bounds: [16, 32, 64, 128, 192, 256, 384, 512, 768, 1024, 1536, 2048, 4096, 8192],
            labels: { model: MODEL, feature: 'prompt_tokens' },
          },
          {
            column: 'temperature',
            bounds: [0.1, 0.2, 0.3, 0.5, 0.7, 0.8, 1, 1.2, 1.5, 2],
            labels: { model: MODEL, feature: 'temperature' },
          },
        ],
        prediction: {
          column: 'output_tokens',
          bounds: [16, 32, 64, 96, 128, 192, 256, 384, 512, 768, 1024, 1536, 2048],
          labels: { model: MODEL },
        },
      },
      logSources: [
        {
          level: 'info',
          service: 'chat-api',
          perStep: (t) => 0.6 * traffic(t) * (1 - 0.55 * failing(t)),
          message: () => 'POST /v1/chat/completions 200',
          extra: (rng) => ({ output_tokens: Math.round(rng.lognormal(Math.log(315), 0.6)) }),
          traced: 1,
        },
        {
          level: 'warn',
          service: 'llm-serving',
          perStep: (t) => saturation(t) * (1 - crashLoop(t)),
          message: () => 'GPU saturated: batch queue full',
        },
        {
          level: 'warn',
          service: 'llm-serving',
          perStep: (t) => 1.5 * shedding(t),
          message: (_rng, t) => `queue depth above threshold, lowering max_tokens to ${maxTokens(t)}`,
        },
        {
          level: 'error',
          service: 'llm-serving',
          perStep: (t) => 3 * failing(t),
          message: () => 'CUDA out of memory. Tried to allocate 2.50 GiB while loading model weights',
          extra: (rng) => ({ pod: pod(rng) }),
        },
        {
          level: 'error',
          service: 'chat-gateway',
          perStep: (t) => 5 * failing(t),
          message: () => 'upstream connect error or disconnect/reset before headers. reset reason: connection failure',
          extra: () => ({ status: 503 }),
          traced: 1,
        },
      ],
      logEvents,
      traces: {
        perStep: (t) => 0.4 * traffic(t),
        stepMs: STEP,
        build: buildTrace,
        attributes: [
          ...numberColumns('http.status_code', 'llm.prompt_tokens', 'llm.max_tokens', 'llm.output_tokens'),
          ...genAiSpanColumns,
        ],
      },
      annotations,
      genai: llm,
    },
    options?.seed ?? DEFAULT_SEED
  );
}
