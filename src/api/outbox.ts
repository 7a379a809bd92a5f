import {
  AnnotationPatch,
  AnnotationsApi,
  AnnotationWriteError,
  AnnotationWriteErrorKind,
  createAnnotationsApi,
  DEFAULT_REQUEST_TIMEOUT_MS,
  HttpTransport,
  validateNewAnnotation,
  validatePatch,
} from './annotationsApi';

/**
 * The annotation outbox: every annotation a person writes ends up on the server exactly once, or stays
 * visible as not sent.
 *
 * - A write is stored locally first (localStorage, one key per dashboard) and is drawn at once as pending.
 * - It is sent in the background, one request at a time, retried with exponential backoff and jitter on
 *   5xx, timeouts and network failures, and at once when the browser comes back `online`.
 * - A reload or a crash loses nothing: a new outbox resumes what is stored. A send that was in flight when
 *   the page died keeps a lease until its request must have ended; then it is retried.
 * - Creates are idempotent: each carries a tag `driftline-client:<clientId>`, and before a create is sent
 *   again after an attempt whose outcome is unknown, the outbox looks it up and adopts the server's id.
 * - A permanent error (403, conflict, invalid) leaves the item `failed` with the reason; the person chooses
 *   `retry` or `discard`.
 */

export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'failed';

export const CLIENT_TAG_PREFIX = 'driftline-client:';

/** The tag every create carries, so a create can be found again after a lost response. */
export function clientTag(clientId: string): string {
  return `${CLIENT_TAG_PREFIX}${clientId}`;
}

/** True for the outbox's bookkeeping tag, which the UI hides. */
export function isClientTag(tag: string): boolean {
  return tag.startsWith(CLIENT_TAG_PREFIX);
}

/** The client id carried by a server annotation's tags, if it was written through an outbox. */
export function clientIdOf(tags: readonly string[]): string | undefined {
  return tags.find(isClientTag)?.slice(CLIENT_TAG_PREFIX.length);
}

export interface OutboxError {
  kind: AnnotationWriteErrorKind;
  message: string;
  retryable: boolean;
  status?: number;
  at: number;
}

export interface AnnotationDraft {
  panelId?: number;
  time: number;
  timeEnd?: number;
  tags: string[];
  text: string;
  /** JSON stored with the annotation (an incident's dashboard context). */
  data?: Record<string, unknown>;
}

interface OutboxItemBase {
  clientId: string;
  dashboardUID: string;
  status: OutboxStatus;
  /** Requests made so far (lookups and writes of one attempt count once). */
  attempts: number;
  /** Epoch ms before which a `pending` item is not sent (backoff). */
  nextAttemptAt: number;
  createdAt: number;
  sentAt?: number;
  /** While `sending`: no other outbox (tab, or the page after a reload) touches the item before this time. */
  leaseUntil?: number;
  /** Identifies the attempt holding the lease; a late answer to an older attempt is ignored. */
  attemptId?: string;
  lastError?: OutboxError;
  /** The Grafana annotation id: of the created annotation, or of the one an update changes. */
  serverId?: number;
}

export interface OutboxCreateItem extends OutboxItemBase {
  op: 'create';
  annotation: AnnotationDraft;
}

export interface OutboxUpdateItem extends OutboxItemBase {
  op: 'update';
  /** What to change: a server annotation, or one still in this outbox (then it waits for its id). */
  target: { serverId: number } | { clientId: string };
  patch: AnnotationPatch;
}

export type OutboxItem = OutboxCreateItem | OutboxUpdateItem;

export type OutboxListener = (items: readonly OutboxItem[]) => void;

/** The part of the Web Storage API the outbox uses; `localStorage` fits. */
export interface OutboxStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export const STORAGE_PREFIX = 'driftline.annotations.outbox.v1:';
const INDEX_KEY = `${STORAGE_PREFIX}dashboards`;

export const RETRY_BASE_MS = 1_000;
export const RETRY_CAP_MS = 60_000;
/** Sent items are kept this long, so a panel can draw them until its next query returns them. */
export const SENT_RETENTION_MS = 24 * 3_600_000;
/** Extra lease after a request's timeout before a send from a dead page is taken over. */
const LEASE_MARGIN_MS = 5_000;
/** How far around an item's time a lookup searches (Grafana matches overlapping annotations). */
const LOOKUP_SLACK_MS = 1_000;

