/**
 * The order in which each story's signals move, checked on the generated numbers: the panels are
 * only convincing if the data really puts the cause before its effects.
 */
import { getScenario } from './index';
import { bucketShare, lane, meanIn, onset } from './testUtils';
import type { DemoScenario } from './types';

const NOW = Date.UTC(2025, 10, 28, 15, 7, 13);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function annotation(s: DemoScenario, tag: string) {
  const f = (name: string) => s.annotations.fields.find((field) => field.name === name)!.values;
  const rows = f('time').map((time: number, i: number) => ({
    time,
    timeEnd: f('timeEnd')[i] as number,
    text: f('text')[i] as string,
    tags: f('tags')[i] as string[],
    login: f('login')[i] as string,
  }));
  return rows.filter((row: { tags: string[] }) => row.tags.includes(tag));
}

function logsMatching(s: DemoScenario, level: string, text: string): number[] {
  const [labels, times, lines] = s.logs.fields.map((f) => f.values);
  return times.filter((_: number, i: number) => labels[i].level === level && lines[i].includes(text));
}

function column(s: DemoScenario, frame: 'samples' | 'traces', name: string): unknown[] {
  return s[frame].fields.find((f) => f.name === name)!.values;
}

describe('latency-gc story', () => {
  const s = getScenario('latency-gc', { now: NOW });
  const T = s.incident.from;
  const at = (minutes: number) => T + minutes * MINUTE;
  const baseline = { from: at(-110), to: at(-45) };
  const lanes = s.metrics.map((f) => f.name!);

  it('places the incident 50 minutes before now and opens 70 minutes before it', () => {
    expect(T).toBe(s.span.to - 50 * MINUTE);
    expect(s.defaultRange).toEqual({ from: T - 70 * MINUTE, to: s.span.to });
    expect(s.incident.to).toBe(s.span.to);
    expect(annotation(s, 'deploy').map((a) => a.time)).toEqual([at(-40)]);
    expect(annotation(s, 'business').map((a) => a.time)).toEqual([at(-12)]);
    expect(annotation(s, 'incident')).toEqual([expect.objectContaining({ time: T, timeEnd: at(50), login: 'oncall' })]);
    expect(lanes).toEqual(
      expect.arrayContaining(['request rate', 'input tokens (mean)', 'GC pause (s/s)', 'p99 latency', 'HTTP 504 rate'])
    );
  });

  it('multiplies the request rate by 2.5 at the campaign', () => {
    const ratio =
      meanIn(lane(s, 'request rate'), { from: at(-10), to: at(-2) }) /
      meanIn(lane(s, 'request rate'), { from: at(-22), to: at(-13) });
    expect(ratio).toBeGreaterThan(2.3);
    expect(ratio).toBeLessThan(2.7);
  });

  it('changes nothing within 10 minutes of the deploy', () => {
    const deploy = at(-40);
    for (const name of lanes) {
      const before = meanIn(lane(s, name), { from: deploy - 8 * MINUTE, to: deploy });
      const after = meanIn(lane(s, name), { from: deploy, to: deploy + 8 * MINUTE });
      expect({ name, change: Math.abs(after - before) / Math.max(Math.abs(before), 1e-9) < 0.1 }).toEqual({
        name,
        change: true,
      });
    }
  });

  it('moves campaign, input length, GC, latency, then errors, in that order', () => {
    const found = (name: string) => onset(lane(s, name), baseline, 4, 6);
    const traffic = found('request rate')!;
    const inputs = found('input tokens (mean)')!;
    const gc = found('GC pause (s/s)')!;
    const latency = found('p99 latency')!;
    const errors = found('HTTP 504 rate')!;
    expect(traffic).toBeGreaterThanOrEqual(at(-12));
    expect(traffic).toBeLessThan(at(-11));
    expect(inputs).toBeGreaterThan(traffic);
    expect(inputs).toBeLessThanOrEqual(at(-8));
    expect(gc).toBeGreaterThanOrEqual(at(-2));
    expect(gc).toBeLessThan(T);
    expect(latency).toBeGreaterThanOrEqual(T);
    expect(latency).toBeLessThan(at(1.5));
    expect(errors).toBeGreaterThanOrEqual(at(3));
    expect(errors).toBeLessThan(at(4.5));
    // The heap sawtooth widens with the GC storm: higher peaks and deeper troughs.
    const heap = lane(s, 'heap used');
    const extremes = (w: { from: number; to: number }) => {
      const xs = heap.values.filter((_, i) => heap.times[i] >= w.from && heap.times[i] < w.to);
      return { low: Math.min(...xs), high: Math.max(...xs) };
    };
    const calm = extremes({ from: at(-30), to: at(-2) });
    const storm = extremes({ from: at(0), to: at(20) });
    expect(storm.high - storm.low).toBeGreaterThan(1.8 * (calm.high - calm.low));
  });

  it('drifts input tokens to long inputs and raises CPU only mildly', () => {
    expect(bucketShare(s.featureBuckets, 'input_tokens', '384', { from: at(-60), to: at(-13) })).toBeGreaterThan(0.85);
    expect(bucketShare(s.featureBuckets, 'input_tokens', '384', { from: at(0), to: at(30) })).toBeLessThan(0.5);
    const cpuBefore = meanIn(lane(s, 'CPU'), baseline);
    const cpuAfter = meanIn(lane(s, 'CPU'), { from: at(10), to: at(40) });
    expect(cpuAfter / cpuBefore).toBeGreaterThan(1.15);
    expect(cpuAfter / cpuBefore).toBeLessThan(1.6);
  });

  it('logs GC warnings from T-2 and timeouts from T+3, and slow spans carry GC events', () => {
    const gcWarnings = logsMatching(s, 'warn', 'GC overhead limit approaching');
    const timeouts = logsMatching(s, 'error', 'inference timeout');
    expect(gcWarnings.length).toBeGreaterThan(50);
    expect(Math.min(...gcWarnings)).toBeGreaterThanOrEqual(at(-2));
    expect(timeouts.length).toBeGreaterThan(50);
    expect(Math.min(...timeouts)).toBeGreaterThanOrEqual(at(3));
    const names = column(s, 'traces', 'spanName');
    const starts = column(s, 'traces', 'startTime') as number[];
    const gcEvents = column(s, 'traces', 'gc.events') as number[];
    const durations = column(s, 'traces', 'duration') as number[];
    const infer = (window: { from: number; to: number }) =>
      names
        .map((name, i) => ({ name, t: starts[i], gc: gcEvents[i], duration: durations[i] }))
        .filter((span) => span.name === 'model.infer' && span.t >= window.from && span.t < window.to);
    const before = infer(baseline);
    const during = infer({ from: at(1), to: at(50) });
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(during.map((x) => x.gc))).toBeGreaterThan(10 * mean(before.map((x) => x.gc)));
    expect(mean(during.map((x) => x.duration))).toBeGreaterThan(5 * mean(before.map((x) => x.duration)));
  });
});

