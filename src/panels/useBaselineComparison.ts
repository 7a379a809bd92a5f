import { useMemo } from 'react';
import { PanelData, TimeRange } from '@grafana/data';
import { buildBaselineComparison, BaselineComparison } from '../data/comparison';
import { BinRule } from '../data/distribution';
import { FrameProblem, FrameProblemError } from '../data/frames';
import { usePanelNow } from './usePanelNow';

export type ComparisonState = { comparison: BaselineComparison } | { problem: FrameProblem };

/** Runs the data layer for a baseline-vs-current panel and turns bad input into a problem to show. */
export function useBaselineComparison(
  data: PanelData,
  timeRange: TimeRange,
  resolveField: () => string,
  baselinePercent: number,
  bins: BinRule,
  panelName: string
): ComparisonState {
  const now = usePanelNow(data);
  return useMemo(() => {
    try {
      return {
        comparison: buildBaselineComparison({
          series: data.series,
          annotations: data.annotations,
          range: { from: timeRange.from.valueOf(), to: timeRange.to.valueOf() },
          now,
          field: resolveField(),
          baselinePercent,
          bins,
          panelName,
        }),
      };
    } catch (error) {
      if (error instanceof FrameProblemError) {
        return { problem: error.problem };
      }
      if (error instanceof Error && error.name === 'DriftInputError') {
        return { problem: { code: 'all-nan', message: error.message } };
      }
      throw error;
    }
  }, [data.series, data.annotations, timeRange, now, resolveField, baselinePercent, bins, panelName]);
}
