import React, { useMemo } from 'react';
import uPlot from 'uplot';
import { formattedValueToString, getValueFormat, GrafanaTheme2 } from '@grafana/data';
import {
  AxisPlacement,
  BarAlignment,
  GraphDrawStyle,
  LineInterpolation,
  ScaleDirection,
  ScaleOrientation,
  VisibilityMode,
  TimeZone,
} from '@grafana/schema';
import { UPlotChart, UPlotConfigBuilder } from '@grafana/ui';

export const LANE_AXIS_WIDTH = 80;

export type LanePlotStyle = 'line' | 'area' | 'bars';

interface Props {
  times: ArrayLike<number>;
  values: ArrayLike<number>;
  range: { from: number; to: number };
  width: number;
  height: number;
  color: string;
  unit?: string;
  /** Line (default), filled area, or bars for counts per time bucket (log volume, error spans). */
  style?: LanePlotStyle;
  showTimeAxis: boolean;
  timeZone: TimeZone;
  theme: GrafanaTheme2;
  /** Cursor sync group, so hovering one lane shows the same instant on all of them. */
  syncKey: string;
  onSelectRange?: (range: { from: number; to: number }) => void;
  onPlotReady?: (plot: uPlot) => void;
}

/**
 * The values as uPlot reads them: typed arrays go through as they are, without a copy; only a lane with
 * missing values is copied, with null where uPlot should break the line.
 */
function withGaps(values: ArrayLike<number>): ArrayLike<number | null> {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      return Array.from(values, (v) => (Number.isFinite(v) ? v : null));
    }
  }
  return values;
}

const FILL_OPACITY: Record<LanePlotStyle, number> = { line: 0, area: 25, bars: 70 };

/** One signal on a fixed time axis, built on Grafana's uPlot stack like core time series. */
export function TimeLanePlot(props: Props) {
  const {
    times,
    values,
    range,
    width,
    height,
    color,
    unit,
    style = 'line',
    showTimeAxis,
    timeZone,
    theme,
    syncKey,
    onSelectRange,
    onPlotReady,
  } = props;
  const config = useMemo(() => {
    const builder = new UPlotConfigBuilder(timeZone);
    const yScale = unit || 'y';
    builder.addScale({
      scaleKey: 'x',
      isTime: true,
      orientation: ScaleOrientation.Horizontal,
      direction: ScaleDirection.Right,
      range: () => [range.from, range.to],
    });
    builder.addAxis({
      scaleKey: 'x',
      isTime: true,
      placement: AxisPlacement.Bottom,
      show: showTimeAxis,
      timeZone,
      theme,
    });
    builder.addScale({
      scaleKey: yScale,
      orientation: ScaleOrientation.Vertical,
      direction: ScaleDirection.Up,
      ...(style === 'bars' ? { softMin: 0 } : {}),
    });
    const format = getValueFormat(unit || 'short');
    builder.addAxis({
      scaleKey: yScale,
      placement: AxisPlacement.Left,
      size: LANE_AXIS_WIDTH,
      space: 18,
      theme,
      formatValue: (value: number) => formattedValueToString(format(value, 1)),
    });
    builder.addSeries({
      scaleKey: yScale,
      drawStyle: style === 'bars' ? GraphDrawStyle.Bars : GraphDrawStyle.Line,
      barAlignment: BarAlignment.Center,
      barWidthFactor: 0.9,
      lineInterpolation: LineInterpolation.Linear,
      lineColor: color,
      fillColor: color,
      lineWidth: style === 'bars' ? 0 : 1,
      fillOpacity: FILL_OPACITY[style],
      showPoints: VisibilityMode.Never,
      spanNulls: false,
      theme,
    });
    builder.setCursor({ drag: { x: true, y: false, setScale: false }, sync: { key: syncKey } });
    if (onSelectRange) {
      builder.addHook('setSelect', (u: uPlot) => {
        if (u.select.width < 2) {
          return;
        }
        const from = u.posToVal(u.select.left, 'x');
        const to = u.posToVal(u.select.left + u.select.width, 'x');
        u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
        onSelectRange({ from, to });
      });
    }
    if (onPlotReady) {
      builder.addHook('ready', onPlotReady);
    }
    return builder;
  }, [range.from, range.to, color, unit, style, showTimeAxis, timeZone, theme, syncKey, onSelectRange, onPlotReady]);

  const data = useMemo(() => [times, withGaps(values)], [times, values]);

  return <UPlotChart config={config} data={data as uPlot.AlignedData} width={width} height={height} />;
}
