import React, { useCallback, useEffect, useMemo, useState } from 'react';
import { css } from '@emotion/css';
import { dateTimeFormat, GrafanaTheme2 } from '@grafana/data';
import { locationService, PluginPage } from '@grafana/runtime';
import {
  Alert,
  Badge,
  Button,
  Field,
  Icon,
  Input,
  LinkButton,
  LoadingPlaceholder,
  RadioButtonGroup,
  Stack,
  useStyles2,
} from '@grafana/ui';
import { AnnotationWriteError } from '../../api/annotationsApi';
import { listIncidents } from '../../api/incidents';
import { AnnotationOutbox, getDefaultOutbox, OutboxItem } from '../../api/outbox';
import { workbenchUrl } from '../../constants';
import {
  declareTags,
  endIncidentPatch,
  filterIncidents,
  formatDuration,
  IncidentFilter,
  IncidentRow,
  IncidentSeverity,
  RcaStatus,
  SEVERITIES,
} from '../../rca';
import { decodePins, PIN_PARAM, pinnedLines, pinnedSummaryTitle } from '../../rca/pins';
import { AppSettings } from '../../types';
import { localStatus, remoteStatuses } from '../../api/worksheets';
import { kindTagsFromJsonData } from '../../data/annotations';
import { inPanelContext, PanelContext } from '../../rca/panelContext';

type LoadState =
  | { state: 'loading' }
  | { state: 'error'; message: string }
  | { state: 'ready'; rows: IncidentRow[]; statuses: Map<string, RcaStatus> };

