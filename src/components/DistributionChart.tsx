import React, { useMemo } from 'react';
import uPlot from 'uplot';
import { css } from '@emotion/css';
import { colorManipulator, DecimalCount, formattedValueToString, getValueFormat, GrafanaTheme2 } from '@grafana/data';
import {
  AxisPlacement,
  BarAlignment,
  GraphDrawStyle,
  ScaleDirection,
  ScaleOrientation,
  VisibilityMode,
} from '@grafana/schema';
import { UPlotChart, UPlotConfigBuilder, useStyles2, useTheme2 } from '@grafana/ui';
import { DistributionComparison } from '../data/distribution';
import { axisPercent } from './axisNumber';
import { testIds } from '../testIds';

interface Props {
  comparison: DistributionComparison;
  width: number;
  height: number;
  unit?: string;
  baselineLabel: string;
  currentLabel: string;
  /** Names of the bars (categories, Prometheus buckets) when they are not numeric bins; bar i sits at x = i. */
  binLabels?: string[];
}

const LEGEND_HEIGHT = 22;

function shares(counts: Float64Array, total: number): number[] {
  return Array.from(counts, (count) => (total > 0 ? count / total : 0));
}

/**
 * Baseline against current histogram over shared bins, in shares so windows of different sizes compare:
 * the current window as filled bars, the baseline as outlined bars over them.
 */
export function DistributionChart({ comparison, width, height, unit, baselineLabel, currentLabel, binLabels }: Props) {
  const theme = useTheme2();
  const styles = useStyles2(getStyles);
  const baselineColor = theme.visualization.getColorByName('blue');
  const currentColor = theme.visualization.getColorByName('orange');

  const config = useMemo(() => {
    const builder = new UPlotConfigBuilder();
    const format = getValueFormat(unit || 'short');
    builder.addScale({
      scaleKey: 'x',
      orientation: ScaleOrientation.Horizontal,
      direction: ScaleDirection.Right,
      isTime: false,
    });
    builder.addAxis({
      scaleKey: 'x',
      placement: AxisPlacement.Bottom,
      theme,
      // With the decimals of the tick step, so that 0.05, 0.10, 0.15 read alike (not 0.0500, 0.100, 0.150).
      formatValue: (value: number, decimals?: DecimalCount) =>
        binLabels ? (binLabels[Math.round(value)] ?? '') : formattedValueToString(format(value, decimals)),
      // One tick per bar, thinned so that labels keep about 48 px each.
      ...(binLabels
        ? {
            splits: (u: uPlot) => {
              const step = Math.max(1, Math.ceil((binLabels.length * 48) / Math.max(1, u.bbox.width / uPlot.pxRatio)));
              return binLabels.map((_, i) => i).filter((i) => i % step === 0);
            },
          }
        : {}),
    });
    builder.addScale({
      scaleKey: 'share',
      orientation: ScaleOrientation.Vertical,
      direction: ScaleDirection.Up,
      min: 0,
    });
    builder.addAxis({
      scaleKey: 'share',
      placement: AxisPlacement.Left,
      theme,
      formatValue: axisPercent,
    });
    builder.addSeries({
      scaleKey: 'share',
      drawStyle: GraphDrawStyle.Bars,
      barAlignment: BarAlignment.Center,
      barWidthFactor: 0.9,
      lineColor: currentColor,
      fillColor: colorManipulator.alpha(currentColor, 0.55),
      fillOpacity: 55,
      lineWidth: 1,
      showPoints: VisibilityMode.Never,
      theme,
    });
    builder.addSeries({
      scaleKey: 'share',
      drawStyle: GraphDrawStyle.Bars,
      barAlignment: BarAlignment.Center,
      barWidthFactor: 0.9,
      lineColor: baselineColor,
      lineWidth: 2,
      fillOpacity: 0,
      showPoints: VisibilityMode.Never,
      theme,
    });
    return builder;
  }, [theme, unit, baselineColor, currentColor, binLabels]);

  const data = useMemo(() => {
    const { edges, baselineCounts, currentCounts, baselineSize, currentSize } = comparison;
    const centers = Array.from(baselineCounts, (_, i) => (edges[i] + edges[i + 1]) / 2);
    return [centers, shares(currentCounts, currentSize), shares(baselineCounts, baselineSize)] as uPlot.AlignedData;
  }, [comparison]);

  return (
    <div data-testid={testIds.distribution}>
      <div className={styles.legend} style={{ height: LEGEND_HEIGHT }}>
        <span className={styles.swatch} style={{ borderColor: baselineColor }} />
        {baselineLabel} (n={comparison.baselineSize})
        <span className={styles.swatch} style={{ background: currentColor, borderColor: currentColor }} />
        {currentLabel} (n={comparison.currentSize})
      </div>
      <UPlotChart config={config} data={data} width={width} height={Math.max(60, height - LEGEND_HEIGHT)} />
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  legend: css({
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
    fontSize: theme.typography.bodySmall.fontSize,
    color: theme.colors.text.secondary,
    paddingLeft: theme.spacing(1),
  }),
  swatch: css({
    display: 'inline-block',
    width: 14,
    height: 10,
    border: '2px solid',
    borderRadius: 2,
    marginLeft: theme.spacing(1),
  }),
});
