import React from 'react';
import { css } from '@emotion/css';
import { dateTimeFormat, GrafanaTheme2 } from '@grafana/data';
import { TimeZone } from '@grafana/schema';
import { useStyles2 } from '@grafana/ui';
import { BaselineComparison } from '../data/comparison';
import { TimeWindow } from '../data/windows';
import { DistributionChart } from './DistributionChart';
import { testIds } from '../testIds';

interface Props {
  comparison: BaselineComparison;
  width: number;
  height: number;
  timeZone: TimeZone;
  /** Extra facts for the header, such as the drift score. */
  summary?: React.ReactNode;
  /** Names of the bars when they are not numeric bins (e.g. Prometheus buckets). */
  binLabels?: string[];
  /** Height kept free under the chart for the caller's content. */
  footerHeight?: number;
}

const HEADER_HEIGHT = 40;

function describeWindow(window: TimeWindow, timeZone: TimeZone): string {
  const format = 'YYYY-MM-DD HH:mm';
  return `${dateTimeFormat(window.from, { timeZone, format })} → ${dateTimeFormat(window.to, { timeZone, format })}`;
}

export function BaselineComparisonView({
  comparison,
  width,
  height,
  timeZone,
  summary,
  binLabels,
  footerHeight = 0,
}: Props) {
  const styles = useStyles2(getStyles);
  const { windows } = comparison;
  const currentLabel = windows.currentSource === 'incident' ? 'Incident window' : 'Current';
  return (
    <div className={styles.wrapper}>
      <div className={styles.header} style={{ height: HEADER_HEIGHT }}>
        <div className={styles.title} data-testid={testIds.field}>
          {comparison.field}
          {summary}
        </div>
        <div className={styles.windows}>
          Baseline {describeWindow(windows.baseline, timeZone)} · {currentLabel}{' '}
          {describeWindow(windows.current, timeZone)}
          {comparison.dropped > 0 && (
            <span className={styles.dropped} data-testid={testIds.dropped}>
              {' '}
              · {comparison.dropped} missing or NaN values ignored
            </span>
          )}
        </div>
      </div>
      <DistributionChart
        comparison={comparison.distribution}
        width={width}
        height={height - HEADER_HEIGHT - footerHeight}
        unit={comparison.unit}
        baselineLabel="Baseline"
        currentLabel={currentLabel}
        binLabels={binLabels}
      />
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  wrapper: css({ overflow: 'hidden' }),
  header: css({ padding: theme.spacing(0, 1), overflow: 'hidden' }),
  title: css({
    display: 'flex',
    gap: theme.spacing(1),
    alignItems: 'center',
    fontWeight: theme.typography.fontWeightMedium,
    whiteSpace: 'nowrap',
  }),
  windows: css({
    fontSize: theme.typography.bodySmall.fontSize,
    color: theme.colors.text.secondary,
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
  }),
  dropped: css({ color: theme.colors.warning.text }),
});
