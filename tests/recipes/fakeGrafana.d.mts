// Types for fakeGrafana.mjs, so TypeScript tests (jest and Playwright) can import it.
import type {
  FakeAlertRuleState,
  FakeAnnotation,
  FakeChaos,
  FakeFolder,
  FakeMode,
  FakePluginSettings,
  FakeSavedDashboard,
  ReceivedRequest,
} from './fakeGrafanaStore.mjs';

export * from './fakeGrafanaStore.mjs';

export interface FakeGrafana {
  url: string;
  received: ReceivedRequest[];
  annotations: FakeAnnotation[];
  dashboards: Map<string, FakeSavedDashboard>;
  folders: Map<string, FakeFolder>;
  pluginSettings: Map<string, FakePluginSettings>;
  /** The mode each annotation request drew while chaos was on, in order. */
  chaosLog: Array<{ method: string; mode: FakeMode }>;
  /** Alert rules by uid, as the provisioning API returns them. */
  alertRules: Map<string, any>;
  setAlertRuleState(uid: string, state: FakeAlertRuleState): void;
  setMode(mode: FakeMode, times?: number): void;
  setChaos(chaos: FakeChaos | null): void;
  setLateAcceptMs(ms: number): void;
  /** `late-accept` writes not applied yet. */
  pendingWrites(): number;
  /** Requests with no answer yet whose connection is still open (hung requests the client still holds). */
  openRequests(): number;
  reset(): void;
  close(): Promise<void>;
}

export function startFakeGrafana(options?: {
  port?: number;
  token?: string;
  lateAcceptMs?: number;
}): Promise<FakeGrafana>;
