/**
 * Which tab sends: all tabs of a browser share one outbox in localStorage, and exactly one of them (the
 * sender) makes requests, so two tabs never send the same item.
 *
 * - Where the browser has Web Locks (any secure context: https, or http on localhost), the sender is the tab
 *   holding the lock `driftline.annotations.outbox.sender`; the browser hands it to another tab the moment
 *   the sender's page closes, reloads or crashes.
 * - Elsewhere (Grafana served over plain http on another host), a lease in localStorage: the sender renews it
 *   every few seconds, and a tab takes it over once it has run out. Two tabs that claim it at the same moment
 *   both see the last claim at their next renewal, and one steps down; the items' own leases, the look-up by
 *   client tag and the removal of copies cover that moment.
 */

export interface SenderElection {
  /** Starts competing; `onChange` is called whenever this page becomes the sender or stops being it. */
  start(onChange: (sender: boolean) => void): void;
  /** Whether this page sends now. */
  isSender(): boolean;
  /** Stops competing and hands the role over at once. */
  stop(): void;
}

export const SENDER_LOCK = 'driftline.annotations.outbox.sender';
/** The localStorage key of the fallback lease. */
export const SENDER_LEASE_KEY = 'driftline.annotations.outbox.sender';
/** How long a lease lasts without renewal, and how often the sender renews it. */
export const SENDER_LEASE_MS = 10_000;
export const SENDER_RENEW_MS = 3_000;

/** The part of the Web Locks API used here (`navigator.locks`). */
export interface LockManagerLike {
  request(
    name: string,
    options: { signal?: AbortSignal },
    callback: (lock: unknown) => Promise<unknown>
  ): Promise<unknown>;
}

/** The sender is whoever holds a Web Lock; the lock is held until `stop` or until the page goes away. */
export function webLockElection(locks: LockManagerLike, name = SENDER_LOCK): SenderElection {
  let sender = false;
  let release: (() => void) | undefined;
  const waiting = new AbortController();
  let stopped = false;
  return {
    start(onChange) {
      locks
        .request(
          name,
          { signal: waiting.signal },
          () =>
            new Promise<void>((resolve) => {
              if (stopped) {
                resolve();
                return;
              }
              release = resolve;
              sender = true;
              onChange(true);
            })
        )
        .catch(() => {
          // Aborted while waiting (stop), or the lock manager is unavailable: this page never sends.
        });
    },
    isSender: () => sender,
    stop() {
      stopped = true;
      sender = false;
      waiting.abort();
      release?.();
    },
  };
}

export interface StorageElectionOptions {
  storage: {
    getItem(key: string): string | null;
    setItem(key: string, value: string): void;
    removeItem(key: string): void;
  };
  now: () => number;
  setTimeout: (callback: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
  /** Subscribes to other tabs' writes to the storage. */
  onExternalChange: (listener: (key: string) => void) => () => void;
  /** This page's id in the lease. */
  pageId: string;
}

/** The fallback where Web Locks are missing: a lease in storage, renewed by the sender, taken over when it runs out. */
export function storageLeaseElection(options: StorageElectionOptions): SenderElection {
  const { storage, now, pageId } = options;
  let sender = false;
  let timer: unknown;
  let unsubscribe = () => {};
  let notify: (sender: boolean) => void = () => {};
  let stopped = false;

  const read = (): { page?: unknown; until?: unknown } => {
    try {
      return JSON.parse(storage.getItem(SENDER_LEASE_KEY) ?? '{}') ?? {};
    } catch {
      return {};
    }
  };

  const set = (next: boolean) => {
    if (next !== sender) {
      sender = next;
      notify(next);
    }
  };

  /** Renews the lease if it is ours, takes it if it has run out, steps down if another page holds it. */
  const check = () => {
    if (stopped) {
      return;
    }
    const lease = read();
    const free = typeof lease.until !== 'number' || lease.until <= now();
    if (lease.page === pageId || free) {
      try {
        storage.setItem(SENDER_LEASE_KEY, JSON.stringify({ page: pageId, until: now() + SENDER_LEASE_MS }));
        set(true);
      } catch {
        set(false);
      }
    } else {
      set(false);
    }
  };

  const tick = () => {
    check();
    if (!stopped) {
      timer = options.setTimeout(tick, SENDER_RENEW_MS);
    }
  };

  return {
    start(onChange) {
      notify = onChange;
      unsubscribe = options.onExternalChange((key) => key === SENDER_LEASE_KEY && check());
      tick();
    },
    isSender: () => {
      // Another page may have claimed the lease since the last renewal, or let it go: look again before each send.
      const lease = read();
      if (sender && lease.page !== pageId) {
        set(false);
      } else if (!sender && (typeof lease.until !== 'number' || lease.until <= now())) {
        check();
      }
      return sender;
    },
    stop() {
      stopped = true;
      options.clearTimeout(timer);
      unsubscribe();
      if (sender && read().page === pageId) {
        storage.removeItem(SENDER_LEASE_KEY);
      }
      sender = false;
    },
  };
}

/** Web Locks where the browser has them, else the storage lease. */
export function defaultSenderElection(fallback: StorageElectionOptions): SenderElection {
  const locks = typeof navigator !== 'undefined' ? (navigator as { locks?: LockManagerLike }).locks : undefined;
  return locks && typeof locks.request === 'function' ? webLockElection(locks) : storageLeaseElection(fallback);
}
