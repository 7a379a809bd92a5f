// The places that spread an array into a call (push(...rows), Math.max(...counts)) and now loop instead:
// each with input of the size that overflowed the stack, or, where the array was never data-sized, the
// result the loop must give.
import { createDataFrame, DataFrame, FieldType } from '@grafana/data';
import { readDashboard } from '../evidence/dashboard';
import { analyseTimeline } from '../findings/changeSequence';
import { timelineSteps } from '../findings/timeline';
import { HOUR, RANGE, sampleFrame } from '../testing/frames';
import { readDriftInput } from './driftInput';
import { readHistogramInput } from './histogramFrames';
import { Lane, readTimelineLanes } from './lanes';
import { runSteps } from './steps';

/** Grafana's native-histogram frame: one row per bucket, here all at one time. */
function heatmapCells(bounds: number, offset: number): DataFrame {
  const lower = Array.from({ length: bounds }, (_, i) => offset + i);
  return createDataFrame({
    name: 'latency',
    meta: { type: 'heatmap-cells' as never },
    fields: [
      { name: 'xMax', type: FieldType.time, values: new Array(bounds).fill(RANGE.from) },
      { name: 'yMin', type: FieldType.number, values: lower },
      { name: 'yMax', type: FieldType.number, values: lower.map((value) => value + 1) },
      { name: 'count', type: FieldType.number, values: new Array(bounds).fill(1) },
    ],
  });
}

describe('data-sized arrays never go through the call stack', () => {
  it('merges two native-histogram frames of one feature with 130,000 buckets each', () => {
    // The second frame's bucket series were pushed onto the first's with push(...series).
    const input = readHistogramInput([heatmapCells(130_000, 0), heatmapCells(130_000, 1e6)]);
    // Both frames bring a +Inf series: the feature is refused with a typed problem, not a RangeError.
    expect(input.features).toEqual([]);
    expect(input.problems).toEqual([
      expect.objectContaining({
        feature: 'latency',
        code: 'INVALID_BUCKETS',
        message: expect.stringContaining('le=+Inf'),
      }),
    ]);
  });

  it('counts the rows of the busiest frame for the auto window size', () => {
    const thin = sampleFrame();
    const dense = createDataFrame({
      fields: [
        {
          name: 'time',
          type: FieldType.time,
          values: Array.from({ length: 400 }, (_, i) => RANGE.from + (i * HOUR) / 4),
        },
        { name: 'feature_b', type: FieldType.number, values: Array.from({ length: 400 }, (_, i) => i % 7) },
      ],
    });
    const input = readDriftInput([thin, dense], {
      inputKind: 'samples',
      features: [],
      method: 'auto',
      threshold: 0,
    });
    expect(input.rowsIn!({ from: RANGE.from, to: RANGE.from + 100 * HOUR })).toBe(400);
    expect(input.rowsIn!({ from: RANGE.to + HOUR, to: RANGE.to + 2 * HOUR })).toBe(0);
  });

  it('keeps the timeline lanes in order: metrics, then the logs and traces of each frame in turn', () => {
    const logs = (refId: string) =>
      createDataFrame({
        refId,
        meta: { type: 'log-lines' as never },
        fields: [
          { name: 'timestamp', type: FieldType.time, values: [RANGE.from + HOUR, RANGE.from + 2 * HOUR] },
          { name: 'body', type: FieldType.string, values: ['a', 'b'] },
          { name: 'level', type: FieldType.string, values: ['error', 'info'] },
        ],
      });
    const lanes = readTimelineLanes([logs('L1'), sampleFrame(), logs('L2')], RANGE);
    expect(lanes.map((lane) => lane.id)).toEqual([
      'A/1/feature_a',
      'A/1/score',
      'L1/0/logs/error',
      'L1/0/logs/info',
      'L2/2/logs/error',
      'L2/2/logs/info',
    ]);
  });

  it('gathers the onsets of each lane in turn in the order the engine gives for all lanes at once', () => {
    // Each lane's onsets were pushed with push(...onsets); a lane's onsets are few, so the loop must give
    // the same list as analysing every lane in one call.
    const times = Float64Array.from({ length: 400 }, (_, i) => RANGE.from + (i * HOUR) / 4);
    const stepLane = (id: string, atHour: number, height: number): Lane => ({
      id,
      name: id,
      times,
      values: times.map((t, i) => (t >= RANGE.from + atHour * HOUR ? height : 0) + ((i * 7) % 5) / 5),
      gaps: 0,
      group: 'metrics',
      style: 'line',
    });
    const lanes = [stepLane('latency', 70, 20), stepLane('errors', 55, -15), stepLane('tokens', 80, 30)];
    const window = { from: RANGE.from + 50 * HOUR, to: RANGE.to };
    const inTurn = runSteps(timelineSteps(lanes, [], RANGE, window, window.from));
    const atOnce = analyseTimeline(lanes, [], RANGE, window, window.from);
    expect(inTurn.onsets.map((onset) => onset.laneId)).toEqual(['errors', 'latency', 'tokens']);
    expect(inTurn.onsets).toEqual(atOnce.onsets);
  });

  it('reads a stored dashboard whose collapsed row holds 200,000 panels', () => {
    // Any editor can store such a dashboard; its row's panels were pushed with push(...panels).
    const inner = Array.from({ length: 200_000 }, (_, i) => ({ id: i + 2, type: 'text', title: `note ${i}` }));
    inner[150_000] = { id: 9, type: 'driftline-drift-panel', title: 'Feature drift' };
    const dashboard = readDashboard({
      uid: 'd',
      panels: [{ id: 1, type: 'row', collapsed: true, panels: inner }],
    });
    expect(dashboard?.panels.map((panel) => [panel.id, panel.kind])).toEqual([[9, 'drift']]);
  });
});
