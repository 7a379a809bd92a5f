import { getBackendSrv } from '@grafana/runtime';
import { createFakeAnnotationStore } from '../../tests/recipes/fakeGrafanaStore.mjs';
import { createWorksheet } from '../rca';
import { createFakeBackendSrv } from './testing/fakeBackendSrv';
import { DRAFT_FOLDER, loadRemoteWorksheet, remoteStatuses, saveRemoteDraft } from './worksheets';

jest.mock('@grafana/runtime', () => ({ ...jest.requireActual('@grafana/runtime'), getBackendSrv: jest.fn() }));

// The worksheet's Grafana copy against the fake Grafana the browser tests serve (its store, with no sockets):
// the dashboards, search and folders of the fake behave as the workbench expects of Grafana.
const NOW = Date.UTC(2026, 2, 14, 12);
let store: ReturnType<typeof createFakeAnnotationStore>;

beforeEach(() => {
  store = createFakeAnnotationStore({ token: null });
  const http = createFakeBackendSrv([
    (request) => {
      const query = new URLSearchParams();
      Object.entries(request.params ?? {}).forEach(([key, value]) =>
        ([] as unknown[]).concat(value).forEach((item) => query.append(key, String(item)))
      );
      const result = store.handle({ method: request.method, path: request.url, query, body: request.data });
      return result === 'hang' ? undefined : { status: result.status, data: result.body };
    },
  ]);
  jest.mocked(getBackendSrv).mockReturnValue(http.srv as unknown as ReturnType<typeof getBackendSrv>);
});

const worksheet = () =>
  createWorksheet(
    { id: '7', title: 'Checkout model down', start: NOW - 3_600_000, dashboardUID: 'checkout', severity: 'sev1' },
    NOW
  );

describe('the worksheet in the fake Grafana', () => {
  it('saves a draft, creating the Driftline folder on first use, and finds it by uid and by tag', async () => {
    expect(await loadRemoteWorksheet('7')).toBeUndefined();
    const saved = await saveRemoteDraft({ ...worksheet(), status: 'draft' }, NOW);
    expect(saved).toMatchObject({ uid: 'dl-rca-7', url: '/d/dl-rca-7/rca-draft-checkout-model-down', version: 1 });
    // The first save into the missing folder was refused (400), the folder created, the save sent again.
    expect(store.received.map((request) => `${request.method} ${request.path}`)).toEqual([
      'GET /api/dashboards/uid/dl-rca-7',
      'POST /api/dashboards/db',
      'POST /api/folders',
      'POST /api/dashboards/db',
    ]);
    expect(store.folders.get(DRAFT_FOLDER.uid)?.title).toBe('Driftline');
    expect(store.dashboards.get('dl-rca-7')?.folderUid).toBe('driftline');
    expect((await loadRemoteWorksheet('7'))?.incident.title).toBe('Checkout model down');
    expect(await remoteStatuses()).toEqual(new Map([['7', 'draft']]));

    // Saved again: the same dashboard, a new version; the folder exists now.
    expect((await saveRemoteDraft({ ...worksheet(), status: 'draft' }, NOW)).version).toBe(2);
    expect(store.received.filter((request) => request.path === '/api/folders')).toHaveLength(1);
  });

  it('keeps what it stored across a snapshot and restore, as the playground does across reloads', async () => {
    await saveRemoteDraft({ ...worksheet(), status: 'draft' }, NOW);
    const snapshot = JSON.parse(JSON.stringify(store.snapshot()));
    store.reset();
    expect(await loadRemoteWorksheet('7')).toBeUndefined();
    store.restore(snapshot);
    expect((await loadRemoteWorksheet('7'))?.status).toBe('draft');
    expect(store.folders.has('driftline')).toBe(true);
  });
});
