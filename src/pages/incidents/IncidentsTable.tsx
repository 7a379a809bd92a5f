import React from 'react';
import { css } from '@emotion/css';
import { dateTimeFormat, GrafanaTheme2 } from '@grafana/data';
import { Badge, Button, LinkButton, Stack, useStyles2 } from '@grafana/ui';
import { formatDuration, IncidentRow, RcaStatus } from '../../rca';
import { testIds } from '../../testIds';

export const STATUS_LABEL: Record<RcaStatus, string> = { none: 'No RCA', draft: 'Draft', published: 'Published' };
const STATUS_COLOR: Record<RcaStatus, 'red' | 'orange' | 'green'> = {
  none: 'red',
  draft: 'orange',
  published: 'green',
};

export function formatMinute(time: number): string {
  return dateTimeFormat(time, { format: 'YYYY-MM-DD HH:mm' });
}

interface Props {
  rows: IncidentRow[];
  statusOf: (id: string) => RcaStatus;
  /** When each incident ended here, before Grafana's list shows it. */
  ended: Record<string, number>;
  openUrl: (id: string) => string;
  /** Findings wait to be pinned: the action pins them there. */
  pinning: boolean;
  onEnd: (row: IncidentRow) => void;
}

/** The incidents, newest first: title (to the workbench), start, duration, dashboard, severity, RCA status. */
export function IncidentsTable({ rows, statusOf, ended, openUrl, pinning, onEnd }: Props) {
  const styles = useStyles2(getStyles);
  return (
    <table className={styles.table} data-testid={testIds.incidentsTable}>
      <thead>
        <tr>
          <th scope="col">Incident</th>
          <th scope="col">Start</th>
          <th scope="col">Duration</th>
          <th scope="col">Dashboard</th>
          <th scope="col">Severity</th>
          <th scope="col">RCA</th>
          <th scope="col">
            <span className={styles.hidden}>Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => {
          const end = ended[row.id] ?? row.end;
          const ongoing = row.ongoing && ended[row.id] === undefined;
          const status = statusOf(row.id);
          return (
            <tr key={row.id} data-testid={testIds.incidentRow}>
              <td>
                <a href={openUrl(row.id)} className={styles.title} data-testid={testIds.incidentLink}>
                  {row.title}
                </a>
              </td>
              <td>{formatMinute(row.start)}</td>
              <td data-testid={testIds.incidentDuration}>
                {ongoing ? (
                  <Badge color="red" icon="circle" text="ongoing" />
                ) : end !== undefined ? (
                  formatDuration(end - row.start)
                ) : (
                  '—'
                )}
              </td>
              <td>
                {row.dashboardUID ? (
                  <a href={`/d/${encodeURIComponent(row.dashboardUID)}`}>{row.dashboardUID}</a>
                ) : (
                  'organisation'
                )}
              </td>
              <td>
                <Badge
                  color={row.severity === 'sev1' ? 'red' : row.severity === 'sev2' ? 'orange' : 'blue'}
                  text={row.severity.toUpperCase()}
                />
              </td>
              <td data-testid={testIds.incidentStatus}>
                <Badge color={STATUS_COLOR[status]} text={STATUS_LABEL[status]} />
              </td>
              <td>
                <Stack gap={1}>
                  <LinkButton
                    size="sm"
                    variant="secondary"
                    href={openUrl(row.id)}
                    icon={pinning ? 'clipboard-alt' : 'search'}
                    data-testid={testIds.incidentInvestigate}
                  >
                    {pinning ? 'Pin here' : 'Investigate'}
                  </LinkButton>
                  {ongoing && (
                    <Button
                      size="sm"
                      variant="secondary"
                      icon="check"
                      onClick={() => onEnd(row)}
                      data-testid={testIds.incidentEnd}
                    >
                      End incident
                    </Button>
                  )}
                </Stack>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  table: css({
    width: '100%',
    borderCollapse: 'collapse',
    'th, td': { padding: theme.spacing(1), borderBottom: `1px solid ${theme.colors.border.weak}`, textAlign: 'left' },
    th: { color: theme.colors.text.secondary, fontWeight: theme.typography.fontWeightMedium },
  }),
  title: css({ color: theme.colors.text.link, fontWeight: theme.typography.fontWeightMedium }),
  hidden: css({ position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' }),
});
