import { getBackendSrv } from '@grafana/runtime';

/**
 * Grafana's annotations HTTP API (`/api/annotations`), with errors a person can act on.
 *
 * Every call goes through an `HttpTransport`, so the same code runs on Grafana's `getBackendSrv()` in the
 * plugin, on `fetch` against any Grafana URL (the playground, scripts), and on a fake HTTP layer in tests.
 */

/** Grafana's own limit on annotation text is the database column; this keeps notes readable and safe. */
export const MAX_TEXT_LENGTH = 10_000;
export const MAX_TAG_LENGTH = 50;
/** A request that has not answered by then counts as timed out (and is retried by the outbox). */
export const DEFAULT_REQUEST_TIMEOUT_MS = 15_000;

export const FORBIDDEN_MESSAGE = "you don't have permission to annotate this dashboard";

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** A path such as `/api/annotations`; the transport adds the Grafana base URL. */
  url: string;
  params?: Record<string, string | number | string[] | undefined>;
  data?: unknown;
  /** Aborts the request: the transport gives up the connection and rejects. */
  signal?: AbortSignal;
  /** Extra request headers, such as alerting's `X-Disable-Provenance`. */
  headers?: Record<string, string>;
}

export interface HttpResponse {
  status: number;
  data: unknown;
}

/**
 * Resolves with the response for every HTTP status (2xx or not); rejects only when no response came
 * (network down, connection refused, aborted).
 */
export type HttpTransport = (request: HttpRequest) => Promise<HttpResponse>;

export type AnnotationWriteErrorKind = 'forbidden' | 'conflict' | 'server' | 'timeout' | 'offline' | 'invalid';

export class AnnotationWriteError extends Error {
  readonly kind: AnnotationWriteErrorKind;
  /** True when sending the same request again later may succeed (5xx, timeout, offline). */
  readonly retryable: boolean;
  /** The HTTP status, when a response came. */
  readonly status?: number;
  /**
   * True when Grafana may still have applied the request: it got no answer in time (a timeout), or a proxy
   * in front of Grafana answered for it (502, 504). A create that failed so must not be sent again blind.
   */
  readonly maybeApplied: boolean;

  constructor(
    kind: AnnotationWriteErrorKind,
    message: string,
    options: { retryable?: boolean; status?: number; maybeApplied?: boolean } = {}
  ) {
    super(message);
    this.name = 'AnnotationWriteError';
    this.kind = kind;
    this.retryable = options.retryable ?? (kind === 'server' || kind === 'timeout' || kind === 'offline');
    this.status = options.status;
    this.maybeApplied =
      options.maybeApplied ?? (kind === 'timeout' || options.status === 502 || options.status === 504);
  }
}

export interface NewAnnotation {
  dashboardUID: string;
  panelId?: number;
  /** Epoch milliseconds. */
  time: number;
  /** Epoch milliseconds; makes a region when later than `time`. */
  timeEnd?: number;
  tags: string[];
  text: string;
  /** Any JSON to store with the annotation. */
  data?: Record<string, unknown>;
}

export interface AnnotationPatch {
  text?: string;
  tags?: string[];
  time?: number;
  timeEnd?: number;
}

export interface AnnotationQuery {
  from: number;
  to: number;
  dashboardUID?: string;
  /** Grafana keeps annotations that carry every one of these tags. */
  tags?: string[];
  type?: 'annotation' | 'alert';
  limit?: number;
}

/** An annotation as `GET /api/annotations` returns it (the fields Driftline reads). */
export interface GrafanaAnnotation {
  id: number;
  dashboardUID?: string;
  panelId?: number;
  time: number;
  timeEnd?: number;
  text: string;
  tags: string[];
  login?: string;
  /** Any JSON stored with the annotation (Driftline keeps an incident's dashboard context there). */
  data?: unknown;
}

export interface AnnotationsApi {
  createAnnotation(annotation: NewAnnotation): Promise<{ id: number }>;
  updateAnnotation(id: number, patch: AnnotationPatch): Promise<void>;
  listAnnotations(query: AnnotationQuery): Promise<GrafanaAnnotation[]>;
  /** Deletes an annotation; one that is already gone counts as deleted, so a deletion is safe to repeat. */
  deleteAnnotation(id: number): Promise<void>;
}