describe('ctr-decline story', () => {
  const s = getScenario('ctr-decline', { now: NOW });
  const day = (d: number) => s.span.from + d * DAY;
  const baseline = { from: day(0), to: day(7) };
  const end = { from: day(25), to: day(28) };
  const nullRate = lane(s, 'null rate user_recent_categories_count');

  it('spans 28 days with the annotations of the story', () => {
    expect(s.span.to - s.span.from).toBe(28 * DAY);
    expect(s.defaultRange).toEqual(s.span);
    const [schemaChange] = annotation(s, 'schema-change');
    expect(schemaChange.time).toBe(day(7));
    expect(schemaChange.tags).toEqual(['data', 'schema-change']);
    expect(schemaChange.text).toContain('recent_categories');
    const [deploy] = annotation(s, 'deploy');
    expect(deploy.tags).toEqual(['deploy', 'model']);
    expect(deploy.text).toBe('reco-model v41');
    expect(Math.floor((deploy.time - s.span.from) / DAY)).toBe(10);
    expect(annotation(s, 'data').map((a) => Math.floor((a.time - s.span.from) / DAY))).toEqual([7, 16]);
    const [incident] = annotation(s, 'incident');
    expect(incident.time).toBe(s.incident.from);
    expect(incident.timeEnd).toBe(s.span.to);
    expect(s.incident.to).toBeUndefined();
  });

  it('raises the null rate from about 1% to about 35%', () => {
    expect(meanIn(nullRate, baseline)).toBeCloseTo(0.01, 2);
    expect(meanIn(nullRate, end)).toBeGreaterThan(0.33);
    expect(meanIn(nullRate, end)).toBeLessThan(0.37);
    expect(bucketShare(s.featureBuckets, 'user_recent_categories_count', '0', baseline)).toBeLessThan(0.02);
    expect(bucketShare(s.featureBuckets, 'user_recent_categories_count', '0', end)).toBeGreaterThan(0.3);
  });

  it('lowers CTR from about 5.2% to about 4.1% and the prediction mean with it', () => {
    expect(meanIn(lane(s, 'CTR'), baseline)).toBeGreaterThan(0.051);
    expect(meanIn(lane(s, 'CTR'), baseline)).toBeLessThan(0.053);
    expect(meanIn(lane(s, 'CTR'), end)).toBeGreaterThan(0.04);
    expect(meanIn(lane(s, 'CTR'), end)).toBeLessThan(0.042);
    const prediction = lane(s, 'prediction mean');
    expect(meanIn(prediction, baseline) - meanIn(prediction, end)).toBeGreaterThan(0.05);
    expect(bucketShare(s.predictionBuckets, undefined, '0.4', end)).toBeGreaterThan(
      2 * bucketShare(s.predictionBuckets, undefined, '0.4', baseline)
    );
  });

  it('orders the onsets: data change, null rate, prediction mean, CTR, all before the deploy', () => {
    // Trailing 6 h means, and 24 h for CTR so that its daily cycle cancels out.
    const found = (name: string, points: number) => onset(lane(s, name), baseline, points, 5, 12);
    const nulls = found('null rate user_recent_categories_count', 72)!;
    const predictions = found('prediction mean', 72)!;
    const ctr = found('CTR', 288)!;
    expect(nulls).toBeGreaterThanOrEqual(day(7));
    expect(predictions).toBeGreaterThan(nulls);
    expect(ctr).toBeGreaterThan(predictions);
    expect(ctr).toBeLessThan(day(10));
  });

  it('keeps the other features, latency, CPU and errors flat', () => {
    for (const [feature, le] of [
      ['user_age_days', '180'],
      ['session_length_s', '90'],
      ['item_price', '30'],
    ]) {
      const before = bucketShare(s.featureBuckets, feature, le, baseline);
      expect(Math.abs(bucketShare(s.featureBuckets, feature, le, end) - before)).toBeLessThan(0.02);
    }
    for (const name of ['p99 latency', 'error rate', 'CPU', 'request rate']) {
      const before = meanIn(lane(s, name), baseline);
      expect(Math.abs(meanIn(lane(s, name), end) / before - 1)).toBeLessThan(0.05);
    }
  });

  it('logs more fallback warnings, no errors, and marks more spans feature.fallback', () => {
    const warnings = logsMatching(s, 'warn', 'feature recent_categories missing, using default');
    const count = (xs: number[], w: { from: number; to: number }) => xs.filter((t) => t >= w.from && t < w.to).length;
    expect(count(warnings, { from: day(21), to: day(28) })).toBeGreaterThan(10 * count(warnings, baseline));
    expect(logsMatching(s, 'error', '')).toHaveLength(0);
    const starts = column(s, 'traces', 'startTime') as number[];
    const fallback = column(s, 'traces', 'feature.fallback') as boolean[];
    const share = (w: { from: number; to: number }) => {
      const inWindow = fallback.filter((_, i) => starts[i] >= w.from && starts[i] < w.to);
      return inWindow.filter(Boolean).length / inWindow.length;
    };
    expect(share(baseline)).toBeLessThan(0.04);
    expect(share(end)).toBeGreaterThan(0.25);
  });
});

