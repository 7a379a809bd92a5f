import { useCallback, useEffect, useMemo, useState } from 'react';
import { locationService } from '@grafana/runtime';
import { AnnotationWriteError } from '../../api/annotationsApi';
import { listIncidents } from '../../api/incidents';
import { AnnotationOutbox, OutboxItem } from '../../api/outbox';
import { localStatus, remoteStatuses } from '../../api/worksheets';
import { kindTagsFromJsonData } from '../../data/annotations';
import { annotationDataOf, declareTags, endIncidentPatch, IncidentRow, PanelContext, RcaStatus } from '../../rca';
import { AppSettings } from '../../types';
import { Declaration } from './DeclareForm';

export type LoadState =
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

const STATUS_RANK: Record<RcaStatus, number> = { none: 0, draft: 1, published: 2 };

/**
 * The incidents across dashboards with their RCA status, and what is done to them here: declaring one (through
 * the outbox, shown until Grafana has it) and ending one. `openWhenSent` opens a declared incident's workbench
 * once Grafana gives it an id (findings are waiting to be pinned to it).
 */
export function useIncidents(options: {
  settings?: AppSettings;
  outbox: AnnotationOutbox;
  now: () => number;
  /** The panel the page was opened from: an incident declared on its dashboard stores its variables and range. */
  context?: PanelContext;
  openUrl: (id: string) => string;
}) {
  const { settings, outbox, now, context, openUrl } = options;
  const incidentTags = useMemo(() => kindTagsFromJsonData(settings).incident, [settings]);
  const [load, setLoad] = useState<LoadState>({ state: 'loading' });
  const [pending, setPending] = useState<OutboxItem[]>([]);
  const [ended, setEnded] = useState<Record<string, number>>({});
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
      return remote && STATUS_RANK[remote] > STATUS_RANK[local] ? remote : local;
    },
    [load]
  );

  /** Declares an incident starting now; throws an `invalid` error (shown by the form) before storing anything. */
  const declare = (declaration: Declaration, openWhenSent: boolean) => {
    const at = now();
    // Declared on the dashboard of the panel the page came from: the dashboard as the person saw it goes along.
    const fromPanel = context && context.dashboardUID === declaration.dashboardUID;
    const item = outbox.enqueueCreate(declaration.dashboardUID, {
      time: at,
      timeEnd: at,
      tags: declareTags(declaration.severity),
      text: declaration.title,
      ...(fromPanel
        ? {
            data: annotationDataOf({
              variables: context.variables ?? {},
              range: { from: context.from, to: context.to ?? at },
            }),
          }
        : {}),
    });
    setPending((current) => [...current, item]);
    if (openWhenSent) {
      setDeclaredForPins(item);
    }
  };

  const endIncident = (row: IncidentRow) => {
    const end = now();
    outbox.enqueueUpdate(row.dashboardUID, { serverId: Number(row.id) }, endIncidentPatch(row.tags, end));
    setEnded((current) => ({ ...current, [row.id]: end }));
  };

  return { incidentTags, load, reload, pending, ended, statusOf, declare, endIncident };
}
