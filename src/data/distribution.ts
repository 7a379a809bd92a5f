import { BinRule, histogramBinEdges } from '../analysis';
import { assertBoundaries } from './arguments';
import { FrameProblemError, SampleColumn } from './frames';
import { ComparisonWindows, valuesInWindow } from './windows';

export type { BinRule };

export interface DistributionComparison {
  edges: Float64Array;
  baselineCounts: Float64Array;
  currentCounts: Float64Array;
  baselineSize: number;
  currentSize: number;
}

/** Counts of values per bin, as numpy.histogram counts them; values outside the edges are skipped. */
export function countInto(values: Float64Array, edges: Float64Array): Float64Array {
  assertBoundaries(edges, 'bin');
  const bins = edges.length - 1;
  const counts = new Float64Array(bins);
  const low = edges[0];
  const high = edges[bins];
  const width = (high - low) / bins;
  for (const value of values) {
    if (value < low || value > high) {
      continue;
    }
    // numpy's rule: bins are half-open except the last, which includes its right edge.
    let bin = width > 0 ? Math.min(bins - 1, Math.floor((value - low) / width)) : 0;
    while (bin > 0 && value < edges[bin]) {
      bin--;
    }
    while (bin < bins - 1 && value >= edges[bin + 1]) {
      bin++;
    }
    counts[bin]++;
  }
  return counts;
}

/** Baseline and current histograms of one column over shared bin edges, as numpy.histogram would count them. */
export function compareDistributions(
  column: SampleColumn,
  windows: ComparisonWindows,
  bins: BinRule
): DistributionComparison {
  const baseline = valuesInWindow(column.times, column.values, windows.baseline);
  const current = valuesInWindow(column.times, column.values, windows.current);
  if (baseline.length === 0) {
    throw new FrameProblemError({
      code: 'empty-window',
      message: `The baseline window is empty for "${column.name}": widen the time range or change the baseline.`,
    });
  }
  if (current.length === 0) {
    throw new FrameProblemError({
      code: 'empty-window',
      message: `The current window is empty for "${column.name}": no rows fall in it. Widen the time range.`,
    });
  }
  const union = new Float64Array(baseline.length + current.length);
  union.set(baseline);
  union.set(current, baseline.length);
  const edges = histogramBinEdges(union, bins);
  return {
    edges,
    baselineCounts: countInto(baseline, edges),
    currentCounts: countInto(current, edges),
    baselineSize: baseline.length,
    currentSize: current.length,
  };
}
