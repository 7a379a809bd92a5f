import { createDataFrame, DataFrame, FieldType } from '@grafana/data';

export const HOUR = 3_600_000;
export const RANGE = { from: Date.UTC(2026, 0, 1), to: Date.UTC(2026, 0, 1) + 100 * HOUR };

/** A raw sample table over RANGE: one row an hour, a feature that shifts up in the second half. */
export function sampleFrame(overrides: { feature?: unknown[]; score?: unknown[]; withTime?: boolean } = {}): DataFrame {
  const rows = 100;
  const times = Array.from({ length: rows }, (_, i) => RANGE.from + i * HOUR);
  const feature = overrides.feature ?? times.map((_, i) => (i < 50 ? i % 10 : 5 + (i % 10)));
  const score = overrides.score ?? times.map((_, i) => ((i * 37) % 100) / 100);
  const fields = [
    { name: 'feature_a', type: typeof feature[0] === 'string' ? FieldType.string : FieldType.number, values: feature },
    { name: 'score', type: FieldType.number, values: score },
  ];
  if (overrides.withTime !== false) {
    fields.unshift({ name: 'time', type: FieldType.time, values: times });
  }
  return createDataFrame({ name: 'samples', fields });
}

export function metricFrame(name: string, values: number[]): DataFrame {
  return createDataFrame({
    name,
    fields: [
      { name: 'Time', type: FieldType.time, values: values.map((_, i) => RANGE.from + i * HOUR) },
      { name: 'Value', type: FieldType.number, values, config: { displayNameFromDS: name } },
    ],
  });
}

/**
 * One recorded drift series (`driftline:feature_drift:<method>`) as Grafana's Prometheus data source returns a
 * range query: a frame with Time and Value, the labels on Value. One sample per step from `from`.
 */
export function recordedDriftFrame(
  method: string,
  labels: Record<string, string>,
  values: number[],
  options: { from?: number; stepMs?: number; keepName?: boolean; query?: string } = {}
): DataFrame {
  const from = options.from ?? RANGE.from;
  const stepMs = options.stepMs ?? HOUR;
  const name = `driftline:feature_drift:${method}`;
  return {
    name,
    refId: 'A',
    length: values.length,
    meta: options.query ? { executedQueryString: `Expr: ${options.query}\nStep: ${stepMs / 1000}s` } : undefined,
    fields: [
      { name: 'Time', type: FieldType.time, values: values.map((_, i) => from + i * stepMs), config: {} },
      {
        name: 'Value',
        type: FieldType.number,
        values,
        labels: options.keepName === false ? labels : { __name__: name, ...labels },
        config: {},
      },
    ],
  };
}
