import { lastValueFrom, Observable } from 'rxjs';
import type { BackendSrv, BackendSrvRequest, FetchError, FetchResponse } from '@grafana/runtime';
import { fetchTransport, HttpRequest, HttpTransport } from '../src/api/annotationsApi';
import { storeTransport } from '../src/api/testing/fakeGrafanaTransport';
import { createFakeAnnotationStore } from '../tests/recipes/fakeGrafanaStore.mjs';
import { withPlaygroundDashboards } from './dashboards';
import { IN_PAGE_STORAGE_KEY } from './inPageGrafanaKey';

/**
 * The Grafana HTTP API the playground talks to, for the panels' annotations and the app pages alike:
 * - `?grafana=<url>&token=<token>`: that server (a real Grafana, or the tests' fake), with the token as a bearer;
 * - otherwise an in-page Grafana: the same fake the tests serve, kept in this browser's localStorage so the
 *   incidents, worksheets and post-mortems survive a reload.
 * Either way, the playground's own pages are dashboards it answers itself (see dashboards.ts).
 */
export interface PlaygroundGrafana {
  transport: HttpTransport;
  /** The server's URL, or undefined for the in-page Grafana. */
  url?: string;
  /** Forgets everything the in-page Grafana stored (no-op for a real server). */
  reset(): void;
}

function readSnapshot(): unknown {
  try {
    const raw = window.localStorage.getItem(IN_PAGE_STORAGE_KEY);
    return raw ? JSON.parse(raw) : undefined;
  } catch {
    return undefined;
  }
}

function inPageGrafana(): PlaygroundGrafana {
  const store = createFakeAnnotationStore({ token: null });
  store.restore(readSnapshot());
  const answer = storeTransport(store);
  const transport: HttpTransport = async (request) => {
    const response = answer(request);
    store.received.length = 0;
    if (request.method !== 'GET') {
      try {
        window.localStorage.setItem(IN_PAGE_STORAGE_KEY, JSON.stringify(store.snapshot()));
      } catch {
        // Storage full or disabled: the page keeps working until it is reloaded.
      }
    }
    return response;
  };
  return {
    transport: withPlaygroundDashboards(transport),
    reset() {
      store.reset();
      window.localStorage.removeItem(IN_PAGE_STORAGE_KEY);
    },
  };
}

export function playgroundGrafana(search: URLSearchParams): PlaygroundGrafana {
  const url = search.get('grafana');
  if (!url) {
    return inPageGrafana();
  }
  return {
    transport: withPlaygroundDashboards(fetchTransport(url, { token: search.get('token') ?? undefined })),
    url,
    reset() {},
  };
}

function fetchError(status: number, data: unknown, options: BackendSrvRequest, statusText = ''): FetchError {
  return { status, statusText, data: data ?? {}, config: options } as FetchError;
}

/**
 * Grafana's `BackendSrv` over a transport: `fetch` gives an Observable that emits the response for a 2xx and
 * errors with a FetchError (`status`, `data`) otherwise, status 0 when no response came, as Grafana's does.
 * The pages only use `fetch`; the promise helpers are there for anything else that asks.
 */
export function backendSrvOver(transport: HttpTransport): BackendSrv {
  function fetch<T>(options: BackendSrvRequest): Observable<FetchResponse<T>> {
    return new Observable<FetchResponse<T>>((subscriber) => {
      let open = true;
      const method = (options.method ?? 'GET').toUpperCase() as HttpRequest['method'];
      // As Grafana's: unsubscribing or the caller's abortSignal aborts the request itself.
      const controller = new AbortController();
      options.abortSignal?.addEventListener('abort', () => controller.abort(), { once: true });
      transport({
        method,
        url: options.url,
        params: options.params,
        data: options.data,
        headers: options.headers,
        signal: controller.signal,
      }).then(
        (response) => {
          if (!open) {
            return;
          }
          open = false;
          if (response.status >= 200 && response.status < 300) {
            subscriber.next({
              data: response.data as T,
              status: response.status,
              statusText: 'OK',
              ok: true,
              headers: new Headers(),
              redirected: false,
              type: 'basic',
              url: options.url,
              config: options,
            });
            subscriber.complete();
          } else {
            subscriber.error(fetchError(response.status, response.data, options));
          }
        },
        (error: unknown) => {
          const message = error instanceof Error ? error.message : String(error);
          if (open) {
            open = false;
            subscriber.error(fetchError(0, { message }, options, message));
          }
        }
      );
      return () => {
        if (open) {
          open = false;
          controller.abort();
        }
      };
    });
  }
  const send = (method: string, url: string, data?: unknown, options?: Partial<BackendSrvRequest>) =>
    lastValueFrom(fetch({ ...options, method, url, data })).then((response) => response.data);
  const srv = {
    fetch,
    request: (options: BackendSrvRequest) => lastValueFrom(fetch(options)).then((response) => response.data),
    datasourceRequest: (options: BackendSrvRequest) => lastValueFrom(fetch(options)),
    get: (url: string, params?: Record<string, unknown>, _requestId?: string, options?: Partial<BackendSrvRequest>) =>
      send('GET', url, undefined, { ...options, params }),
    delete: (url: string, data?: unknown, options?: Partial<BackendSrvRequest>) => send('DELETE', url, data, options),
    post: (url: string, data?: unknown, options?: Partial<BackendSrvRequest>) => send('POST', url, data, options),
    patch: (url: string, data?: unknown, options?: Partial<BackendSrvRequest>) => send('PATCH', url, data, options),
    put: (url: string, data?: unknown, options?: Partial<BackendSrvRequest>) => send('PUT', url, data, options),
    resolveCancelerIfExists: () => {},
  };
  return srv as unknown as BackendSrv;
}
