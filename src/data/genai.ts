/**
 * OpenTelemetry GenAI semantic conventions (status "Development"), recognised without configuration: the
 * histograms' names in the Prometheus name forms an OTLP pipeline gives them, their attributes as labels,
 * and how a series is named for a person ("output tokens · gpt-4o · chat").
 *
 * The metrics and their bucket advice follow `docs/gen-ai/gen-ai-metrics.md` of
 * open-telemetry/semantic-conventions-genai. Token usage uses `{token}`, powers of 4 from 1 to 67108864;
 * the client durations and `gen_ai.server.request.duration` double from 0.01 s to 81.92 s; time to first
 * token and time per output token have their own lists. The per-direction
 * `gen_ai.client.inference.operation.{input,output}_tokens` histograms that the unreleased conventions put
 * in place of `gen_ai.client.token.usage` are read too, with the same buckets.
 *
 * Prometheus name forms (prometheus/otlptranslator): the default `UnderscoreEscapingWithSuffixes` turns
 * dots into underscores and appends the unit (`s` -> `_seconds`; a `{token}` annotation adds nothing),
 * and classic histograms add `_bucket`: `gen_ai_client_token_usage_bucket`,
 * `gen_ai_client_operation_duration_seconds_bucket`. Prometheus 3 can keep UTF-8 names
 * (`NoUTF8EscapingWithSuffixes`: `{"gen_ai.client.token.usage_bucket"}`, label `gen_ai.token.type`), or
 * leave the suffixes out (`…WithoutSuffixes`, `NoTranslation`). Native histograms, including the ones
 * `convert_classic_histograms_to_nhcb` makes from classic buckets (custom buckets), have no `_bucket`.
 * Every one of these forms is recognised.
 */

/** A GenAI histogram of the conventions. */
export interface GenAiMetric {
  /** The convention's name, e.g. `gen_ai.client.token.usage`. */
  name: string;
  unit: '{token}' | 's';
  /** What a feature or lane built from it is called: "tokens", "time to first token". */
  title: string;
  /** The conventions' brief description. */
  brief: string;
  /** The convention's ExplicitBucketBoundaries advice. */
  buckets: readonly number[];
  /** The token type the metric itself stands for (the per-direction token histograms). */
  tokenType?: 'input' | 'output';
}

/** Attribute names of the conventions, as they arrive as labels (dots kept or turned into underscores). */
export const GENAI_ATTRIBUTES = {
  operation: 'gen_ai.operation.name',
  provider: 'gen_ai.provider.name',
  /** The provider attribute of conventions before v1.37, still sent by many instrumentations. */
  system: 'gen_ai.system',
  requestModel: 'gen_ai.request.model',
  responseModel: 'gen_ai.response.model',
  tokenType: 'gen_ai.token.type',
  errorType: 'error.type',
} as const;

/** Powers of 4 from 1 to 4^13, the token-count advice. */
export const TOKEN_BUCKETS: readonly number[] = Array.from({ length: 14 }, (_, i) => 4 ** i);
/** Doubling from 0.01 s to 81.92 s, the advice for operation and request durations. */
export const DURATION_BUCKETS: readonly number[] = Array.from({ length: 14 }, (_, i) =>
  Number((0.01 * 2 ** i).toFixed(2))
);
const TIME_TO_FIRST_TOKEN_BUCKETS = [
  0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10,
];
const TIME_PER_OUTPUT_TOKEN_BUCKETS = [0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1, 2.5];

export const TOKEN_USAGE: GenAiMetric = {
  name: 'gen_ai.client.token.usage',
  unit: '{token}',
  title: 'tokens',
  brief: 'Number of input and output tokens used.',
  buckets: TOKEN_BUCKETS,
};
export const OPERATION_DURATION: GenAiMetric = {
  name: 'gen_ai.client.operation.duration',
  unit: 's',
  title: 'operation duration',
  brief: 'GenAI operation duration.',
  buckets: DURATION_BUCKETS,
};
export const SERVER_TIME_TO_FIRST_TOKEN: GenAiMetric = {
  name: 'gen_ai.server.time_to_first_token',
  unit: 's',
  title: 'time to first token',
  brief: 'Time to generate first token for successful responses.',
  buckets: TIME_TO_FIRST_TOKEN_BUCKETS,
};

