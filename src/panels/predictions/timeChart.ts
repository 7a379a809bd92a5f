import { useCallback, useState } from 'react';
import uPlot from 'uplot';
import { GrafanaTheme2 } from '@grafana/data';
import { AxisPlacement, ScaleDirection, ScaleOrientation, TimeZone } from '@grafana/schema';
import { UPlotConfigBuilder } from '@grafana/ui';
import { OverlayGeometry } from '../../components/AnnotationOverlay';

/** A uPlot config with a time x axis over the range, reporting its plotting area for overlays. */
export function timeChartBuilder(
  range: { from: number; to: number },
  timeZone: TimeZone,
  theme: GrafanaTheme2,
  onGeometry?: (geometry: OverlayGeometry) => void
): UPlotConfigBuilder {
  const builder = new UPlotConfigBuilder(timeZone);
  builder.addScale({
    scaleKey: 'x',
    isTime: true,
    orientation: ScaleOrientation.Horizontal,
    direction: ScaleDirection.Right,
    range: () => [range.from, range.to],
  });
  builder.addAxis({ scaleKey: 'x', isTime: true, placement: AxisPlacement.Bottom, timeZone, theme });
  builder.addHook('draw', (u: uPlot) => {
    onGeometry?.({
      left: u.bbox.left / uPlot.pxRatio,
      top: u.bbox.top / uPlot.pxRatio,
      width: u.bbox.width / uPlot.pxRatio,
      height: u.bbox.height / uPlot.pxRatio,
    });
  });
  return builder;
}

/** Window starts plus the end, each series repeating its last value so step lines reach the end. */
export function stepData(starts: number[], end: number, rows: number[][]): uPlot.AlignedData {
  const times = [...starts, end];
  return [
    times,
    ...rows.map((row) => [...row, row[row.length - 1]].map((value) => (Number.isFinite(value) ? value : null))),
  ] as uPlot.AlignedData;
}

/** The plotting area reported by the chart, kept stable while it does not move. */
export function useOverlayGeometry(): [OverlayGeometry | undefined, (next: OverlayGeometry) => void] {
  const [geometry, setGeometry] = useState<OverlayGeometry | undefined>();
  const onGeometry = useCallback(
    (next: OverlayGeometry) =>
      setGeometry((previous) =>
        previous && previous.left === next.left && previous.width === next.width && previous.height === next.height
          ? previous
          : next
      ),
    []
  );
  return [geometry, onGeometry];
}
