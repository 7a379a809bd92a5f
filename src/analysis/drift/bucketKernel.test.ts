import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { BUCKET_METHOD_BITS, BucketKernelTables, createBucketKernel } from './bucketKernel';
import {
  BUCKET_DRIFT_METHODS,
  BucketDriftMethod,
  bucketKernelAvailable,
  prepareBucketBaseline,
  scoreBucketWindows,
} from './buckets';

const ALL_METHOD_SETS: BucketDriftMethod[][] = [
  ...BUCKET_DRIFT_METHODS.map((method) => [method]),
  ['psi', 'jensenshannon'],
  ['ks', 'hellinger'],
  [...BUCKET_DRIFT_METHODS],
];

/** Every score of every window, by engine, must be the same float64. */
function expectSameBits(baselineCounts: Float64Array, windowCounts: Float64Array, methods: BucketDriftMethod[]): void {
  const baseline = prepareBucketBaseline(baselineCounts);
  const fromKernel = scoreBucketWindows(baseline, windowCounts, methods, 'auto');
  const fromJavaScript = scoreBucketWindows(baseline, windowCounts, methods, 'javascript');
  for (const method of methods) {
    const kernelScores = Array.from(fromKernel[method]!);
    const javaScriptScores = Array.from(fromJavaScript[method]!);
    kernelScores.forEach((score, w) => {
      if (!Object.is(score, javaScriptScores[w])) {
        throw new Error(`${method}, window ${w}: kernel ${score}, JavaScript ${javaScriptScores[w]}`);
      }
    });
  }
}

// Whole counts as increase() gives, with runs of empty buckets, and now and then a window of
// halves, of counts above the tables, or of nothing at all, which the kernel leaves to JavaScript.
const bucketCount = fc.integer({ min: 1, max: 70 });
const wholeCount = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 3000 }) },
  { weight: 1, arbitrary: fc.constant(0) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 65535 }) }
);
const windowScale = fc.constantFrom(1, 1, 1, 1, 1, 0.5, 100000, 0);
const histogramCase = bucketCount.chain((buckets) =>
  fc.record({
    baseline: fc
      .array(wholeCount, { minLength: buckets, maxLength: buckets })
      .filter((counts) => counts.some((count) => count > 0)),
    windows: fc.array(fc.tuple(fc.array(wholeCount, { minLength: buckets, maxLength: buckets }), windowScale), {
      minLength: 1,
      maxLength: 9,
    }),
    methods: fc.constantFrom(...ALL_METHOD_SETS),
  })
);

describe('the WebAssembly bucket kernel', () => {
  it('is available where WebAssembly is', () => {
    expect(bucketKernelAvailable()).toBe(true);
  });

  it('gives the same bits as the JavaScript loop, for every method set and window', () => {
    fc.assert(
      fc.property(histogramCase, ({ baseline, windows, methods }) => {
        const counts = windows.flatMap(([window, scale]) => window.map((count) => count * scale));
        expectSameBits(Float64Array.from(baseline), Float64Array.from(counts), methods);
      }),
      { numRuns: 300 }
    );
  });

  it('gives the same bits across its chunks, and grows its memory for wide histograms', () => {
    let state = 12345;
    const next = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 4294967296;
    // 200 buckets: chunks of 655 windows; 5,000 buckets: chunks of 26 windows, and more memory.
    for (const [buckets, windowCount] of [
      [200, 1501],
      [5000, 120],
    ]) {
      const baseline = Float64Array.from({ length: buckets }, () => Math.floor(next() * 500));
      baseline[0] += 1;
      const counts = Float64Array.from({ length: buckets * windowCount }, () => Math.floor(next() * 40));
      expectSameBits(baseline, counts, [...BUCKET_DRIFT_METHODS]);
    }
  });

  it('scores only the methods it is asked for, and each as it would among all four', () => {
    const baseline = prepareBucketBaseline(Float64Array.of(5, 0, 30, 12, 1, 0, 7));
    const counts = Float64Array.of(...[4, 2, 25, 10, 0, 0, 9], ...[0, 0, 1, 60, 3, 1, 0], ...[5, 0, 30, 12, 1, 0, 7]);
    const all = scoreBucketWindows(baseline, counts, BUCKET_DRIFT_METHODS);
    for (const method of BUCKET_DRIFT_METHODS) {
      const one = scoreBucketWindows(baseline, counts, [method]);
      expect(Object.keys(one)).toEqual([method]);
      expect(Array.from(one[method]!)).toEqual(Array.from(all[method]!));
    }
    // The last window is the baseline itself.
    expect(BUCKET_DRIFT_METHODS.map((method) => all[method]![2])).toEqual([0, 0, 0, 0]);
  });

  it('is not used where WebAssembly is refused, and the JavaScript loop scores instead', () => {
    const tables = {} as BucketKernelTables;
    const original = WebAssembly.Module;
    // As a Content-Security-Policy without 'wasm-unsafe-eval' refuses it.
    (WebAssembly as { Module: unknown }).Module = function refused() {
      throw new WebAssembly.CompileError('Refused to compile or instantiate WebAssembly module');
    };
    try {
      expect(createBucketKernel(tables)).toBeNull();
    } finally {
      (WebAssembly as { Module: unknown }).Module = original;
    }
  });

  it('has one bit per method', () => {
    expect(Object.keys(BUCKET_METHOD_BITS).sort()).toEqual([...BUCKET_DRIFT_METHODS].sort());
    expect(new Set(Object.values(BUCKET_METHOD_BITS)).size).toBe(BUCKET_DRIFT_METHODS.length);
  });

  it('is built from the committed bucketKernel.wat', () => {
    const root = path.resolve(__dirname, '../../..');
    const check = spawnSync(process.execPath, [path.join(root, 'scripts/build-wasm.mjs'), '--check'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  });
});
