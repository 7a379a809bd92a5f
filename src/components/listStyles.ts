import { GrafanaTheme2 } from '@grafana/data';

/** A list without bullets or indent, its items one under another: the pending annotations, the evidence. */
export const stackedList = (theme: GrafanaTheme2) =>
  ({
    listStyle: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(0.5),
  }) as const;
