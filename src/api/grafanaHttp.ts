import { backendSrvTransport, HttpResponse } from './annotationsApi';

/** An HTTP failure with the status (0 when no response came) and a message a person can act on. */
export class GrafanaHttpError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.name = 'GrafanaHttpError';
    this.status = status;
  }
  /** Worth sending again later: no response, rate limit or a server error. */
  get retryable(): boolean {
    return this.status <= 0 || this.status === 429 || this.status >= 500;
  }
}

export function describeHttpError(status: number, serverMessage?: string): string {
  const detail = serverMessage ? ` (Grafana said: ${serverMessage})` : '';
  if (status === 401) {
    return 'Your Grafana session has expired: sign in again, then retry.';
  }
  if (status === 403) {
    return `You don't have permission for this in Grafana; ask an administrator for Editor access${detail}.`;
  }
  if (status === 404) {
    return `Not found${detail}.`;
  }
  if (status <= 0) {
    return 'Grafana could not be reached; check the connection and retry.';
  }
  return `Grafana answered with an error (HTTP ${status})${detail}.`;
}

/** A request through Grafana's backend service, without its error pop-ups (the page shows errors). */
export async function grafanaRequest<T>(
  method: 'GET' | 'POST',
  url: string,
  options: { data?: unknown; params?: Record<string, string | number | string[]> } = {}
): Promise<T> {
  let response: HttpResponse;
  try {
    response = await backendSrvTransport({ method, url, data: options.data, params: options.params });
  } catch {
    throw new GrafanaHttpError(0, describeHttpError(0));
  }
  if (response.status >= 200 && response.status < 300) {
    return response.data as T;
  }
  const message = (response.data as { message?: unknown } | undefined)?.message;
  throw new GrafanaHttpError(
    response.status,
    describeHttpError(response.status, typeof message === 'string' ? message : undefined)
  );
}

/** Retries a retryable failure with exponential backoff: 1 s, 2 s, 4 s… at most `attempts` tries. */
export async function withRetry<T>(
  send: () => Promise<T>,
  options: { attempts?: number; baseMs?: number; sleep?: (ms: number) => Promise<void> } = {}
): Promise<T> {
  const attempts = options.attempts ?? 4;
  const baseMs = options.baseMs ?? 1000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let attempt = 1; ; attempt++) {
    try {
      return await send();
    } catch (error) {
      const retryable = error instanceof GrafanaHttpError && error.retryable;
      if (!retryable || attempt >= attempts) {
        throw error;
      }
      await sleep(baseMs * 2 ** (attempt - 1));
    }
  }
}
