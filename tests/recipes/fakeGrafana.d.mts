// Types for fakeGrafana.mjs, so TypeScript tests (jest and Playwright) can import it.
import type {
  FakeAlertRuleState,
  FakeAnnotation,
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
  /** Alert rules by uid, as the provisioning API returns them. */
  alertRules: Map<string, any>;
  setAlertRuleState(uid: string, state: FakeAlertRuleState): void;
  setMode(mode: FakeMode, times?: number): void;
  reset(): void;
  close(): Promise<void>;
}

export function startFakeGrafana(options?: { port?: number; token?: string }): Promise<FakeGrafana>;
