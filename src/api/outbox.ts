import {
  AnnotationPatch,
  AnnotationsApi,
  AnnotationWriteError,
  AnnotationWriteErrorKind,
  createAnnotationsApi,
  DEFAULT_REQUEST_TIMEOUT_MS,
  GrafanaAnnotation,
  HttpTransport,
  validateNewAnnotation,
  validatePatch,
} from './annotationsApi';
import { defaultSenderElection, SenderElection } from './outboxSender';

/**
 * The annotation outbox: every annotation a person writes ends up on the server exactly once, or stays
 * visible as not sent.
 *
 * - A write is stored locally first (localStorage, one key per item, so tabs writing at once never overwrite
 *   each other's items) and is drawn at once as pending.
 * - One tab of the browser sends (see outboxSender.ts), a few requests at a time, retried with exponential
 *   backoff and jitter on 5xx, timeouts and network failures, and at once when the browser comes back `online`.
 *   A request that does not answer within the timeout is aborted, so it never holds a connection.
 * - A reload or a crash loses nothing: the next sender resumes what is stored. A send that was in flight when
 *   the page died keeps a lease until its request must have ended; then it is taken over.
 * - Creates carry a tag `driftline-client:<clientId>`. A create whose request may have reached Grafana without
 *   an answer (a timeout, or a 502/504 from a proxy) is not sent again blind: it is looked up by that tag, with
 *   backoff, until the grace period after the request has passed (longer than Grafana takes to store what it
 *   received); found, its id is adopted; only then is it sent again.
 * - Copies can still appear (a proxy or the browser sent a request twice). After a create is sent, the outbox
 *   looks for copies of it, once late writes can no longer land, keeps the lowest id and deletes the others;
 *   each deletion is safe to repeat.
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

/** What the pending list says while a create that got no answer is looked for before it is sent again. */
export const CHECKING_MESSAGE = 'Grafana is slow; checking whether it saved this before resending';

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
  /** Attempts made so far (the requests of one attempt count once). */
  attempts: number;
  /** Epoch ms before which a `pending` item is not sent (backoff). */
  nextAttemptAt: number;
  createdAt: number;
  sentAt?: number;
  /**
   * While `sending` (or while a sent create is checked for copies): no other outbox (tab, or the page after a
   * reload) touches the item before this time.
   */
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
  /** Start of the create request in flight; set while it is, so a page that takes over knows it may have landed. */
  postStartedAt?: number;
  /**
   * Start of the latest create request that may have reached Grafana without an answer. While set, the item is
   * looked up by its client tag and sent again only once the grace period after this time has passed.
   */
  unconfirmedSince?: number;
  /** A sent create is checked for copies at this time; undefined once checked. */
  copiesCheckAt?: number;
  /** Copies found on the server and deleted, the lowest id kept. */
  copiesRemoved?: number;
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
  key(index: number): string | null;
  readonly length: number;
}

/** Items are stored one per key: `<prefix><dashboard UID, URI-encoded>:<client id>`. */
export const STORAGE_PREFIX = 'driftline.annotations.outbox.v2:';
/** The earlier layout, one list per dashboard; read once and moved to the current one. */
const LIST_PREFIX = 'driftline.annotations.outbox.v1:';
const LIST_INDEX_KEY = `${LIST_PREFIX}dashboards`;

export const RETRY_BASE_MS = 1_000;
export const RETRY_CAP_MS = 60_000;
/** Sent items are kept this long, so a panel can draw them until its next query returns them. */
export const SENT_RETENTION_MS = 24 * 3_600_000;
/** Extra lease after a request's timeout before a send from a dead page is taken over. */
const LEASE_MARGIN_MS = 5_000;
/** How far around an item's time a lookup searches (Grafana matches overlapping annotations). */
const LOOKUP_SLACK_MS = 1_000;
/** Requests the sender has in flight at most: a hung one never holds up the rest, and the page keeps connections. */
export const MAX_IN_FLIGHT = 3;
/** Failures in a row for this long make an outage: the first answer after it sends everything waiting at once. */
const OUTAGE_MS = 10_000;
/** Copies of one create looked for at most (there are a handful at worst). */
const COPIES_LIMIT = 100;