/**
 * Exponential backoff with jitter: attempt 1 waits up to 1 s, then 2 s, 4 s… never more than 60 s; the
 * wait is between half and all of that ("equal jitter"), so tabs that failed together do not retry together.
 */
export function retryDelay(attempts: number, random: () => number = Math.random): number {
  const ceiling = Math.min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** Math.max(0, attempts - 1));
  return Math.round(ceiling * (1 - 0.5 * random()));
}

/** A Web Storage in memory: for tests, and where localStorage is blocked. */
export function createMemoryStorage(): OutboxStorage & { dump(): Record<string, string> } {
  const values = new Map<string, string>();
  return {
    getItem: (key) => values.get(key) ?? null,
    setItem: (key, value) => void values.set(key, String(value)),
    removeItem: (key) => void values.delete(key),
    dump: () => Object.fromEntries(values),
  };
}

function defaultStorage(): OutboxStorage {
  try {
    if (typeof window !== 'undefined' && window.localStorage) {
      const probe = `${STORAGE_PREFIX}probe`;
      window.localStorage.setItem(probe, '1');
      window.localStorage.removeItem(probe);
      return window.localStorage;
    }
  } catch {
    // Private mode or blocked storage: fall through to memory, which still survives an offline period.
  }
  return createMemoryStorage();
}

