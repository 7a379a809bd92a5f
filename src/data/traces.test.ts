import { createDataFrame, FieldType } from '@grafana/data';
import { timeBuckets } from './buckets';
import { isTracesFrame, readTraceSummary } from './traces';

const T0 = Date.UTC(2026, 0, 1);
const MIN = 60_000;

function spans(rows: Array<[number, number, 'ok' | 'error', string]>) {
  return createDataFrame({
    fields: [
      { name: 'traceID', type: FieldType.string, values: rows.map((_, i) => `t${i}`) },
      { name: 'spanID', type: FieldType.string, values: rows.map((_, i) => `s${i}`) },
      { name: 'parentSpanID', type: FieldType.string, values: rows.map(([, , , parent]) => parent) },
      { name: 'startTime', type: FieldType.time, values: rows.map(([t]) => t) },
      { name: 'spanName', type: FieldType.string, values: rows.map(() => 'llm.generate') },
      { name: 'duration', type: FieldType.number, values: rows.map(([, d]) => d), config: { unit: 'ms' } },
      { name: 'statusCode', type: FieldType.string, values: rows.map(([, , s]) => s) },
    ],
  });
}

describe('traces', () => {
  it('gives the p95 of root spans and the error spans per bucket', () => {
    const rows: Array<[number, number, 'ok' | 'error', string]> = [];
    for (let i = 1; i <= 20; i++) {
      rows.push([T0 + MIN / 2, i * 10, 'ok', '']);
      rows.push([T0 + MIN / 2, 9999, 'ok', 'root']);
    }
    rows.push([T0 + 2.5 * MIN, 40, 'error', '']);
    rows.push([T0 + 2.5 * MIN, 40, 'error', 'root']);
    const frame = spans(rows);
    expect(isTracesFrame(frame)).toBe(true);
    const summary = readTraceSummary(frame, timeBuckets({ from: T0, to: T0 + 3 * MIN }, 3))!;
    expect(summary.p95[0]).toBe(190);
    expect(summary.p95[1]).toBeNaN();
    expect(summary.p95[2]).toBe(40);
    expect(Array.from(summary.errors)).toEqual([0, 0, 2]);
    expect(summary.errorSpans).toBe(2);
    expect(summary.topErrorSpan).toBe('llm.generate');
    expect(summary.unit).toBe('ms');
  });

  it('is undefined without a duration', () => {
    const frame = createDataFrame({ fields: [{ name: 'startTime', type: FieldType.time, values: [T0] }] });
    expect(readTraceSummary(frame, timeBuckets({ from: T0, to: T0 + MIN }, 1))).toBeUndefined();
  });
});
