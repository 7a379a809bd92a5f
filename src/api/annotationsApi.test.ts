import { Observable, of, throwError } from 'rxjs';
import { getBackendSrv } from '@grafana/runtime';
import {
  AnnotationWriteError,
  backendSrvTransport,
  createAnnotationsApi,
  errorFromStatus,
  FORBIDDEN_MESSAGE,
  MAX_TAG_LENGTH,
  normalizeTags,
  textProblem,
} from './annotationsApi';
import { FakeClock, settle } from './testing/fakeClock';
import { createFakeGrafanaHttp } from './testing/fakeGrafanaTransport';

// The HTTP edge: Grafana's backend service is replaced, nothing above it.
jest.mock('@grafana/runtime', () => ({ ...jest.requireActual('@grafana/runtime'), getBackendSrv: jest.fn() }));

describe('errorFromStatus', () => {
  it.each([
    [403, 'forbidden', false],
    [401, 'forbidden', false],
    [400, 'invalid', false],
    [409, 'conflict', false],
    [412, 'conflict', false],
    [500, 'server', true],
    [502, 'server', true],
    [503, 'server', true],
    [504, 'server', true],
    [501, 'server', false],
    [0, 'offline', true],
  ])('HTTP %s is %s (retryable: %s)', (status, kind, retryable) => {
    const error = errorFromStatus(status, { message: 'detail' }, 'create');
    expect(error).toBeInstanceOf(AnnotationWriteError);
    expect(error).toMatchObject({ kind, retryable });
  });

  it('says exactly what a 403 means', () => {
    expect(errorFromStatus(403, { message: 'Access denied' }, 'create').message).toBe(FORBIDDEN_MESSAGE);
    expect(FORBIDDEN_MESSAGE).toBe("you don't have permission to annotate this dashboard");
  });

  it('words a 404 by operation: a deleted annotation is a conflict, a missing dashboard is invalid', () => {
    expect(errorFromStatus(404, undefined, 'update')).toMatchObject({ kind: 'conflict', retryable: false });
    expect(errorFromStatus(404, undefined, 'create')).toMatchObject({ kind: 'invalid', retryable: false });
  });
});

describe('validation', () => {
  it('trims, deduplicates and drops empty tags', () => {
    expect(normalizeTags([' deploy', 'Deploy ', '', 'model', '  '])).toEqual(['deploy', 'model']);
  });

  it('rejects a tag over the limit with its length', () => {
    expect(() => normalizeTags(['x'.repeat(MAX_TAG_LENGTH + 1)])).toThrow(/51 characters long; tags are limited to 50/);
  });

  it('explains an empty or too long text', () => {
    expect(textProblem('  ')).toMatch(/empty/);
    expect(textProblem('x'.repeat(10_001))).toMatch(/10,001 characters long; the limit is 10,000/);
    expect(textProblem('x'.repeat(10_000))).toBeUndefined();
  });
});

