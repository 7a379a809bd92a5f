import React, { useMemo } from 'react';
import { css } from '@emotion/css';
import { colorManipulator, GrafanaTheme2 } from '@grafana/data';
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
import { axisPercent } from '../../components/axisNumber';
import { AnnotationEvent } from '../../data/annotations';
import { ClassBalance } from '../../data/classBalance';
import { stepData, timeChartBuilder, useOverlayGeometry } from './timeChart';
import { testIds } from '../../testIds';

interface Props {
  balance: ClassBalance & { field: string };
  range: { from: number; to: number };
  events: AnnotationEvent[];
  now: number;
  width: number;
  height: number;
  timeZone: TimeZone;
}

const LEGEND_HEIGHT = 22;
const PALETTE = ['blue', 'orange', 'green', 'purple', 'yellow', 'red', 'super-light-blue', 'dark-orange'];

const percent = (value: number) => `${Math.round(value * 1000) / 10}%`;

/** Stacked class shares per window, with the positive rate and the baseline's positive rate as a reference. */
export function ClassBalanceChart({ balance, range, events, now, width, height, timeZone }: Props) {
  const theme = useTheme2();
  const styles = useStyles2(getStyles);
  const [geometry, onGeometry] = useOverlayGeometry();
  const colors = balance.classes.map((_, i) => theme.visualization.getColorByName(PALETTE[i % PALETTE.length]));
  const rateColor = theme.colors.text.primary;
  const config = useMemo(() => {
    const builder = timeChartBuilder(range, timeZone, theme, onGeometry);
    builder.addScale({
      scaleKey: 'share',
      orientation: ScaleOrientation.Vertical,
      direction: ScaleDirection.Up,
      range: () => [0, 1],
    });
    builder.addAxis({ scaleKey: 'share', placement: AxisPlacement.Left, theme, formatValue: axisPercent });
    const line = (color: string, width: number, dash?: number[]) =>
      builder.addSeries({
        scaleKey: 'share',
        drawStyle: GraphDrawStyle.Line,
        lineInterpolation: LineInterpolation.StepAfter,
        lineColor: color,
        lineWidth: width,
        lineStyle: dash ? { fill: 'dash', dash } : undefined,
        fillOpacity: 0,
        showPoints: VisibilityMode.Never,
        spanNulls: false,
        theme,
      });
    // Series 1 is the zero line; series 2..C+1 the cumulative shares, each band filled in its class colour.
    line('transparent', 0);
    colors.forEach((color, i) => {
      line(colorManipulator.alpha(color, 0.8), 1);
      builder.addBand({ series: [i + 2, i + 1], fill: colorManipulator.alpha(color, 0.45) });
    });
    line(rateColor, 2);
    line(rateColor, 1, [6, 4]);
    return builder;
  }, [range, timeZone, theme, onGeometry, colors, rateColor]);
  const data = useMemo(() => {
    const cumulative: number[][] = [];
    balance.shares.forEach((row, c) =>
      cumulative.push(row.map((share, k) => (c === 0 ? share : cumulative[c - 1][k] + share)))
    );
    const zero = balance.starts.map((_, k) => (balance.counts[k] ? 0 : NaN));
    const reference = balance.starts.map(() => balance.baselineRate);
    return stepData(balance.starts, balance.end, [zero, ...cumulative, balance.positiveRate, reference]);
  }, [balance]);
  return (
    <div data-testid={testIds.classBalance} data-positive={balance.positive} data-baseline-rate={balance.baselineRate}>
      <div className={styles.legend} style={{ height: LEGEND_HEIGHT }}>
        {balance.classes.map((name, i) => (
          <span key={name} className={styles.item}>
            <span className={styles.swatch} style={{ background: colors[i] }} />
            {name}
          </span>
        ))}
        <span className={styles.item}>
          <span className={styles.rule} style={{ borderTopColor: rateColor }} /> share of {balance.positive}
        </span>
        <span className={styles.item}>
          <span className={styles.rule} style={{ borderTopColor: rateColor, borderTopStyle: 'dashed' }} /> baseline{' '}
          {percent(balance.baselineRate)}
        </span>
      </div>
      <div className={styles.host}>
        <UPlotChart config={config} data={data} width={width} height={Math.max(60, height - LEGEND_HEIGHT)} />
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
    gap: theme.spacing(1.5),
    fontSize: theme.typography.bodySmall.fontSize,
    color: theme.colors.text.secondary,
    paddingLeft: theme.spacing(1),
    whiteSpace: 'nowrap',
    overflow: 'hidden',
  }),
  item: css({ display: 'inline-flex', alignItems: 'center', gap: theme.spacing(0.5) }),
  swatch: css({ display: 'inline-block', width: 12, height: 10, borderRadius: 2 }),
  rule: css({ display: 'inline-block', width: 16, borderTop: '2px solid' }),
  host: css({ position: 'relative' }),
});
