import { PanelData } from '@grafana/data';

/**
 * "Now" for ongoing incident regions: when the panel's query started, so the band grows with every
 * refresh and stays still in between. Without a request (outside a dashboard) the range's end.
 */
export function usePanelNow(data: PanelData): number {
  return data.request?.startTime ?? data.timeRange.to.valueOf();
}
