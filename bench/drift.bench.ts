// Drift engine benchmarks: KS and Wasserstein on 1M × 1M samples against scipy in the same run,
// peak memory of that case, and bucket drift over 100 features × 2,000 windows × 50 buckets.
// Exits non-zero when a target is missed. DRIFT_BENCH=buckets (or samples) runs only that part:
// DRIFT_BENCH=buckets node bench/run.mjs drift
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  BUCKET_DRIFT_METHODS,
  BucketDriftMethod,
  BucketScoringEngine,
  bucketKernelAvailable,
  ksTwoSample,
  prepareBucketBaseline,
  scoreBucketWindows,
  wassersteinDistance,
} from '../src/analysis';
import { releaseSortBuffers } from '../src/analysis/stats/sort';

const SAMPLE_SIZE = 1_000_000;
const RUNS = 7;
const SCIPY_RATIO_TARGET = 0.25;
const MEMORY_FACTOR_TARGET = 3;
const FEATURES = 100;
const WINDOWS = 2000;
const BUCKETS = 50;
const BUCKET_TARGET_MS = 100;

const failures: string[] = [];
const collectGarbage = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function timeRuns(action: () => void, runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    action();
    times.push(performance.now() - start);
  }
  return median(times);
}

/** Deterministic normal samples (xorshift32 + Box–Muller). */
function normalSamples(count: number, seed: number, shift: number): Float64Array {
  const out = new Float64Array(count);
  let state = seed >>> 0;
  const next = () => {
    state = (state ^ (state << 13)) >>> 0;
    state = (state ^ (state >>> 17)) >>> 0;
    state = (state ^ (state << 5)) >>> 0;
    return (state + 0.5) / 4294967296;
  };
  for (let i = 0; i < count; i += 2) {
    const radius = Math.sqrt(-2 * Math.log(next()));
    const angle = 2 * Math.PI * next();
    out[i] = radius * Math.cos(angle) + shift;
    if (i + 1 < count) {
      out[i + 1] = radius * Math.sin(angle) + shift;
    }
  }
  return out;
}

const SCIPY_SCRIPT = `
import json, sys, time
import numpy as np
from scipy import stats
a = np.fromfile(sys.argv[1], dtype='<f8')
b = np.fromfile(sys.argv[2], dtype='<f8')
runs = int(sys.argv[3])
out = {}
for name, fn in (('ks', stats.ks_2samp), ('wasserstein', stats.wasserstein_distance)):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = fn(a, b)
        times.append((time.perf_counter() - start) * 1000)
    out[name] = {'ms': float(np.median(times)), 'value': float(result.pvalue if name == 'ks' else result)}
print(json.dumps(out))
`;

interface ScipyTimes {
  ks: { ms: number; value: number };
  wasserstein: { ms: number; value: number };
}

