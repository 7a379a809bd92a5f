// Sorting of float64 samples for the two-sample statistics. An LSD radix sort over the
// IEEE-754 bit pattern (mapped so that unsigned order equals numeric order) is several
// times faster than Float64Array.prototype.sort on large arrays and needs one scratch buffer.

const RADIX_BITS = 16;
const RADIX_SIZE = 1 << RADIX_BITS;
const RADIX_MASK = RADIX_SIZE - 1;
// Below this length the comparison sort wins over four radix passes.
const RADIX_MIN_LENGTH = 2048;

let scratchWords = new Uint32Array(0);
const digitCounts = new Uint32Array(RADIX_SIZE * 4);

function scratchFor(words: number): Uint32Array {
  if (scratchWords.length < words) {
    scratchWords = new Uint32Array(words);
  }
  return scratchWords;
}

/**
 * Sorts finite float64 values ascending in place. -0 sorts before +0 (numerically equal, so
 * every statistic here is unaffected). The array must not contain NaN.
 */
export function sortFloat64InPlace(values: Float64Array): void {
  const length = values.length;
  if (length < RADIX_MIN_LENGTH) {
    values.sort();
    return;
  }
  const words = new Uint32Array(values.buffer, values.byteOffset, length * 2);
  // Little-endian: word 2i is the low half of value i, word 2i+1 the high half.
  digitCounts.fill(0);
  for (let i = 0; i < length; i++) {
    const lowIndex = 2 * i;
    let high = words[lowIndex + 1];
    let low = words[lowIndex];
    if (high & 0x80000000) {
      high = ~high >>> 0;
      low = ~low >>> 0;
    } else {
      high = (high | 0x80000000) >>> 0;
    }
    words[lowIndex] = low;
    words[lowIndex + 1] = high;
    digitCounts[low & RADIX_MASK]++;
    digitCounts[RADIX_SIZE + (low >>> RADIX_BITS)]++;
    digitCounts[2 * RADIX_SIZE + (high & RADIX_MASK)]++;
    digitCounts[3 * RADIX_SIZE + (high >>> RADIX_BITS)]++;
  }
  let source = words;
  let target = scratchFor(length * 2);
  for (let pass = 0; pass < 4; pass++) {
    const countOffset = pass * RADIX_SIZE;
    const wordOffset = pass >>> 1;
    const shift = (pass & 1) * RADIX_BITS;
    // A digit shared by every key leaves the order unchanged: skip the pass.
    let isConstantDigit = false;
    let running = 0;
    for (let digit = 0; digit < RADIX_SIZE; digit++) {
      const count = digitCounts[countOffset + digit];
      if (count === length) {
        isConstantDigit = true;
        break;
      }
      digitCounts[countOffset + digit] = running;
      running += count;
    }
    if (isConstantDigit) {
      continue;
    }
    for (let i = 0; i < length; i++) {
      const lowIndex = 2 * i;
      const key = source[lowIndex + wordOffset];
      const slot = countOffset + ((key >>> shift) & RADIX_MASK);
      const destination = 2 * digitCounts[slot]++;
      target[destination] = source[lowIndex];
      target[destination + 1] = source[lowIndex + 1];
    }
    const swap = source;
    source = target;
    target = swap;
  }
  if (source !== words) {
    words.set(source.subarray(0, length * 2));
  }
  for (let i = 0; i < length; i++) {
    const lowIndex = 2 * i;
    const high = words[lowIndex + 1];
    if (high & 0x80000000) {
      words[lowIndex + 1] = (high & 0x7fffffff) >>> 0;
    } else {
      words[lowIndex] = ~words[lowIndex] >>> 0;
      words[lowIndex + 1] = ~high >>> 0;
    }
  }
}

/** Result of copying the finite values of a sample into a new array. */
export interface FiniteSample {
  values: Float64Array;
  droppedNonFinite: number;
}

/** Copies the finite values of a sample into `target` (long enough); NaN and ±Infinity are counted. */
function copyFiniteInto(sample: ArrayLike<number>, target: Float64Array): FiniteSample {
  const length = sample.length;
  let kept = 0;
  for (let i = 0; i < length; i++) {
    const value = sample[i];
    if (Number.isFinite(value)) {
      target[kept++] = value;
    }
  }
  return { values: target.subarray(0, kept), droppedNonFinite: length - kept };
}

