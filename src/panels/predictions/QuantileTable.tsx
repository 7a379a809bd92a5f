import React from 'react';
import { css } from '@emotion/css';
import { formattedValueToString, getValueFormat, GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import { PANEL_PERCENTS } from '../../data/quantiles';
import { testIds } from '../../testIds';

interface Props {
  baseline: number[];
  current: number[];
  currentLabel: string;
  unit?: string;
}

export const QUANTILE_TABLE_HEIGHT = 74;

/** p5–p95 of both windows; each cell carries its raw value for tests and tooltips. */
export function QuantileTable({ baseline, current, currentLabel, unit }: Props) {
  const styles = useStyles2(getStyles);
  const format = getValueFormat(unit || 'short');
  const row = (label: string, window: 'baseline' | 'current', values: number[]) => (
    <tr>
      <th scope="row">{label}</th>
      {PANEL_PERCENTS.map((percent, i) => {
        const value = values[i];
        const shift = window === 'current' ? value - baseline[i] : 0;
        return (
          <td
            key={percent}
            data-testid={testIds.quantile}
            data-window={window}
            data-q={percent}
            data-value={value}
            title={String(value)}
          >
            {Number.isFinite(value) ? formattedValueToString(format(value)) : '–'}
            {window === 'current' && Number.isFinite(shift) && shift !== 0 && (
              <span className={styles.shift}>{shift > 0 ? ' ▲' : ' ▼'}</span>
            )}
          </td>
        );
      })}
    </tr>
  );
  return (
    <table className={styles.table} data-testid={testIds.quantiles} style={{ height: QUANTILE_TABLE_HEIGHT }}>
      <thead>
        <tr>
          <th />
          {PANEL_PERCENTS.map((percent) => (
            <th key={percent} scope="col">
              p{percent}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {row('Baseline', 'baseline', baseline)}
        {row(currentLabel, 'current', current)}
      </tbody>
    </table>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  table: css({
    width: '100%',
    fontSize: theme.typography.bodySmall.fontSize,
    fontVariantNumeric: 'tabular-nums',
    borderCollapse: 'collapse',
    'th, td': { padding: theme.spacing(0.25, 1), textAlign: 'right', whiteSpace: 'nowrap', lineHeight: 1.4 },
    'th[scope="row"]': { textAlign: 'left', color: theme.colors.text.secondary, fontWeight: 'normal' },
    'thead th': { color: theme.colors.text.secondary, fontWeight: theme.typography.fontWeightMedium },
    'tbody tr': { borderTop: `1px solid ${theme.colors.border.weak}` },
  }),
  shift: css({ color: theme.colors.text.secondary, fontSize: '0.8em' }),
});