/** Every GenAI histogram of the conventions. */
export const GENAI_METRICS: readonly GenAiMetric[] = [
  TOKEN_USAGE,
  OPERATION_DURATION,
  {
    name: 'gen_ai.client.operation.time_to_first_chunk',
    unit: 's',
    title: 'time to first chunk',
    brief: 'Time to receive the first chunk of a streamed response.',
    buckets: DURATION_BUCKETS,
  },
  {
    name: 'gen_ai.client.operation.time_per_output_chunk',
    unit: 's',
    title: 'time per output chunk',
    brief: 'Time per output chunk after the first one.',
    buckets: DURATION_BUCKETS,
  },
  {
    name: 'gen_ai.server.request.duration',
    unit: 's',
    title: 'server request duration',
    brief: 'Generative AI server request duration such as time-to-last byte or last output token.',
    buckets: DURATION_BUCKETS,
  },
  SERVER_TIME_TO_FIRST_TOKEN,
  {
    name: 'gen_ai.server.time_per_output_token',
    unit: 's',
    title: 'time per output token',
    brief: 'Time per output token generated after the first token for successful responses.',
    buckets: TIME_PER_OUTPUT_TOKEN_BUCKETS,
  },
  {
    name: 'gen_ai.client.inference.operation.input_tokens',
    unit: '{token}',
    title: 'tokens',
    brief: 'The number of input (prompt) tokens used per inference operation.',
    buckets: TOKEN_BUCKETS,
    tokenType: 'input',
  },
  {
    name: 'gen_ai.client.inference.operation.output_tokens',
    unit: '{token}',
    title: 'tokens',
    brief: 'The number of output (completion) tokens used per inference operation.',
    buckets: TOKEN_BUCKETS,
    tokenType: 'output',
  },
];

function underscored(name: string): string {
  return name.replace(/[^A-Za-z0-9:]/g, '_');
}

/** Every accepted name, normalised to underscores without `_bucket`, with and without the unit suffix. */
const BY_NORMALISED_NAME = new Map<string, GenAiMetric>();
for (const metric of GENAI_METRICS) {
  BY_NORMALISED_NAME.set(underscored(metric.name), metric);
  if (metric.unit === 's') {
    BY_NORMALISED_NAME.set(`${underscored(metric.name)}_seconds`, metric);
  }
}

/**
 * The Prometheus name of a GenAI histogram under the default OTLP translation (`'underscores'`) or with
 * UTF-8 names kept (`'utf8'`), unit suffix included, without `_bucket`.
 */
export function prometheusName(metric: GenAiMetric, form: 'underscores' | 'utf8' = 'underscores'): string {
  const base = form === 'utf8' ? metric.name : underscored(metric.name);
  return metric.unit === 's' ? `${base}_seconds` : base;
}

/** The Prometheus label name of a GenAI attribute: underscores, as the default translation writes it. */
export function prometheusLabel(attribute: string): string {
  return attribute.replace(/[^A-Za-z0-9_]/g, '_');
}

/** The GenAI histogram a Prometheus metric name stands for, in any of its name forms; undefined otherwise. */
export function genAiMetricOf(name: string | undefined): GenAiMetric | undefined {
  if (!name) {
    return undefined;
  }
  return BY_NORMALISED_NAME.get(underscored(name.trim()).replace(/_bucket$/, ''));
}

const NAME_IN_QUERY = /"((?:[^"\\]|\\.)*)"|[A-Za-z_:][A-Za-z0-9_:.]*/g;

/**
 * The GenAI histogram a PromQL query reads, when its series have lost `__name__` (every function drops it):
 * the first recognised name, bare (`gen_ai_client_token_usage_bucket`) or quoted (`{"gen_ai.client.token.usage"}`).
 */
export function genAiMetricInQuery(query: string | undefined): GenAiMetric | undefined {
  if (!query) {
    return undefined;
  }
  for (const match of query.matchAll(NAME_IN_QUERY)) {
    const metric = genAiMetricOf(match[1] ?? match[0]);
    if (metric) {
      return metric;
    }
  }
  return undefined;
}

/** A GenAI attribute from labels or span attributes, under its dotted or underscored name. */
export function genAiAttribute(labels: Record<string, unknown>, attribute: string): string | undefined {
  const value = labels[attribute] ?? labels[prometheusLabel(attribute)];
  return value === undefined || value === null || value === '' ? undefined : String(value);
}

/** One GenAI histogram series: the metric and the attributes that tell it from the others. */
export interface GenAiSeries {
  metric: GenAiMetric;
  tokenType?: string;
  model?: string;
  operation?: string;
  /** `gen_ai.provider.name`, or `gen_ai.system` from older instrumentations. */
  provider?: string;
  errorType?: string;
}

