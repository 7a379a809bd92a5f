import React, { useMemo } from 'react';
import { css } from '@emotion/css';
import { colorManipulator, DecimalCount, formattedValueToString, getValueFormat, GrafanaTheme2 } from '@grafana/data';
import {
  AxisPlacement,
  GraphDrawStyle,
  LineInterpolation,
  ScaleDirection,
  ScaleOrientation,
  TimeZone,
  VisibilityMode,
} from '@grafana/schema';
import { UPlotChart, useStyles2, useTheme2 } from '@grafana/ui';
import { AnnotationOverlay } from '../../components/AnnotationOverlay';
import { AnnotationEvent } from '../../data/annotations';
import { QuantileSeries } from '../../data/quantiles';
import { stepData, timeChartBuilder, useOverlayGeometry } from './timeChart';
import { testIds } from '../../testIds';

interface Props {
  fan: QuantileSeries;
  field: string;
  unit?: string;
  range: { from: number; to: number };
  events: AnnotationEvent[];
  now: number;
  width: number;
  height: number;
  timeZone: TimeZone;
}

const LEGEND_HEIGHT = 22;

/** p5–p95 and p25–p75 bands with the median line per window, annotations over them. */
export function QuantileFan({ fan, field, unit, range, events, now, width, height, timeZone }: Props) {
  const theme = useTheme2();
  const styles = useStyles2(getStyles);
  const [geometry, onGeometry] = useOverlayGeometry();
  const color = theme.visualization.getColorByName('purple');
  const config = useMemo(() => {
    const builder = timeChartBuilder(range, timeZone, theme, onGeometry);
    const format = getValueFormat(unit || 'short');
    builder.addScale({ scaleKey: 'score', orientation: ScaleOrientation.Vertical, direction: ScaleDirection.Up });
    builder.addAxis({
      scaleKey: 'score',
      placement: AxisPlacement.Left,
      theme,
      label: field,
      formatValue: (value: number, decimals?: DecimalCount) => formattedValueToString(format(value, decimals)),
    });
    // Series 1..5: p5, p25, p50, p75, p95; the outer bands are fainter than the inner ones.
    fan.percents.forEach((percent) => {
      const median = percent === 50;
      builder.addSeries({
        scaleKey: 'score',
        drawStyle: GraphDrawStyle.Line,
        lineInterpolation: LineInterpolation.StepAfter,
        lineColor: median ? color : colorManipulator.alpha(color, 0.35),
        lineWidth: median ? 2 : 1,
        fillOpacity: 0,
        showPoints: VisibilityMode.Never,
        spanNulls: false,
        theme,
      });
    });
    builder.addBand({ series: [5, 1], fill: colorManipulator.alpha(color, 0.15) });
    builder.addBand({ series: [4, 2], fill: colorManipulator.alpha(color, 0.3) });
    return builder;
  }, [range, timeZone, theme, onGeometry, unit, field, fan.percents, color]);
  const data = useMemo(() => stepData(fan.starts, fan.end, fan.values), [fan]);
  const chartHeight = Math.max(60, height - LEGEND_HEIGHT);
  return (
    <div data-testid={testIds.quantileFan} data-windows={fan.starts.length}>
      <div className={styles.legend} style={{ height: LEGEND_HEIGHT }}>
        <span className={styles.band} style={{ background: colorManipulator.alpha(color, 0.15) }} /> p5–p95
        <span className={styles.band} style={{ background: colorManipulator.alpha(color, 0.4) }} /> p25–p75
        <span className={styles.line} style={{ background: color }} /> median
      </div>
      <div className={styles.host}>
        <UPlotChart config={config} data={data} width={width} height={chartHeight} />
        {geometry && (
          <AnnotationOverlay events={events} range={range} geometry={geometry} now={now} timeZone={timeZone} />
        )}
      </div>
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
  band: css({ display: 'inline-block', width: 14, height: 10, borderRadius: 2, marginLeft: theme.spacing(1) }),
  line: css({ display: 'inline-block', width: 14, height: 2, marginLeft: theme.spacing(1) }),
  host: css({ position: 'relative' }),
});
