/**
 * Cumulative counts over a scenario, as pure functions of the play position: a counter's value at
 * any moment is what it would read had the service counted every request since the scenario began.
 * The same functions serve the live /metrics endpoint and the backfilled history, so both agree.
 */
import type { PlayPosition } from './clock';

/** Something that reads a value at a play position. */
export interface ValueAt {
  at(position: PlayPosition): number;
}

/** A value sampled on a regular grid, held until the next sample (what a gauge scrape would see). */
export class SteppedValue implements ValueAt {
  constructor(
    private readonly firstTime: number,
    private readonly stepMs: number,
    private readonly values: ArrayLike<number>
  ) {}

  indexOf(pos: number): number {
    const index = Math.floor((pos - this.firstTime) / this.stepMs);
    return Math.min(Math.max(index, 0), this.values.length - 1);
  }

  valueAt(pos: number): number {
    return this.values[this.indexOf(pos)];
  }

  at(position: PlayPosition): number {
    return this.valueAt(position.pos);
  }
}

/**
 * The integral of a per-second rate sampled on a regular grid: a counter such as
 * `http_requests_total` built from a request-rate lane. Negative rates (noise) count as 0.
 */
export class RateIntegral implements ValueAt {
  private readonly prefix: Float64Array;
  readonly total: number;

  constructor(
    private readonly firstTime: number,
    private readonly stepMs: number,
    private readonly rates: ArrayLike<number>
  ) {
    this.prefix = new Float64Array(rates.length);
    for (let i = 1; i < rates.length; i++) {
      this.prefix[i] = this.prefix[i - 1] + (Math.max(0, rates[i - 1]) * stepMs) / 1000;
    }
    this.total = this.prefix[rates.length - 1] ?? 0;
  }

  /** Integral from the start of the span to `pos`. */
  within(pos: number): number {
    const n = this.rates.length;
    if (n === 0) {
      return 0;
    }
    const index = Math.floor((pos - this.firstTime) / this.stepMs);
    if (index < 0) {
      return 0;
    }
    if (index >= n - 1) {
      return this.total;
    }
    const into = pos - (this.firstTime + index * this.stepMs);
    return this.prefix[index] + (Math.max(0, this.rates[index]) * into) / 1000;
  }

  at(position: PlayPosition): number {
    return position.loop * this.total + this.within(position.pos);
  }
}

/**
 * Running sum of per-interval increases, like the demo's `increase(x_bucket[interval])` frames:
 * interval w covers (ends[w] - intervalMs, ends[w]] and its increase is spread evenly over it.
 * Reads are floored, so a bucket counter holds whole observations.
 */
export class IncreaseSum implements ValueAt {
  private readonly prefix: Float64Array;
  readonly total: number;

  constructor(
    private readonly ends: ArrayLike<number>,
    private readonly intervalMs: number,
    private readonly increases: ArrayLike<number>
  ) {
    this.prefix = new Float64Array(increases.length + 1);
    for (let w = 0; w < increases.length; w++) {
      this.prefix[w + 1] = this.prefix[w] + Math.max(0, increases[w]);
    }
    this.total = this.prefix[increases.length];
  }

  within(pos: number): number {
    const n = this.increases.length;
    if (n === 0) {
      return 0;
    }
    const firstStart = this.ends[0] - this.intervalMs;
    const w = Math.floor((pos - firstStart) / this.intervalMs);
    if (w < 0) {
      return 0;
    }
    if (w >= n) {
      return this.total;
    }
    const fraction = (pos - (this.ends[w] - this.intervalMs)) / this.intervalMs;
    return this.prefix[w] + Math.max(0, this.increases[w]) * fraction;
  }

  at(position: PlayPosition): number {
    return Math.floor(position.loop * this.total + this.within(position.pos));
  }
}

/** Counts of events at sorted times, each weighing `weight`: a counter stepped at each event. */
export class EventCount implements ValueAt {
  readonly total: number;

  constructor(
    private readonly times: ArrayLike<number>,
    private readonly weight: number
  ) {
    this.total = times.length * weight;
  }

  within(pos: number): number {
    return upperBound(this.times, pos) * this.weight;
  }

  at(position: PlayPosition): number {
    return position.loop * this.total + this.within(position.pos);
  }
}

/** Number of entries <= t in an ascending array. */
export function upperBound(times: ArrayLike<number>, t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid] <= t) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

/** A constant, e.g. a default/null counter of a feature that never falls back. */
export const ZERO: ValueAt = { at: () => 0 };

/** Standard normal CDF (Abramowitz and Stegun 7.1.26 for erf, |error| < 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}
