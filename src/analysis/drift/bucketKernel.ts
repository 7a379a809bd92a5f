import { BUCKET_KERNEL_WASM_BASE64 } from './bucketKernelBinary';

/** The lookup tables the kernel reads, as buckets.ts builds them for its own loops. */
export interface BucketKernelTables {
  /** ln k and √k for k below 65536. */
  logTable: Float64Array;
  sqrtTable: Float64Array;
  /** logHalf(): 2^-e and (e − 1)·ln 2 by biased exponent (2048 each); 1/c, ln c and c for its 256 centres. */
  exponentScales: Float64Array;
  exponentHalfLogs: Float64Array;
  inverseCentres: Float64Array;
  logCentres: Float64Array;
  centres: Float64Array;
  /**
   * The constants of the loop, in this order: the Jensen–Shannon series' limit on d², its 5
   * coefficients, logHalf()'s 5 Taylor coefficients, Infinity, Evidently's empty share (0.0001)
   * and divisor (10^6), ln 2, √2 and 2.
   */
  constants: Float64Array;
}

/** The baseline arrays, in the order the kernel lays them out. */
export interface BucketKernelBaseline {
  bucketCount: number;
  shares: Float64Array;
  logShares: Float64Array;
  sqrtShares: Float64Array;
  cumulativeShares: Float64Array;
  filledShares: Float64Array;
  logFilledShares: Float64Array;
}

/** Bits of the `methods` mask, as bucketKernel.wat reads it. */
export const BUCKET_METHOD_BITS = { psi: 1, jensenshannon: 2, ks: 4, hellinger: 8 } as const;

export interface BucketKernelScores {
  psi: Float64Array;
  jensenshannon: Float64Array;
  ks: Float64Array;
  hellinger: Float64Array;
}

interface KernelExports {
  memory: WebAssembly.Memory;
  score(
    bucketCount: number,
    windowCount: number,
    baseline: number,
    counts: number,
    results: number,
    scratch: number,
    methods: number
  ): void;
}

// Byte offsets fixed in bucketKernel.wat.
const LOG_TABLE = 0;
const SQRT_TABLE = 524288;
const EXPONENT_SCALES = 1048576;
const EXPONENT_HALF_LOGS = 1064960;
const INVERSE_CENTRES = 1081344;
const LOG_CENTRES = 1083392;
const CENTRES = 1085440;
const CONSTANTS = 1087488;
const CONSTANT_COUNT = 17;
const WORK_AREA = CONSTANTS + 16 * CONSTANT_COUNT;
const PAGE_BYTES = 65536;
// Windows go through the kernel in chunks of about this many bytes of counts, which keeps the
// kernel's memory small.
const CHUNK_BYTES = 1 << 20;

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) {
    bytes[i] = binary.charCodeAt(i);
  }
  return bytes;
}

/**
 * Scores whole-count windows with the WebAssembly kernel (bucketKernel.wat): the same
 * operations as buckets.ts's loop, two windows at a time and without branches or bounds checks.
 */
export class BucketKernel {
  private readonly exports: KernelExports;
  private heap: Float64Array;

  constructor(instance: WebAssembly.Instance, tables: BucketKernelTables) {
    this.exports = instance.exports as unknown as KernelExports;
    this.heap = new Float64Array(this.exports.memory.buffer);
    this.heap.set(tables.logTable, LOG_TABLE / 8);
    this.heap.set(tables.sqrtTable, SQRT_TABLE / 8);
    this.heap.set(tables.exponentScales, EXPONENT_SCALES / 8);
    this.heap.set(tables.exponentHalfLogs, EXPONENT_HALF_LOGS / 8);
    this.heap.set(tables.inverseCentres, INVERSE_CENTRES / 8);
    this.heap.set(tables.logCentres, LOG_CENTRES / 8);
    this.heap.set(tables.centres, CENTRES / 8);
    if (tables.constants.length !== CONSTANT_COUNT) {
      throw new Error(`the bucket kernel takes ${CONSTANT_COUNT} constants, not ${tables.constants.length}`);
    }
    // Each constant in both lanes of a v128.
    tables.constants.forEach((value, k) => this.heap.fill(value, CONSTANTS / 8 + 2 * k, CONSTANTS / 8 + 2 * k + 2));
  }

