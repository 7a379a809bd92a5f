import React, { useState } from 'react';
import { css } from '@emotion/css';
import { dateTimeFormat, GrafanaTheme2 } from '@grafana/data';
import { TimeZone } from '@grafana/schema';
import {
  Alert,
  Button,
  ClipboardButton,
  Combobox,
  Field,
  Input,
  LinkButton,
  LoadingPlaceholder,
  Modal,
  RadioButtonGroup,
  Stack,
  useStyles2,
} from '@grafana/ui';
import { AlertingApi } from '../../../api/alerting';
import { testIds } from '../../../testIds';
import { PLUGIN_BASE_URL, ROUTES } from '../../../constants';
import { AnnotationEvent } from '../../../data/annotations';
import { Backtest } from '../../../data/alertRuleDraft';
import { BacktestStrip } from './BacktestStrip';
import { AlertRulePanel, useAlertRuleDraft } from './useAlertRuleDraft';

interface Props {
  panel: AlertRulePanel;
  /** The panel's annotations, drawn on the strip; the incident's declaration dates the backtest. */
  events: AnnotationEvent[];
  incidentDeclared?: number;
  windows?: { baseline: { from: number; to: number }; current: { from: number; to: number } };
  now: number;
  timeZone: TimeZone;
  canCreate: boolean;
  onDismiss: () => void;
  api?: AlertingApi;
}

const DAY = 86_400_000;
const HOUR = 3_600_000;
const FORMAT = 'YYYY-MM-DD HH:mm';

function amount(ms: number): string {
  const plural = (count: number, unit: string) => `${count} ${unit}${count === 1 ? '' : 's'}`;
  if (ms >= 2 * DAY) {
    return plural(Math.round(ms / DAY), 'day');
  }
  if (ms >= 2 * HOUR) {
    return plural(Math.round(ms / HOUR), 'hour');
  }
  return plural(Math.max(1, Math.round(ms / 60_000)), 'minute');
}

/** "Would have fired 2026-11-15 23:10 on <feature>, 16 days before the incident was declared." */
export function backtestSentence(
  backtest: Backtest,
  options: { timeZone: TimeZone; incidentDeclared?: number; threshold: number; forText: string }
): string {
  const first = backtest.firstFiring;
  if (!first) {
    return `Would not have fired in this range: no feature's score stayed at or above ${options.threshold} for ${options.forText}.`;
  }
  const when = dateTimeFormat(first.time, { timeZone: options.timeZone, format: FORMAT });
  const incident = options.incidentDeclared;
  const relative =
    incident === undefined
      ? ''
      : first.time <= incident
        ? `, ${amount(incident - first.time)} before the incident was declared`
        : `, ${amount(first.time - incident)} after the incident was declared`;
  return `Would have fired ${when} on ${first.feature}${relative}.`;
}

type RuleFormat = 'prometheus' | 'grafana';