describe('chatbot-outage story', () => {
  const s = getScenario('chatbot-outage', { now: NOW });
  const [config] = annotation(s, 'config');
  const T = config.time;
  const at = (minutes: number) => T + minutes * MINUTE;
  const baseline = { from: at(-150), to: at(-40) };
  const recovered = { from: at(58), to: at(90) };

  it('places the incident 90 minutes before now with the commander annotations', () => {
    expect(T).toBe(s.span.to - 90 * MINUTE);
    expect(s.defaultRange).toEqual({ from: at(-90), to: s.span.to });
    expect(config.text).toBe('autoscaler: max replicas 40');
    const [rollback] = annotation(s, 'rollback');
    expect(rollback.time).toBe(at(45));
    expect(rollback.tags).toEqual(['deploy', 'rollback']);
    const [sev1] = annotation(s, 'incident');
    expect(sev1.text).toBe('SEV1: chat unavailable');
    expect(sev1.tags).toContain('sev1');
    expect({ from: sev1.time, to: sev1.timeEnd }).toEqual(s.incident);
    const mitigations = annotation(s, 'mitigation');
    expect(mitigations.length).toBeGreaterThanOrEqual(2);
    expect(mitigations.every((m) => m.time > sev1.time && m.time < rollback.time)).toBe(true);
    expect(s.predictionField).toBe('output_tokens');
    expect(s.featureNames).not.toContain('output_tokens');
  });

  it('multiplies traffic by 5 and saturates the GPUs', () => {
    const rate = lane(s, 'request rate');
    const ratio = meanIn(rate, { from: at(-14), to: at(-2) }) / meanIn(rate, { from: at(-45), to: at(-31) });
    expect(ratio).toBeGreaterThan(4.3);
    expect(ratio).toBeLessThan(5.7);
    expect(meanIn(lane(s, 'GPU utilisation'), { from: at(-40), to: at(-31) })).toBeLessThan(60);
    expect(meanIn(lane(s, 'GPU utilisation'), { from: at(-19), to: at(0) })).toBeGreaterThan(90);
  });

  it('moves traffic, saturation, queue, output length, then errors after the config change', () => {
    const found = (name: string) => onset(lane(s, name), baseline, 4, 6);
    const traffic = found('request rate')!;
    const gpu = found('GPU utilisation')!;
    const queue = found('queue depth')!;
    const output = found('output tokens (mean)')!;
    const errors = found('5xx rate')!;
    expect(traffic).toBeGreaterThanOrEqual(at(-30));
    expect(gpu).toBeGreaterThan(traffic);
    expect(queue).toBeGreaterThan(gpu);
    expect(output).toBeGreaterThan(queue);
    expect(output).toBeGreaterThanOrEqual(at(-18));
    expect(errors).toBeGreaterThanOrEqual(at(2));
    expect(errors).toBeLessThan(at(3));
    // Token throughput plateaus once saturated.
    const throughput = lane(s, 'token throughput');
    const plateau = [at(-20), at(-15), at(-10), at(-5)].map((t) => meanIn(throughput, { from: t, to: t + 4 * MINUTE }));
    expect(Math.max(...plateau) / Math.min(...plateau)).toBeLessThan(1.05);
  });

  it('shifts the output-length distribution short during saturation', () => {
    const times = column(s, 'samples', 'time') as number[];
    const output = column(s, 'samples', 'output_tokens') as number[];
    const median = (w: { from: number; to: number }) => {
      const xs = output.filter((_, i) => times[i] >= w.from && times[i] < w.to).sort((a, b) => a - b);
      return xs[Math.floor(xs.length / 2)];
    };
    expect(median({ from: at(-15), to: at(0) })).toBeLessThan(0.5 * median(baseline));
    expect(bucketShare(s.predictionBuckets, undefined, '128', { from: at(-14), to: at(40) })).toBeGreaterThan(0.99);
    expect(bucketShare(s.predictionBuckets, undefined, '128', baseline)).toBeLessThan(0.2);
  });

  it('logs CUDA OOM and upstream errors and fails llm.generate spans only during the outage', () => {
    for (const text of ['CUDA out of memory', 'upstream connect error']) {
      const times = logsMatching(s, 'error', text);
      expect(times.length).toBeGreaterThan(20);
      expect(Math.min(...times)).toBeGreaterThanOrEqual(at(2));
      expect(Math.max(...times)).toBeLessThan(at(50));
    }
    const names = column(s, 'traces', 'spanName');
    const status = column(s, 'traces', 'statusCode');
    const starts = column(s, 'traces', 'startTime') as number[];
    const failed = starts.filter((_, i) => names[i] === 'llm.generate' && status[i] === 'error');
    expect(failed.length).toBeGreaterThan(20);
    expect(Math.min(...failed)).toBeGreaterThanOrEqual(at(2));
    expect(Math.max(...failed)).toBeLessThan(at(50));
  });

  it('shows the load shedding in the GenAI telemetry: output tokens shift short, length finish reasons jump', () => {
    const output = s.genaiHistograms.filter((frame) => frame.fields[1].labels?.gen_ai_token_type === 'output');
    // Power-of-4 buckets: before, most answers take 256-1024 tokens; while max tokens is 128, none does.
    expect(1 - bucketShare(output, undefined, '256', baseline)).toBeGreaterThan(0.5);
    expect(bucketShare(output, undefined, '256', { from: at(-12), to: at(40) })).toBeGreaterThan(0.99);
    const calls = s.traces.fields.find((f) => f.name === 'gen_ai.operation.name')!.values;
    const reasons = column(s, 'traces', 'gen_ai.response.finish_reasons') as Array<string[] | null>;
    const starts = column(s, 'traces', 'startTime') as number[];
    const lengthShare = (window: { from: number; to: number }) => {
      const inWindow = reasons.filter((r, i) => r && calls[i] && starts[i] >= window.from && starts[i] < window.to);
      return inWindow.filter((r) => r!.includes('length')).length / inWindow.length;
    };
    expect(lengthShare(baseline)).toBeLessThan(0.06);
    expect(lengthShare({ from: at(-16), to: at(0) })).toBeGreaterThan(0.5);
    // The GenAI client span sits between the request and llm.generate, named {operation} {model}.
    const names = column(s, 'traces', 'spanName');
    expect(names.filter((name) => name === 'chat chat-llm').length).toBe(
      names.filter((n) => n === 'llm.generate').length
    );
    const errorTypes = column(s, 'traces', 'error.type') as Array<string | null>;
    const failed = starts.filter((_, i) => errorTypes[i]);
    expect(new Set(errorTypes.filter(Boolean))).toEqual(new Set(['503', '500']));
    expect(Math.min(...failed)).toBeGreaterThanOrEqual(at(2));
  });

  it('returns everything to normal within 10 minutes of the rollback', () => {
    for (const name of ['GPU utilisation', 'queue depth', 'output tokens (mean)', '5xx rate', 'ready replicas']) {
      const before = meanIn(lane(s, name), baseline);
      const after = meanIn(lane(s, name), recovered);
      expect({ name, recovered: Math.abs(after - before) <= Math.max(0.15 * before, 2) }).toEqual({
        name,
        recovered: true,
      });
    }
    expect(meanIn(lane(s, '5xx rate'), { from: at(10), to: at(40) })).toBeGreaterThan(50);
  });
});
