/** Time constants and the curve shapes the stories are built from. All functions are pure. */

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** Floors `now` to a multiple of `stepMs`, so a scenario's grid does not depend on the millisecond it was built. */
export function floorToStep(now: number, stepMs: number): number {
  return Math.floor(now / stepMs) * stepMs;
}

/** The grid `from, from + step, ..., to` (both ends included). */
export function timeGrid(from: number, to: number, stepMs: number): number[] {
  const count = Math.floor((to - from) / stepMs) + 1;
  const times = new Array<number>(count);
  for (let i = 0; i < count; i++) {
    times[i] = from + i * stepMs;
  }
  return times;
}

export function clamp(value: number, min: number, max: number): number {
  return value < min ? min : value > max ? max : value;
}

/** 0 before `start`, 1 after `start + duration`, a linear ramp in between (a step when duration is 0). */
export function ramp(t: number, start: number, duration: number): number {
  if (t < start) {
    return 0;
  }
  if (duration <= 0 || t >= start + duration) {
    return 1;
  }
  return (t - start) / duration;
}

/** Like `ramp`, but eased at both ends (smoothstep). */
export function easeRamp(t: number, start: number, duration: number): number {
  const x = ramp(t, start, duration);
  return x * x * (3 - 2 * x);
}

/** A pulse: rises over `rise` from `start`, holds, falls over `fall` from `end`. */
export function window(t: number, start: number, end: number, rise: number, fall: number): number {
  return Math.min(ramp(t, start, rise), 1 - ramp(t, end, fall));
}

/**
 * Daily seasonality around 1: lowest at 04:00 UTC, highest at 16:00 UTC,
 * with `amplitude` the relative swing (0.3 -> 0.7..1.3).
 */
export function daily(t: number, amplitude: number): number {
  const phase = ((t % DAY) / DAY) * 2 * Math.PI;
  return 1 - amplitude * Math.cos(phase - (4 / 24) * 2 * Math.PI);
}

/** Sawtooth in [0, 1): rises linearly over each period. */
export function sawtooth(t: number, periodMs: number): number {
  return (((t % periodMs) + periodMs) % periodMs) / periodMs;
}
