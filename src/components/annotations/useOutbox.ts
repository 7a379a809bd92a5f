import { useCallback, useMemo, useSyncExternalStore } from 'react';
import { AnnotationPatch } from '../../api/annotationsApi';
import { AnnotationDraft, AnnotationOutbox, getDefaultOutbox, OutboxItem } from '../../api/outbox';

export interface UseOutboxResult {
  /** Every stored item of the dashboard, sent ones included (a panel draws them until its query has them). */
  items: readonly OutboxItem[];
  /** The items not yet acknowledged by Grafana: pending, sending or failed. */
  unsent: OutboxItem[];
  /** Stores and sends a new annotation; throws an `invalid` AnnotationWriteError without storing anything. */
  add: (draft: AnnotationDraft) => OutboxItem;
  /** Stores and sends a change, to a server annotation or to one still in the outbox. */
  update: (target: { serverId: number } | { clientId: string }, patch: AnnotationPatch) => OutboxItem;
  retry: (clientId: string) => void;
  discard: (clientId: string) => void;
}

/** A dashboard's outbox items, re-rendered on every change, with the actions on them. */
export function useOutbox(dashboardUID: string, outbox: AnnotationOutbox = getDefaultOutbox()): UseOutboxResult {
  const subscribe = useCallback(
    (onChange: () => void) => outbox.subscribe(dashboardUID, onChange),
    [outbox, dashboardUID]
  );
  const items = useSyncExternalStore(subscribe, () => outbox.getItems(dashboardUID));
  const unsent = useMemo(() => items.filter((item) => item.status !== 'sent'), [items]);
  const add = useCallback(
    (draft: AnnotationDraft) => outbox.enqueueCreate(dashboardUID, draft),
    [outbox, dashboardUID]
  );
  const update = useCallback(
    (target: { serverId: number } | { clientId: string }, patch: AnnotationPatch) =>
      outbox.enqueueUpdate(dashboardUID, target, patch),
    [outbox, dashboardUID]
  );
  const retry = useCallback((clientId: string) => outbox.retry(clientId), [outbox]);
  const discard = useCallback((clientId: string) => outbox.discard(clientId), [outbox]);
  return { items, unsent, add, update, retry, discard };
}
