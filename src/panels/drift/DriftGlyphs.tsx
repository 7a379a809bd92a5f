import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { useStyles2, useTheme2 } from '@grafana/ui';
import { DriftWindow, FeatureDrift } from '../../analysis';

/** Colour of a window by its severity (score relative to threshold; >= 1 is drift). */
export function severityColor(theme: GrafanaTheme2, severity: number | null): string {
  if (severity === null) {
    return theme.colors.background.secondary;
  }
  const name = severity >= 3 ? 'red' : severity >= 1 ? 'orange' : severity >= 0.5 ? 'yellow' : 'green';
  return theme.visualization.getColorByName(name);
}

const SPARK_CAP = 4;

/** Severity over the windows as a line, with the threshold (severity 1) dashed; capped at 4× the threshold. */
export function SeveritySparkline({
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
  const points = windows
    .map((window, i) => (window.severity === null ? null : `${x(i).toFixed(1)},${y(window.severity).toFixed(1)}`))
    .filter(Boolean)
    .join(' ');
  return (
    <svg width={width} height={height} className={styles.svg} aria-hidden data-testid="driftline-sparkline">
      <line x1={0} x2={width} y1={y(1)} y2={y(1)} stroke={theme.colors.text.disabled} strokeDasharray="3 3" />
      <polyline points={points} fill="none" stroke={theme.visualization.getColorByName('orange')} strokeWidth={1.5} />
    </svg>
  );
}

/** Baseline (outline) against current (filled) shares, bar by bar. */
export function MiniDistribution({ feature, width, height }: { feature: FeatureDrift; width: number; height: number }) {
  const theme = useTheme2();
  const styles = useStyles2(getStyles);
  const { reference, current } = feature.histogram;
  const total = (values: number[]) => values.reduce((sum, value) => sum + value, 0) || 1;
  const referenceTotal = total(reference);
  const currentTotal = total(current);
  const shares = [...reference.map((v) => v / referenceTotal), ...current.map((v) => v / currentTotal)];
  const top = Math.max(...shares, 1e-9);
  const barWidth = width / Math.max(reference.length, 1);
  const barHeight = (share: number) => (share / top) * (height - 1);
  return (
    <svg width={width} height={height} className={styles.svg} aria-hidden data-testid="driftline-mini-distribution">
      {current.map((count, i) => (
        <rect
          key={`c${i}`}
          x={i * barWidth + 0.5}
          width={Math.max(barWidth - 1, 0.5)}
          y={height - barHeight(count / currentTotal)}
          height={barHeight(count / currentTotal)}
          fill={theme.visualization.getColorByName('orange')}
          opacity={0.6}
        />
      ))}
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
}

const getStyles = () => ({ svg: css({ display: 'block', flexShrink: 0 }) });
