import { DataFrame, FieldType } from '@grafana/data';
import { readGenAiLatencyLanes } from './genaiLatency';

const T0 = Date.UTC(2026, 0, 1);
const MINUTE = 60_000;
const TIMES = [T0, T0 + MINUTE, T0 + 2 * MINUTE, T0 + 3 * MINUTE];

/**
 * One bucket of time to first token per query step, as Prometheus' data source returns
 * `sum by (le, …) (increase(…_bucket[1m]))`.
 */
function bucket(le: string, counts: number[]): DataFrame {
  return {
    meta: {
      executedQueryString:
        'sum by (le, gen_ai_request_model, gen_ai_operation_name) (increase(gen_ai_server_time_to_first_token_seconds_bucket[1m]))',
    },
    length: counts.length,
    fields: [
      { name: 'Time', type: FieldType.time, values: TIMES, config: {} },
      {
        name: 'Value',
        type: FieldType.number,
        values: counts,
        config: {},
        labels: {
          __name__: 'gen_ai_server_time_to_first_token_seconds_bucket',
          le,
          gen_ai_request_model: 'chat-llm',
          gen_ai_operation_name: 'chat',
        },
      },
    ],
  };
}

describe('GenAI latency lanes', () => {
  it('read each step as histogram_quantile does: counts made monotonic over le, a step without observations a gap', () => {
    // Step 1: 5, 8 and 10 observations at or below 0.5 s, 1 s and +Inf. Step 2: increase() extrapolated each
    // bucket on its own, and +Inf came out a hair below the 12 of le=1. Step 3: no requests. Step 4: one
    // request, at or below 0.5 s.
    const { lanes } = readGenAiLatencyLanes([
      bucket('0.5', [5, 2, 0, 1]),
      bucket('1', [8, 12, 0, 1]),
      bucket('+Inf', [10, 12 * (1 - 1e-7), 0, 1]),
    ]);
    expect(lanes).toHaveLength(1);
    const [lane] = lanes;
    expect(lane.name).toBe('p95 time to first token · chat-llm · chat');
    expect(Array.from(lane.times)).toEqual(TIMES);
    // Step 1: the rank 9.5 lies in the +Inf bucket, answered with the highest finite bound. Step 2, with +Inf
    // taken as 12 (monotonic, as histogram_quantile takes it): the rank 11.4 lies in (0.5, 1], 9.4 of its 10
    // observations in. Step 4: in (0, 0.5].
    expect(lane.values[0]).toBe(1);
    expect(lane.values[1]).toBeCloseTo(0.5 + 0.5 * (9.4 / 10), 12);
    expect(lane.values[2]).toBeNaN();
    expect(lane.values[3]).toBeCloseTo(0.475, 12);
    expect(lane.gaps).toBe(1);
  });
});
