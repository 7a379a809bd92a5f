import { DataFrame, Field, FieldType } from '@grafana/data';
import { bucketOf, bucketTimes, TimeBuckets } from './buckets';
import { findTimeField, readNumbers, readTimes } from './frames';

/** A span table (Tempo search / TraceQL spans): a start time, a duration and a span or trace id. */
export function isTracesFrame(frame: DataFrame): boolean {
  return (
    frame.meta?.preferredVisualisationType === 'trace' ||
    (Boolean(findTimeField(frame)) &&
      Boolean(durationField(frame)) &&
      frame.fields.some((field) => /^(spanid|traceid)$/i.test(field.name)))
  );
}

function durationField(frame: DataFrame): Field | undefined {
  return frame.fields.find(
    (field) => field.type === FieldType.number && /^(duration|durationms|duration_ms)$/i.test(field.name)
  );
}

function isErrorStatus(raw: unknown): boolean {
  if (typeof raw === 'number') {
    // OTLP status codes: 2 is ERROR.
    return raw === 2;
  }
  return typeof raw === 'string' && /^(error|status_code_error|2)$/i.test(raw.trim());
}

export interface TraceSummary {
  /** Bucket centre times. */
  times: Float64Array;
  /** 95th percentile span duration per bucket (root spans when the table has them); NaN where none. */
  p95: Float64Array;
  /** Spans with an error status per bucket. */
  errors: Float64Array;
  /** Unit of the duration field, `ms` when it does not say. */
  unit: string;
  spans: number;
  errorSpans: number;
  /** The span name with the most errors, for the lane header. */
  topErrorSpan?: string;
}

/** Nearest-rank percentile of an unsorted slice, sorted in place. */
function percentile(values: Float64Array, p: number): number {
  values.sort();
  return values[Math.min(values.length - 1, Math.max(0, Math.ceil(p * values.length) - 1))];
}

/**
 * Per time bucket: the p95 duration of the root spans (every span when no root can be told) and the count
 * of error spans. Spans without a start time or duration are skipped.
 */
export function readTraceSummary(frame: DataFrame, buckets: TimeBuckets): TraceSummary | undefined {
  const timeField = findTimeField(frame);
  const duration = durationField(frame);
  if (!timeField || !duration) {
    return undefined;
  }
  const starts = readTimes(timeField);
  const { values: durations } = readNumbers(duration);
  const parent = frame.fields.find((field) => /^parentspanid$/i.test(field.name));
  const status = frame.fields.find((field) => /^(statuscode|status|status\.code)$/i.test(field.name));
  const spanName = frame.fields.find((field) => /^(spanname|name|operationname)$/i.test(field.name));
  const parents = parent?.values;
  const statuses = status?.values;
  const names = spanName?.values;
  let hasRoots = false;
  if (parents) {
    for (let row = 0; row < parents.length && !hasRoots; row++) {
      hasRoots = !parents[row];
    }
  }
  // Status values repeat ("ok", "error", 2): each distinct one is matched once.
  const errorByStatus = new Map<unknown, boolean>();

  const perBucket = new Uint32Array(buckets.count);
  const bucketOfRow = new Int32Array(starts.length).fill(-1);
  const errors = new Float64Array(buckets.count);
  const errorsByName = new Map<string, number>();
  let spans = 0;
  let errorSpans = 0;
  for (let row = 0; row < starts.length; row++) {
    const bucket = bucketOf(buckets, starts[row]);
    if (bucket < 0) {
      continue;
    }
    spans++;
    if (statuses) {
      const raw: unknown = statuses[row];
      let isError = errorByStatus.get(raw);
      if (isError === undefined) {
        isError = isErrorStatus(raw);
        errorByStatus.set(raw, isError);
      }
      if (isError) {
        errors[bucket]++;
        errorSpans++;
        const name = String(names?.[row] ?? '');
        errorsByName.set(name, (errorsByName.get(name) ?? 0) + 1);
      }
    }
    if (Number.isFinite(durations[row]) && (!hasRoots || !parents?.[row])) {
      bucketOfRow[row] = bucket;
      perBucket[bucket]++;
    }
  }
  // Counting sort of the durations by bucket, then one percentile per bucket.
  const offsets = new Uint32Array(buckets.count + 1);
  for (let b = 0; b < buckets.count; b++) {
    offsets[b + 1] = offsets[b] + perBucket[b];
  }
  const grouped = new Float64Array(offsets[buckets.count]);
  const fill = offsets.slice(0, buckets.count);
  for (let row = 0; row < starts.length; row++) {
    const bucket = bucketOfRow[row];
    if (bucket >= 0) {
      grouped[fill[bucket]++] = durations[row];
    }
  }
  const p95 = new Float64Array(buckets.count).fill(NaN);
  for (let b = 0; b < buckets.count; b++) {
    if (perBucket[b] > 0) {
      p95[b] = percentile(grouped.subarray(offsets[b], offsets[b + 1]), 0.95);
    }
  }
  const topErrorSpan = [...errorsByName.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  return {
    times: bucketTimes(buckets),
    p95,
    errors,
    unit: duration.config?.unit || 'ms',
    spans,
    errorSpans,
    topErrorSpan: topErrorSpan || undefined,
  };
}