/** 32 hex digits, so `driftline-client:<id>` stays within the 50-character tag limit. */
export function newClientId(): string {
  const cryptoApi = typeof globalThis.crypto !== 'undefined' ? globalThis.crypto : undefined;
  if (cryptoApi?.randomUUID) {
    return cryptoApi.randomUUID().replace(/-/g, '');
  }
  const bytes = new Uint8Array(16);
  if (cryptoApi?.getRandomValues) {
    cryptoApi.getRandomValues(bytes);
  } else {
    for (let i = 0; i < bytes.length; i++) {
      bytes[i] = Math.floor(Math.random() * 256);
    }
  }
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

function onBrowserOnline(listener: () => void): () => void {
  if (typeof window === 'undefined') {
    return () => {};
  }
  window.addEventListener('online', listener);
  return () => window.removeEventListener('online', listener);
}

function onOtherTabWrites(listener: (key: string) => void): () => void {
  if (typeof window === 'undefined') {
    return () => {};
  }
  const handler = (event: StorageEvent) => event.key && listener(event.key);
  window.addEventListener('storage', handler);
  return () => window.removeEventListener('storage', handler);
}

function toOutboxError(error: unknown, at: number): OutboxError {
  const writeError =
    error instanceof AnnotationWriteError
      ? error
      : new AnnotationWriteError('server', `Sending failed unexpectedly: ${String(error)}`, { retryable: true });
  return {
    kind: writeError.kind,
    message: writeError.message,
    retryable: writeError.retryable,
    status: writeError.status,
    at,
  };
}

export interface OutboxOptions {
  /** Where items live; defaults to localStorage (memory when it is unavailable). */
  storage?: OutboxStorage;
  /** The HTTP layer; defaults to Grafana's backend service. Ignored when `api` is given. */
  transport?: HttpTransport;
  api?: AnnotationsApi;
  /** Request timeout; a send that has not answered by then is retried. */
  requestTimeoutMs?: number;
  now?: () => number;
  setTimeout?: (callback: () => void, ms: number) => unknown;
  clearTimeout?: (handle: unknown) => void;
  random?: () => number;
  /** Subscribes to "the connection is back"; defaults to the window's `online` event. */
  onOnline?: (listener: () => void) => () => void;
  /** Subscribes to other tabs' writes to the storage; defaults to the window's `storage` event. */
  onExternalChange?: (listener: (key: string) => void) => () => void;
  createClientId?: () => string;
}

export class AnnotationOutbox {
  private readonly storage: OutboxStorage;
  private readonly api: AnnotationsApi;
  private readonly requestTimeoutMs: number;
  private readonly now: () => number;
  private readonly setTimer: (callback: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;
  private readonly random: () => number;
  private readonly createClientId: () => string;
  private readonly listeners = new Map<string, Set<OutboxListener>>();
  private readonly cache = new Map<string, { raw: string | null; items: OutboxItem[] }>();
  private readonly unsubscribers: Array<() => void> = [];
  private wakeTimer: unknown;
  private pumping = false;
  private disposed = false;

  constructor(options: OutboxOptions = {}) {
    this.storage = options.storage ?? defaultStorage();
    this.now = options.now ?? (() => Date.now());
    this.setTimer = options.setTimeout ?? ((callback, ms) => setTimeout(callback, ms));
    this.clearTimer = options.clearTimeout ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>));
    this.random = options.random ?? Math.random;
    this.createClientId = options.createClientId ?? newClientId;
    this.requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.api =
      options.api ??
      createAnnotationsApi({
        transport: options.transport,
        timeoutMs: this.requestTimeoutMs,
        setTimeout: this.setTimer,
        clearTimeout: this.clearTimer,
      });
    this.unsubscribers.push((options.onOnline ?? onBrowserOnline)(() => this.resumeNow()));
    this.unsubscribers.push(
      (options.onExternalChange ?? onOtherTabWrites)((key) => {
        if (key.startsWith(STORAGE_PREFIX) && key !== INDEX_KEY) {
          this.notify(key.slice(STORAGE_PREFIX.length));
          this.kick();
        }
      })
    );
    // Resume whatever a previous page left: pending items, and sends whose lease has run out.
    this.kick();
  }

  /**
   * Stores a new annotation and starts sending it. Throws an `invalid` AnnotationWriteError (too long,
   * bad tags, bad times) before anything is stored, so the form can show it and keep the text.
   */
  enqueueCreate(dashboardUID: string, draft: AnnotationDraft): OutboxCreateItem {
    const clean = validateNewAnnotation({ ...draft, dashboardUID });
    const { panelId, time, timeEnd, tags, text, data } = clean;
    return this.enqueue<OutboxCreateItem>({
      ...this.freshItem(dashboardUID),
      op: 'create',
      annotation: { panelId, time, timeEnd, tags, text, ...(data ? { data } : {}) },
    });
  }

  /**
   * Stores a change to an annotation: one on the server (`{serverId}`), or one still in this outbox
   * (`{clientId}`), in which case it is sent once the create has its id. Changes to one annotation are
   * sent in the order they were made.
   */
  enqueueUpdate(
    dashboardUID: string,
    target: { serverId: number } | { clientId: string },
    patch: AnnotationPatch
  ): OutboxUpdateItem {
    return this.enqueue<OutboxUpdateItem>({
      ...this.freshItem(dashboardUID),
      op: 'update',
      target,
      serverId: 'serverId' in target ? target.serverId : undefined,
      patch: validatePatch(patch),
    });
  }

  private freshItem(dashboardUID: string): OutboxItemBase {
    const now = this.now();
    return {
      clientId: this.createClientId(),
      dashboardUID,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: now,
      createdAt: now,
    };
  }

  private enqueue<T extends OutboxItem>(item: T): T {
    this.write(item.dashboardUID, (items) => [...items, item]);
    this.kick();
    return item;
  }

  /** Every item of a dashboard, oldest first; the same array until something changes. */
  getItems(dashboardUID: string): readonly OutboxItem[] {
    const raw = this.storage.getItem(STORAGE_PREFIX + dashboardUID);
    const cached = this.cache.get(dashboardUID);
    if (cached && cached.raw === raw) {
      return cached.items;
    }
    let items: OutboxItem[] = [];
    try {
      const parsed = raw ? JSON.parse(raw) : [];
      items = Array.isArray(parsed) ? parsed : [];
    } catch {
      items = [];
    }
    this.cache.set(dashboardUID, { raw, items });
    return items;
  }

  /** Calls `listener` with the dashboard's items on every change; returns the unsubscribe function. */
  subscribe(dashboardUID: string, listener: OutboxListener): () => void {
    const set = this.listeners.get(dashboardUID) ?? new Set();
    set.add(listener);
    this.listeners.set(dashboardUID, set);
    return () => {
      set.delete(listener);
    };
  }

  /** Sends a failed (or waiting) item again now. */
  retry(clientId: string): void {
    const found = this.find(clientId);
    if (!found || found.item.status === 'sent' || found.item.status === 'sending') {
      return;
    }
    this.update(found.dashboardUID, clientId, { status: 'pending', nextAttemptAt: this.now() });
    this.kick();
  }

  /** Drops an item, and the queued changes that depended on it; it will not be sent. */
  discard(clientId: string): void {
    const found = this.find(clientId);
    if (!found) {
      return;
    }
    this.write(found.dashboardUID, (items) =>
      items.filter(
        (item) =>
          item.clientId !== clientId &&
          !(item.op === 'update' && 'clientId' in item.target && item.target.clientId === clientId)
      )
    );
  }

  /** Stops timers and listeners; answers to requests still in flight are ignored (as after a page unload). */
  dispose(): void {
    this.disposed = true;
    this.clearTimer(this.wakeTimer);
    this.unsubscribers.forEach((unsubscribe) => unsubscribe());
    this.listeners.clear();
  }

  private resumeNow(): void {
    const now = this.now();
    for (const dashboardUID of this.dashboards()) {
      this.write(dashboardUID, (items) =>
        items.map((item) =>
          item.status === 'pending' && item.nextAttemptAt > now ? { ...item, nextAttemptAt: now } : item
        )
      );
    }
    this.kick();
  }

  private dashboards(): string[] {
    try {
      const parsed = JSON.parse(this.storage.getItem(INDEX_KEY) ?? '[]');
      return Array.isArray(parsed) ? parsed.map(String) : [];
    } catch {
      return [];
    }
  }

  private find(clientId: string): { dashboardUID: string; item: OutboxItem } | undefined {
    for (const dashboardUID of this.dashboards()) {
      const item = this.getItems(dashboardUID).find((candidate) => candidate.clientId === clientId);
      if (item) {
        return { dashboardUID, item };
      }
    }
    return undefined;
  }

  /** Read-modify-write on the stored list, so several outboxes (tabs) on one storage stay consistent. */
  private write(dashboardUID: string, change: (items: readonly OutboxItem[]) => OutboxItem[]): void {
    const now = this.now();
    const next = change(this.getItems(dashboardUID)).filter(
      (item) => !(item.status === 'sent' && (item.sentAt ?? 0) < now - SENT_RETENTION_MS)
    );
    const key = STORAGE_PREFIX + dashboardUID;
    if (next.length === 0) {
      this.storage.removeItem(key);
    } else {
      try {
        this.storage.setItem(key, JSON.stringify(next));
      } catch (error) {
        throw new AnnotationWriteError(
          'invalid',
          `The browser could not store the annotation locally (${String(error)}); free some site storage and save again.`,
          { retryable: false }
        );
      }
    }
    const known = this.dashboards();
    if (next.length > 0 && !known.includes(dashboardUID)) {
      this.storage.setItem(INDEX_KEY, JSON.stringify([...known, dashboardUID]));
    } else if (next.length === 0 && known.includes(dashboardUID)) {
      this.storage.setItem(INDEX_KEY, JSON.stringify(known.filter((uid) => uid !== dashboardUID)));
    }
    this.notify(dashboardUID);
  }

  private update(dashboardUID: string, clientId: string, fields: Partial<OutboxItem>): void {
    this.write(dashboardUID, (items) =>
      items.map((item) => (item.clientId === clientId ? ({ ...item, ...fields } as OutboxItem) : item))
    );
  }

  private notify(dashboardUID: string): void {
    const set = this.listeners.get(dashboardUID);
    if (!set || set.size === 0) {
      return;
    }
    const items = this.getItems(dashboardUID);
    set.forEach((listener) => listener(items));
  }

  /** The server id an update applies to, once known. */
  private targetId(item: OutboxUpdateItem, items: readonly OutboxItem[]): number | undefined {
    if ('serverId' in item.target) {
      return item.target.serverId;
    }
    const targetClientId = item.target.clientId;
    return items.find((candidate) => candidate.clientId === targetClientId)?.serverId;
  }

  /** An item that may be sent now, oldest first; also the earliest time something becomes due. */
  private nextDue(): { item?: OutboxItem; wakeAt?: number } {
    const now = this.now();
    let due: OutboxItem | undefined;
    let wakeAt: number | undefined;
    const later = (time: number) => {
      wakeAt = wakeAt === undefined ? time : Math.min(wakeAt, time);
    };
    for (const dashboardUID of this.dashboards()) {
      const items = this.getItems(dashboardUID);
      items.forEach((item, index) => {
        let readyAt: number;
        if (item.status === 'pending') {
          readyAt = item.nextAttemptAt;
        } else if (item.status === 'sending') {
          // Someone (this page, another tab, or a page that died) holds it until the lease ends.
          readyAt = item.leaseUntil ?? now;
        } else {
          return;
        }
        if (item.op === 'update') {
          if (this.targetId(item, items) === undefined) {
            return; // Waits for its create to be acknowledged.
          }
          const targetKey = JSON.stringify(item.target);
          const earlierUnsent = items
            .slice(0, index)
            .some(
              (other) => other.op === 'update' && other.status !== 'sent' && JSON.stringify(other.target) === targetKey
            );
          if (earlierUnsent) {
            return;
          }
        }
        if (readyAt > now) {
          later(readyAt);
        } else if (!due || item.createdAt < due.createdAt) {
          due = item;
        }
      });
    }
    return { item: due, wakeAt };
  }

  private kick(): void {
    if (this.disposed || this.pumping) {
      return;
    }
    void this.pump();
  }

  private async pump(): Promise<void> {
    this.pumping = true;
    try {
      while (!this.disposed) {
        const { item } = this.nextDue();
        if (!item) {
          break;
        }
        await this.attempt(item);
      }
    } finally {
      this.pumping = false;
    }
    this.scheduleWake();
  }

  private scheduleWake(): void {
    if (this.disposed) {
      return;
    }
    this.clearTimer(this.wakeTimer);
    this.wakeTimer = undefined;
    const { wakeAt } = this.nextDue();
    if (wakeAt !== undefined) {
      this.wakeTimer = this.setTimer(() => this.kick(), Math.max(0, wakeAt - this.now()));
    }
  }

  private async attempt(item: OutboxItem): Promise<void> {
    const attemptId = this.createClientId();
    const startedAt = this.now();
    // Any earlier attempt (including one from a page that died mid-send) may have reached the server.
    const outcomeUnknown = item.attempts > 0 || item.status === 'sending';
    this.update(item.dashboardUID, item.clientId, {
      status: 'sending',
      attempts: item.attempts + 1,
      leaseUntil: startedAt + this.requestTimeoutMs * 2 + LEASE_MARGIN_MS,
      attemptId,
    });
    let result: Partial<OutboxItem>;
    try {
      const serverId = await this.send(item, outcomeUnknown);
      result = { status: 'sent', serverId, sentAt: this.now(), lastError: undefined };
    } catch (error) {
      const lastError = toOutboxError(error, this.now());
      result = lastError.retryable
        ? { status: 'pending', nextAttemptAt: this.now() + retryDelay(item.attempts + 1, this.random), lastError }
        : { status: 'failed', lastError };
    }
    if (this.disposed) {
      return; // The page is gone; whoever takes over after the lease finds out what happened.
    }
    const current = this.getItems(item.dashboardUID).find((candidate) => candidate.clientId === item.clientId);
    if (!current || current.attemptId !== attemptId) {
      return; // Discarded meanwhile, or taken over by another outbox after the lease ran out.
    }
    this.update(item.dashboardUID, item.clientId, { ...result, leaseUntil: undefined, attemptId: undefined });
  }

  /** Makes the request(s) for one attempt; resolves with the server id. */
  private async send(item: OutboxItem, outcomeUnknown: boolean): Promise<number> {
    if (item.op === 'update') {
      const serverId = this.targetId(item, this.getItems(item.dashboardUID));
      if (serverId === undefined) {
        throw new AnnotationWriteError('conflict', 'the annotation this change applies to was not created', {
          retryable: false,
        });
      }
      await this.api.updateAnnotation(serverId, item.patch);
      return serverId;
    }
    const tag = clientTag(item.clientId);
    const { time, timeEnd } = item.annotation;
    if (outcomeUnknown) {
      const found = await this.api.listAnnotations({
        from: time - LOOKUP_SLACK_MS,
        to: (timeEnd ?? time) + LOOKUP_SLACK_MS,
        dashboardUID: item.dashboardUID,
        tags: [tag],
        type: 'annotation',
        limit: 10,
      });
      const existing = found.find((annotation) => annotation.tags?.includes(tag));
      if (existing) {
        return existing.id;
      }
    }
    const { id } = await this.api.createAnnotation({
      dashboardUID: item.dashboardUID,
      ...item.annotation,
      tags: [...item.annotation.tags, tag],
    });
    return id;
  }
}

let sharedOutbox: AnnotationOutbox | undefined;

/** The page's outbox on localStorage and Grafana's backend service; created on first use. */
export function getDefaultOutbox(): AnnotationOutbox {
  sharedOutbox ??= new AnnotationOutbox();
  return sharedOutbox;
}
