// Types for fakeGrafanaStore.mjs, so TypeScript (tests and the playground) can import it.

export type FakeMode =
  | 'ok'
  | 'error500'
  | 'forbidden'
  | 'conflict'
  | 'unavailable'
  | 'hang'
  | 'accept-then-hang'
  | 'late-accept'
  | 'reset-after-accept';

export const FAKE_MODES: FakeMode[];

/** A seeded generator of numbers in [0, 1) (mulberry32), so a chaos run can be repeated exactly. */
export function seededRandom(seed: number): () => number;

/** What a lookup can be made to do under chaos. */
export type FakeReadMode = 'ok' | 'error500' | 'unavailable' | 'hang';

export const FAKE_READ_MODES: FakeReadMode[];

export interface FakeChaos {
  /** Seed of the generator that draws the modes; the same seed gives the same run. */
  seed?: number;
  /** Weights of the modes a write (POST, PATCH, DELETE of an annotation) draws from. */
  writes?: Partial<Record<FakeMode, number>>;
  /** Weights of the modes a lookup (GET /api/annotations) draws from. */
  reads?: Partial<Record<FakeReadMode, number>>;
}

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

/** A dashboard saved with `POST /api/dashboards/db`, as the fake keeps it. */
export interface FakeSavedDashboard {
  id: number;
  uid: string;
  version: number;
  /** '' for the General folder. */
  folderUid: string;
  slug: string;
  dashboard: any;
}

export interface FakeFolder {
  id: number;
  uid: string;
  title: string;
  url: string;
}

export interface FakePluginSettings {
  enabled?: boolean;
  pinned?: boolean;
  jsonData?: Record<string, unknown>;
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

/**
 * `'hang'`: never answered. With `delayMs`, answer after that delay (the write is applied then, and `status`
 * and `body` are filled in). With `reset`, the write was applied but the connection is dropped unanswered.
 */
export type FakeResult = { status: number; body: unknown; delayMs?: number; reset?: boolean } | 'hang';

/** What a rule's evaluation reports in `GET /api/prometheus/grafana/api/v1/rules`. */
export interface FakeAlertRuleState {
  state: 'inactive' | 'pending' | 'firing' | 'recovering';
  health: 'ok' | 'unknown' | 'nodata' | 'error';
  alerts?: Array<{
    labels: Record<string, string>;
    annotations?: Record<string, string>;
    state: string;
    activeAt: string;
    value: string;
  }>;
  lastError?: string;
  lastEvaluation?: string;
}

export interface FakeAnnotationStore {
  annotations: FakeAnnotation[];
  received: ReceivedRequest[];
  dashboards: Map<string, FakeSavedDashboard>;
  folders: Map<string, FakeFolder>;
  pluginSettings: Map<string, FakePluginSettings>;
  /** The mode each annotation request drew while chaos was on, in order. */
  chaosLog: Array<{ method: string; mode: FakeMode }>;
  /** Alert rules by uid, as the provisioning API returns them. */
  alertRules: Map<string, any>;
  setAlertRuleState(uid: string, state: FakeAlertRuleState): void;
  handle(request: FakeRequest): FakeResult;
  /** Puts writes (POST, PATCH, DELETE; annotations, dashboards, folders, settings) into `mode`, for the next `times` writes or until changed. */
  setMode(mode: FakeMode, times?: number): void;
  /** How long after its arrival a `late-accept` write is applied and answered. */
  setLateAcceptMs(ms: number): void;
  /** Draws a mode for every annotation request (writes and lookups) until `setChaos(null)`. */
  setChaos(chaos: FakeChaos | null): void;
  /** `late-accept` writes not applied yet. */
  pendingWrites(): number;
  reset(): void;
  /** What is stored, as plain JSON. */
  snapshot(): FakeStoreSnapshot;
  /** Replaces what is stored with a snapshot. */
  restore(snapshot: unknown): void;
}

export interface FakeStoreSnapshot {
  annotations: FakeAnnotation[];
  dashboards: FakeSavedDashboard[];
  folders: FakeFolder[];
  pluginSettings: Array<[string, FakePluginSettings]>;
  nextId: number;
  nextDashboardId: number;
  alertRules: { rules: any[]; nextRuleId: number };
}

export function createFakeAnnotationStore(options?: {
  token?: string | null;
  now?: () => number;
  /** Runs `late-accept` writes later; `setTimeout` by default (a test clock's in unit tests). */
  schedule?: (callback: () => void, ms: number) => unknown;
  lateAcceptMs?: number;
}): FakeAnnotationStore;
