import { createFakeAnnotationStore, FakeAnnotationStore } from '../../../tests/recipes/fakeGrafanaStore.mjs';
import { HttpRequest, HttpTransport, searchParamsOf } from '../annotationsApi';

/**
 * A fake HTTP layer for tests: the same fake Grafana the recipe and browser tests run as a server, called
 * in memory. `goOffline()` makes requests fail as `fetch` does with no network.
 */
export interface FakeGrafanaHttp {
  store: FakeAnnotationStore;
  transport: HttpTransport;
  /** Requests that reached the fake (lookups included), browser retries after a dropped connection too. */
  requests(): HttpRequest[];
  /** Requests still waiting for an answer that the caller has not aborted: what holds a connection. */
  openRequests(): number;
  goOffline(): void;
  goOnline(): void;
}

function abortError(): Error {
  const error = new Error('The operation was aborted.');
  error.name = 'AbortError';
  return error;
}

export interface StoreTransportOptions {
  /** Timers for answers a slow Grafana gives late; `setTimeout` by default. */
  setTimeout?: (callback: () => void, ms: number) => unknown;
  /** Called with every request that reaches the fake, browser retries included. */
  onRequest?: (request: HttpRequest) => void;
  /** Counts requests in flight: called with +1 when one starts and -1 when it ends or is aborted. */
  onOpenChange?: (delta: 1 | -1) => void;
  /**
   * Sends a request again, once, when the fake drops its connection after storing it, as Chromium does for a
   * request on a reused keep-alive connection that is closed before any response: the write reaches Grafana twice.
   */
  retryDroppedConnection?: boolean;
}

/**
 * A transport answered by a fake Grafana store in memory. Bodies go through JSON both ways, as on the wire,
 * so nothing is shared by reference between the caller and the store. A request's `signal` aborts it as
 * `fetch` does; a hung or late request holds its place until it is answered or aborted.
 */
export function storeTransport(store: FakeAnnotationStore, options: StoreTransportOptions = {}): HttpTransport {
  const schedule = options.setTimeout ?? ((callback: () => void, ms: number) => setTimeout(callback, ms));
  const track = options.onOpenChange ?? (() => {});
  const once = (request: HttpRequest, retried: boolean): Promise<{ status: number; data: unknown }> =>
    new Promise((resolve, reject) => {
      if (request.signal?.aborted) {
        reject(abortError());
        return;
      }
      options.onRequest?.(request);
      let open = true;
      track(1);
      const finish = () => {
        if (!open) {
          return false;
        }
        open = false;
        track(-1);
        request.signal?.removeEventListener('abort', onAbort);
        return true;
      };
      const onAbort = () => finish() && reject(abortError());
      request.signal?.addEventListener('abort', onAbort);
      const body = request.data === undefined ? undefined : JSON.parse(JSON.stringify(request.data));
      const result = store.handle({
        method: request.method,
        path: request.url,
        query: searchParamsOf(request.params),
        headers: request.headers,
        body,
      });
      if (result === 'hang') {
        return;
      }
      if (result.reset) {
        if (!finish()) {
          return;
        }
        if (options.retryDroppedConnection && !retried) {
          once(request, true).then(resolve, reject);
        } else {
          reject(new TypeError('Failed to fetch'));
        }
        return;
      }
      // A 404 of the alerting API has no body.
      const answer = () =>
        finish() &&
        resolve({
          status: result.status,
          data: result.body === undefined ? undefined : JSON.parse(JSON.stringify(result.body)),
        });
      if (result.delayMs) {
        schedule(answer, result.delayMs);
      } else {
        answer();
      }
    });
  return (request) => once(request, false);
}

export function createFakeGrafanaHttp(
  options: { setTimeout?: (callback: () => void, ms: number) => unknown; retryDroppedConnection?: boolean } = {}
): FakeGrafanaHttp {
  const store = createFakeAnnotationStore({ token: null, schedule: options.setTimeout });
  const requests: HttpRequest[] = [];
  let open = 0;
  const answer = storeTransport(store, {
    setTimeout: options.setTimeout,
    retryDroppedConnection: options.retryDroppedConnection,
    onRequest: (request) => requests.push(request),
    onOpenChange: (delta) => {
      open += delta;
    },
  });
  let offline = false;
  const transport: HttpTransport = async (request) => {
    if (offline) {
      throw new TypeError('Failed to fetch');
    }
    return answer(request);
  };
  return {
    store,
    transport,
    requests: () => requests,
    openRequests: () => open,
    goOffline: () => {
      offline = true;
    },
    goOnline: () => {
      offline = false;
    },
  };
}
