import { bucketLabel, DriftHistogram } from '../analysis';
import { DistributionComparison } from './distribution';

/** A feature's baseline/current histogram in the shape the distribution chart draws, with bar labels for categories and buckets. */
export interface DriftHistogramView {
  comparison: DistributionComparison;
  /** One label per bar when bars are categories or Prometheus buckets; undefined for numeric bins. */
  labels?: string[];
}

function sum(values: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < values.length; i++) {
    total += values[i];
  }
  return total;
}

/** Bars at 0, 1, 2 … for categories and buckets, whose widths carry no meaning. */
function indexEdges(count: number): Float64Array {
  return Float64Array.from({ length: count + 1 }, (_, i) => i - 0.5);
}

export function driftHistogramView(histogram: DriftHistogram): DriftHistogramView {
  const baselineCounts = Float64Array.from(histogram.reference);
  const currentCounts = Float64Array.from(histogram.current);
  const sizes = { baselineSize: sum(baselineCounts), currentSize: sum(currentCounts) };
  if (histogram.type === 'bins') {
    return { comparison: { edges: Float64Array.from(histogram.edges), baselineCounts, currentCounts, ...sizes } };
  }
  const labels = histogram.type === 'categories' ? histogram.categories : histogram.upperBounds.map(bucketLabel);
  return { comparison: { edges: indexEdges(labels.length), baselineCounts, currentCounts, ...sizes }, labels };
}
