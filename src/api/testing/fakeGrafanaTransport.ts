import { createFakeAnnotationStore, FakeAnnotationStore } from '../../../tests/recipes/fakeGrafana.mjs';
import { HttpRequest, HttpTransport } from '../annotationsApi';

/**
 * A fake HTTP layer for tests: the same fake Grafana the recipe and browser tests run as a server, called
 * in memory. `goOffline()` makes requests fail as `fetch` does with no network.
 */
export interface FakeGrafanaHttp {
  store: FakeAnnotationStore;
  transport: HttpTransport;
  /** Requests that reached the fake (lookups included). */
  requests(): HttpRequest[];
  goOffline(): void;
  goOnline(): void;
}

export function createFakeGrafanaHttp(): FakeGrafanaHttp {
  const store = createFakeAnnotationStore({ token: null });
  const requests: HttpRequest[] = [];
  let offline = false;
  const transport: HttpTransport = async (request) => {
    if (offline) {
      throw new TypeError('Failed to fetch');
    }
    requests.push(request);
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(request.params ?? {})) {
      for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value]) {
        query.append(key, String(item));
      }
    }
    // Round-trip through JSON, as the wire would: nothing shared by reference with the caller.
    const body = request.data === undefined ? undefined : JSON.parse(JSON.stringify(request.data));
    const result = store.handle({ method: request.method, path: request.url, query, body });
    if (result === 'hang') {
      return new Promise(() => {});
    }
    return { status: result.status, data: JSON.parse(JSON.stringify(result.body)) };
  };
  return {
    store,
    transport,
    requests: () => requests,
    goOffline: () => {
      offline = true;
    },
    goOnline: () => {
      offline = false;
    },
  };
}
