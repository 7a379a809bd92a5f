/** A lane's points as parallel arrays: finite, sorted by time, one value per timestamp. */
export interface CleanLane {
  times: Float64Array;
  values: Float64Array;
}

/**
 * Drops points whose time or value is not finite, sorts by time (keeping each value with its time) and
 * replaces points that share a timestamp by their mean.
 */
export function cleanLane(times: ArrayLike<number>, values: ArrayLike<number>): CleanLane {
  const length = Math.min(times.length, values.length);
  const order: number[] = [];
  for (let i = 0; i < length; i++) {
    if (Number.isFinite(times[i]) && Number.isFinite(values[i])) {
      order.push(i);
    }
  }
  order.sort((a, b) => times[a] - times[b] || a - b);
  const outTimes: number[] = [];
  const outValues: number[] = [];
  let k = 0;
  while (k < order.length) {
    const time = times[order[k]];
    let sum = 0;
    let count = 0;
    while (k < order.length && times[order[k]] === time) {
      sum += values[order[k++]];
      count++;
    }
    outTimes.push(time);
    outValues.push(sum / count);
  }
  return { times: Float64Array.from(outTimes), values: Float64Array.from(outValues) };
}
