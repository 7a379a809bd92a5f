import React, { useMemo } from 'react';
import uPlot from 'uplot';
import { DecimalCount, GrafanaTheme2 } from '@grafana/data';
import {
  AxisPlacement,
  GraphDrawStyle,
  LineInterpolation,
  ScaleDirection,
  ScaleDistribution,
  ScaleOrientation,
  TimeZone,
  VisibilityMode,
} from '@grafana/schema';
import { UPlotChart, UPlotConfigBuilder } from '@grafana/ui';
import { FeatureDrift } from '../../analysis';
import { axisNumber } from '../../components/axisNumber';

interface Props {
  feature: FeatureDrift;
  range: { from: number; to: number };
  width: number;
  height: number;
  timeZone: TimeZone;
  theme: GrafanaTheme2;
  selectedWindow?: number;
  onSelectRange: (range: { from: number; to: number }) => void;
  onSelectWindow: (index: number) => void;
  /** The plotting area in CSS px, for overlays such as annotations. */
  onGeometry?: (geometry: { left: number; top: number; width: number; height: number }) => void;
}

export const SCORE_AXIS_WIDTH = 60;
// p-values below this are drawn at it: a log axis over hundreds of decades makes uPlot fail, and 1e-12 already reads as certain drift.
const P_VALUE_FLOOR = 1e-12;
// Fewest CSS px between two labels of the p-value axis: about a line of its 12 px text, plus air.
const P_VALUE_LABEL_SPACING = 20;

/**
 * The decades the p-value axis labels, from the top (1, or the decade above the largest value) down: every
 * decade when there is room, else every second, third… so that labels stay `P_VALUE_LABEL_SPACING` apart.
 * The top decade is always labelled, since p = 1 (no evidence of drift) is where readers start.
 */
export function pValueSplits(min: number, max: number, heightPx: number): number[] {
  if (!(min > 0) || !(max >= min) || !(heightPx > 0)) {
    return [];
  }
  const top = Math.ceil(Math.log10(max) - 1e-9);
  const bottom = Math.floor(Math.log10(min) + 1e-9);
  const decades = Math.max(top - bottom, 1);
  const room = Math.max(Math.floor(heightPx / P_VALUE_LABEL_SPACING), 1);
  const step = Math.ceil(decades / room);
  const splits: number[] = [];
  for (let decade = top; decade >= bottom; decade -= step) {
    splits.push(10 ** decade);
  }
  return splits.reverse();
}

/**
 * The feature's score per window (at the window's middle) with its threshold as a dashed line. p-values
 * are drawn on a log scale, where small means drift; distances on a linear one.
 */
export function ScoreOverTime(props: Props) {
  const { feature, range, width, height, timeZone, theme, selectedWindow, onSelectRange, onSelectWindow, onGeometry } =
    props;
  const isPValue = feature.scoreKind === 'p-value';
  const config = useMemo(() => {
    const builder = new UPlotConfigBuilder(timeZone);
    builder.addScale({
      scaleKey: 'x',
      isTime: true,
      orientation: ScaleOrientation.Horizontal,
      direction: ScaleDirection.Right,
      range: () => [range.from, range.to],
    });
    builder.addAxis({ scaleKey: 'x', isTime: true, placement: AxisPlacement.Bottom, timeZone, theme });
    builder.addScale({
      scaleKey: 'score',
      orientation: ScaleOrientation.Vertical,
      direction: ScaleDirection.Up,
      distribution: isPValue ? ScaleDistribution.Log : ScaleDistribution.Linear,
      log: 10,
      softMin: isPValue ? undefined : 0,
    });
    builder.addAxis({
      scaleKey: 'score',
      placement: AxisPlacement.Left,
      size: SCORE_AXIS_WIDTH,
      theme,
      label: isPValue ? 'p-value' : feature.method,
      formatValue: (value: number, decimals?: DecimalCount) =>
        isPValue ? value.toExponential(0) : axisNumber(value, decimals),
      // Labels at whole decades spaced by pValueSplits(). uPlot's own log axis puts ticks at 1…9 × each
      // decade and thins their labels by position in that list, which crowds a short chart.
      splits: isPValue
        ? (u: uPlot, _axis: number, min: number, max: number) =>
            pValueSplits(min, max, u.bbox.height > 0 ? u.bbox.height / uPlot.pxRatio : u.height)
        : undefined,
      filter: isPValue ? (_u: uPlot, splits: number[]) => splits : undefined,
    });
    builder.addSeries({
      scaleKey: 'score',
      drawStyle: GraphDrawStyle.Line,
      lineInterpolation: LineInterpolation.StepAfter,
      lineColor: theme.visualization.getColorByName('orange'),
      lineWidth: 2,
      fillOpacity: 10,
      showPoints: VisibilityMode.Auto,
      spanNulls: false,
      theme,
    });
    builder.addSeries({
      scaleKey: 'score',
      drawStyle: GraphDrawStyle.Line,
      lineColor: theme.colors.text.secondary,
      lineWidth: 1,
      lineStyle: { fill: 'dash', dash: [6, 4] },
      showPoints: VisibilityMode.Never,
      theme,
    });
    builder.setCursor({ drag: { x: true, y: false, setScale: false } });
    builder.addHook('setSelect', (u: uPlot) => {
      const left = u.select.left;
      const selectedWidth = u.select.width;
      u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
      if (selectedWidth >= 4) {
        onSelectRange({ from: u.posToVal(left, 'x'), to: u.posToVal(left + selectedWidth, 'x') });
      }
    });
    builder.addHook('init', (u: uPlot) => {
      u.over.addEventListener('click', () => {
        const time = u.posToVal(u.cursor.left ?? -1, 'x');
        const index = feature.windows.findIndex((window) => time >= window.from && time < window.to);
        if (index >= 0) {
          onSelectWindow(index);
        }
      });
    });
    builder.addHook('draw', (u: uPlot) => {
      onGeometry?.({
        left: u.bbox.left / uPlot.pxRatio,
        top: u.bbox.top / uPlot.pxRatio,
        width: u.bbox.width / uPlot.pxRatio,
        height: u.bbox.height / uPlot.pxRatio,
      });
      if (selectedWindow === undefined || !feature.windows[selectedWindow]) {
        return;
      }
      const window = feature.windows[selectedWindow];
      const left = u.valToPos(window.from, 'x', true);
      const right = u.valToPos(window.to, 'x', true);
      u.ctx.save();
      u.ctx.fillStyle = theme.colors.primary.transparent;
      u.ctx.fillRect(left, u.bbox.top, Math.max(right - left, 1), u.bbox.height);
      u.ctx.restore();
    });
    return builder;
  }, [
    range.from,
    range.to,
    timeZone,
    theme,
    isPValue,
    feature,
    selectedWindow,
    onSelectRange,
    onSelectWindow,
    onGeometry,
  ]);

  const data = useMemo(() => {
    const times = feature.windows.map((window) => window.from);
    const last = feature.windows[feature.windows.length - 1];
    const scores: Array<number | null> = feature.windows.map((window) =>
      window.score === null ? null : isPValue ? Math.max(window.score, P_VALUE_FLOOR) : window.score
    );
    if (last) {
      times.push(last.to);
      scores.push(scores[scores.length - 1]);
    }
    return [times, scores, times.map(() => feature.threshold)] as uPlot.AlignedData;
  }, [feature, isPValue]);

  return <UPlotChart config={config} data={data} width={width} height={height} />;
}
