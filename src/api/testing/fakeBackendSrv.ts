import { Observable, of, throwError } from 'rxjs';

/** One request as the pages send it through `getBackendSrv().fetch`. */
export interface FakeRequest {
  method: string;
  url: string;
  params?: Record<string, unknown>;
  data?: unknown;
}

export type FakeRoute = (request: FakeRequest) => { status: number; data?: unknown } | undefined;

/**
 * A fake of Grafana's HTTP edge: `fetch` answers from routes (the first that returns a response wins),
 * resolving 2xx and rejecting other statuses the way backendSrv does (a FetchError with status and data).
 */
export function createFakeBackendSrv(routes: FakeRoute[] = []) {
  const requests: FakeRequest[] = [];
  const handlers = [...routes];
  const fetch = (options: FakeRequest): Observable<{ status: number; data: unknown }> => {
    const request = { method: options.method ?? 'GET', url: options.url, params: options.params, data: options.data };
    requests.push(request);
    for (const route of handlers) {
      const response = route(request);
      if (response) {
        return response.status >= 200 && response.status < 300
          ? of({ status: response.status, data: response.data })
          : throwError(() => ({ status: response.status, data: response.data ?? {} }));
      }
    }
    return throwError(() => ({ status: 404, data: { message: 'Not found' } }));
  };
  return {
    srv: { fetch },
    requests,
    /** Routes added later win over earlier ones. */
    route(handler: FakeRoute) {
      handlers.unshift(handler);
    },
  };
}

export const route =
  (
    method: string,
    match: string | RegExp,
    response: { status: number; data?: unknown } | ((request: FakeRequest) => { status: number; data?: unknown })
  ): FakeRoute =>
  (request) => {
    const matches = typeof match === 'string' ? request.url === match : match.test(request.url);
    if (request.method !== method || !matches) {
      return undefined;
    }
    return typeof response === 'function' ? response(request) : response;
  };
