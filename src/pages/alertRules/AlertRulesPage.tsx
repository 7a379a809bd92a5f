import React from 'react';
import { css } from '@emotion/css';
import { dateTimeFormat, GrafanaTheme2 } from '@grafana/data';
import { PluginPage } from '@grafana/runtime';
import { Alert, Badge, BadgeColor, Button, LinkButton, LoadingPlaceholder, useStyles2 } from '@grafana/ui';
import { AlertingApi, AlertRuleStatus } from '../../api/alerting';
import { testIds } from '../../testIds';
import { useDriftlineAlertRules } from './useDriftlineAlertRules';

const STATE_BADGES: Record<AlertRuleStatus['state'], { color: BadgeColor; text: string }> = {
  firing: { color: 'red', text: 'Firing' },
  pending: { color: 'orange', text: 'Pending' },
  recovering: { color: 'orange', text: 'Recovering' },
  normal: { color: 'green', text: 'Normal' },
};

/** Grafana's page for one alert rule; only for uids that are plain identifiers (they come from the server). */
function ruleUrl(uid: string): string | undefined {
  return /^[A-Za-z0-9_-]{1,40}$/.test(uid) ? `/alerting/grafana/${uid}/view` : undefined;
}

function healthText(rule: AlertRuleStatus): string {
  if (rule.health === 'error') {
    return `Error${rule.lastError ? `: ${rule.lastError}` : ''}`;
  }
  if (rule.health === 'nodata') {
    return 'No data';
  }
  if (rule.health === 'unknown' || rule.lastEvaluation === undefined) {
    return 'Not evaluated yet';
  }
  return 'OK';
}

/** The features an alert is active for: "user_recent_categories_count (firing since 11-15 23:10)". */
function activeFeatures(rule: AlertRuleStatus): string[] {
  return rule.alerts
    .filter((alert) => alert.state === 'Alerting' || alert.state === 'Pending')
    .map((alert) => {
      const name = alert.labels.feature ?? Object.values(alert.labels).join(', ');
      const since = alert.activeAt ? ` since ${dateTimeFormat(alert.activeAt, { format: 'YYYY-MM-DD HH:mm' })}` : '';
      return `${name} (${alert.state === 'Alerting' ? 'firing' : 'pending'}${since})`;
    });
}

/** The alert rules Driftline created in Grafana, with the state Grafana evaluates for each. */
export function AlertRulesPage({ api }: { api?: AlertingApi }) {
  const styles = useStyles2(getStyles);
  const state = useDriftlineAlertRules(api);
  const rules = state.rules;
  return (
    <PluginPage>
      <div className={styles.page} data-testid={testIds.alertRule.page} data-status={state.status}>
        <div className={styles.toolbar}>
          <p className={styles.lead}>
            Grafana-managed alert rules created from Driftline&apos;s drift panels. Grafana evaluates them around the
            clock; edit, silence or route them in Grafana Alerting.
          </p>
          <Button
            variant="secondary"
            icon="sync"
            onClick={state.reload}
            disabled={state.status === 'loading'}
            data-testid={testIds.alertRule.refresh}
          >
            Refresh
          </Button>
        </div>
        {state.status === 'error' && (
          <Alert title="The alert rules could not be read" severity="error" data-testid={testIds.alertRule.pageError}>
            {state.message}
          </Alert>
        )}
        {state.status === 'loading' && !rules && (
          <div data-testid={testIds.alertRule.pageLoading}>
            <LoadingPlaceholder text="Reading the alert rules…" />
          </div>
        )}
        {rules && rules.length === 0 && (
          <div className={styles.empty} data-testid={testIds.alertRule.pageEmpty}>
            <h4>No alert rules from Driftline yet</h4>
            <p>
              On a drift panel that shows a Prometheus histogram, choose <strong>Create alert rule</strong>: it shows
              the rules with a backtest over the dashboard range, and creates them in a folder you pick.
            </p>
          </div>
        )}
        {rules && rules.length > 0 && (
          <table className={styles.table} aria-label="Alert rules created by Driftline">
            <thead>
              <tr>
                <th scope="col">Rule</th>
                <th scope="col">Folder / group</th>
                <th scope="col">State</th>
                <th scope="col">Active for</th>
                <th scope="col">Health</th>
                <th scope="col">Last evaluation</th>
                <th scope="col">
                  <span className={styles.hidden}>Open in Grafana</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rules.map((rule) => {
                const badge = STATE_BADGES[rule.state];
                const active = activeFeatures(rule);
                const url = ruleUrl(rule.uid);
                return (
                  <tr
                    key={rule.uid}
                    data-testid={testIds.alertRule.pageRow}
                    data-uid={rule.uid}
                    data-state={rule.state}
                    data-health={rule.health}
                  >
                    <td className={styles.title}>{rule.title}</td>
                    <td className={styles.muted}>
                      {rule.folder || rule.folderUid} / {rule.group}
                    </td>
                    <td>
                      <Badge color={badge.color} text={badge.text} />
                    </td>
                    <td className={styles.muted}>{active.length ? active.join(' · ') : '—'}</td>
                    <td className={rule.health === 'error' ? styles.error : styles.muted}>{healthText(rule)}</td>
                    <td className={styles.muted}>
                      {rule.lastEvaluation
                        ? dateTimeFormat(rule.lastEvaluation, { format: 'YYYY-MM-DD HH:mm:ss' })
                        : '—'}
                    </td>
                    <td>
                      {url && (
                        <LinkButton href={url} size="sm" variant="secondary" fill="text" icon="external-link-alt">
                          Open
                        </LinkButton>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </div>
    </PluginPage>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({ maxWidth: 1400 }),
  toolbar: css({ display: 'flex', alignItems: 'flex-start', gap: theme.spacing(2), marginBottom: theme.spacing(2) }),
  lead: css({ flex: 1, color: theme.colors.text.secondary, margin: 0 }),
  empty: css({
    padding: theme.spacing(3),
    border: `1px dashed ${theme.colors.border.medium}`,
    borderRadius: theme.shape.radius.default,
    color: theme.colors.text.secondary,
  }),
  table: css({
    width: '100%',
    borderCollapse: 'collapse',
    'th, td': {
      textAlign: 'left',
      padding: theme.spacing(1),
      borderBottom: `1px solid ${theme.colors.border.weak}`,
      verticalAlign: 'top',
    },
    th: { color: theme.colors.text.secondary, fontWeight: theme.typography.fontWeightMedium },
  }),
  title: css({ fontWeight: theme.typography.fontWeightMedium }),
  muted: css({ color: theme.colors.text.secondary }),
  error: css({ color: theme.colors.error.text }),
  hidden: css({
    position: 'absolute',
    width: 1,
    height: 1,
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
  }),
});
