import { DataFrame } from '@grafana/data';
import { readAnnotations } from './annotations';
import { BinRule, compareDistributions, DistributionComparison } from './distribution';
import { readSampleColumn } from './frames';
import { comparisonWindows, ComparisonWindows, TimeWindow } from './windows';

export interface BaselineComparison {
  field: string;
  unit?: string;
  windows: ComparisonWindows;
  distribution: DistributionComparison;
  /** Rows of the column dropped as missing, NaN or infinite. */
  dropped: number;
}

export interface ComparisonRequest {
  series: DataFrame[];
  annotations?: DataFrame[];
  range: TimeWindow;
  now: number;
  field: string;
  baselinePercent: number;
  bins: BinRule;
  panelName: string;
}

/** From the panel's frames to a baseline-vs-current histogram of one column. Throws FrameProblemError. */
export function buildBaselineComparison(request: ComparisonRequest): BaselineComparison {
  const column = readSampleColumn(request.series, request.field, request.panelName);
  const windows = comparisonWindows(
    request.range,
    readAnnotations(request.annotations),
    request.now,
    request.baselinePercent
  );
  return {
    field: column.name,
    unit: column.unit,
    windows,
    distribution: compareDistributions(column, windows, request.bins),
    dropped: column.dropped,
  };
}