function errorMessage(error: unknown): string {
  if (error instanceof AnnotationWriteError) {
    if (error.status === 403) {
      return "You don't have permission to read annotations in this organisation (HTTP 403). Ask an administrator for access.";
    }
    return error.status ? `${error.message} (HTTP ${error.status})` : error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

const STATUS_LABEL: Record<RcaStatus, string> = { none: 'No RCA', draft: 'Draft', published: 'Published' };
const STATUS_COLOR: Record<RcaStatus, 'red' | 'orange' | 'green'> = {
  none: 'red',
  draft: 'orange',
  published: 'green',
};

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

function formatMinute(time: number): string {
  return dateTimeFormat(time, { format: 'YYYY-MM-DD HH:mm' });
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
  const [context, setContext] = useState(panelContext);
  const incidentTags = useMemo(() => kindTagsFromJsonData(settings).incident, [settings]);
  const [load, setLoad] = useState<LoadState>({ state: 'loading' });
  const [filter, setFilter] = useState<IncidentFilter>({ status: 'all', severity: 'all', search: '' });
  const [declaring, setDeclaring] = useState(false);
  const [pending, setPending] = useState<OutboxItem[]>([]);
  const [ended, setEnded] = useState<Record<string, number>>({});
  const pins = useMemo(() => (pin ? decodePins(pin) : undefined), [pin]);
  const waiting = pins?.ok ? pins.findings : undefined;
  const waitingTitle = waiting && pinnedSummaryTitle(waiting);
  const waitingLines = useMemo(() => (waiting ? pinnedLines(waiting) : []), [waiting]);
  /** The workbench of an incident, with the waiting findings. */
  const openUrl = useCallback(
    (id: string) => (waiting && pin ? `${workbenchUrl(id)}?${PIN_PARAM}=${pin}` : workbenchUrl(id)),
    [waiting, pin]
  );
  // The incident declared here while findings wait: its workbench opens with them once Grafana has it.
  const [declaredForPins, setDeclaredForPins] = useState<OutboxItem>();

  const fetchIncidents = useCallback(async (): Promise<LoadState> => {
    try {
      const rows = await listIncidents(incidentTags, now());
      // The RCA dashboards' tags give the shared status; this browser's copy fills in what is not saved yet.
      const statuses = await remoteStatuses().catch(() => new Map<string, RcaStatus>());
      return { state: 'ready', rows, statuses };
    } catch (error) {
      return { state: 'error', message: errorMessage(error) };
    }
  }, [incidentTags, now]);

  const reload = useCallback(() => fetchIncidents().then(setLoad), [fetchIncidents]);

  useEffect(() => {
    let cancelled = false;
    fetchIncidents().then((next) => !cancelled && setLoad(next));
    return () => {
      cancelled = true;
    };
  }, [fetchIncidents]);

  // Declared incidents are shown until Grafana has them; then the list is read again.
  useEffect(() => {
    const dashboards = [...new Set(pending.map((item) => item.dashboardUID))];
    const unsubscribers = dashboards.map((uid) =>
      outbox.subscribe(uid, (items) => {
        setPending((current) => {
          const next = current
            .map((item) => items.find((candidate) => candidate.clientId === item.clientId) ?? item)
            .filter((item) => item.status !== 'sent');
          if (next.length < current.length) {
            void reload();
          }
          return next;
        });
      })
    );
    return () => unsubscribers.forEach((unsubscribe) => unsubscribe());
  }, [pending, outbox, reload]);

  useEffect(() => {
    if (!declaredForPins) {
      return;
    }
    const follow = (items: readonly OutboxItem[]) => {
      const item = items.find((candidate) => candidate.clientId === declaredForPins.clientId);
      if (item?.status === 'sent' && item.serverId !== undefined) {
        setDeclaredForPins(undefined);
        locationService.push(openUrl(String(item.serverId)));
      }
    };
    follow(outbox.getItems(declaredForPins.dashboardUID));
    return outbox.subscribe(declaredForPins.dashboardUID, follow);
  }, [declaredForPins, outbox, openUrl]);

  const statusOf = useCallback(
    (id: string): RcaStatus => {
      const remote = load.state === 'ready' ? load.statuses.get(id) : undefined;
      const local = localStatus(id);
      const rank: Record<RcaStatus, number> = { none: 0, draft: 1, published: 2 };
      return remote && rank[remote] > rank[local] ? remote : local;
    },
    [load]
  );

  const endIncident = (row: IncidentRow) => {
    const end = now();
    outbox.enqueueUpdate(row.dashboardUID, { serverId: Number(row.id) }, endIncidentPatch(row.tags, end));
    setEnded({ ...ended, [row.id]: end });
  };

  const inContext =
    load.state === 'ready' && context ? load.rows.filter((row) => inPanelContext(row, context, now())) : [];
  const rows = load.state === 'ready' ? (context ? inContext : load.rows) : [];
  const visible = filterIncidents(rows, statusOf, filter);

  return (
    <PluginPage>
      <div data-testid="driftline-incidents" className={styles.page}>
        <Stack gap={2} wrap="wrap" alignItems="flex-end">
          <Field label="Search" className={styles.field}>
            <Input
              data-testid="driftline-incidents-search"
              prefix={<Icon name="search" />}
              placeholder="Title, dashboard or tag"
              value={filter.search}
              onChange={(event) => setFilter({ ...filter, search: event.currentTarget.value })}
            />
          </Field>
          <Field label="RCA status" className={styles.field}>
            <div data-testid="driftline-incidents-filter-status">
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
            <div data-testid="driftline-incidents-filter-severity">
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
            data-testid="driftline-declare-open"
          >
            Declare incident
          </Button>
        </Stack>

        {context && (
          <Alert
            severity="info"
            title={`Incidents on ${context.dashboardTitle ?? context.dashboardUID ?? 'every dashboard'}, ${formatMinute(context.from)} to ${context.to === undefined ? 'now' : formatMinute(context.to)}`}
            data-testid="driftline-incidents-context"
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
              data-testid="driftline-incidents-context-clear"
            >
              Show all incidents
            </Button>
          </Alert>
        )}

        {waitingTitle && (
          <Alert
            severity="info"
            title={`${waitingTitle.what} ${waitingTitle.count === 1 ? 'is' : 'are'} waiting to be pinned`}
            data-testid="driftline-incidents-pins"
            onRemove={onDiscardPins}
          >
            <p>
              Open an incident below and they are added to its evidence; or declare one, and its workbench opens with
              them once Grafana has it.
            </p>
            <ol className={styles.pins} data-testid="driftline-incidents-pins-list">
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
            data-testid="driftline-incidents-pins-problem"
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
              const item = outbox.enqueueCreate(declaration.dashboardUID, {
                time: now(),
                timeEnd: now(),
                tags: declareTags(declaration.severity),
                text: declaration.title,
              });
              setPending([...pending, item]);
              setDeclaring(false);
              if (waiting) {
                setDeclaredForPins(item);
              }
            }}
          />
        )}

        {pending.map((item) => (
          <Alert
            key={item.clientId}
            severity={item.status === 'failed' ? 'error' : 'info'}
            title={item.op === 'create' ? `Declaring “${item.annotation.text}”` : 'Saving'}
            data-testid="driftline-declare-pending"
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
          <LoadingPlaceholder text="Loading incidents…" data-testid="driftline-incidents-loading" />
        )}
        {load.state === 'error' && (
          <Alert severity="error" title="Could not load incidents" data-testid="driftline-incidents-error">
            <p>{load.message}</p>
            <Button
              variant="secondary"
              icon="sync"
              onClick={() => void reload()}
              data-testid="driftline-incidents-retry"
            >
              Retry
            </Button>
          </Alert>
        )}
        {load.state === 'ready' && load.rows.length === 0 && (
          <div className={styles.empty} data-testid="driftline-incidents-empty">
            <Icon name="exclamation-triangle" size="xxl" />
            <p>
              No incidents: declare one when something is wrong, or add a region annotation tagged{' '}
              <code>{incidentTags[0] ?? 'incident'}</code> on a dashboard.
            </p>
          </div>
        )}
        {load.state === 'ready' && rows.length > 0 && (
          <table className={styles.table} data-testid="driftline-incidents-table">
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
              {visible.map((row) => {
                const end = ended[row.id] ?? row.end;
                const ongoing = row.ongoing && ended[row.id] === undefined;
                const status = statusOf(row.id);
                return (
                  <tr key={row.id} data-testid="driftline-incident-row">
                    <td>
                      <a href={openUrl(row.id)} className={styles.title} data-testid="driftline-incident-link">
                        {row.title}
                      </a>
                    </td>
                    <td>{formatMinute(row.start)}</td>
                    <td data-testid="driftline-incident-duration">
                      {ongoing ? (
                        <Badge color="red" icon="circle" text="ongoing" />
                      ) : end !== undefined ? (
                        formatDuration(end - row.start)
                      ) : (
                        '—'
                      )}
                    </td>
                    <td>
                      {row.dashboardUID ? <a href={`/d/${row.dashboardUID}`}>{row.dashboardUID}</a> : 'organisation'}
                    </td>
                    <td>
                      <Badge
                        color={row.severity === 'sev1' ? 'red' : row.severity === 'sev2' ? 'orange' : 'blue'}
                        text={row.severity.toUpperCase()}
                      />
                    </td>
                    <td data-testid="driftline-incident-status">
                      <Badge color={STATUS_COLOR[status]} text={STATUS_LABEL[status]} />
                    </td>
                    <td>
                      <Stack gap={1}>
                        <LinkButton
                          size="sm"
                          variant="secondary"
                          href={openUrl(row.id)}
                          icon={waiting ? 'clipboard-alt' : 'search'}
                          data-testid="driftline-incident-investigate"
                        >
                          {waiting ? 'Pin here' : 'Investigate'}
                        </LinkButton>
                        {ongoing && (
                          <Button
                            size="sm"
                            variant="secondary"
                            icon="check"
                            onClick={() => endIncident(row)}
                            data-testid="driftline-incident-end"
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
        )}
        {load.state === 'ready' && rows.length > 0 && visible.length === 0 && (
          <p className={styles.muted} data-testid="driftline-incidents-no-match">
            No incident matches the filters.
          </p>
        )}
      </div>
    </PluginPage>
  );
}

interface Declaration {
  title: string;
  severity: IncidentSeverity;
  dashboardUID: string;
}

function DeclareForm({
  onDeclare,
  onCancel,
  initialDashboardUID = '',
}: {
  onDeclare: (declaration: Declaration) => void;
  onCancel: () => void;
  initialDashboardUID?: string;
}) {
  const styles = useStyles2(getStyles);
  const [declaration, setDeclaration] = useState<Declaration>({
    title: '',
    severity: 'sev2',
    dashboardUID: initialDashboardUID,
  });
  const [error, setError] = useState<string>();
  return (
    <form
      className={styles.form}
      data-testid="driftline-declare-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (declaration.title.trim() === '') {
          setError('Say what is wrong, e.g. “Chat unavailable”.');
          return;
        }
        try {
          onDeclare({ ...declaration, title: declaration.title.trim(), dashboardUID: declaration.dashboardUID.trim() });
        } catch (failure) {
          setError(failure instanceof Error ? failure.message : String(failure));
        }
      }}
    >
      <Field label="What is wrong" invalid={!!error} error={error}>
        <Input
          autoFocus
          data-testid="driftline-declare-title"
          value={declaration.title}
          onChange={(event) => setDeclaration({ ...declaration, title: event.currentTarget.value })}
        />
      </Field>
      <Field label="Severity">
        <RadioButtonGroup
          options={SEVERITIES.map((value) => ({ label: value.toUpperCase(), value }))}
          value={declaration.severity}
          onChange={(severity) => setDeclaration({ ...declaration, severity })}
        />
      </Field>
      <Field
        label="Dashboard UID"
        description="The dashboard whose panels show the incident; empty for the whole organisation."
      >
        <Input
          data-testid="driftline-declare-dashboard"
          value={declaration.dashboardUID}
          placeholder="e.g. chatbot-outage"
          onChange={(event) => setDeclaration({ ...declaration, dashboardUID: event.currentTarget.value })}
        />
      </Field>
      <p className={styles.muted}>It starts now and stays ongoing until you end it.</p>
      <Stack gap={1}>
        <Button type="submit" variant="destructive" data-testid="driftline-declare-submit">
          Declare
        </Button>
        <Button variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
      </Stack>
    </form>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(2) }),
  field: css({ marginBottom: 0 }),
  form: css({
    padding: theme.spacing(2),
    maxWidth: 640,
    border: `1px solid ${theme.colors.border.medium}`,
    borderRadius: theme.shape.radius.default,
    background: theme.colors.background.secondary,
  }),
  retry: css({ marginLeft: theme.spacing(1) }),
  empty: css({
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'center',
    gap: theme.spacing(1),
    padding: theme.spacing(4),
    color: theme.colors.text.secondary,
  }),
  table: css({
    width: '100%',
    borderCollapse: 'collapse',
    'th, td': { padding: theme.spacing(1), borderBottom: `1px solid ${theme.colors.border.weak}`, textAlign: 'left' },
    th: { color: theme.colors.text.secondary, fontWeight: theme.typography.fontWeightMedium },
  }),
  title: css({ color: theme.colors.text.link, fontWeight: theme.typography.fontWeightMedium }),
  muted: css({ color: theme.colors.text.secondary }),
  pins: css({ margin: theme.spacing(0, 0, 0, 2), color: theme.colors.text.secondary }),
  pinsMore: css({ margin: 0, color: theme.colors.text.secondary }),
  hidden: css({ position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' }),
});