/**
 * The GenAI series of a set of labels: the metric from `__name__`, else from the query text, else (a token
 * type label is only on token usage) token usage. Undefined for anything else.
 */
export function genAiSeriesOf(labels: Record<string, string>, query?: string): GenAiSeries | undefined {
  const tokenType = genAiAttribute(labels, GENAI_ATTRIBUTES.tokenType);
  const metric =
    genAiMetricOf(labels.__name__) ?? genAiMetricInQuery(query) ?? (tokenType !== undefined ? TOKEN_USAGE : undefined);
  if (!metric) {
    return undefined;
  }
  return {
    metric,
    tokenType: metric.tokenType ?? tokenType,
    model:
      genAiAttribute(labels, GENAI_ATTRIBUTES.requestModel) ?? genAiAttribute(labels, GENAI_ATTRIBUTES.responseModel),
    operation: genAiAttribute(labels, GENAI_ATTRIBUTES.operation),
    provider: genAiAttribute(labels, GENAI_ATTRIBUTES.provider) ?? genAiAttribute(labels, GENAI_ATTRIBUTES.system),
    errorType: genAiAttribute(labels, GENAI_ATTRIBUTES.errorType),
  };
}

/** "output tokens", "time to first token": what the series measures. */
export function genAiMeasure(series: GenAiSeries): string {
  if (series.metric.unit === '{token}') {
    return series.tokenType ? `${series.tokenType} tokens` : 'tokens';
  }
  return series.metric.title;
}

/**
 * A person's name for a series: what it measures, the model and the operation ("output tokens · gpt-4o ·
 * chat"), then the error type when the series has one; the provider only when `withProvider` (two
 * providers serve the same model name in one result).
 */
export function genAiSeriesName(series: GenAiSeries, withProvider = false): string {
  return [
    genAiMeasure(series),
    series.model,
    series.operation,
    withProvider ? series.provider : undefined,
    series.errorType,
  ]
    .filter((part): part is string => Boolean(part))
    .join(' · ');
}

/** Token counts come in a handful of power-of-4 buckets: too coarse to see a shift inside one. */
export function hasCoarseTokenBuckets(series: GenAiSeries): boolean {
  return series.metric.unit === '{token}';
}

/** What the panels say about token histograms, where a verdict depends on it. */
export const COARSE_TOKEN_BUCKETS_NOTE =
  'Token counts are in power-of-4 buckets (…, 64, 256, 1024, 4096, …): a shift inside one bucket, say from 300 ' +
  'to 900 output tokens, cannot be seen in them. The spans’ gen_ai.usage.output_tokens show such a shift.';

/**
 * Why Auto compares token histograms with ks, the largest gap between the two cumulative shares at a bucket
 * bound: of the 15 buckets a service fills two or three, so PSI and KL divergence are decided by the
 * smoothing of the empty ones, and Jensen–Shannon scores a move to the neighbouring bucket as high as a move
 * across the whole range. The buckets are ordered; the gap says what share of requests crossed a bound.
 */
export const COARSE_TOKEN_BUCKETS_REASON =
  'token counts come in about 14 power-of-4 buckets, two or three of them filled: the largest gap between the ' +
  'cumulative shares at a bucket bound is the share of requests that crossed it, and empty buckets do not ' +
  'distort it as they do PSI and KL, while Jensen–Shannon scores a move into the next bucket like one across the range';

/**
 * Names for the GenAI histograms of one query result. The provider goes into a name only when the result
 * holds the same measure, model and operation from more than one provider; `series` keeps each named series.
 */
export class GenAiNames {
  readonly series = new Map<string, GenAiSeries>();
  private readonly needProvider = new Set<string>();

  constructor(labelSets: Iterable<{ labels: Record<string, string>; query?: string }>) {
    const providers = new Map<string, Set<string | undefined>>();
    for (const { labels, query } of labelSets) {
      const series = genAiSeriesOf(labels, query);
      if (series) {
        const name = genAiSeriesName(series);
        const seen = providers.get(name) ?? new Set();
        seen.add(series.provider);
        providers.set(name, seen);
      }
    }
    for (const [name, seen] of providers) {
      if (seen.size > 1) {
        this.needProvider.add(name);
      }
    }
  }

  /** The name of the series with these labels, or undefined when it is no GenAI histogram. */
  nameOf(labels: Record<string, string>, query?: string): string | undefined {
    const series = genAiSeriesOf(labels, query);
    if (!series) {
      return undefined;
    }
    const name = genAiSeriesName(series, this.needProvider.has(genAiSeriesName(series)));
    this.series.set(name, series);
    return name;
  }
}
