/**
 * The LLM calls of a scenario as an OpenTelemetry GenAI instrumentation reports them: the convention's
 * histograms (token usage, operation duration, time to first token) with the convention's buckets and
 * attribute labels, under the Prometheus names of the default OTLP translation, as per-interval increases;
 * and the attributes of a GenAI inference span.
 */
import { DataFrame, FieldType, Labels } from '@grafana/data';

import {
  GENAI_ATTRIBUTES,
  GenAiMetric,
  OPERATION_DURATION,
  prometheusLabel,
  prometheusName,
  SERVER_TIME_TO_FIRST_TOKEN,
  TOKEN_USAGE,
} from '../data/genai';
import { bucketFrames, countHistograms, DemoRow, HistogramSpec, SpanAttributeColumn } from './frames';
import type { Rng } from './random';
import type { TimeWindow } from './types';

/** One LLM call: what it used and how long it took, or how it failed. */
export interface GenAiCall {
  inputTokens: number;
  outputTokens: number;
  /** `stop` when the model finished, `length` when max tokens cut it off. */
  finishReason: string;
  durationS: number;
  timeToFirstTokenS: number;
  /** The class of error the call ended with (`error.type`); undefined for a call that succeeded. */
  errorType?: string;
}

/** An LLM a scenario's service calls, and how its calls go over time. */
export interface GenAiService {
  model: string;
  /** `gen_ai.operation.name`, e.g. chat. */
  operation: string;
  provider: string;
  /**
   * The attribute the instrumentation names the provider with: `gen_ai.provider.name`, or `gen_ai.system`
   * as instrumentations following conventions before v1.37 still do.
   */
  providerAttribute: typeof GENAI_ATTRIBUTES.provider | typeof GENAI_ATTRIBUTES.system;
  /** Every `error.type` its failed calls can have, for the duration histogram's series. */
  errorTypes: string[];
  intervalMs: number;
  /** Expected calls per interval centred on t. */
  perInterval: (t: number) => number;
  call: (rng: Rng, t: number) => GenAiCall;
}

/** The attribute labels every series of the service carries, as the default OTLP translation names them. */
export function genAiLabels(service: GenAiService): Labels {
  return {
    [prometheusLabel(GENAI_ATTRIBUTES.operation)]: service.operation,
    [prometheusLabel(service.providerAttribute)]: service.provider,
    [prometheusLabel(GENAI_ATTRIBUTES.requestModel)]: service.model,
    [prometheusLabel(GENAI_ATTRIBUTES.responseModel)]: service.model,
  };
}

interface MetricSpecs {
  metric: GenAiMetric;
  specs: HistogramSpec[];
}

function histogramSpecs(service: GenAiService): MetricSpecs[] {
  const labels = genAiLabels(service);
  const tokenType = prometheusLabel(GENAI_ATTRIBUTES.tokenType);
  const errorType = prometheusLabel(GENAI_ATTRIBUTES.errorType);
  return [
    {
      metric: TOKEN_USAGE,
      specs: ['input', 'output'].map((type) => ({
        column: `${type}_tokens`,
        bounds: [...TOKEN_USAGE.buckets],
        labels: { ...labels, [tokenType]: type },
      })),
    },
    {
      metric: OPERATION_DURATION,
      specs: [
        { column: 'duration_s', bounds: [...OPERATION_DURATION.buckets], labels },
        ...service.errorTypes.map((type) => ({
          column: `duration_s ${type}`,
          bounds: [...OPERATION_DURATION.buckets],
          labels: { ...labels, [errorType]: type },
        })),
      ],
    },
    {
      metric: SERVER_TIME_TO_FIRST_TOKEN,
      specs: [{ column: 'ttft_s', bounds: [...SERVER_TIME_TO_FIRST_TOKEN.buckets], labels }],
    },
  ];
}

/** One call as the histograms observe it: a failed call has a duration under its error type, and nothing else. */
function observed(call: GenAiCall, errorTypes: string[]): DemoRow {
  const ok = call.errorType === undefined;
  const row: DemoRow = {
    input_tokens: ok ? call.inputTokens : NaN,
    output_tokens: ok ? call.outputTokens : NaN,
    duration_s: ok ? call.durationS : NaN,
    ttft_s: ok ? call.timeToFirstTokenS : NaN,
  };
  for (const type of errorTypes) {
    row[`duration_s ${type}`] = call.errorType === type ? call.durationS : NaN;
  }
  return row;
}

