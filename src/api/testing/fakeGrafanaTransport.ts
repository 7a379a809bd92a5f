import { createFakeAnnotationStore, FakeAnnotationStore } from '../../../tests/recipes/fakeGrafanaStore.mjs';
import { HttpRequest, HttpTransport, searchParamsOf } from '../annotationsApi';

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

/**
 * A transport answered by a fake Grafana store in memory. Bodies go through JSON both ways, as on the wire,
 * so nothing is shared by reference between the caller and the store.
 */
export function storeTransport(store: FakeAnnotationStore): HttpTransport {
  return async (request) => {
    const body = request.data === undefined ? undefined : JSON.parse(JSON.stringify(request.data));
    const result = store.handle({
      method: request.method,
      path: request.url,
      query: searchParamsOf(request.params),
      headers: request.headers,
      body,
    });
    if (result === 'hang') {
      return new Promise(() => {});
    }
    // A 404 of the alerting API has no body.
    return {
      status: result.status,
      data: result.body === undefined ? undefined : JSON.parse(JSON.stringify(result.body)),
    };
  };
}

export function createFakeGrafanaHttp(): FakeGrafanaHttp {
  const store = createFakeAnnotationStore({ token: null });
  const answer = storeTransport(store);
  const requests: HttpRequest[] = [];
  let offline = false;
  const transport: HttpTransport = async (request) => {
    if (offline) {
      throw new TypeError('Failed to fetch');
    }
    requests.push(request);
    return answer(request);
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