/**
 * Exponential backoff with jitter: attempt 1 waits up to 1 s, then 2 s, 4 s… never more than 60 s; the
 * wait is between half and all of that ("equal jitter"), so tabs that failed together do not retry together.
 */
export function retryDelay(attempts: number, random: () => number = Math.random): number {
  const ceiling = Math.min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** Math.max(0, attempts - 1));
  return Math.round(ceiling * (1 - 0.5 * random()));
}

/**
 * The grace period after a create that got no answer: three request timeouts (45 s by default). A request
 * Grafana received is stored while Grafana handles it; when the browser gives up on it, Grafana's handler is
 * cancelled and an insert under way finishes within its database retries, well inside another two timeouts.
 */
export function defaultGraceMs(requestTimeoutMs: number): number {
  return 3 * requestTimeoutMs;
}

/** A Web Storage in memory: for tests, and where localStorage is blocked. */
export function createMemoryStorage(): OutboxStorage & { dump(): Record<string, string> } {
  const values = new Map<string, string>();
  return {
    getItem: (key) => values.get(key) ?? null,
    setItem: (key, value) => void values.set(key, String(value)),
    removeItem: (key) => void values.delete(key),
    key: (index) => Array.from(values.keys())[index] ?? null,
    get length() {
      return values.size;
    },
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
  const writeError = asWriteError(error);
  return {
    kind: writeError.kind,
    message: writeError.message,
    retryable: writeError.retryable,
    status: writeError.status,
    at,
  };
}

function asWriteError(error: unknown): AnnotationWriteError {
  return error instanceof AnnotationWriteError
    ? error
    : new AnnotationWriteError('server', `Sending failed unexpectedly: ${String(error)}`, { retryable: true });
}

function itemKey(dashboardUID: string, clientId: string): string {
  return `${STORAGE_PREFIX}${encodeURIComponent(dashboardUID)}:${clientId}`;
}

/** The dashboard UID of an item key, or undefined for other keys. */
function dashboardOfKey(key: string): string | undefined {
  if (!key.startsWith(STORAGE_PREFIX)) {
    return undefined;
  }
  const rest = key.slice(STORAGE_PREFIX.length);
  const colon = rest.lastIndexOf(':');
  if (colon <= 0) {
    return undefined;
  }
  try {
    return decodeURIComponent(rest.slice(0, colon));
  } catch {
    return undefined;
  }
}

function parseItem(raw: string | null): OutboxItem | undefined {
  if (!raw) {
    return undefined;
  }
  try {
    const item = JSON.parse(raw);
    return item && typeof item === 'object' && typeof item.clientId === 'string' ? (item as OutboxItem) : undefined;
  } catch {
    return undefined;
  }
}

/** Thrown inside an attempt when another outbox has taken the item over (or it was discarded). */
class LeaseLost extends Error {}

export interface OutboxOptions {
  /** Where items live; defaults to localStorage (memory when it is unavailable). */
  storage?: OutboxStorage;
  /** The HTTP layer; defaults to Grafana's backend service. Ignored when `api` is given. */
  transport?: HttpTransport;
  api?: AnnotationsApi;
  /** Request timeout; a request that has not answered by then is aborted and retried. */
  requestTimeoutMs?: number;
  /**
   * How long a create whose request got no answer is looked for by its client tag before it is sent again:
   * longer than Grafana (and any proxy in front of it) may take to store a request it received. Three request
   * timeouts by default.
   */
  unconfirmedGraceMs?: number;
  now?: () => number;
  setTimeout?: (callback: () => void, ms: number) => unknown;
  clearTimeout?: (handle: unknown) => void;
  random?: () => number;
  /** Subscribes to "the connection is back"; defaults to the window's `online` event. */
  onOnline?: (listener: () => void) => () => void;
  /** Subscribes to other tabs' writes to the storage; defaults to the window's `storage` event. */
  onExternalChange?: (listener: (key: string) => void) => () => void;
  /** Decides which tab sends; defaults to a Web Lock, or a lease in the storage where Web Locks are missing. */
  senderElection?: SenderElection;
  createClientId?: () => string;
}

export class AnnotationOutbox {
  private readonly storage: OutboxStorage;
  private readonly api: AnnotationsApi;
  private readonly requestTimeoutMs: number;
  private readonly graceMs: number;
  private readonly now: () => number;
  private readonly setTimer: (callback: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;
  private readonly random: () => number;
  private readonly createClientId: () => string;
  private readonly listeners = new Map<string, Set<OutboxListener>>();
  private readonly cache = new Map<string, { fingerprint: string; items: OutboxItem[] }>();
  private readonly externalListeners = new Set<(key: string) => void>();
  private readonly unsubscribers: Array<() => void> = [];
  private readonly election: SenderElection;
  private wakeTimer: unknown;
  private inFlight = 0;
  private lastCreatedAt = 0;
  /** Since when every request has failed; undefined while Grafana answers. */
  private failingSince: number | undefined;
  private disposed = false;

  constructor(options: OutboxOptions = {}) {
    this.storage = options.storage ?? defaultStorage();
    this.now = options.now ?? (() => Date.now());
    this.setTimer = options.setTimeout ?? ((callback, ms) => setTimeout(callback, ms));
    this.clearTimer = options.clearTimeout ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>));
    this.random = options.random ?? Math.random;
    this.createClientId = options.createClientId ?? newClientId;
    this.requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.graceMs = Math.max(options.unconfirmedGraceMs ?? defaultGraceMs(this.requestTimeoutMs), this.requestTimeoutMs);
    this.api =
      options.api ??
      createAnnotationsApi({
        transport: options.transport,
        timeoutMs: this.requestTimeoutMs,
        setTimeout: this.setTimer,
        clearTimeout: this.clearTimer,
      });
    this.moveListsToItems();
    this.unsubscribers.push((options.onOnline ?? onBrowserOnline)(() => this.resumeNow()));
    this.unsubscribers.push(
      (options.onExternalChange ?? onOtherTabWrites)((key) =>
        this.externalListeners.forEach((listener) => listener(key))
      )
    );
    this.externalListeners.add((key) => {
      const dashboardUID = dashboardOfKey(key);
      if (dashboardUID !== undefined) {
        this.notify(dashboardUID);
        this.kick();
      }
    });
    this.election =
      options.senderElection ??
      defaultSenderElection({
        storage: this.storage,
        now: this.now,
        setTimeout: this.setTimer,
        clearTimeout: this.clearTimer,
        onExternalChange: (listener) => {
          this.externalListeners.add(listener);
          return () => this.externalListeners.delete(listener);
        },
        pageId: this.createClientId(),
      });
    // The sender resumes whatever a previous page left: pending items, and sends whose lease has run out.
    this.election.start((sender) => (sender ? this.kick() : undefined));
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
    // Strictly increasing, so items written in the same millisecond keep the order they were written in.
    this.lastCreatedAt = Math.max(now, this.lastCreatedAt + 1);
    return {
      clientId: this.createClientId(),
      dashboardUID,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: now,
      createdAt: this.lastCreatedAt,
    };
  }

  private enqueue<T extends OutboxItem>(item: T): T {
    this.put(item);
    this.notify(item.dashboardUID);
    this.kick();
    return item;
  }

  /** Every item of a dashboard, oldest first; the same array until something changes. */
  getItems(dashboardUID: string): readonly OutboxItem[] {
    const prefix = `${STORAGE_PREFIX}${encodeURIComponent(dashboardUID)}:`;
    const entries: Array<[string, string]> = [];
    for (const key of this.keys()) {
      if (key.startsWith(prefix) && !key.slice(prefix.length).includes(':')) {
        const raw = this.storage.getItem(key);
        if (raw !== null) {
          entries.push([key, raw]);
        }
      }
    }
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const fingerprint = entries.map(([key, raw]) => `${key}\n${raw}`).join('\n');
    const cached = this.cache.get(dashboardUID);
    if (cached && cached.fingerprint === fingerprint) {
      return cached.items;
    }
    const items = entries
      .map(([, raw]) => parseItem(raw))
      .filter((item): item is OutboxItem => item !== undefined)
      .sort((a, b) => a.createdAt - b.createdAt || (a.clientId < b.clientId ? -1 : 1));
    this.cache.set(dashboardUID, { fingerprint, items });
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

  /** Whether this page is the one of the browser that sends (the others only store and show). */
  isSender(): boolean {
    return this.election.isSender();
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
    for (const item of this.getItems(found.dashboardUID)) {
      if (
        item.clientId === clientId ||
        (item.op === 'update' && 'clientId' in item.target && item.target.clientId === clientId)
      ) {
        this.storage.removeItem(itemKey(item.dashboardUID, item.clientId));
      }
    }
    this.notify(found.dashboardUID);
  }

  /** Stops timers and listeners and hands sending over; answers to requests in flight are ignored (as after an unload). */
  dispose(): void {
    this.disposed = true;
    this.clearTimer(this.wakeTimer);
    this.election.stop();
    this.unsubscribers.forEach((unsubscribe) => unsubscribe());
    this.externalListeners.clear();
    this.listeners.clear();
  }

  private resumeNow(): void {
    const now = this.now();
    for (const dashboardUID of this.dashboards()) {
      for (const item of this.getItems(dashboardUID)) {
        // A create still in its grace period is only looked up now; it is not sent before the grace is over.
        if (item.status === 'pending' && item.nextAttemptAt > now) {
          this.update(dashboardUID, item.clientId, { nextAttemptAt: now });
        }
      }
    }
    this.kick();
  }

  /** Moves items stored by earlier versions (one list per dashboard) to one key per item. */
  private moveListsToItems(): void {
    let dashboards: unknown;
    try {
      dashboards = JSON.parse(this.storage.getItem(LIST_INDEX_KEY) ?? '[]');
    } catch {
      dashboards = [];
    }
    if (!Array.isArray(dashboards) || dashboards.length === 0) {
      return;
    }
    for (const dashboardUID of dashboards.map(String)) {
      const listKey = LIST_PREFIX + dashboardUID;
      let items: unknown;
      try {
        items = JSON.parse(this.storage.getItem(listKey) ?? '[]');
      } catch {
        items = [];
      }
      for (const item of Array.isArray(items) ? items : []) {
        if (
          item &&
          typeof item.clientId === 'string' &&
          this.storage.getItem(itemKey(dashboardUID, item.clientId)) === null
        ) {
          try {
            this.put({ ...item, dashboardUID });
          } catch {
            return; // Storage full: the list stays where it is and is moved by a later page.
          }
        }
      }
      this.storage.removeItem(listKey);
    }
    this.storage.removeItem(LIST_INDEX_KEY);
  }

  private *keys(): Generator<string> {
    // Collected first: the storage may change while the caller works through the keys.
    const keys: string[] = [];
    for (let i = 0; i < this.storage.length; i++) {
      const key = this.storage.key(i);
      if (key !== null && key.startsWith(STORAGE_PREFIX)) {
        keys.push(key);
      }
    }
    yield* keys;
  }

  private dashboards(): string[] {
    const found = new Set<string>();
    for (const key of this.keys()) {
      const dashboardUID = dashboardOfKey(key);
      if (dashboardUID !== undefined) {
        found.add(dashboardUID);
      }
    }
    return [...found];
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

  /** The item as stored now (not as cached), or undefined when it is gone. */
  private read(dashboardUID: string, clientId: string): OutboxItem | undefined {
    return parseItem(this.storage.getItem(itemKey(dashboardUID, clientId)));
  }

  private put(item: OutboxItem): void {
    try {
      this.storage.setItem(itemKey(item.dashboardUID, item.clientId), JSON.stringify(item));
    } catch (error) {
      throw new AnnotationWriteError(
        'invalid',
        `The browser could not store the annotation locally (${String(error)}); free some site storage and save again.`,
        { retryable: false }
      );
    }
  }

  /** Read-modify-write of one item; a missing item (discarded meanwhile) stays missing. */
  private update(dashboardUID: string, clientId: string, fields: Partial<OutboxItem>): OutboxItem | undefined {
    const current = this.read(dashboardUID, clientId);
    if (!current) {
      return undefined;
    }
    const next = { ...current, ...fields } as OutboxItem;
    for (const key of Object.keys(fields) as Array<keyof OutboxItem>) {
      if (fields[key] === undefined) {
        delete next[key];
      }
    }
    try {
      this.put(next);
    } catch {
      return current; // Storage full: the item keeps its last stored state and is sent again later.
    }
    this.notify(dashboardUID);
    return next;
  }

  private notify(dashboardUID: string): void {
    const set = this.listeners.get(dashboardUID);
    if (!set || set.size === 0) {
      return;
    }
    const items = this.getItems(dashboardUID);
    set.forEach((listener) => listener(items));
  }

  /** Drops sent items older than the retention, once nothing is left to do for them. */
  private prune(dashboardUID: string, items: readonly OutboxItem[]): void {
    const oldest = this.now() - SENT_RETENTION_MS;
    let removed = false;
    for (const item of items) {
      const settled = item.op === 'update' || item.copiesCheckAt === undefined;
      if (item.status === 'sent' && settled && (item.sentAt ?? 0) < oldest) {
        this.storage.removeItem(itemKey(dashboardUID, item.clientId));
        removed = true;
      }
    }
    if (removed) {
      this.notify(dashboardUID);
    }
  }

  /** The server id an update applies to, once known. */
  private targetId(item: OutboxUpdateItem, items: readonly OutboxItem[]): number | undefined {
    if ('serverId' in item.target) {
      return item.target.serverId;
    }
    const targetClientId = item.target.clientId;
    return items.find((candidate) => candidate.clientId === targetClientId)?.serverId;
  }

  /** Whether an update changes the annotation a create made. */
  private changes(update: OutboxUpdateItem, create: OutboxCreateItem): boolean {
    return 'clientId' in update.target
      ? update.target.clientId === create.clientId
      : create.serverId !== undefined && update.target.serverId === create.serverId;
  }

  /** When a create still in its grace period may be sent again; undefined when nothing holds it back. */
  private checkDeadline(item: OutboxCreateItem): number | undefined {
    return item.unconfirmedSince === undefined ? undefined : item.unconfirmedSince + this.graceMs;
  }

  /** An item that may be worked on now, oldest first; also the earliest time something becomes due. */
  private nextDue(): { item?: OutboxItem; wakeAt?: number } {
    const now = this.now();
    let due: OutboxItem | undefined;
    let wakeAt: number | undefined;
    const later = (time: number) => {
      wakeAt = wakeAt === undefined ? time : Math.min(wakeAt, time);
    };
    for (const dashboardUID of this.dashboards()) {
      const items = this.getItems(dashboardUID);
      this.prune(dashboardUID, items);
      items.forEach((item, index) => {
        let readyAt: number;
        if (item.status === 'pending') {
          readyAt = item.nextAttemptAt;
        } else if (item.status === 'sending') {
          // Someone (this page, another tab, or a page that died) holds it until the lease ends.
          readyAt = item.leaseUntil ?? now;
        } else if (item.status === 'sent' && item.op === 'create' && item.copiesCheckAt !== undefined) {
          readyAt = Math.max(item.copiesCheckAt, item.leaseUntil ?? 0);
          if (items.some((other) => other.op === 'update' && other.status !== 'sent' && this.changes(other, item))) {
            return; // Changes to it go first, so the copy kept gets them.
          }
        } else {
          return;
        }
        if (item.op === 'update') {
          if (this.targetId(item, items) === undefined) {
            return; // Waits for its create to be acknowledged.
          }
          const create = items.find(
            (other): other is OutboxCreateItem => other.op === 'create' && this.changes(item, other)
          );
          if (create?.copiesCheckAt !== undefined && (create.leaseUntil ?? 0) > now) {
            return; // Its copies are being removed: it is sent to the one kept.
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

  /** Starts work on due items, up to MAX_IN_FLIGHT at once, if this page is the sender. */
  private kick(): void {
    if (this.disposed || !this.election.isSender()) {
      return;
    }
    while (this.inFlight < MAX_IN_FLIGHT) {
      const { item } = this.nextDue();
      if (!item) {
        break;
      }
      const attemptId = this.createClientId();
      const started = this.update(item.dashboardUID, item.clientId, {
        ...(item.status === 'sent' ? {} : { status: 'sending' as const, attempts: item.attempts + 1 }),
        leaseUntil: this.leaseFrom(this.now()),
        attemptId,
      });
      if (!started) {
        continue;
      }
      this.inFlight++;
      void this.attempt(item, attemptId).finally(() => {
        this.inFlight--;
        this.kick();
      });
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

  private leaseFrom(time: number): number {
    return time + this.requestTimeoutMs * 2 + LEASE_MARGIN_MS;
  }

  /** Before each request of an attempt: the item is still ours; extends its lease for one more request. */
  private hold(item: OutboxItem, attemptId: string, fields: Partial<OutboxCreateItem> = {}): OutboxItem {
    if (this.disposed) {
      throw new LeaseLost();
    }
    const current = this.read(item.dashboardUID, item.clientId);
    if (!current || current.attemptId !== attemptId) {
      throw new LeaseLost();
    }
    return this.update(item.dashboardUID, item.clientId, { ...fields, leaseUntil: this.leaseFrom(this.now()) })!;
  }

  /** Ends an attempt: writes its outcome unless the item was discarded or taken over meanwhile. */
  private finish(item: OutboxItem, attemptId: string, fields: Partial<OutboxCreateItem>): void {
    if (this.disposed) {
      return; // The page is gone; whoever takes over after the lease finds out what happened.
    }
    const current = this.read(item.dashboardUID, item.clientId);
    if (!current || current.attemptId !== attemptId) {
      return;
    }
    this.update(item.dashboardUID, item.clientId, { ...fields, leaseUntil: undefined, attemptId: undefined });
  }

  /** Notes whether Grafana answered; the first answer after an outage wakes everything that waits on a backoff. */
  private observe(answered: boolean): void {
    if (!answered) {
      this.failingSince ??= this.now();
      return;
    }
    const outage = this.failingSince !== undefined && this.now() - this.failingSince >= OUTAGE_MS;
    this.failingSince = undefined;
    if (outage) {
      this.resumeNow();
    }
  }

  private async attempt(item: OutboxItem, attemptId: string): Promise<void> {
    try {
      if (item.op === 'update') {
        await this.sendUpdate(item, attemptId);
      } else if (item.status === 'sent') {
        await this.removeCopies(item, attemptId);
      } else {
        await this.sendCreate(item, attemptId);
      }
      this.observe(true);
    } catch (error) {
      if (error instanceof LeaseLost) {
        return;
      }
      const writeError = asWriteError(error);
      // A refusal (403, 409, 400) is an answer; a timeout, a network failure or a 5xx is not.
      this.observe(!writeError.retryable);
      const lastError = toOutboxError(error, this.now());
      const current = this.read(item.dashboardUID, item.clientId);
      const attempts = (current?.attempts ?? item.attempts) || 1;
      let nextAttemptAt = this.now() + retryDelay(attempts, this.random);
      if (item.status === 'sent') {
        // Removing copies failed: it stays sent, and the check is made again later.
        this.finish(item, attemptId, { copiesCheckAt: nextAttemptAt });
        return;
      }
      const deadline = current?.op === 'create' ? this.checkDeadline(current) : undefined;
      if (deadline !== undefined && deadline > this.now()) {
        nextAttemptAt = Math.min(nextAttemptAt, deadline);
      }
      this.finish(
        item,
        attemptId,
        lastError.retryable ? { status: 'pending', nextAttemptAt, lastError } : { status: 'failed', lastError }
      );
    }
  }

  private async sendUpdate(item: OutboxUpdateItem, attemptId: string): Promise<void> {
    const serverId = this.targetId(item, this.getItems(item.dashboardUID));
    if (serverId === undefined) {
      throw new AnnotationWriteError('conflict', 'the annotation this change applies to was not created', {
        retryable: false,
      });
    }
    this.hold(item, attemptId);
    await this.api.updateAnnotation(serverId, item.patch);
    this.finish(item, attemptId, { status: 'sent', serverId, sentAt: this.now(), lastError: undefined });
  }

  /** Every copy of a create on the server, lowest id first. */
  private async findCopies(item: OutboxCreateItem): Promise<GrafanaAnnotation[]> {
    const tag = clientTag(item.clientId);
    const { time, timeEnd } = item.annotation;
    const found = await this.api.listAnnotations({
      from: time - LOOKUP_SLACK_MS,
      to: (timeEnd ?? time) + LOOKUP_SLACK_MS,
      dashboardUID: item.dashboardUID,
      tags: [tag],
      type: 'annotation',
      limit: COPIES_LIMIT,
    });
    return found
      .filter((annotation) => Array.isArray(annotation.tags) && annotation.tags.includes(tag))
      .filter((annotation) => Number.isFinite(Number(annotation.id)))
      .sort((a, b) => Number(a.id) - Number(b.id));
  }

  /**
   * One attempt at a create. If an earlier request may have reached Grafana unanswered, look for it first; while
   * the grace period after that request runs, a miss means "look again later", never "send again".
   */
  private async sendCreate(item: OutboxCreateItem, attemptId: string): Promise<void> {
    let current = item;
    if (current.status === 'sending' && current.postStartedAt !== undefined) {
      // Taken over from a page that died while its create request was in flight.
      current = this.hold(item, attemptId, {
        unconfirmedSince: Math.max(current.unconfirmedSince ?? 0, current.postStartedAt),
        postStartedAt: undefined,
      }) as OutboxCreateItem;
    }
    const deadline = this.checkDeadline(current);
    if (deadline !== undefined) {
      this.hold(item, attemptId);
      const copies = await this.findCopies(current);
      if (copies.length > 0) {
        this.finish(item, attemptId, {
          status: 'sent',
          serverId: Number(copies[0].id),
          sentAt: this.now(),
          lastError: undefined,
          unconfirmedSince: undefined,
          // Other requests of this create may still land until the grace period is over.
          copiesCheckAt: Math.max(this.now(), deadline),
        });
        return;
      }
      if (this.now() < deadline) {
        const checks = this.read(item.dashboardUID, item.clientId)?.attempts ?? 1;
        this.finish(item, attemptId, {
          status: 'pending',
          nextAttemptAt: Math.min(deadline, this.now() + retryDelay(checks, this.random)),
          lastError: { kind: 'timeout', message: CHECKING_MESSAGE, retryable: true, at: this.now() },
        });
        return;
      }
    }
    const postStartedAt = this.now();
    this.hold(item, attemptId, { postStartedAt });
    let id: number;
    try {
      ({ id } = await this.api.createAnnotation({
        dashboardUID: item.dashboardUID,
        ...item.annotation,
        tags: [...item.annotation.tags, clientTag(item.clientId)],
      }));
    } catch (error) {
      const writeError = asWriteError(error);
      const fields: Partial<OutboxCreateItem> = { postStartedAt: undefined };
      if (writeError.maybeApplied) {
        fields.unconfirmedSince = postStartedAt;
      }
      if (this.read(item.dashboardUID, item.clientId)?.attemptId === attemptId && !this.disposed) {
        this.update(item.dashboardUID, item.clientId, fields);
      }
      throw writeError.maybeApplied
        ? new AnnotationWriteError('timeout', CHECKING_MESSAGE, { status: writeError.status })
        : writeError;
    }
    const hadUnconfirmed = current.unconfirmedSince !== undefined;
    this.finish(item, attemptId, {
      status: 'sent',
      serverId: id,
      sentAt: this.now(),
      lastError: undefined,
      postStartedAt: undefined,
      unconfirmedSince: undefined,
      // A copy the browser or a proxy sent twice is there already; one from an earlier request that got no
      // answer may land until another grace period has passed.
      copiesCheckAt: hadUnconfirmed ? this.now() + this.graceMs : this.now(),
    });
  }

  /**
   * Keeps the lowest id of a create's copies and deletes the others. If this outbox adopted another copy (and
   * changes went to it), the kept one first takes its content; updates queued for the deleted copy follow.
   */
  private async removeCopies(item: OutboxCreateItem, attemptId: string): Promise<void> {
    this.hold(item, attemptId);
    const copies = await this.findCopies(item);
    if (copies.length === 0) {
      // Deleted on the server, or moved out of the range searched: nothing to reconcile.
      this.finish(item, attemptId, { copiesCheckAt: undefined });
      return;
    }
    const keeper = copies[0];
    const keeperId = Number(keeper.id);
    const adopted = copies.find((copy) => Number(copy.id) === item.serverId);
    if (adopted && Number(adopted.id) !== keeperId) {
      const content = { text: adopted.text, tags: adopted.tags, time: adopted.time, timeEnd: adopted.timeEnd };
      const differs =
        (['text', 'time', 'timeEnd'] as const).some((key) => content[key] !== keeper[key]) ||
        JSON.stringify(content.tags) !== JSON.stringify(keeper.tags);
      if (differs) {
        this.hold(item, attemptId);
        await this.api.updateAnnotation(keeperId, content);
      }
    }
    if (item.serverId !== keeperId) {
      this.hold(item, attemptId, { serverId: keeperId });
      this.retarget(item.dashboardUID, item.serverId, keeperId);
    }
    let removed = item.copiesRemoved ?? 0;
    for (const copy of copies.slice(1)) {
      this.hold(item, attemptId);
      await this.api.deleteAnnotation(Number(copy.id));
      removed += 1;
      this.hold(item, attemptId, { copiesRemoved: removed });
    }
    this.finish(item, attemptId, { copiesCheckAt: undefined });
  }

  /** Points the queued changes of a deleted copy at the kept one. */
  private retarget(dashboardUID: string, from: number | undefined, to: number): void {
    if (from === undefined) {
      return;
    }
    for (const other of this.getItems(dashboardUID)) {
      if (
        other.op === 'update' &&
        other.status !== 'sent' &&
        'serverId' in other.target &&
        other.target.serverId === from
      ) {
        this.update(dashboardUID, other.clientId, { target: { serverId: to }, serverId: to });
      }
    }
  }
}

let sharedOutbox: AnnotationOutbox | undefined;
let sharedOptions: OutboxOptions = {};

/**
 * Options for the page's outbox (timeouts, for a host that knows its Grafana is slow); they apply when it is
 * created, so call this before anything writes.
 */
export function configureDefaultOutbox(options: OutboxOptions): void {
  sharedOptions = { ...options };
}

/** The page's outbox on localStorage and Grafana's backend service; created on first use. */
export function getDefaultOutbox(): AnnotationOutbox {
  sharedOutbox ??= new AnnotationOutbox(sharedOptions);
  return sharedOutbox;
}