function timeScipy(reference: Float64Array, current: Float64Array): ScipyTimes | string {
  const probe = spawnSync('python3', ['-c', 'import numpy, scipy'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    return 'python3 with numpy and scipy is not available';
  }
  const directory = mkdtempSync(path.join(tmpdir(), 'drift-bench-'));
  try {
    const referencePath = path.join(directory, 'reference.f64');
    const currentPath = path.join(directory, 'current.f64');
    writeFileSync(referencePath, Buffer.from(reference.buffer, reference.byteOffset, reference.byteLength));
    writeFileSync(currentPath, Buffer.from(current.buffer, current.byteOffset, current.byteLength));
    const run = spawnSync('python3', ['-c', SCIPY_SCRIPT, referencePath, currentPath, String(RUNS)], {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    });
    if (run.status !== 0) {
      return `scipy timing failed: ${run.stderr.trim().split('\n').pop()}`;
    }
    return JSON.parse(run.stdout) as ScipyTimes;
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

function megabytes(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MB`;
}

async function benchSamples(): Promise<void> {
  const reference = normalSamples(SAMPLE_SIZE, 12345, 0);
  const current = normalSamples(SAMPLE_SIZE, 67890, 0.01);
  const inputBytes = reference.byteLength + current.byteLength;

  // Memory: typed-array backing stores are released only by GC, so the arrayBuffers growth
  // across a cold call (buffers released first, no GC during the call) bounds its peak.
  const memoryLimit = MEMORY_FACTOR_TARGET * inputBytes;
  const measureCold = async (name: string, action: () => void) => {
    releaseSortBuffers();
    // V8 frees array buffer memory on a background sweeper after GC: give it time to settle.
    collectGarbage();
    await new Promise((resolve) => setTimeout(resolve, 200));
    collectGarbage();
    const before = process.memoryUsage();
    action();
    const after = process.memoryUsage();
    const extraArrayBuffers = after.arrayBuffers - before.arrayBuffers;
    const extraRss = after.rss - before.rss;
    console.log(
      `memory ${name} 1M × 1M (input ${megabytes(inputBytes)}): +${megabytes(extraArrayBuffers)} array buffers, ` +
        `+${megabytes(extraRss)} rss; limit ${megabytes(memoryLimit)} ${Math.max(extraArrayBuffers, extraRss) < memoryLimit ? 'ok' : 'MISSED'}`
    );
    if (extraArrayBuffers >= memoryLimit || extraRss >= memoryLimit) {
      failures.push(`${name} memory ${megabytes(Math.max(extraArrayBuffers, extraRss))} >= ${megabytes(memoryLimit)}`);
    }
  };
  let ks = ksTwoSample(reference, current);
  let wasserstein = wassersteinDistance(reference, current);
  await measureCold('ksTwoSample', () => (ks = ksTwoSample(reference, current)));
  await measureCold('wassersteinDistance', () => (wasserstein = wassersteinDistance(reference, current)));

  const ksMs = timeRuns(() => ksTwoSample(reference, current), RUNS);
  const wassersteinMs = timeRuns(() => wassersteinDistance(reference, current), RUNS);
  console.log(`ksTwoSample 1M × 1M: median ${ksMs.toFixed(1)} ms (D=${ks.statistic}, p=${ks.pValue.toExponential(4)})`);
  console.log(`wassersteinDistance 1M × 1M: median ${wassersteinMs.toFixed(1)} ms (${wasserstein})`);

  const scipy = timeScipy(reference, current);
  if (typeof scipy === 'string') {
    console.log(`SKIPPED ratio check against scipy: ${scipy}`);
    return;
  }
  for (const [name, ours, theirs, value, theirValue] of [
    ['ks_2samp', ksMs, scipy.ks.ms, ks.pValue, scipy.ks.value],
    ['wasserstein_distance', wassersteinMs, scipy.wasserstein.ms, wasserstein, scipy.wasserstein.value],
  ] as const) {
    const ratio = ours / theirs;
    const verdict = ratio <= SCIPY_RATIO_TARGET ? 'ok' : 'MISSED';
    console.log(
      `${name}: scipy median ${theirs.toFixed(1)} ms, ours ${ours.toFixed(1)} ms, ratio ${ratio.toFixed(3)} ` +
        `(target <= ${SCIPY_RATIO_TARGET}) ${verdict}`
    );
    if (ratio > SCIPY_RATIO_TARGET) {
      failures.push(`${name} ratio ${ratio.toFixed(3)} > ${SCIPY_RATIO_TARGET}`);
    }
    if (Math.abs(value - theirValue) > 1e-6 * Math.max(1, Math.abs(theirValue))) {
      failures.push(`${name} result ${value} differs from scipy's ${theirValue}`);
    }
  }
}

function benchBuckets(): void {
  let state = 99991;
  const uniform = () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 4294967296;
  };
  const baselines: Float64Array[] = [];
  const windows: Float64Array[] = [];
  for (let f = 0; f < FEATURES; f++) {
    const centre = 10 + (f % 30);
    const baseline = new Float64Array(BUCKETS);
    for (let b = 0; b < BUCKETS; b++) {
      baseline[b] = Math.round(2000 * Math.exp(-((b - centre) ** 2) / 60)) + Math.floor(uniform() * 3);
    }
    const counts = new Float64Array(WINDOWS * BUCKETS);
    for (let w = 0; w < WINDOWS; w++) {
      // Drift grows over the windows: the centre moves by up to 3 buckets.
      const moved = centre + (3 * w) / WINDOWS;
      for (let b = 0; b < BUCKETS; b++) {
        counts[w * BUCKETS + b] = Math.round(400 * Math.exp(-((b - moved) ** 2) / 60) * (0.9 + 0.2 * uniform()));
      }
    }
    baselines.push(baseline);
    windows.push(counts);
  }
  const run =
    (methods: readonly BucketDriftMethod[], engine: BucketScoringEngine = 'auto') =>
    () => {
      for (let f = 0; f < FEATURES; f++) {
        scoreBucketWindows(prepareBucketBaseline(baselines[f]), windows[f], methods, engine);
      }
    };
  // All four methods at once take one pass: its scores must be the per-method ones, and the
  // WebAssembly kernel's must be the JavaScript loop's.
  for (const f of [0, FEATURES - 1]) {
    const baseline = prepareBucketBaseline(baselines[f]);
    const all = scoreBucketWindows(baseline, windows[f], BUCKET_DRIFT_METHODS);
    const allByJavaScript = scoreBucketWindows(baseline, windows[f], BUCKET_DRIFT_METHODS, 'javascript');
    for (const method of BUCKET_DRIFT_METHODS) {
      const one = scoreBucketWindows(baseline, windows[f], [method])[method]!;
      if (one.some((score, w) => !Object.is(score, all[method]![w]))) {
        failures.push(`bucket drift ${method}: the all-four scores differ from the ${method}-only ones`);
      }
      if (allByJavaScript[method]!.some((score, w) => !Object.is(score, all[method]![w]))) {
        failures.push(`bucket drift ${method}: the WebAssembly scores differ from the JavaScript ones`);
      }
    }
  }
  const label = `${FEATURES} features × ${WINDOWS} windows × ${BUCKETS} buckets`;
  if (!bucketKernelAvailable()) {
    failures.push('the WebAssembly bucket kernel is not available');
  }
  // Round-robin over the method sets and engines, RUNS rounds after a warm-up round, so that each
  // median spans the whole measurement rather than one stretch of this machine's noisy seconds.
  const sets = [...BUCKET_DRIFT_METHODS.map((method) => [method]), BUCKET_DRIFT_METHODS];
  const engines: BucketScoringEngine[] = ['auto', 'javascript'];
  const times = sets.map(() => engines.map(() => [] as number[]));
  for (let round = 0; round <= RUNS; round++) {
    sets.forEach((methods, s) =>
      engines.forEach((engine, e) => {
        collectGarbage();
        const start = performance.now();
        run(methods, engine)();
        if (round > 0) {
          times[s][e].push(performance.now() - start);
        }
      })
    );
  }
  sets.forEach((methods, s) => {
    const name = methods.length === 1 ? methods[0] : 'all four methods';
    const [ms, withoutKernel] = times[s].map(median);
    const verdict = ms < BUCKET_TARGET_MS ? 'ok' : 'MISSED';
    console.log(
      `bucket drift ${name}, ${label}: median ${ms.toFixed(1)} ms (target < ${BUCKET_TARGET_MS} ms) ${verdict}; ` +
        `without WebAssembly ${withoutKernel.toFixed(1)} ms`
    );
    if (ms >= BUCKET_TARGET_MS) {
      failures.push(`bucket drift ${name} ${ms.toFixed(1)} ms >= ${BUCKET_TARGET_MS} ms`);
    }
  });
}

const part = process.env.DRIFT_BENCH ?? 'all';
if (part !== 'buckets') {
  await benchSamples();
}
if (part !== 'samples') {
  benchBuckets();
}
if (failures.length > 0) {
  console.log(`drift targets missed: ${failures.join('; ')}`);
  process.exit(1);
}
console.log('drift targets met');
