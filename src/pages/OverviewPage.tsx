import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { PluginPage } from '@grafana/runtime';
import { Card, Icon, useStyles2 } from '@grafana/ui';
import { testIds } from '../testIds';

const PANELS = [
  {
    id: 'driftline-drift-panel',
    title: 'Drift',
    icon: 'chart-line' as const,
    text: 'Data and prediction drift, baseline against current, per feature and over time, from raw samples or Prometheus histogram buckets.',
  },
  {
    id: 'driftline-predictions-panel',
    title: 'Predictions',
    icon: 'graph-bar' as const,
    text: 'The prediction distribution of the model, baseline against current, and how it moves.',
  },
  {
    id: 'driftline-timeline-panel',
    title: 'Timeline',
    icon: 'clock-nine' as const,
    text: 'Logs, metrics, traces and annotations on one time axis, with what changed first.',
  },
];

export function OverviewPage() {
  const styles = useStyles2(getStyles);
  return (
    <PluginPage>
      <div data-testid={testIds.overview} className={styles.page}>
        <p className={styles.lead}>
          Driftline answers “what changed?” for AI and ML services: which feature drifted, how the model’s outputs
          moved, and which signal moved first, with deploy, model, data and config changes drawn over every panel.
        </p>
        <h3>Panels</h3>
        <div className={styles.grid}>
          {PANELS.map((panel) => (
            <Card key={panel.id} data-testid={testIds.overviewPanel(panel.id)}>
              <Card.Heading>{panel.title}</Card.Heading>
              <Card.Figure>
                <Icon name={panel.icon} size="xxl" />
              </Card.Figure>
              <Card.Description>{panel.text}</Card.Description>
              <Card.Meta>{[`type: ${panel.id}`]}</Card.Meta>
            </Card>
          ))}
        </div>
        <h3>Try it</h3>
        <p>
          The provisioned “Driftline” dashboards show the panels on three demo incidents served by the Driftline demo
          data source. Add the panels to your own dashboards from the visualization picker.
        </p>
      </div>
    </PluginPage>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({ maxWidth: 1100 }),
  lead: css({ fontSize: theme.typography.h5.fontSize, color: theme.colors.text.secondary }),
  grid: css({ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(300px, 1fr))', gap: theme.spacing(2) }),
});
