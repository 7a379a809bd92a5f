import React, { useCallback, useMemo, useState } from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { PluginPage } from '@grafana/runtime';
import {
  Alert,
  Button,
  Field,
  Icon,
  Input,
  LoadingPlaceholder,
  RadioButtonGroup,
  Stack,
  useStyles2,
} from '@grafana/ui';
import { AnnotationOutbox, getDefaultOutbox } from '../../api/outbox';
import { workbenchUrl } from '../../constants';
import {
  appendVariableParams,
  filterIncidents,
  IncidentFilter,
  inPanelContext,
  PanelContext,
  RcaStatus,
  SEVERITIES,
} from '../../rca';
import { decodePins, PIN_PARAM, pinnedLines, pinnedSummaryTitle } from '../../sendToWorkbench';
import { AppSettings } from '../../types';
import { DeclareForm } from './DeclareForm';
import { formatMinute, IncidentsTable, STATUS_LABEL } from './IncidentsTable';
import { useIncidents } from './useIncidents';
import { getPageStyles } from '../styles';
import { testIds } from '../../testIds';

interface Props {
  settings?: AppSettings;
  outbox?: AnnotationOutbox;
  now?: () => number;
  /** Opened from a panel's "Investigate in Driftline": only the incidents of its dashboard and time range. */
  panelContext?: PanelContext;
  /**
   * Findings sent from a timeline panel with no incident in Grafana yet (`?pin=`): they go with the link to
   * the incident chosen here, or to the one declared here once Grafana has it.
   */
  pin?: string;
  /** Drops the waiting findings (from the URL). */
  onDiscardPins?: () => void;
}

