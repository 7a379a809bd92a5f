import React, { useMemo } from 'react';
import uPlot from 'uplot';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { AxisPlacement, GraphDrawStyle, ScaleDirection, ScaleOrientation, VisibilityMode } from '@grafana/schema';
import { UPlotChart, UPlotConfigBuilder, useStyles2, useTheme2 } from '@grafana/ui';
import { axisNumber } from '../../components/axisNumber';
import { CalibrationBin } from '../../data/calibration';
import { Calibration } from '../../findings/predictions';
import { testIds } from '../../testIds';

const format = (value: number) => String(Number(value.toPrecision(3)));

interface Props {
  calibration: Calibration;
  currentLabel: string;
  width: number;
  height: number;
}

const LEGEND_HEIGHT = 22;

/** x: mean predicted per bin (both windows) and the range ends; the diagonal, then each window's observed rate. */
function reliabilityData(calibration: Calibration): uPlot.AlignedData {
  const { low, high, baseline, current } = calibration;
  const xs = [...new Set([low, high, ...[...baseline.bins, ...current.bins].map((bin) => bin.meanPredicted)])].sort(
    (a, b) => a - b
  );
  const column = (bins: CalibrationBin[]) => {
    const at = new Map(bins.map((bin) => [bin.meanPredicted, bin.observedRate]));
    return xs.map((x) => at.get(x) ?? null);
  };
  return [xs, xs, column(baseline.bins), column(current.bins)] as uPlot.AlignedData;
}

/** Reliability diagram: observed rate against mean predicted score per bin, baseline and current, with y = x. */
export function CalibrationChart({ calibration, currentLabel, width, height }: Props) {
  const theme = useTheme2();
  const styles = useStyles2(getStyles);
  const baselineColor = theme.visualization.getColorByName('blue');
  const currentColor = theme.visualization.getColorByName('orange');
  const { low, high } = calibration;
  const config = useMemo(() => {
    const builder = new UPlotConfigBuilder();
    builder.addScale({
      scaleKey: 'x',
      orientation: ScaleOrientation.Horizontal,
      direction: ScaleDirection.Right,
      isTime: false,
      range: () => [low, high],
    });
    builder.addAxis({
      scaleKey: 'x',
      placement: AxisPlacement.Bottom,
      theme,
      label: 'mean predicted',
      formatValue: axisNumber,
    });
    builder.addScale({
      scaleKey: 'rate',
      orientation: ScaleOrientation.Vertical,
      direction: ScaleDirection.Up,
      range: (_u: uPlot, min: number, max: number) => [Math.min(low, min), Math.max(high, max)],
    });
    builder.addAxis({
      scaleKey: 'rate',
      placement: AxisPlacement.Left,
      theme,
      label: 'observed rate',
      formatValue: axisNumber,
    });
    const series = (color: string, dash?: number[]) =>
      builder.addSeries({
        scaleKey: 'rate',
        drawStyle: GraphDrawStyle.Line,
        lineColor: color,
        lineWidth: dash ? 1 : 2,
        lineStyle: dash ? { fill: 'dash', dash } : undefined,
        fillOpacity: 0,
        pointSize: 6,
        showPoints: dash ? VisibilityMode.Never : VisibilityMode.Always,
        spanNulls: true,
        theme,
      });
    series(theme.colors.text.secondary, [6, 4]);
    series(baselineColor);
    series(currentColor);
    return builder;
  }, [theme, low, high, baselineColor, currentColor]);
  const data = useMemo(() => reliabilityData(calibration), [calibration]);
  const { baseline, current } = calibration;
  return (
    <div
      data-testid={testIds.calibration}
      data-baseline-rate={baseline.observedRate}
      data-current-rate={current.observedRate}
      data-baseline-mean={baseline.meanPredicted}
      data-current-mean={current.meanPredicted}
    >
      <div className={styles.legend} style={{ height: LEGEND_HEIGHT }}>
        <span className={styles.swatch} style={{ background: baselineColor }} />
        Baseline: mean score {format(baseline.meanPredicted)}, observed {format(baseline.observedRate)} (n=
        {baseline.size})
        <span className={styles.swatch} style={{ background: currentColor }} />
        {currentLabel}: mean score {format(current.meanPredicted)}, observed {format(current.observedRate)} (n=
        {current.size}) · outcome {calibration.outcome}
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
    whiteSpace: 'nowrap',
    overflow: 'hidden',
  }),
  swatch: css({ display: 'inline-block', width: 12, height: 10, borderRadius: 2, marginLeft: theme.spacing(1) }),
});
