import { grafanaRequest } from './grafanaHttp';

/** Grafana's dashboard and folder HTTP API, as the app pages use it. */

export interface SavedDashboard {
  uid: string;
  url: string;
  version?: number;
}

/** `GET /api/dashboards/uid/:uid` as Grafana answers it: the dashboard JSON and its meta. */
export interface DashboardResponse {
  dashboard?: unknown;
  meta?: { url?: string; folderUid?: string };
}

export interface DashboardSearchHit {
  uid: string;
  title?: string;
  url?: string;
  tags?: string[];
}

/** `GET /api/dashboards/uid/:uid`; a missing dashboard rejects with a 404 `GrafanaHttpError`. */
export function getDashboard(uid: string): Promise<DashboardResponse> {
  return grafanaRequest<DashboardResponse>('GET', `/api/dashboards/uid/${encodeURIComponent(uid)}`);
}

/** `POST /api/dashboards/db`. */
export function saveDashboard(body: unknown): Promise<SavedDashboard> {
  return grafanaRequest<SavedDashboard>('POST', '/api/dashboards/db', { data: body });
}

/** `GET /api/search` for dashboards carrying a tag. */
export async function searchDashboards(query: { tag: string; limit?: number }): Promise<DashboardSearchHit[]> {
  const hits = await grafanaRequest<unknown>('GET', '/api/search', {
    params: { tag: query.tag, type: 'dash-db', limit: query.limit ?? 1000 },
  });
  return Array.isArray(hits) ? (hits as DashboardSearchHit[]) : [];
}

/** `POST /api/folders`; a folder whose uid is taken rejects with 409 (or 412). */
export async function createFolder(folder: { uid: string; title: string }): Promise<void> {
  await grafanaRequest('POST', '/api/folders', { data: folder });
}