/** Trims, drops empty and repeated tags (case-insensitively, keeping the first spelling), checks their length. */
export function normalizeTags(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  const result: string[] = [];
  for (const raw of tags) {
    const tag = String(raw).trim();
    if (tag === '' || seen.has(tag.toLowerCase())) {
      continue;
    }
    if (tag.length > MAX_TAG_LENGTH) {
      throw new AnnotationWriteError(
        'invalid',
        `The tag "${tag.slice(0, 20)}…" is ${tag.length} characters long; tags are limited to ${MAX_TAG_LENGTH}. Shorten it.`
      );
    }
    seen.add(tag.toLowerCase());
    result.push(tag);
  }
  return result;
}

/** The message to show for a text that cannot be sent, or undefined when it is fine. */
export function textProblem(text: string): string | undefined {
  if (text.trim() === '') {
    return 'Write what happened: the annotation text is empty.';
  }
  if (text.length > MAX_TEXT_LENGTH) {
    return (
      `The text is ${text.length.toLocaleString('en-US')} characters long; the limit is ` +
      `${MAX_TEXT_LENGTH.toLocaleString('en-US')}. Shorten it, or link to a document instead.`
    );
  }
  return undefined;
}

function checkText(text: string): void {
  const problem = textProblem(text);
  if (problem) {
    throw new AnnotationWriteError('invalid', problem);
  }
}

function checkTimes(time: number | undefined, timeEnd: number | undefined): void {
  if (time !== undefined && !Number.isFinite(time)) {
    throw new AnnotationWriteError('invalid', 'The annotation has no valid time.');
  }
  if (timeEnd !== undefined && (!Number.isFinite(timeEnd) || (time !== undefined && timeEnd < time))) {
    throw new AnnotationWriteError('invalid', 'The end of the region is before its start; pick the range again.');
  }
}

/** Checks and cleans a new annotation the way `createAnnotation` will send it; throws `invalid` errors. */
export function validateNewAnnotation(annotation: NewAnnotation): NewAnnotation {
  checkText(annotation.text);
  checkTimes(annotation.time, annotation.timeEnd);
  return { ...annotation, tags: normalizeTags(annotation.tags) };
}

/** Checks and cleans a patch the way `updateAnnotation` will send it; throws `invalid` errors. */
export function validatePatch(patch: AnnotationPatch): AnnotationPatch {
  if (patch.text !== undefined) {
    checkText(patch.text);
  }
  checkTimes(patch.time, patch.timeEnd);
  return patch.tags === undefined ? { ...patch } : { ...patch, tags: normalizeTags(patch.tags) };
}