/** Copies the finite values of a sample; NaN and ±Infinity are dropped and counted. */
export function copyFinite(sample: ArrayLike<number>): FiniteSample {
  return copyFiniteInto(sample, new Float64Array(sample.length));
}

/** Copies the finite values of a sample and sorts them ascending, into a new array. */
export function sortedFinite(sample: ArrayLike<number>): FiniteSample {
  const finite = copyFinite(sample);
  sortFloat64InPlace(finite.values);
  return finite;
}

// Buffers reused by sortedFiniteInSlot: filling a freshly allocated 8 MB array costs more than
// sorting it, because every page is touched for the first time.
const slotBuffers: Float64Array[] = [];

/**
 * Like sortedFinite, but the result lives in a buffer owned by `slot` and is overwritten by the
 * next call with the same slot: use it only for values consumed before that call.
 */
export function sortedFiniteInSlot(sample: ArrayLike<number>, slot: number): FiniteSample {
  let buffer = slotBuffers[slot];
  if (!buffer || buffer.length < sample.length) {
    buffer = new Float64Array(sample.length);
    slotBuffers[slot] = buffer;
  }
  const finite = copyFiniteInto(sample, buffer);
  sortFloat64InPlace(finite.values);
  return finite;
}

/** Releases the buffers kept between calls (useful after one very large comparison). */
export function releaseSortBuffers(): void {
  scratchWords = new Uint32Array(0);
  slotBuffers.length = 0;
}

/** Work split into steps of a few milliseconds: a generator that yields between them (see src/data/steps). */
export type SortSteps<T> = Generator<void, T, void>;

// Blocks of this many values are radix-sorted in one step (a few ms), then merged a million moves a step.
const SORT_BLOCK = 1 << 17;
const MERGE_MOVES_PER_STEP = 1 << 19;
const COPY_PER_STEP = 1 << 19;

/**
 * Sorts finite values ascending in place, like sortFloat64InPlace, in steps of a few milliseconds: blocks
 * are sorted one a step and then merged bottom-up, so 10 million values never hold the thread for long.
 */
export function* sortFloat64InSteps(values: Float64Array): SortSteps<void> {
  const length = values.length;
  if (length <= SORT_BLOCK) {
    sortFloat64InPlace(values);
    return;
  }
  for (let start = 0; start < length; start += SORT_BLOCK) {
    sortFloat64InPlace(values.subarray(start, Math.min(length, start + SORT_BLOCK)));
    yield;
  }
  let source: Float64Array = values;
  let target: Float64Array = new Float64Array(length);
  let moves = 0;
  for (let width = SORT_BLOCK; width < length; width *= 2) {
    for (let left = 0; left < length; left += 2 * width) {
      const middle = Math.min(left + width, length);
      const right = Math.min(left + 2 * width, length);
      let i = left;
      let j = middle;
      for (let k = left; k < right; k++) {
        target[k] = j >= right || (i < middle && source[i] <= source[j]) ? source[i++] : source[j++];
        if (++moves === MERGE_MOVES_PER_STEP) {
          moves = 0;
          yield;
        }
      }
    }
    const swap = source;
    source = target;
    target = swap;
  }
  if (source !== values) {
    values.set(source);
  }
}

/** sortedFinite in steps: the finite values copied a million at a time, then sorted with sortFloat64InSteps. */
export function* sortedFiniteSteps(sample: ArrayLike<number>): SortSteps<FiniteSample> {
  const length = sample.length;
  const target = new Float64Array(length);
  let kept = 0;
  for (let start = 0; start < length; start += COPY_PER_STEP) {
    const end = Math.min(length, start + COPY_PER_STEP);
    for (let i = start; i < end; i++) {
      const value = sample[i];
      if (Number.isFinite(value)) {
        target[kept++] = value;
      }
    }
    if (end < length) {
      yield;
    }
  }
  const values = target.subarray(0, kept);
  yield* sortFloat64InSteps(values);
  return { values, droppedNonFinite: length - kept };
}
