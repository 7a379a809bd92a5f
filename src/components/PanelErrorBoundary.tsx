import React, { ComponentType } from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2, PanelProps } from '@grafana/data';
import { Alert, ErrorBoundary, useStyles2 } from '@grafana/ui';

interface Props {
  /** The panel in the user's words, e.g. "drift panel". */
  panelName: string;
  /** Rendering is tried again when any of these change: new data, another time range, other options. */
  retryOn: unknown[];
  children: React.ReactNode;
}

/**
 * Keeps a panel's failure inside the panel: a bug while rendering shows Grafana's error alert with the
 * message where the panel was, instead of taking the dashboard (or the whole page) down with it.
 */
export function PanelErrorBoundary({ panelName, retryOn, children }: Props) {
  const styles = useStyles2(getStyles);
  return (
    <ErrorBoundary boundaryName={`driftline-${panelName}`} dependencies={retryOn}>
      {({ error }) =>
        error ? (
          <div className={styles.box} data-testid="driftline-panel-error">
            <Alert severity="error" title={`The ${panelName} could not be drawn`}>
              {error.message || String(error)}. Changing the time range or the panel options tries again; if it keeps
              failing, report it with this message.
            </Alert>
          </div>
        ) : (
          children
        )
      }
    </ErrorBoundary>
  );
}

/** A panel component wrapped in {@link PanelErrorBoundary}, as the panel plugins register it. */
export function withPanelErrorBoundary<T>(
  Panel: ComponentType<PanelProps<T>>,
  panelName: string
): ComponentType<PanelProps<T>> {
  function GuardedPanel(props: PanelProps<T>) {
    return (
      <PanelErrorBoundary panelName={panelName} retryOn={[props.data, props.timeRange, props.options]}>
        <Panel {...props} />
      </PanelErrorBoundary>
    );
  }
  GuardedPanel.displayName = `Guarded(${Panel.displayName ?? Panel.name})`;
  return GuardedPanel;
}

const getStyles = (theme: GrafanaTheme2) => ({
  box: css({ padding: theme.spacing(1), height: '100%', overflow: 'auto' }),
});
