import React, { useMemo } from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { useStyles2, useTheme2 } from '@grafana/ui';
import { DriftWindow, FeatureDrift } from '../../analysis';
import { testIds } from '../../testIds';

/** Colour of a window by its severity (score relative to threshold; >= 1 is drift). */
export function severityColor(theme: GrafanaTheme2, severity: number | null): string {
  if (severity === null) {
    return theme.colors.background.secondary;
  }
  const name = severity >= 3 ? 'red' : severity >= 1 ? 'orange' : severity >= 0.5 ? 'yellow' : 'green';
  return theme.visualization.getColorByName(name);
}

const SPARK_CAP = 4;

/**
 * Severity over the windows as a line, with the threshold (severity 1) dashed; capped at 4× the threshold.
 * More windows than pixels are drawn as each pixel column's highest severity. Memoised: re-sorting the
 * ranking does not redraw it.
 */
export const SeveritySparkline = React.memo(function SeveritySparkline({
  windows,
  width,
  height,
}: {
  windows: DriftWindow[];
  width: number;
  height: number;
}) {
  const theme = useTheme2();
  const styles = useStyles2(getStyles);
  const n = windows.length;
  const y = (severity: number) => height - 2 - (Math.min(severity, SPARK_CAP) / SPARK_CAP) * (height - 4);
  const x = (i: number) => (n <= 1 ? width / 2 : (i / (n - 1)) * width);
  const points = useMemo(() => {
    const columns = Math.max(1, Math.ceil(width));
    const parts: string[] = [];
    if (n <= columns * 2) {
      windows.forEach((window, i) => {
        if (window.severity !== null) {
          parts.push(`${x(i).toFixed(1)},${y(window.severity).toFixed(1)}`);
        }
      });
      return parts.join(' ');
    }
    // Down to one point per pixel column: the column's highest severity, so a short burst still shows.
    let column = -1;
    let top = -Infinity;
    const flush = () => {
      if (column >= 0 && top > -Infinity) {
        parts.push(`${column.toFixed(1)},${y(top).toFixed(1)}`);
      }
    };
    windows.forEach((window, i) => {
      const at = Math.round(x(i));
      if (at !== column) {
        flush();
        column = at;
        top = -Infinity;
      }
      if (window.severity !== null) {
        top = Math.max(top, window.severity);
      }
    });
    flush();
    return parts.join(' ');
    // x and y depend only on n, width and height.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [windows, width, height]);
  return (
    <svg width={width} height={height} className={styles.svg} aria-hidden data-testid={testIds.sparkline}>
      <line x1={0} x2={width} y1={y(1)} y2={y(1)} stroke={theme.colors.text.disabled} strokeDasharray="3 3" />
      <polyline points={points} fill="none" stroke={theme.visualization.getColorByName('orange')} strokeWidth={1.5} />
    </svg>
  );
});

/**
 * Bars merged into at most `columns` pixel columns (the largest count of the bars in each column), so a
 * feature with 200,000 categories draws 100 columns, not 200,000 sub-pixel bars.
 */
export function pixelColumns(
  reference: number[],
  current: number[],
  columns: number
): { reference: number[]; current: number[] } {
  const bars = reference.length;
  if (bars <= columns) {
    return { reference, current };
  }
  const merged = { reference: new Array<number>(columns).fill(0), current: new Array<number>(columns).fill(0) };
  for (let i = 0; i < bars; i++) {
    const column = Math.floor((i * columns) / bars);
    merged.reference[column] = Math.max(merged.reference[column], reference[i]);
    merged.current[column] = Math.max(merged.current[column], current[i] ?? 0);
  }
  return merged;
}

/**
 * Baseline (outline) against current (filled) shares, bar by bar: the bars as one path rather than an
 * element each. Memoised: re-sorting the ranking does not redraw it.
 */
export const MiniDistribution = React.memo(function MiniDistribution({
  feature,
  width,
  height,
}: {
  feature: FeatureDrift;
  width: number;
  height: number;
}) {
  const theme = useTheme2();
  const styles = useStyles2(getStyles);
  const columns = Math.max(1, Math.floor(width));
  const merged = useMemo(
    () =>
      feature.histogram ? pixelColumns(feature.histogram.reference, feature.histogram.current, columns) : undefined,
    [feature.histogram, columns]
  );
  if (!feature.histogram || !merged) {
    return (
      <span
        className={styles.none}
        style={{ width, height }}
        title="Recorded scores: the query returns no distributions"
        data-testid={testIds.miniDistributionNone}
      >
        —
      </span>
    );
  }
  const { reference, current } = merged;
  // Shares of the whole histogram, whatever columns its bars were merged into.
  const total = (values: number[]) => values.reduce((sum, value) => sum + value, 0) || 1;
  const referenceTotal = total(feature.histogram.reference);
  const currentTotal = total(feature.histogram.current);
  let top = 1e-9;
  for (let i = 0; i < reference.length; i++) {
    top = Math.max(top, reference[i] / referenceTotal, current[i] / currentTotal);
  }
  const barWidth = width / Math.max(reference.length, 1);
  const barHeight = (share: number) => (share / top) * (height - 1);
  return (
    <svg width={width} height={height} className={styles.svg} aria-hidden data-testid={testIds.miniDistribution}>
      <path
        d={current
          .map((count, i) => {
            const barTop = height - barHeight(count / currentTotal);
            return `M${(i * barWidth + 0.5).toFixed(2)} ${barTop.toFixed(2)}h${Math.max(barWidth - 1, 0.5).toFixed(2)}V${height}h${(-Math.max(barWidth - 1, 0.5)).toFixed(2)}Z`;
          })
          .join('')}
        fill={theme.visualization.getColorByName('orange')}
        opacity={0.6}
      />
      <polyline
        points={reference
          .flatMap((count, i) => {
            const top = height - barHeight(count / referenceTotal);
            return [`${i * barWidth},${top}`, `${(i + 1) * barWidth},${top}`];
          })
          .join(' ')}
        fill="none"
        stroke={theme.visualization.getColorByName('blue')}
        strokeWidth={1.5}
      />
    </svg>
  );
});

const getStyles = (theme: GrafanaTheme2) => ({
  svg: css({ display: 'block', flexShrink: 0 }),
  none: css({ display: 'block', flexShrink: 0, color: theme.colors.text.disabled, textAlign: 'center' }),
});
