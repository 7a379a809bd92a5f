/**
 * GenAI duration histograms (operation duration, time to first token or chunk, time per output token or
 * chunk, server request duration) -> one latency lane each for the timeline: the p95 of each query step,
 * as histogram_quantile(0.95, …) computes it from the step's bucket increases, in seconds. Bucket series
 * in either name form, the heatmap format and native histograms (custom buckets too) are read as the drift
 * panel reads them (histogramFrames.ts), so a query of `…_bucket` series gives one lane, not one per `le`.
 */
import { DataFrame } from '@grafana/data';
import { counterIncreases, CumulativeBucket, DriftInputError, BucketFeatureSeries } from '../analysis';
import { genAiSeriesOf } from './genai';
import { isHistogramData, readHistogramInput } from './histogramFrames';
import type { Lane } from './lanes';
import { bucketQuantile } from './quantiles';

const LATENCY_QUANTILE = 0.95;

function labelsOf(frame: DataFrame): Record<string, string> {
  const field = frame.fields.find((candidate) => candidate.labels);
  return (field?.labels ?? {}) as Record<string, string>;
}

/** A frame of a GenAI duration histogram (bucket series, heatmap or native histogram). */
function isGenAiDurationFrame(frame: DataFrame): boolean {
  if (frame.length === 0 || !isHistogramData([frame])) {
    return false;
  }
  return genAiSeriesOf(labelsOf(frame), frame.meta?.executedQueryString)?.metric.unit === 's';
}

/** p95 per step of one histogram's bucket counters, at the end time of each step. */
function quantilePerStep(
  buckets: ReadonlyArray<{ le: number | string; times: ArrayLike<number>; values: ArrayLike<number> }>
): { times: Float64Array; values: Float64Array; gaps: number } {
  const sorted = [...buckets].sort((a, b) => Number(a.le) - Number(b.le));
  const boundaries = sorted[sorted.length - 1].times;
  const increases = sorted.map((bucket) => counterIncreases(bucket, boundaries));
  const steps = Math.max(0, boundaries.length - 1);
  const times = new Float64Array(steps);
  const values = new Float64Array(steps);
  let gaps = 0;
  const cumulative: CumulativeBucket[] = sorted.map((bucket) => ({ le: Number(bucket.le), count: 0 }));
  for (let k = 0; k < steps; k++) {
    times[k] = boundaries[k + 1];
    for (let b = 0; b < sorted.length; b++) {
      // increase() extrapolates each bucket on its own, so a higher bucket can come out a little lower:
      // histogram_quantile then takes the counts as monotonic over le, and so does this.
      cumulative[b].count = b > 0 ? Math.max(increases[b][k], cumulative[b - 1].count) : increases[b][k];
    }
    let value = NaN;
    try {
      value = bucketQuantile(LATENCY_QUANTILE, cumulative);
    } catch (error) {
      // A step without observations (or without data) has no p95, as histogram_quantile answers NaN: a gap.
      if (!(error instanceof DriftInputError)) {
        throw error;
      }
    }
    values[k] = value;
    gaps += Number.isFinite(value) ? 0 : 1;
  }
  return { times, values, gaps };
}

/**
 * The latency lanes of the GenAI duration histograms among the frames, and the frames they were read from
 * (the timeline does not draw those again as one lane per bucket). Histograms that cannot be read leave
 * their frames to the plain metric lanes.
 */
export function readGenAiLatencyLanes(series: DataFrame[]): { lanes: Lane[]; frames: Set<DataFrame> } {
  const frames = series.filter(isGenAiDurationFrame);
  if (frames.length === 0) {
    return { lanes: [], frames: new Set() };
  }
  const lanes: Lane[] = [];
  for (const feature of latencyHistograms(frames)) {
    try {
      lanes.push({
        id: `${frames[0].refId ?? 'A'}/genai/${feature.feature}`,
        name: `p95 ${feature.feature}`,
        unit: 's',
        ...quantilePerStep(feature.buckets),
        group: 'metrics',
        style: 'line',
      });
    } catch (error) {
      if (!(error instanceof DriftInputError)) {
        throw error;
      }
    }
  }
  return lanes.length > 0 ? { lanes, frames: new Set(frames) } : { lanes: [], frames: new Set() };
}

/** The readable GenAI duration histograms among the frames; none when the frames cannot be read as histograms. */
function latencyHistograms(frames: DataFrame[]): BucketFeatureSeries[] {
  try {
    const input = readHistogramInput(frames);
    return input.features.filter((feature) => input.genai[feature.feature]?.metric.unit === 's');
  } catch (error) {
    if (error instanceof DriftInputError) {
      return [];
    }
    throw error;
  }
}