/** Incidents across dashboards, with their RCA status, and declaring or ending one. */
export function IncidentsPage({
  settings,
  outbox = getDefaultOutbox(),
  now = Date.now,
  panelContext,
  pin,
  onDiscardPins,
}: Props) {
  const styles = useStyles2(getStyles);
  const page = useStyles2(getPageStyles);
  const [context, setContext] = useState(panelContext);
  const [filter, setFilter] = useState<IncidentFilter>({ status: 'all', severity: 'all', search: '' });
  const [declaring, setDeclaring] = useState(false);
  const pins = useMemo(() => (pin ? decodePins(pin) : undefined), [pin]);
  const waiting = pins?.ok ? pins.findings : undefined;
  const waitingTitle = waiting && pinnedSummaryTitle(waiting);
  const waitingLines = useMemo(() => (waiting ? pinnedLines(waiting) : []), [waiting]);
  /** The workbench of an incident, with the waiting findings and the panel's dashboard variables. */
  const openUrl = useCallback(
    (id: string) => {
      const params = appendVariableParams(new URLSearchParams(), panelContext?.variables);
      const query = [waiting && pin ? `${PIN_PARAM}=${pin}` : '', params.toString()].filter(Boolean).join('&');
      return query ? `${workbenchUrl(id)}?${query}` : workbenchUrl(id);
    },
    [waiting, pin, panelContext]
  );
  // The panel the page came from, even once its filter is cleared: an incident declared on its dashboard stores it.
  const incidents = useIncidents({ settings, outbox, now, context: panelContext, openUrl });
  const { load, incidentTags, statusOf } = incidents;

  const inContext =
    load.state === 'ready' && context ? load.rows.filter((row) => inPanelContext(row, context, now())) : [];
  const rows = load.state === 'ready' ? (context ? inContext : load.rows) : [];
  const visible = filterIncidents(rows, statusOf, filter);

  return (
    <PluginPage>
      <div data-testid={testIds.incidents} className={styles.page}>
        <Stack gap={2} wrap="wrap" alignItems="flex-end">
          <Field label="Search" className={styles.field}>
            <Input
              data-testid={testIds.incidentsSearch}
              prefix={<Icon name="search" />}
              placeholder="Title, dashboard or tag"
              value={filter.search}
              onChange={(event) => setFilter({ ...filter, search: event.currentTarget.value })}
            />
          </Field>
          <Field label="RCA status" className={styles.field}>
            <div data-testid={testIds.incidentsFilterStatus}>
              <RadioButtonGroup
                options={[
                  { label: 'All', value: 'all' },
                  ...(['none', 'draft', 'published'] as RcaStatus[]).map((value) => ({
                    label: STATUS_LABEL[value],
                    value,
                  })),
                ]}
                value={filter.status}
                onChange={(status) => setFilter({ ...filter, status: status as IncidentFilter['status'] })}
              />
            </div>
          </Field>
          <Field label="Severity" className={styles.field}>
            <div data-testid={testIds.incidentsFilterSeverity}>
              <RadioButtonGroup
                options={[
                  { label: 'All', value: 'all' },
                  ...SEVERITIES.map((value) => ({ label: value.toUpperCase(), value })),
                ]}
                value={filter.severity}
                onChange={(severity) => setFilter({ ...filter, severity: severity as IncidentFilter['severity'] })}
              />
            </div>
          </Field>
          <Button
            icon="exclamation-triangle"
            variant="destructive"
            onClick={() => setDeclaring(true)}
            data-testid={testIds.declareOpen}
          >
            Declare incident
          </Button>
        </Stack>

        {context && (
          <Alert
            severity="info"
            title={`Incidents on ${context.dashboardTitle ?? context.dashboardUID ?? 'every dashboard'}, ${formatMinute(context.from)} to ${context.to === undefined ? 'now' : formatMinute(context.to)}`}
            data-testid={testIds.incidentsContext}
          >
            <p>
              {load.state === 'ready' && inContext.length === 0
                ? 'No incident overlaps this time range: declare one if something is wrong.'
                : 'Only the incidents that overlap the time range of the panel you came from.'}
            </p>
            <Button
              size="sm"
              variant="secondary"
              onClick={() => setContext(undefined)}
              data-testid={testIds.incidentsContextClear}
            >
              Show all incidents
            </Button>
          </Alert>
        )}

        {waitingTitle && (
          <Alert
            severity="info"
            title={`${waitingTitle.what} ${waitingTitle.count === 1 ? 'is' : 'are'} waiting to be pinned`}
            data-testid={testIds.incidentsPins}
            onRemove={onDiscardPins}
          >
            <p>
              Open an incident below and they are added to its evidence; or declare one, and its workbench opens with
              them once Grafana has it.
            </p>
            <ol className={styles.pins} data-testid={testIds.incidentsPinsList}>
              {waitingLines.slice(0, 5).map((line, index) => (
                <li key={index}>{line}</li>
              ))}
            </ol>
            {waitingLines.length > 5 && <p className={styles.pinsMore}>…and {waitingLines.length - 5} more.</p>}
          </Alert>
        )}
        {pins && !pins.ok && (
          <Alert
            severity="warning"
            title="The findings sent from the panel were not read"
            data-testid={testIds.incidentsPinsProblem}
            onRemove={onDiscardPins}
          >
            {pins.problem}
          </Alert>
        )}

        {declaring && (
          <DeclareForm
            initialDashboardUID={context?.dashboardUID}
            onCancel={() => setDeclaring(false)}
            onDeclare={(declaration) => {
              incidents.declare(declaration, waiting !== undefined);
              setDeclaring(false);
            }}
          />
        )}

        {incidents.pending.map((item) => (
          <Alert
            key={item.clientId}
            severity={item.status === 'failed' ? 'error' : 'info'}
            title={item.op === 'create' ? `Declaring “${item.annotation.text}”` : 'Saving'}
            data-testid={testIds.declarePending}
          >
            {item.status === 'failed'
              ? `Not saved: ${item.lastError?.message ?? 'unknown error'}.`
              : 'Saved in this browser; sending it to Grafana…'}
            {item.status === 'failed' && (
              <Button
                size="sm"
                variant="secondary"
                onClick={() => outbox.retry(item.clientId)}
                className={styles.retry}
              >
                Retry
              </Button>
            )}
          </Alert>
        ))}

        {load.state === 'loading' && (
          <LoadingPlaceholder text="Loading incidents…" data-testid={testIds.incidentsLoading} />
        )}
        {load.state === 'error' && (
          <Alert severity="error" title="Could not load incidents" data-testid={testIds.incidentsError}>
            <p>{load.message}</p>
            <Button
              variant="secondary"
              icon="sync"
              onClick={() => void incidents.reload()}
              data-testid={testIds.incidentsRetry}
            >
              Retry
            </Button>
          </Alert>
        )}
        {load.state === 'ready' && load.rows.length === 0 && (
          <div className={styles.empty} data-testid={testIds.incidentsEmpty}>
            <Icon name="exclamation-triangle" size="xxl" />
            <p>
              No incidents: declare one when something is wrong, or add a region annotation tagged{' '}
              <code>{incidentTags[0] ?? 'incident'}</code> on a dashboard.
            </p>
          </div>
        )}
        {load.state === 'ready' && rows.length > 0 && (
          <IncidentsTable
            rows={visible}
            statusOf={statusOf}
            ended={incidents.ended}
            openUrl={openUrl}
            pinning={waiting !== undefined}
            onEnd={incidents.endIncident}
          />
        )}
        {load.state === 'ready' && rows.length > 0 && visible.length === 0 && (
          <p className={page.muted} data-testid={testIds.incidentsNoMatch}>
            No incident matches the filters.
          </p>
        )}
      </div>
    </PluginPage>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(2) }),
  field: css({ marginBottom: 0 }),
  retry: css({ marginLeft: theme.spacing(1) }),
  empty: css({
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'center',
    gap: theme.spacing(1),
    padding: theme.spacing(4),
    color: theme.colors.text.secondary,
  }),
  pins: css({ margin: theme.spacing(0, 0, 0, 2), color: theme.colors.text.secondary }),
  pinsMore: css({ margin: 0, color: theme.colors.text.secondary }),
});