function serverMessage(data: unknown): string | undefined {
  const message = (data as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' && message.trim() !== '' ? message.trim() : undefined;
}

/** Maps an HTTP status to the error a person sees; `operation` words the 404 case. */
export function errorFromStatus(
  status: number,
  data: unknown,
  operation: 'create' | 'update' | 'list' | 'delete'
): AnnotationWriteError {
  const detail = serverMessage(data);
  const suffix = detail ? ` (Grafana said: ${detail})` : '';
  if (status === 403) {
    return new AnnotationWriteError('forbidden', FORBIDDEN_MESSAGE, { status });
  }
  if (status === 401) {
    return new AnnotationWriteError('forbidden', 'your Grafana session has expired; sign in again, then retry', {
      status,
    });
  }
  if (status === 409 || status === 412) {
    return new AnnotationWriteError(
      'conflict',
      `the annotation was changed by someone else since you opened it; reload the dashboard and edit it again${suffix}`,
      { status }
    );
  }
  if (status === 404) {
    return operation === 'update' || operation === 'delete'
      ? new AnnotationWriteError(
          'conflict',
          `the annotation no longer exists on the server; it may have been deleted${suffix}`,
          {
            status,
          }
        )
      : new AnnotationWriteError(
          'invalid',
          `Grafana could not find this dashboard; it may have been deleted or moved${suffix}`,
          {
            status,
          }
        );
  }
  if (status === 400 || status === 413 || status === 422) {
    return new AnnotationWriteError('invalid', `Grafana rejected the annotation${suffix}`, { status });
  }
  if (status === 429) {
    return new AnnotationWriteError('server', 'Grafana is rate-limiting requests; it will be sent again shortly', {
      status,
      retryable: true,
    });
  }
  if (status === 0) {
    return new AnnotationWriteError(
      'offline',
      'Grafana could not be reached; it will be sent when the connection is back',
      {
        status,
      }
    );
  }
  const retryable = status === 500 || status === 502 || status === 503 || status === 504;
  return new AnnotationWriteError(
    'server',
    retryable
      ? `Grafana answered with an error (HTTP ${status}); it will be sent again shortly${suffix}`
      : `Grafana answered with an unexpected error (HTTP ${status})${suffix}`,
    { status, retryable }
  );
}

export interface AnnotationsApiOptions {
  transport?: HttpTransport;
  timeoutMs?: number;
  setTimeout?: (callback: () => void, ms: number) => unknown;
  clearTimeout?: (handle: unknown) => void;
  /** Whether the browser believes it is online; a failure while offline is reported as `offline`. */
  isOnline?: () => boolean;
}

function browserOnline(): boolean {
  return typeof navigator === 'undefined' || navigator.onLine !== false;
}

/** Builds the API on a transport; `createAnnotation` and friends below use Grafana's backend service. */
export function createAnnotationsApi(options: AnnotationsApiOptions = {}): AnnotationsApi {
  const transport = options.transport ?? backendSrvTransport;
  const timeoutMs = options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const schedule = options.setTimeout ?? ((callback, ms) => setTimeout(callback, ms));
  const cancel = options.clearTimeout ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>));
  const isOnline = options.isOnline ?? browserOnline;

  /**
   * One request, aborted when it has not answered within the timeout, so a hung request never keeps holding
   * one of the browser's few connections to Grafana.
   */
  async function send(request: HttpRequest, operation: 'create' | 'update' | 'list' | 'delete'): Promise<unknown> {
    const controller = new AbortController();
    let timedOut = false;
    const handle = schedule(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    let response: HttpResponse;
    try {
      response = await new Promise<HttpResponse>((resolve, reject) => {
        // A transport that ignores the signal is still given up on at the timeout.
        controller.signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
        transport({ ...request, signal: controller.signal }).then(resolve, reject);
      });
    } catch {
      if (timedOut) {
        throw new AnnotationWriteError(
          'timeout',
          `Grafana did not answer within ${Math.round(timeoutMs / 1000)} s; it will be sent again shortly`
        );
      }
      throw new AnnotationWriteError(
        'offline',
        isOnline()
          ? 'Grafana could not be reached; it will be sent again shortly'
          : 'You are offline; it will be sent when the connection is back'
      );
    } finally {
      cancel(handle);
    }
    if (response.status >= 200 && response.status < 300) {
      return response.data;
    }
    throw errorFromStatus(response.status, response.data, operation);
  }

  return {
    async createAnnotation(annotation) {
      const { dashboardUID, panelId, time, timeEnd, tags, text, data: stored } = validateNewAnnotation(annotation);
      const data = await send(
        {
          method: 'POST',
          url: '/api/annotations',
          data: { dashboardUID, panelId, time, timeEnd, tags, text, ...(stored ? { data: stored } : {}) },
        },
        'create'
      );
      const id = Number((data as { id?: unknown } | undefined)?.id);
      if (!Number.isFinite(id)) {
        throw new AnnotationWriteError('server', 'Grafana accepted the annotation but returned no id', {
          retryable: false,
        });
      }
      return { id };
    },
    async updateAnnotation(id, patch) {
      await send(
        { method: 'PATCH', url: `/api/annotations/${encodeURIComponent(String(id))}`, data: validatePatch(patch) },
        'update'
      );
    },
    async listAnnotations(query) {
      const data = await send(
        {
          method: 'GET',
          url: '/api/annotations',
          params: {
            from: query.from,
            to: query.to,
            dashboardUID: query.dashboardUID,
            tags: query.tags && query.tags.length > 0 ? query.tags : undefined,
            type: query.type,
            limit: query.limit,
          },
        },
        'list'
      );
      return Array.isArray(data) ? (data as GrafanaAnnotation[]) : [];
    },
    async deleteAnnotation(id) {
      try {
        await send({ method: 'DELETE', url: `/api/annotations/${encodeURIComponent(String(id))}` }, 'delete');
      } catch (error) {
        if (error instanceof AnnotationWriteError && error.status === 404) {
          return; // Already gone: deleted before, by this request's lost answer or by someone else.
        }
        throw error;
      }
    },
  };
}

