/** Assertions shared by the demo tests: frame shapes, lane lookups and a simple onset finder. */
import { DataFrame, FieldType } from '@grafana/data';

import type { DemoScenario, TimeWindow } from './types';

export function lane(scenario: DemoScenario, displayName: string): { times: number[]; values: number[] } {
  const frame = scenario.metrics.find((f) => f.name === displayName);
  if (!frame) {
    throw new Error(`no lane "${displayName}" in ${scenario.id}: ${scenario.metrics.map((f) => f.name).join(', ')}`);
  }
  return { times: frame.fields[0].values, values: frame.fields[1].values };
}

export function meanIn(series: { times: number[]; values: number[] }, window: TimeWindow): number {
  let sum = 0;
  let n = 0;
  series.times.forEach((t, i) => {
    if (t >= window.from && t < window.to) {
      sum += series.values[i];
      n++;
    }
  });
  if (n === 0) {
    throw new Error(`empty window ${window.from}..${window.to}`);
  }
  return sum / n;
}

/**
 * First time at which a trailing mean of `smooth` points leaves the baseline band
 * (baseline mean +- k standard deviations of the same trailing mean) and stays out for `persist` points.
 */
export function onset(
  series: { times: number[]; values: number[] },
  baseline: TimeWindow,
  smooth: number,
  k: number,
  persist = 3
): number | undefined {
  const { times, values } = series;
  const trailing: number[] = [];
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    sum += values[i];
    if (i >= smooth) {
      sum -= values[i - smooth];
    }
    trailing.push(i >= smooth - 1 ? sum / smooth : NaN);
  }
  const inBaseline = trailing.filter((v, i) => !Number.isNaN(v) && times[i] >= baseline.from && times[i] < baseline.to);
  const mean = inBaseline.reduce((a, b) => a + b, 0) / inBaseline.length;
  const sd = Math.sqrt(inBaseline.reduce((a, b) => a + (b - mean) ** 2, 0) / inBaseline.length);
  const tolerance = Math.max(k * sd, Math.abs(mean) * 1e-3, 1e-9);
  let run = 0;
  for (let i = 0; i < trailing.length; i++) {
    if (times[i] < baseline.to) {
      continue;
    }
    run = Math.abs(trailing[i] - mean) > tolerance ? run + 1 : 0;
    if (run === persist) {
      // The trailing mean moves first when the newest point moves: report that point's time.
      return times[i - persist + 1];
    }
  }
  return undefined;
}

function timeValues(frame: DataFrame): number[] {
  const field = frame.fields.find((f) => f.type === FieldType.time);
  if (!field) {
    throw new Error(`frame ${frame.name} has no time field`);
  }
  return field.values;
}

/** Throws with a readable message when a frame is not well formed. */
export function expectWellFormed(frame: DataFrame): void {
  for (const field of frame.fields) {
    if (field.values.length !== frame.length) {
      throw new Error(`${frame.name}.${field.name}: ${field.values.length} values, frame length ${frame.length}`);
    }
  }
  const times = timeValues(frame);
  for (let i = 1; i < times.length; i++) {
    if (!(times[i] >= times[i - 1])) {
      throw new Error(`${frame.name}: time not ascending at row ${i}`);
    }
  }
}

/** Checks that bucket frames are cumulative over `le` at every timestamp, per series. */
export function expectCumulativeBuckets(frames: DataFrame[]): number {
  const groups = new Map<string, Array<{ le: number; values: number[]; times: number[] }>>();
  for (const frame of frames) {
    const labels = { ...frame.fields[1].labels };
    const le = labels.le;
    delete labels.le;
    const key = JSON.stringify(labels);
    const list = groups.get(key) ?? [];
    list.push({
      le: le === '+Inf' ? Infinity : Number(le),
      values: frame.fields[1].values,
      times: frame.fields[0].values,
    });
    groups.set(key, list);
  }
  for (const [key, list] of groups) {
    list.sort((a, b) => a.le - b.le);
    if (list[list.length - 1].le !== Infinity) {
      throw new Error(`${key}: no +Inf bucket`);
    }
    if (list.some((b) => Number.isNaN(b.le))) {
      throw new Error(`${key}: unparsable le`);
    }
    for (let j = 1; j < list.length; j++) {
      const lower = list[j - 1];
      const upper = list[j];
      for (let w = 0; w < upper.values.length; w++) {
        if (upper.times[w] !== lower.times[w]) {
          throw new Error(`${key}: le series not aligned`);
        }
        if (upper.values[w] < lower.values[w] || lower.values[w] < 0) {
          throw new Error(`${key}: not cumulative at le=${upper.le}, window ${w}`);
        }
      }
    }
  }
  return groups.size;
}

/** Fraction of observations <= `le` of one histogram, summed over a window. */
export function bucketShare(frames: DataFrame[], feature: string | undefined, le: string, window: TimeWindow): number {
  const series = (bound: string) => {
    const frame = frames.find(
      (f) => f.fields[1].labels?.le === bound && (feature === undefined || f.fields[1].labels?.feature === feature)
    );
    if (!frame) {
      throw new Error(`no bucket ${feature} le=${bound}`);
    }
    return { times: frame.fields[0].values as number[], values: frame.fields[1].values as number[] };
  };
  const total = (s: { times: number[]; values: number[] }) =>
    s.values.reduce((sum, v, i) => (s.times[i] > window.from && s.times[i] <= window.to ? sum + v : sum), 0);
  return total(series(le)) / total(series('+Inf'));
}
