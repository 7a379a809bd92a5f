/**
 * Seeded pseudo-random numbers for the demo scenarios.
 *
 * The generator is mulberry32 (Tommy Ettinger's 32-bit mixer): tiny, fast and good enough for
 * synthetic telemetry. Every signal of a scenario draws from its own stream (see `fork`), so adding
 * a lane or a column never changes the numbers of the others.
 */

/** FNV-1a over a string, used to derive independent streams from one seed. */
export function hashString(text: string, basis = 0x811c9dc5): number {
  let hash = basis >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

export class Rng {
  /**
   * The 32-bit state lives in a typed array: as a plain property, values above 2^30 are not small
   * integers for V8 and every draw would allocate a heap number.
   */
  private readonly state = new Uint32Array(1);
  /** Second value of the last Box-Muller pair, kept for the next call. */
  private readonly spare = new Float64Array(1);
  private hasSpare = false;

  constructor(seed: number) {
    this.state[0] = seed >>> 0;
  }

  /** An independent stream for a named part of a scenario. */
  fork(name: string): Rng {
    return new Rng(hashString(name, this.state[0] ^ 0x9e3779b9));
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state[0] += 0x6d2b79f5;
    let t = this.state[0];
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  uniform(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  bernoulli(p: number): boolean {
    return this.next() < p;
  }

  /** Normal deviate by the Box-Muller transform (both values of each pair are used). */
  normal(mean = 0, sd = 1): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return mean + sd * this.spare[0];
    }
    let u = this.next();
    while (u <= Number.EPSILON) {
      u = this.next();
    }
    const radius = Math.sqrt(-2 * Math.log(u));
    const angle = 2 * Math.PI * this.next();
    this.spare[0] = radius * Math.sin(angle);
    this.hasSpare = true;
    return mean + sd * radius * Math.cos(angle);
  }

  /** Student-t with `df` degrees of freedom: heavy-tailed noise for latencies and spikes. */
  studentT(df: number): number {
    const z = this.normal();
    let chiSquare = 0;
    for (let i = 0; i < df; i++) {
      const g = this.normal();
      chiSquare += g * g;
    }
    return z / Math.sqrt(chiSquare / df);
  }

  /** exp(N(mu, sigma)): `mu` is the log of the median. */
  lognormal(mu: number, sigma: number): number {
    return Math.exp(this.normal(mu, sigma));
  }

  /** Poisson count; Knuth's method for small means, a rounded normal approximation above 30. */
  poisson(lambda: number): number {
    if (!(lambda > 0)) {
      return 0;
    }
    if (lambda > 30) {
      return Math.max(0, Math.round(this.normal(lambda, Math.sqrt(lambda))));
    }
    const limit = Math.exp(-lambda);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k++;
      p *= this.next();
    }
    return k;
  }

  /** One of `items`, chosen with the given weights (they need not sum to 1). */
  weighted<T>(items: readonly T[], weights: readonly number[]): T {
    let total = 0;
    for (const w of weights) {
      total += w;
    }
    let r = this.next() * total;
    for (let i = 0; i < items.length; i++) {
      r -= weights[i];
      if (r < 0) {
        return items[i];
      }
    }
    return items[items.length - 1];
  }

  /** Hex identifier of `bytes` random bytes, shaped like trace and span ids. */
  hexId(bytes: number): string {
    let out = '';
    for (let i = 0; i < bytes; i++) {
      out += Math.floor(this.next() * 256)
        .toString(16)
        .padStart(2, '0');
    }
    return out;
  }
}