/**
 * Grafana's own HTTP service: the signed-in user's session, no error pop-ups (the caller shows them). The
 * request's signal aborts it: it is handed to `fetch` as `abortSignal`, and the subscription is dropped,
 * which cancels the underlying fetch in every Grafana since 7.2.
 */
export const backendSrvTransport: HttpTransport = (request) =>
  new Promise<HttpResponse>((resolve, reject) => {
    const { signal } = request;
    if (signal?.aborted) {
      reject(new Error('aborted'));
      return;
    }
    let done = false;
    const subscription = getBackendSrv()
      .fetch({
        method: request.method,
        url: request.url,
        params: request.params,
        data: request.data,
        headers: request.headers,
        showErrorAlert: false,
        showSuccessAlert: false,
        abortSignal: signal,
      })
      .subscribe({
        next: (response) => {
          done = true;
          resolve({ status: response.status, data: response.data });
        },
        error: (error: unknown) => {
          done = true;
          const status = (error as { status?: unknown })?.status;
          // backendSrv errors with a FetchError for HTTP errors; status 0 or -1 means no response came.
          if (typeof status === 'number' && status > 0) {
            resolve({ status, data: (error as { data?: unknown }).data });
          } else {
            reject(error);
          }
        },
        complete: () => {
          if (!done) {
            reject(new Error('Grafana answered nothing'));
          }
        },
      });
    signal?.addEventListener(
      'abort',
      () => {
        subscription.unsubscribe();
        reject(new Error('aborted'));
      },
      { once: true }
    );
  });

/** A request's query parameters as a URL would carry them: a list repeats its key, undefined is left out. */
export function searchParamsOf(params: HttpRequest['params']): URLSearchParams {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params ?? {})) {
    if (value === undefined) {
      continue;
    }
    for (const item of Array.isArray(value) ? value : [value]) {
      search.append(key, String(item));
    }
  }
  return search;
}

function toSearchParams(params: HttpRequest['params']): string {
  const text = searchParamsOf(params).toString();
  return text ? `?${text}` : '';
}

/**
 * `fetch` against a Grafana base URL with a service-account token: for the playground, scripts and tests
 * outside Grafana. Inside the plugin, use the default (`backendSrvTransport`).
 */
export function fetchTransport(baseUrl: string, options: { token?: string; fetch?: typeof fetch } = {}): HttpTransport {
  const doFetch = options.fetch ?? fetch;
  const root = baseUrl.replace(/\/+$/, '');
  return async (request) => {
    const headers: Record<string, string> = { Accept: 'application/json', ...request.headers };
    if (request.data !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    if (options.token) {
      headers.Authorization = `Bearer ${options.token}`;
    }
    const response = await doFetch(`${root}${request.url}${toSearchParams(request.params)}`, {
      method: request.method,
      headers,
      body: request.data === undefined ? undefined : JSON.stringify(request.data),
      signal: request.signal,
    });
    const text = await response.text();
    let data: unknown = text;
    try {
      data = text ? JSON.parse(text) : undefined;
    } catch {
      // Not JSON (a proxy's HTML error page): keep the text.
    }
    return { status: response.status, data };
  };
}

let defaultApi: AnnotationsApi | undefined;

function api(): AnnotationsApi {
  defaultApi ??= createAnnotationsApi();
  return defaultApi;
}

/** POST /api/annotations as the signed-in user. */
export function createAnnotation(annotation: NewAnnotation): Promise<{ id: number }> {
  return api().createAnnotation(annotation);
}

/** PATCH /api/annotations/:id as the signed-in user; only the given fields change. */
export function updateAnnotation(id: number, patch: AnnotationPatch): Promise<void> {
  return api().updateAnnotation(id, patch);
}

/** GET /api/annotations as the signed-in user. */
export function listAnnotations(query: AnnotationQuery): Promise<GrafanaAnnotation[]> {
  return api().listAnnotations(query);
}

/** DELETE /api/annotations/:id as the signed-in user; an annotation already gone counts as deleted. */
export function deleteAnnotation(id: number): Promise<void> {
  return api().deleteAnnotation(id);
}