  private reserve(bytes: number): Float64Array {
    const memory = this.exports.memory;
    if (memory.buffer.byteLength < bytes) {
      memory.grow(Math.ceil((bytes - memory.buffer.byteLength) / PAGE_BYTES));
    }
    if (this.heap.buffer !== memory.buffer) {
      this.heap = new Float64Array(memory.buffer);
    }
    return this.heap;
  }

  /**
   * Scores every window whose total is positive and whose counts are whole numbers below 65536,
   * writing the scores `methods` asks for (BUCKET_METHOD_BITS) into `out`. Every window's total
   * goes into `totals`, and `whole[w]` says whether the kernel scored window w; the caller scores
   * the others.
   */
  scoreWholeWindows(
    baseline: BucketKernelBaseline,
    counts: Float64Array,
    totals: Float64Array,
    whole: Uint8Array,
    out: BucketKernelScores,
    methods: number
  ): void {
    const bucketCount = baseline.bucketCount;
    const windowCount = totals.length;
    const chunkWindows = Math.max(1, Math.min(windowCount, Math.floor(CHUNK_BYTES / (bucketCount * 8))));
    // Scratch: 6 v128, then two int32 per bucket (its table offsets in the two windows of a pair).
    const scratchSlot = WORK_AREA / 8;
    const baselineSlot = scratchSlot + 12 + bucketCount;
    const resultsSlot = baselineSlot + 6 * bucketCount;
    // psi, jensenshannon, ks, hellinger and totals (a float64 per window each), then a byte per window.
    const countsSlot = resultsSlot + 5 * chunkWindows + Math.ceil(chunkWindows / 8);
    const heap = this.reserve((countsSlot + chunkWindows * bucketCount) * 8);
    [
      baseline.shares,
      baseline.logShares,
      baseline.sqrtShares,
      baseline.cumulativeShares,
      baseline.filledShares,
      baseline.logFilledShares,
    ].forEach((values, k) => heap.set(values, baselineSlot + k * bucketCount));
    const results = [out.psi, out.jensenshannon, out.ks, out.hellinger, totals];
    for (let first = 0; first < windowCount; first += chunkWindows) {
      const chunk = Math.min(chunkWindows, windowCount - first);
      heap.set(counts.subarray(first * bucketCount, (first + chunk) * bucketCount), countsSlot);
      this.exports.score(
        bucketCount,
        chunk,
        baselineSlot * 8,
        countsSlot * 8,
        resultsSlot * 8,
        scratchSlot * 8,
        methods
      );
      results.forEach((target, k) => {
        const from = resultsSlot + k * chunk;
        target.set(heap.subarray(from, from + chunk), first);
      });
      const wholeByte = (resultsSlot + 5 * chunk) * 8;
      whole.set(new Uint8Array(heap.buffer, wholeByte, chunk), first);
    }
  }
}

/**
 * The kernel, or null where WebAssembly is missing or refused (a Content-Security-Policy without
 * 'wasm-unsafe-eval', say); callers then use their JavaScript loop, which gives the same scores.
 * The module is under 4 KB, so browsers compile it synchronously on the main thread.
 */
export function createBucketKernel(tables: BucketKernelTables): BucketKernel | null {
  if (typeof WebAssembly !== 'object' || typeof atob !== 'function') {
    return null;
  }
  try {
    const module = new WebAssembly.Module(decodeBase64(BUCKET_KERNEL_WASM_BASE64));
    return new BucketKernel(new WebAssembly.Instance(module, {}), tables);
  } catch {
    return null;
  }
}
