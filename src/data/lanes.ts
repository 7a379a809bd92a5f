import { DataFrame, FieldType } from '@grafana/data';
import { FrameProblemError, fieldName, findTimeField, isEmptyData, readNumbers, readTimes } from './frames';

/** One signal on the timeline: a series of values over time, sorted by time. */
export interface Lane {
  id: string;
  name: string;
  unit?: string;
  times: Float64Array;
  values: Float64Array;
  /** Rows whose value was missing, NaN or infinite; they are drawn as gaps. */
  gaps: number;
}

function sortByTime(times: Float64Array, values: Float64Array): { times: Float64Array; values: Float64Array } {
  let sorted = true;
  for (let i = 1; i < times.length; i++) {
    if (times[i] < times[i - 1]) {
      sorted = false;
      break;
    }
  }
  if (sorted) {
    return { times, values };
  }
  const order = Array.from(times.keys()).sort((a, b) => times[a] - times[b]);
  return {
    times: Float64Array.from(order, (i) => times[i]),
    values: Float64Array.from(order, (i) => values[i]),
  };
}

/**
 * Every numeric field of every frame that has a time field becomes a lane. Frames without a time field
 * are reported, not ignored silently: a timeline can only place what has a time.
 */
export function readMetricLanes(series: DataFrame[]): Lane[] {
  if (isEmptyData(series)) {
    throw new FrameProblemError({ code: 'no-data', message: 'No data' });
  }
  const lanes: Lane[] = [];
  const untimed: string[] = [];
  const textFields: string[] = [];
  for (const [frameIndex, frame] of series.entries()) {
    const timeField = findTimeField(frame);
    if (!timeField) {
      if (frame.length > 0) {
        untimed.push(frame.name ?? frame.refId ?? `frame ${frameIndex + 1}`);
      }
      continue;
    }
    const times = readTimes(timeField);
    for (const field of frame.fields) {
      if (field === timeField) {
        continue;
      }
      const name = fieldName(field, frame);
      if (field.type !== FieldType.number) {
        if (
          field.type === FieldType.string &&
          frame.meta?.type !== 'log-lines' &&
          !/^(line|id|tsns|traceid|spanid)$/i.test(field.name)
        ) {
          textFields.push(name);
        }
        continue;
      }
      const { values, nonFinite } = readNumbers(field);
      if (nonFinite === values.length) {
        continue;
      }
      const sorted = sortByTime(times, values);
      lanes.push({
        id: `${frame.refId ?? 'A'}/${frameIndex}/${name}`,
        name,
        unit: field.config?.unit,
        times: sorted.times,
        values: sorted.values,
        gaps: nonFinite,
      });
    }
  }
  if (lanes.length === 0) {
    if (untimed.length > 0) {
      throw new FrameProblemError({
        code: 'no-time-field',
        message: `The timeline places signals on a time axis, but ${untimed.join(', ')} has no time field. Use a time series query (Format: Time series) or add a time column.`,
      });
    }
    if (textFields.length > 0) {
      throw new FrameProblemError({
        code: 'wrong-type',
        message: `Fields ${textFields.join(', ')} hold text, not numbers. Convert them with a Convert field type transformation, or query a numeric series.`,
      });
    }
    throw new FrameProblemError({
      code: 'all-nan',
      message: 'Every series in the query result is empty or NaN. Check the query, or widen the time range.',
    });
  }
  return lanes;
}