function download(text: string, filename: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/yaml' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/**
 * Create alert rule, from a drift panel on a Prometheus histogram: the rules for the panel's method, threshold
 * and baseline; a backtest over the dashboard range drawn on the panel's time strip; Download, Copy, and
 * Create in Grafana (Grafana-managed rules in a folder the user picks; not offered to viewers).
 */
export function AlertRuleDialog(props: Props) {
  const { panel, events, incidentDeclared, windows, now, timeZone, canCreate, onDismiss } = props;
  const styles = useStyles2(getStyles);
  const draft = useAlertRuleDraft(panel, props.api);
  const [format, setFormat] = useState<RuleFormat>('prometheus');
  const shown = format === 'prometheus' ? draft.prometheusFile : draft.grafana;
  const text = 'text' in shown ? shown.text : undefined;
  const filename = `driftline-${(draft.metric || 'drift').replace(/[^A-Za-z0-9_-]+/g, '_')}-${format === 'prometheus' ? 'rules' : 'grafana-alerting'}.yaml`;
  const backtest = draft.backtest;
  const threshold = panel.threshold;
  const creating = draft.create.status === 'saving';

  return (
    <Modal title="Create alert rule" isOpen onDismiss={onDismiss} className={styles.modal}>
      <div data-testid={testIds.alertRule.dialog}>
        <p className={styles.lead}>
          Rules that compute this panel&apos;s drift where the data lives, around the clock: {panel.method}, threshold{' '}
          {threshold}, windows of {amount(panel.windowMs)},{' '}
          {draft.baseline.mode === 'fixed'
            ? `baseline ${dateTimeFormat(draft.baseline.range.from, { timeZone, format: FORMAT })} → ${dateTimeFormat(draft.baseline.range.to, { timeZone, format: FORMAT })}`
            : draft.baseline.mode === 'timeShift'
              ? `baseline the same window ${amount(draft.baseline.shiftMs)} earlier`
              : 'baseline the window before'}
          .
        </p>

        <section className={styles.section} aria-label="Backtest" data-testid={testIds.alertRule.backtest}>
          <h5 className={styles.heading}>Backtest over the dashboard range</h5>
          {backtest.status === 'loading' && <LoadingPlaceholder text="Backtesting the rules on the panel's data…" />}
          {backtest.status === 'error' && (
            <Alert severity="error" title="The backtest could not run">
              {backtest.message}
            </Alert>
          )}
          {backtest.status === 'ready' && (
            <>
              <p
                className={backtest.value.firstFiring ? styles.firing : styles.quiet}
                data-testid={testIds.alertRule.backtestSummary}
                data-first-firing={backtest.value.firstFiring?.time ?? ''}
                data-feature={backtest.value.firstFiring?.feature ?? ''}
              >
                {backtestSentence(backtest.value, { timeZone, incidentDeclared, threshold, forText: draft.forText })}
              </p>
              <BacktestStrip
                backtest={backtest.value}
                range={panel.range}
                events={events}
                now={now}
                timeZone={timeZone}
                windows={windows}
              />
              {backtest.value.features.some((feature) => feature.problem) && (
                <ul className={styles.problems}>
                  {backtest.value.features
                    .filter((feature) => feature.problem)
                    .map((feature) => (
                      <li key={feature.feature}>
                        {feature.feature}: {feature.problem}
                      </li>
                    ))}
                </ul>
              )}
            </>
          )}
        </section>

        <section className={styles.section} aria-label="Rule settings">
          <Stack gap={2} wrap="wrap">
            <Field
              label="Histogram"
              description={
                draft.selector
                  ? `read from the ${draft.selector.source === 'query' ? 'query' : 'series labels'}`
                  : 'not found in the query: name it'
              }
              invalid={!draft.metric.trim()}
            >
              <Input
                value={draft.metric}
                onChange={(event) => draft.setMetric(event.currentTarget.value)}
                width={32}
                data-testid={testIds.alertRule.metric}
              />
            </Field>
            <Field
              label="For"
              description="how long the score must stay over the threshold"
              invalid={!!draft.forError}
              error={draft.forError}
            >
              <Input
                value={draft.forText}
                onChange={(event) => draft.setForText(event.currentTarget.value)}
                width={12}
                data-testid={testIds.alertRule.forDuration}
              />
            </Field>
            <Field label="Severity" description="the alert's severity label">
              <Input
                value={draft.severity}
                onChange={(event) => draft.setSeverity(event.currentTarget.value)}
                width={16}
                data-testid={testIds.alertRule.severity}
              />
            </Field>
          </Stack>
        </section>

        <section className={styles.section} aria-label="Rules">
          <Stack justifyContent="space-between" alignItems="center">
            <RadioButtonGroup
              size="sm"
              value={format}
              onChange={setFormat}
              options={[
                {
                  value: 'prometheus',
                  label: 'Prometheus rule file',
                  description: 'Prometheus, Mimir or Thanos ruler',
                },
                { value: 'grafana', label: 'Grafana alert rules', description: 'Grafana Alerting file provisioning' },
              ]}
            />
            <Stack gap={1}>
              <Button
                size="sm"
                variant="secondary"
                icon="download-alt"
                disabled={!text}
                onClick={() => text && download(text, filename)}
                data-testid={testIds.alertRule.download}
              >
                Download
              </Button>
              <ClipboardButton
                size="sm"
                variant="secondary"
                icon="copy"
                disabled={!text}
                getText={() => text ?? ''}
                data-testid={testIds.alertRule.copy}
              >
                Copy
              </ClipboardButton>
            </Stack>
          </Stack>
          {text ? (
            <pre className={styles.rules} tabIndex={0} data-testid={testIds.alertRule.rules} data-format={format}>
              {text}
            </pre>
          ) : (
            <p className={styles.quiet} data-testid={testIds.alertRule.rules} data-format={format}>
              {'error' in shown ? shown.error : ''}
            </p>
          )}
        </section>

        {canCreate ? (
          <section className={styles.section} aria-label="Create in Grafana">
            <h5 className={styles.heading}>Create in Grafana</h5>
            <Stack gap={2} wrap="wrap" alignItems="flex-end">
              {!draft.panelDataSource && (
                <Field
                  label="Prometheus data source"
                  description="the panel's data source is not Prometheus: the rules query this one"
                >
                  {draft.dataSources.length > 0 ? (
                    <Combobox<string>
                      aria-label="Prometheus data source"
                      width={28}
                      value={draft.datasourceUid ?? null}
                      options={draft.dataSources.map((source) => ({ value: source.uid, label: source.name }))}
                      onChange={(option) => draft.setDatasourceUid(option?.value)}
                      data-testid={testIds.alertRule.datasource}
                    />
                  ) : (
                    <span className={styles.quiet}>
                      No Prometheus data source in this Grafana: download the rules instead.
                    </span>
                  )}
                </Field>
              )}
              <Field label="Folder" description="Grafana keeps alert rules in folders">
                <div data-testid={testIds.alertRule.folder}>
                  {draft.folders.status === 'loading' && <LoadingPlaceholder text="Reading the folders…" />}
                  {draft.folders.status === 'error' && (
                    <Stack gap={1} alignItems="center">
                      <span className={styles.error}>{draft.folders.message}</span>
                      <Button size="sm" variant="secondary" onClick={draft.reloadFolders}>
                        Retry
                      </Button>
                    </Stack>
                  )}
                  {draft.folders.status === 'ready' &&
                    (draft.folders.value.length === 0 ? (
                      <span className={styles.quiet}>
                        No folders yet: create one in Grafana (Dashboards → New → New folder).
                      </span>
                    ) : (
                      <Combobox<string>
                        aria-label="Folder"
                        width={28}
                        placeholder="Choose a folder"
                        value={draft.folderUid ?? null}
                        options={draft.folders.value.map((folder) => ({ value: folder.uid, label: folder.title }))}
                        onChange={(option) => draft.setFolderUid(option?.value)}
                        data-testid={testIds.alertRule.folderInput}
                      />
                    ))}
                </div>
              </Field>
              <Button
                icon={creating ? 'spinner' : 'bell'}
                disabled={creating || 'error' in draft.grafana}
                onClick={draft.createInGrafana}
                data-testid={testIds.alertRule.createInGrafana}
                tooltip={'error' in draft.grafana ? draft.grafana.error : undefined}
              >
                {creating && draft.create.status === 'saving'
                  ? `Creating… ${draft.create.done} of ${draft.create.total}`
                  : 'Create in Grafana'}
              </Button>
            </Stack>
            {draft.create.status === 'done' && (
              <Alert severity="success" title="Alert rules created" data-testid={testIds.alertRule.result}>
                {draft.create.saved.length} rule{draft.create.saved.length === 1 ? '' : 's'} in {draft.create.folder},
                editable in Grafana Alerting.{' '}
                <LinkButton size="sm" variant="secondary" fill="text" href={`${PLUGIN_BASE_URL}/${ROUTES.AlertRules}`}>
                  See their state
                </LinkButton>
              </Alert>
            )}
            {draft.create.status === 'error' && (
              <Alert
                severity="error"
                title={
                  draft.create.kind === 'forbidden' ? 'Grafana refused: no permission' : 'The rules were not created'
                }
                data-testid={testIds.alertRule.error}
                data-kind={draft.create.kind}
              >
                {draft.create.message}
                {draft.create.saved.length > 0 && ` (${draft.create.saved.length} rule(s) were created before this.)`}
              </Alert>
            )}
          </section>
        ) : (
          <p className={styles.quiet} data-testid={testIds.alertRule.viewerNote}>
            Creating alert rules in Grafana needs the Editor role: download or copy the rules, or ask an editor.
          </p>
        )}
        <Modal.ButtonRow>
          <Button variant="secondary" fill="outline" onClick={onDismiss}>
            Close
          </Button>
        </Modal.ButtonRow>
      </div>
    </Modal>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  modal: css({ width: `min(1100px, 95vw)` }),
  lead: css({ color: theme.colors.text.secondary }),
  section: css({ marginBottom: theme.spacing(2) }),
  heading: css({ marginBottom: theme.spacing(1) }),
  rules: css({
    maxHeight: 280,
    overflow: 'auto',
    marginTop: theme.spacing(1),
    padding: theme.spacing(1),
    fontFamily: theme.typography.fontFamilyMonospace,
    fontSize: theme.typography.bodySmall.fontSize,
    background: theme.colors.background.canvas,
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    '&:focus-visible': { outline: `2px solid ${theme.colors.primary.main}` },
  }),
  firing: css({ color: theme.colors.error.text, fontWeight: theme.typography.fontWeightMedium }),
  quiet: css({ color: theme.colors.text.secondary }),
  error: css({ color: theme.colors.error.text }),
  problems: css({ color: theme.colors.warning.text, fontSize: theme.typography.bodySmall.fontSize }),
});
