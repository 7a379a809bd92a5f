/** A lane's points as parallel arrays: finite, sorted by time, one value per timestamp. */
export interface CleanLane {
  times: Float64Array;
  values: Float64Array;
  /** For a lane of shares: how many observations each share is of (see `Lane.counts`). */
  counts?: Float64Array;
}

/**
 * Drops points whose time or value is not finite (and, with `counts`, points of no observations), sorts by
 * time (keeping each value with its time) and replaces points that share a timestamp by their mean: with
 * `counts`, the mean weighted by the counts, which are summed.
 */
export function cleanLane(times: ArrayLike<number>, values: ArrayLike<number>, counts?: ArrayLike<number>): CleanLane {
  const length = Math.min(times.length, values.length, counts?.length ?? Infinity);
  const order: number[] = [];
  for (let i = 0; i < length; i++) {
    if (
      Number.isFinite(times[i]) &&
      Number.isFinite(values[i]) &&
      (!counts || (Number.isFinite(counts[i]) && counts[i] > 0))
    ) {
      order.push(i);
    }
  }
  order.sort((a, b) => times[a] - times[b] || a - b);
  const outTimes: number[] = [];
  const outValues: number[] = [];
  const outCounts: number[] = [];
  let k = 0;
  while (k < order.length) {
    const time = times[order[k]];
    let sum = 0;
    let weight = 0;
    while (k < order.length && times[order[k]] === time) {
      const w = counts ? counts[order[k]] : 1;
      sum += w * values[order[k++]];
      weight += w;
    }
    outTimes.push(time);
    outValues.push(sum / weight);
    outCounts.push(weight);
  }
  return {
    times: Float64Array.from(outTimes),
    values: Float64Array.from(outValues),
    ...(counts ? { counts: Float64Array.from(outCounts) } : {}),
  };
}