/**
 * Per-interval increases of the service's GenAI histograms over the span, one frame per (series, le) as a
 * range query over `…_bucket` returns them: `gen_ai_client_token_usage_bucket` (input and output),
 * `gen_ai_client_operation_duration_seconds_bucket` (with `error_type` on failed calls) and
 * `gen_ai_server_time_to_first_token_seconds_bucket`.
 */
export function genAiHistogramFrames(service: GenAiService, span: TimeWindow, rng: Rng): DataFrame[] {
  const groups = histogramSpecs(service);
  const specs = groups.flatMap((group) => group.specs);
  const counts = countHistograms(
    specs,
    span,
    service.intervalMs,
    service.perInterval,
    (callRng, t) => observed(service.call(callRng, t), service.errorTypes),
    rng
  );
  const frames: DataFrame[] = [];
  let first = 0;
  for (const { metric, specs: groupSpecs } of groups) {
    const groupCounts = { times: counts.times, counts: counts.counts.slice(first, first + groupSpecs.length) };
    frames.push(...bucketFrames(`${prometheusName(metric)}_bucket`, groupSpecs, groupCounts, service.intervalMs));
    first += groupSpecs.length;
  }
  return frames;
}

/** The GenAI attributes of a client inference span for one call (span name: `{operation} {model}`). */
export function genAiSpanAttributes(
  service: GenAiService,
  call: GenAiCall,
  maxTokens: number,
  conversationId: string
): Record<string, string | number | string[]> {
  const attributes: Record<string, string | number | string[]> = {
    [GENAI_ATTRIBUTES.operation]: service.operation,
    [service.providerAttribute]: service.provider,
    [GENAI_ATTRIBUTES.requestModel]: service.model,
    'gen_ai.request.max_tokens': maxTokens,
    'gen_ai.conversation.id': conversationId,
  };
  if (call.errorType !== undefined) {
    attributes[GENAI_ATTRIBUTES.errorType] = call.errorType;
    return attributes;
  }
  return {
    ...attributes,
    [GENAI_ATTRIBUTES.responseModel]: service.model,
    'gen_ai.usage.input_tokens': call.inputTokens,
    'gen_ai.usage.output_tokens': call.outputTokens,
    'gen_ai.response.finish_reasons': [call.finishReason],
  };
}

/** `{gen_ai.operation.name} {gen_ai.request.model}`, the conventions' inference span name. */
export function genAiSpanName(service: GenAiService): string {
  return `${service.operation} ${service.model}`;
}

/**
 * An LLM whose calls do not change over the scenario, whatever the traffic: the background service of a
 * story that is about something else, and the control that tells drift from volume.
 */
export function steadyLlm(
  service: Pick<GenAiService, 'model' | 'operation' | 'provider' | 'providerAttribute' | 'intervalMs' | 'perInterval'>,
  typical: { inputTokens: number; outputTokens: number; maxTokens: number }
): GenAiService {
  return {
    ...service,
    errorTypes: ['timeout'],
    call: (rng, t) => {
      const inputTokens = Math.max(1, Math.round(rng.lognormal(Math.log(typical.inputTokens), 0.5)));
      const wanted = Math.max(1, Math.round(rng.lognormal(Math.log(typical.outputTokens), 0.5)));
      const outputTokens = Math.min(wanted, typical.maxTokens);
      const timeToFirstTokenS = rng.lognormal(Math.log(0.18), 0.3);
      const timedOut = rng.bernoulli(0.003);
      return {
        inputTokens,
        outputTokens,
        finishReason: wanted > typical.maxTokens ? 'length' : 'stop',
        durationS: timedOut ? 30 : timeToFirstTokenS + outputTokens / 70,
        timeToFirstTokenS,
        errorType: timedOut ? 'timeout' : undefined,
      };
    },
  };
}

/** The span table columns of the GenAI attributes {@link genAiSpanAttributes} writes. */
export const genAiSpanColumns: SpanAttributeColumn[] = [
  ...[
    GENAI_ATTRIBUTES.operation,
    GENAI_ATTRIBUTES.provider,
    GENAI_ATTRIBUTES.system,
    GENAI_ATTRIBUTES.requestModel,
    GENAI_ATTRIBUTES.responseModel,
    'gen_ai.conversation.id',
    GENAI_ATTRIBUTES.errorType,
  ].map((name) => ({ name, type: FieldType.string as const })),
  ...['gen_ai.request.max_tokens', 'gen_ai.usage.input_tokens', 'gen_ai.usage.output_tokens'].map((name) => ({
    name,
    type: FieldType.number as const,
  })),
  { name: 'gen_ai.response.finish_reasons', type: FieldType.other },
];
