import {
  parseWorksheet,
  rcaDashboardUid,
  RcaStatus,
  RCA_DRAFT_TAG,
  RCA_PUBLISHED_TAG,
  RCA_TAG,
  INCIDENT_TAG_PREFIX,
  saveDashboardBody,
  serializeWorksheet,
  Worksheet,
  worksheetFromDashboard,
  exportMarkdown,
} from '../rca';
import { createFolder, getDashboard, saveDashboard, SavedDashboard, searchDashboards } from './dashboards';
import { GrafanaHttpError, withRetry } from './grafanaHttp';

/**
 * Where a worksheet lives:
 * 1. This browser's localStorage, on every edit, so a reload or a network failure loses nothing.
 * 2. Grafana, where every viewer finds it: one dashboard per incident (uid `dl-rca-<incident id>`). Before
 *    publishing it is a draft ("RCA draft: <incident>", tag `driftline-rca-draft`) in the "Driftline"
 *    folder; publishing overwrites the same dashboard with the post-mortem and its panels. The worksheet is
 *    stored in the dashboard JSON (`driftline.worksheet`, with a copy in the text panel's options).
 * When both copies exist, the one edited last (`updatedAt`) wins.
 */
export const LOCAL_PREFIX = 'driftline.rca.worksheet.v1:';
export const DRAFT_FOLDER = { uid: 'driftline', title: 'Driftline' };

export function loadLocalWorksheet(incidentId: string): Worksheet | undefined {
  try {
    const raw = window.localStorage.getItem(LOCAL_PREFIX + incidentId);
    return raw ? parseWorksheet(raw) : undefined;
  } catch {
    return undefined;
  }
}

export function saveLocalWorksheet(worksheet: Worksheet): void {
  try {
    window.localStorage.setItem(LOCAL_PREFIX + worksheet.incident.id, serializeWorksheet(worksheet));
  } catch {
    // Storage full or disabled: the Grafana copy is still written.
  }
}

export function localStatus(incidentId: string): RcaStatus {
  return loadLocalWorksheet(incidentId)?.status ?? 'none';
}

/** The worksheet stored in Grafana for an incident; undefined when there is none yet. */
export async function loadRemoteWorksheet(incidentId: string): Promise<Worksheet | undefined> {
  try {
    const response = await getDashboard(rcaDashboardUid(incidentId));
    const stored = worksheetFromDashboard(response.dashboard);
    return stored ? parseWorksheet(stored) : undefined;
  } catch (error) {
    if (error instanceof GrafanaHttpError && error.status === 404) {
      return undefined;
    }
    throw error;
  }
}

/** The newer of two copies. */
export function newest(a: Worksheet | undefined, b: Worksheet | undefined): Worksheet | undefined {
  if (!a || !b) {
    return a ?? b;
  }
  return b.updatedAt > a.updatedAt ? b : a;
}

async function ensureDraftFolder(): Promise<string | undefined> {
  try {
    await createFolder(DRAFT_FOLDER);
    return DRAFT_FOLDER.uid;
  } catch (error) {
    // 409/412: it exists already. Any other refusal: save the draft in the General folder.
    return error instanceof GrafanaHttpError && (error.status === 409 || error.status === 412)
      ? DRAFT_FOLDER.uid
      : undefined;
  }
}

/** Saves a draft dashboard, creating the Driftline folder on first use; retried on 5xx, timeouts and offline. */
export async function saveRemoteDraft(worksheet: Worksheet, now = Date.now()): Promise<SavedDashboard> {
  const body = (folderUid?: string) =>
    saveDashboardBody(worksheet, { markdown: exportMarkdown(worksheet), now, draft: true, folderUid });
  return withRetry(async () => {
    try {
      return await saveDashboard(body(DRAFT_FOLDER.uid));
    } catch (error) {
      if (error instanceof GrafanaHttpError && (error.status === 400 || error.status === 404)) {
        return saveDashboard(body(await ensureDraftFolder()));
      }
      throw error;
    }
  });
}

/** RCA status per incident id from the RCA dashboards' tags (one search for all incidents). */
export async function remoteStatuses(): Promise<Map<string, RcaStatus>> {
  const hits = await searchDashboards({ tag: RCA_TAG, limit: 5000 });
  const statuses = new Map<string, RcaStatus>();
  for (const hit of hits) {
    const incidentTag = hit.tags?.find((tag) => tag.startsWith(INCIDENT_TAG_PREFIX));
    if (!incidentTag) {
      continue;
    }
    const status: RcaStatus = hit.tags?.includes(RCA_PUBLISHED_TAG)
      ? 'published'
      : hit.tags?.includes(RCA_DRAFT_TAG)
        ? 'draft'
        : 'none';
    statuses.set(incidentTag.slice(INCIDENT_TAG_PREFIX.length), status);
  }
  return statuses;
}
