import { PLUGIN_ID } from '../constants';
import { DEFAULT_KIND_TAGS, KindTags, kindTagsFromJsonData } from '../data/annotations';
import { backendSrvTransport, HttpTransport } from './annotationsApi';
import { grafanaRequest } from './grafanaHttp';

export interface LoadedKindTags {
  kindTags: KindTags;
  /** Why the configured mapping could not be read, when the defaults are used instead. */
  problem?: string;
}

/**
 * The tag-to-kind mapping saved on the app's configuration page (`jsonData.kindTags`). A panel still
 * draws every annotation when the settings cannot be read: it falls back to the default mapping and says why.
 */
export async function loadKindTags(transport: HttpTransport = backendSrvTransport): Promise<LoadedKindTags> {
  try {
    const response = await transport({ method: 'GET', url: `/api/plugins/${PLUGIN_ID}/settings` });
    if (response.status >= 200 && response.status < 300) {
      const jsonData = (response.data as { jsonData?: { kindTags?: unknown } } | undefined)?.jsonData;
      // Nothing saved yet: the defaults themselves, so that panels need not re-render for an equal copy.
      return { kindTags: jsonData?.kindTags === undefined ? DEFAULT_KIND_TAGS : kindTagsFromJsonData(jsonData) };
    }
    return {
      kindTags: DEFAULT_KIND_TAGS,
      problem: `the app's annotation kinds could not be read (HTTP ${response.status}); using the default tags`,
    };
  } catch (error) {
    return {
      kindTags: DEFAULT_KIND_TAGS,
      problem: `the app's annotation kinds could not be read (${error instanceof Error ? error.message : String(error)}); using the default tags`,
    };
  }
}

let shared: Promise<LoadedKindTags> | undefined;

/** One read per page load, shared by every panel on the dashboard. */
export function sharedKindTags(): Promise<LoadedKindTags> {
  shared ??= loadKindTags();
  return shared;
}

/** What `POST /api/plugins/:id/settings` takes: it replaces jsonData as a whole. */
export interface AppSettingsUpdate {
  enabled?: boolean;
  pinned?: boolean;
  jsonData: Record<string, unknown>;
}

/** Saves the app's settings; rejects with a `GrafanaHttpError` whose message says what to do. */
export async function saveAppSettings(settings: AppSettingsUpdate): Promise<void> {
  await grafanaRequest('POST', `/api/plugins/${PLUGIN_ID}/settings`, {
    data: { enabled: settings.enabled, pinned: settings.pinned, jsonData: settings.jsonData },
  });
}
