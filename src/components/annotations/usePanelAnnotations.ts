import { useMemo } from 'react';
import { PanelData } from '@grafana/data';
import { clientIdOf, isClientTag, OutboxItem } from '../../api/outbox';
import {
  AnnotationEvent,
  annotationEvent,
  AnnotationKind,
  eventsOfKinds,
  KindTags,
  ONGOING_TAG,
  readAnnotations,
} from '../../data/annotations';
import { useAnnotationWriting } from './AnnotationWriteContext';
import { useOutbox, UseOutboxResult } from './useOutbox';

/** Events drawn from the outbox, before the dashboard's query returns them, are `outbox-<client id>`. */
const OUTBOX_EVENT_PREFIX = 'outbox-';

/** A Grafana built-in variable such as `${__dashboard.uid}`, or undefined where nothing replaces it. */
export function builtInVariable(replaceVariables: (value: string) => string, variable: string): string | undefined {
  const value = replaceVariables(variable);
  return value && value !== variable ? value : undefined;
}

/** The dashboard a panel writes to: Grafana's built-in variable, or a fixed key outside a dashboard. */
export function dashboardUidOf(replaceVariables: (value: string) => string): string {
  return builtInVariable(replaceVariables, '${__dashboard.uid}') ?? 'no-dashboard';
}

function outboxEvent(item: OutboxItem, kindTags: KindTags): AnnotationEvent | undefined {
  if (item.op !== 'create') {
    return undefined;
  }
  const { annotation } = item;
  const event = annotationEvent(
    {
      id: `${OUTBOX_EVENT_PREFIX}${item.clientId}`,
      time: annotation.time,
      timeEnd: annotation.timeEnd,
      text: annotation.text,
      tags: annotation.tags.filter((tag) => !isClientTag(tag)),
    },
    kindTags
  );
  return {
    ...event,
    writeStatus: item.status,
    writeProblem: item.lastError?.message,
  };
}

/** Applies queued edits (text, tags, edges) to the events they change, so an edit shows at once. */
function applyPendingUpdates(events: AnnotationEvent[], items: readonly OutboxItem[]): AnnotationEvent[] {
  const updates = items.filter((item) => item.op === 'update' && item.status !== 'sent');
  if (updates.length === 0) {
    return events;
  }
  return events.map((event) => {
    let changed = event;
    for (const update of updates) {
      if (update.op !== 'update') {
        continue;
      }
      const target = update.target;
      const matches =
        'serverId' in target ? String(target.serverId) === event.id : outboxClientIdOf(event.id) === target.clientId;
      if (matches) {
        changed = {
          ...changed,
          text: update.patch.text ?? changed.text,
          tags: update.patch.tags ?? changed.tags,
          time: update.patch.time ?? changed.time,
          timeEnd:
            update.patch.tags && !update.patch.tags.includes(ONGOING_TAG)
              ? (update.patch.timeEnd ?? changed.timeEnd ?? changed.time)
              : (update.patch.timeEnd ?? changed.timeEnd),
          isRegion: changed.isRegion || update.patch.timeEnd !== undefined,
          writeStatus: update.status,
          writeProblem: update.lastError?.message,
        };
      }
    }
    return changed;
  });
}

/** The outbox item an event id stands for, while the annotation is drawn from the outbox. */
export function outboxClientIdOf(eventId: string): string | undefined {
  return eventId.startsWith(OUTBOX_EVENT_PREFIX) ? eventId.slice(OUTBOX_EVENT_PREFIX.length) : undefined;
}

/** The id Grafana gave an outbox create once it was sent; undefined before. */
export function sentServerIdOf(clientId: string, items: readonly OutboxItem[]): number | undefined {
  return items.find((item) => item.op === 'create' && item.clientId === clientId)?.serverId;
}

/**
 * Where an annotation an outbox update should change lives: in Grafana's annotation store, or still in the
 * outbox; undefined for annotations that come from a data source and cannot be changed from here.
 */
export function writeTargetOf(event: AnnotationEvent): { serverId: number } | { clientId: string } | undefined {
  const clientId = outboxClientIdOf(event.id);
  if (clientId !== undefined) {
    return { clientId };
  }
  const serverId = Number(event.id);
  return event.inGrafanaStore && Number.isInteger(serverId) ? { serverId } : undefined;
}

export interface PanelAnnotations extends UseOutboxResult {
  dashboardUID: string;
  /** What the dashboard's query returned, plus what was written here and is not in the query yet. */
  allEvents: AnnotationEvent[];
  /** Those of the kinds the panel's options show: what it draws. */
  events: AnnotationEvent[];
  canAnnotate: boolean;
  kindTags: KindTags;
}

/**
 * The annotations a panel draws: the query's, without the outbox's bookkeeping tags, merged with the
 * outbox's writes for this dashboard that the query does not return yet (pending, failed, or sent and
 * waiting for the next refresh). Nothing typed is ever out of sight: a hidden kind hides the marks, never
 * the list of unsent annotations, and an incident still sets the default window while hidden.
 */
export function usePanelAnnotations(
  data: PanelData,
  replaceVariables: (value: string) => string,
  shownKinds?: readonly AnnotationKind[]
): PanelAnnotations {
  const writing = useAnnotationWriting();
  const dashboardUID = dashboardUidOf(replaceVariables);
  const outbox = useOutbox(dashboardUID, writing.outbox);
  const { items } = outbox;

  const allEvents = useMemo(() => {
    const fromQuery = readAnnotations(data.annotations, writing.kindTags);
    const queriedClientIds = new Set<string>();
    const visible = fromQuery.map((event) => {
      const clientId = clientIdOf(event.tags);
      if (clientId === undefined) {
        return event;
      }
      queriedClientIds.add(clientId);
      return { ...event, tags: event.tags.filter((tag) => !isClientTag(tag)) };
    });
    const written = items
      .filter((item) => !queriedClientIds.has(item.clientId))
      .map((item) => outboxEvent(item, writing.kindTags))
      .filter((event): event is AnnotationEvent => event !== undefined);
    return applyPendingUpdates([...visible, ...written], items).sort((a, b) => a.time - b.time);
  }, [data.annotations, items, writing.kindTags]);

  const shownKey = shownKinds?.join(',');
  // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed by the kinds' names, not the array's identity
  const events = useMemo(() => eventsOfKinds(allEvents, shownKinds), [allEvents, shownKey]);

  return { ...outbox, dashboardUID, allEvents, events, canAnnotate: writing.canAnnotate, kindTags: writing.kindTags };
}
