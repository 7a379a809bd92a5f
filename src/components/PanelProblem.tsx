import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2, PanelData } from '@grafana/data';
import { PanelDataErrorView } from '@grafana/runtime';
import { Icon, useStyles2 } from '@grafana/ui';
import { FrameProblem } from '../data/frames';
import { testIds } from '../testIds';

interface Props {
  problem: FrameProblem;
  panelId: number;
  data: PanelData;
}

/**
 * Empty data goes to Grafana's own PanelDataErrorView, like core panels; every other problem is
 * explained in the panel with what to change.
 */
export function PanelProblem({ problem, panelId, data }: Props) {
  const styles = useStyles2(getStyles);
  if (problem.code === 'no-data') {
    return (
      <div data-testid={testIds.problem} data-problem={problem.code} className={styles.fill}>
        <PanelDataErrorView panelId={panelId} data={data} message={problem.message} needsTimeField needsNumberField />
      </div>
    );
  }
  return (
    <div data-testid={testIds.problem} data-problem={problem.code} role="alert" className={styles.box}>
      <Icon name="exclamation-triangle" className={styles.icon} aria-hidden />
      <div className={styles.message}>{problem.message}</div>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  fill: css({ width: '100%', height: '100%' }),
  box: css({
    display: 'flex',
    gap: theme.spacing(1),
    alignItems: 'flex-start',
    margin: theme.spacing(1),
    padding: theme.spacing(1.5),
    border: `1px solid ${theme.colors.warning.border}`,
    borderRadius: theme.shape.radius.default,
    background: theme.colors.background.secondary,
    color: theme.colors.text.primary,
    fontSize: theme.typography.bodySmall.fontSize,
  }),
  icon: css({ color: theme.colors.warning.text, flexShrink: 0, marginTop: 2 }),
  message: css({ overflowWrap: 'anywhere' }),
});
