import { getScenario, framesForRange } from '../demo';
import { decimateToColumns, readTimelineLanes } from './lanes';

describe('readTimelineLanes', () => {
  const scenario = getScenario('latency-gc', { now: Date.UTC(2026, 2, 1, 12) });
  const range = scenario.defaultRange;
  const frames = framesForRange([...scenario.metrics, scenario.logs, scenario.traces], range);

  it('groups metrics, then log volume per level, then span latency and errors, with stable ids', () => {
    const lanes = readTimelineLanes(frames, range);
    expect(lanes.map((lane) => lane.group)).toEqual([
      ...Array(7).fill('metrics'),
      'logs',
      'logs',
      'logs',
      'traces',
      'traces',
    ]);
    expect(lanes.map((lane) => lane.name).slice(7)).toEqual([
      'logs: error',
      'logs: warn',
      'logs: info',
      'traces: p95 latency',
      'traces: error spans',
    ]);
    expect(readTimelineLanes(frames, range).map((lane) => lane.id)).toEqual(lanes.map((lane) => lane.id));
    expect(lanes.find((lane) => lane.name === 'logs: error')?.note).toContain('inference timeout');
  });
});

describe('decimateToColumns', () => {
  it('keeps first, min, max and last per column and leaves short lanes alone', () => {
    const times = Float64Array.from({ length: 10_000 }, (_, i) => i);
    const values = Float64Array.from(times, (t) => (t === 5_000 ? 100 : Math.sin(t)));
    const drawn = decimateToColumns(times, values, { from: 0, to: 10_000 }, 100);
    expect(drawn.times.length).toBeLessThanOrEqual(400);
    expect(Math.max(...drawn.values)).toBe(100);
    const short = decimateToColumns(times.subarray(0, 50), values.subarray(0, 50), { from: 0, to: 10_000 }, 100);
    expect(short.times.length).toBe(50);
  });
});
