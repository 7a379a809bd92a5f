// Types for fakeGrafana.mjs, so TypeScript tests (jest and Playwright) can import it.

export type FakeMode = 'ok' | 'error500' | 'forbidden' | 'conflict' | 'unavailable' | 'hang' | 'accept-then-hang';

export const FAKE_MODES: FakeMode[];

export interface FakeAnnotation {
  id: number;
  dashboardUID: string;
  panelId: number;
  time: number;
  timeEnd: number;
  text: string;
  tags: string[];
  login: string;
  type: 'annotation';
}

export interface ReceivedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  /** Every `tags` query parameter, in order. */
  tags: string[];
  headers: Record<string, string | string[] | undefined>;
  body: any;
}

export interface FakeRequest {
  method: string;
  path: string;
  query?: URLSearchParams;
  headers?: Record<string, string | string[] | undefined>;
  body?: unknown;
}

export type FakeResult = { status: number; body: unknown } | 'hang';

export interface FakeAnnotationStore {
  annotations: FakeAnnotation[];
  received: ReceivedRequest[];
  handle(request: FakeRequest): FakeResult;
  /** Puts writes (POST, PATCH) into `mode`, for the next `times` writes or until changed. */
  setMode(mode: FakeMode, times?: number): void;
  reset(): void;
}

export function createFakeAnnotationStore(options?: { token?: string | null; now?: () => number }): FakeAnnotationStore;

export interface FakeGrafana {
  url: string;
  received: ReceivedRequest[];
  annotations: FakeAnnotation[];
  setMode(mode: FakeMode, times?: number): void;
  reset(): void;
  close(): Promise<void>;
}

export function startFakeGrafana(options?: { port?: number; token?: string }): Promise<FakeGrafana>;