describe('createAnnotationsApi on a fake Grafana', () => {
  it('creates, updates and lists annotations', async () => {
    const http = createFakeGrafanaHttp();
    const api = createAnnotationsApi({ transport: http.transport });
    const { id } = await api.createAnnotation({
      dashboardUID: 'd',
      panelId: 2,
      time: 1000,
      tags: ['deploy'],
      text: 'v2',
    });
    await api.updateAnnotation(id, { text: 'v2 to prod' });
    const listed = await api.listAnnotations({ from: 0, to: 2000, dashboardUID: 'd', tags: ['deploy'] });
    expect(listed).toEqual([expect.objectContaining({ id, panelId: 2, text: 'v2 to prod', tags: ['deploy'] })]);
    expect(http.requests()[2].params).toMatchObject({ from: 0, to: 2000, dashboardUID: 'd', tags: ['deploy'] });
  });

  it('does not send what it would reject', async () => {
    const http = createFakeGrafanaHttp();
    const api = createAnnotationsApi({ transport: http.transport });
    await expect(
      api.createAnnotation({ dashboardUID: 'd', time: 1, tags: [], text: 'x'.repeat(10_001) })
    ).rejects.toMatchObject({
      kind: 'invalid',
    });
    await expect(
      api.createAnnotation({ dashboardUID: 'd', time: 5, timeEnd: 1, tags: [], text: 'x' })
    ).rejects.toMatchObject({
      kind: 'invalid',
    });
    expect(http.requests()).toHaveLength(0);
  });

  it('times out with the injected timer', async () => {
    const http = createFakeGrafanaHttp();
    http.store.setMode('hang');
    const clock = new FakeClock();
    const api = createAnnotationsApi({ transport: http.transport, timeoutMs: 5_000, ...clock });
    const result = api.createAnnotation({ dashboardUID: 'd', time: 1, tags: [], text: 'x' }).catch((error) => error);
    await clock.advance(5_000);
    expect(await result).toMatchObject({ kind: 'timeout', retryable: true });
  });

  it('aborts a request that times out, so it no longer holds a connection', async () => {
    const clock = new FakeClock();
    const http = createFakeGrafanaHttp({ setTimeout: clock.setTimeout });
    http.store.setMode('hang');
    const api = createAnnotationsApi({ transport: http.transport, timeoutMs: 5_000, ...clock });
    const result = api.createAnnotation({ dashboardUID: 'd', time: 1, tags: [], text: 'x' }).catch((error) => error);
    await settle();
    expect(http.openRequests()).toBe(1);
    await clock.advance(5_000);
    expect(await result).toMatchObject({ kind: 'timeout', maybeApplied: true });
    expect(http.openRequests()).toBe(0);
    expect(http.requests()[0].signal?.aborted).toBe(true);
  });

  it('says which failures may have reached Grafana: timeouts and a proxy answering 502 or 504', () => {
    expect([500, 502, 503, 504].map((status) => errorFromStatus(status, undefined, 'create').maybeApplied)).toEqual([
      false,
      true,
      false,
      true,
    ]);
  });

  it('deletes an annotation, and a deletion repeated after it succeeded is not an error', async () => {
    const http = createFakeGrafanaHttp();
    const api = createAnnotationsApi({ transport: http.transport });
    const { id } = await api.createAnnotation({ dashboardUID: 'd', time: 1, tags: [], text: 'copy' });
    await api.deleteAnnotation(id);
    await expect(api.deleteAnnotation(id)).resolves.toBeUndefined();
    expect(http.store.annotations).toEqual([]);
    expect(http.requests().map((request) => `${request.method} ${request.url}`)).toEqual([
      'POST /api/annotations',
      `DELETE /api/annotations/${id}`,
      `DELETE /api/annotations/${id}`,
    ]);
  });

  it('reports a network failure as offline', async () => {
    const http = createFakeGrafanaHttp();
    http.goOffline();
    const api = createAnnotationsApi({ transport: http.transport, isOnline: () => false });
    await expect(api.listAnnotations({ from: 0, to: 1 })).rejects.toMatchObject({
      kind: 'offline',
      retryable: true,
      message: expect.stringMatching(/You are offline/),
    });
    await settle();
  });
});

describe('backendSrvTransport', () => {
  const fetchMock = jest.fn();
  beforeEach(() => {
    fetchMock.mockReset();
    jest.mocked(getBackendSrv).mockReturnValue({ fetch: fetchMock } as unknown as ReturnType<typeof getBackendSrv>);
  });

  it('asks Grafana not to pop up its own error alert', async () => {
    fetchMock.mockReturnValue(of({ status: 200, data: { id: 7 } }));
    await expect(
      backendSrvTransport({ method: 'POST', url: '/api/annotations', data: { text: 'x' } })
    ).resolves.toEqual({
      status: 200,
      data: { id: 7 },
    });
    expect(fetchMock).toHaveBeenCalledWith(expect.objectContaining({ showErrorAlert: false, method: 'POST' }));
  });

  it('turns a FetchError into a response, and a missing response into a rejection', async () => {
    fetchMock.mockReturnValue(throwError(() => ({ status: 403, data: { message: 'Access denied' } })));
    await expect(backendSrvTransport({ method: 'GET', url: '/api/annotations' })).resolves.toEqual({
      status: 403,
      data: { message: 'Access denied' },
    });
    fetchMock.mockReturnValue(throwError(() => ({ status: -1, data: undefined })));
    await expect(backendSrvTransport({ method: 'GET', url: '/api/annotations' })).rejects.toBeDefined();
  });

  it('gives Grafana the abort signal, and drops the subscription (which cancels the fetch) when it fires', async () => {
    let unsubscribed = false;
    fetchMock.mockReturnValue(new Observable(() => () => (unsubscribed = true)));
    const controller = new AbortController();
    const response = backendSrvTransport({ method: 'POST', url: '/api/annotations', signal: controller.signal });
    expect(fetchMock).toHaveBeenCalledWith(expect.objectContaining({ abortSignal: controller.signal }));
    controller.abort();
    await expect(response).rejects.toBeDefined();
    expect(unsubscribed).toBe(true);
  });
});
