import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Alert, ErrorBoundary, useStyles2 } from '@grafana/ui';
import { testIds } from '../testIds';

interface Props {
  /** The panel in the user's words, e.g. "drift panel". */
  panelName: string;
  /** Rendering is tried again when any of these change: new data, another time range, other options. */
  retryOn: unknown[];
  children: React.ReactNode;
}

/** A bug while drawing a panel, in Grafana's error alert with the message and what to do. */
export function PanelErrorView({ panelName, error }: { panelName: string; error: Error }) {
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.box} data-testid={testIds.panelError}>
      <Alert severity="error" title={`The ${panelName} could not be drawn`}>
        {error.message || String(error)}. Changing the time range or the panel options tries again; if it keeps failing,
        report it with this message.
      </Alert>
    </div>
  );
}

/**
 * Keeps a panel's failure inside the panel: a bug while rendering shows Grafana's error alert with the
 * message where the panel (or its body) was, instead of taking the dashboard (or the whole page) down with it.
 */
export function PanelErrorBoundary({ panelName, retryOn, children }: Props) {
  return (
    <ErrorBoundary boundaryName={`driftline-${panelName}`} dependencies={retryOn}>
      {({ error }) => (error ? <PanelErrorView panelName={panelName} error={error} /> : children)}
    </ErrorBoundary>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  box: css({ padding: theme.spacing(1), height: '100%', overflow: 'auto' }),
});
