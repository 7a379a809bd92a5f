import React from 'react';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { DataQueryRequest } from '@grafana/data';
import { of, throwError } from 'rxjs';
import { getBackendSrv, getDataSourceSrv } from '@grafana/runtime';
import { createWorksheet } from '../../rca';
import { createFakeBackendSrv, route } from '../../api/testing/fakeBackendSrv';
import { WorkbenchPage } from './WorkbenchPage';
import { LOCAL_PREFIX } from '../../api/worksheets';
import { createDemoDataSource } from '../../datasources/demo/instance';
import { clearEvidenceCache } from '../../evidence';
import chatbotOutage from '../../../provisioning/dashboards/chatbot-outage.json';
import modelIncident from '../../../provisioning/dashboards/model-incident.json';

jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getBackendSrv: jest.fn(),
  getDataSourceSrv: jest.fn(),
}));

const NOW = Date.UTC(2026, 2, 14, 12);
const MIN = 60_000;
const INCIDENT = {
  id: 7,
  dashboardUID: 'checkout',
  time: NOW - 60 * MIN,
  timeEnd: NOW - 15 * MIN,
  text: 'Checkout model down',
  tags: ['incident', 'sev1'],
};
const DEPLOY = {
  id: 8,
  dashboardUID: 'checkout',
  time: NOW - 70 * MIN,
  timeEnd: NOW - 70 * MIN,
  text: 'checkout-model v12',
  tags: ['deploy'],
};

let http: ReturnType<typeof createFakeBackendSrv>;

// Grafana's data source service, with the demo data source the provisioned demo dashboards query.
const demo = createDemoDataSource();

beforeEach(() => {
  window.localStorage.clear();
  clearEvidenceCache();
  // Only the demo data source is there: a query for any other fails at once, as in a Grafana without it.
  jest.mocked(getDataSourceSrv).mockReturnValue({
    get: async (ref?: { uid?: string }) => {
      if (ref?.uid !== 'driftline-demo') {
        throw new Error(`Data source ${ref?.uid ?? 'default'} was not found`);
      }
      return demo;
    },
  } as unknown as ReturnType<typeof getDataSourceSrv>);
  http = createFakeBackendSrv([
    route('GET', '/api/annotations', (request) => ({
      status: 200,
      data: request.params?.tags
        ? (request.params.tags as string[])[0] === 'incident'
          ? [INCIDENT]
          : []
        : [INCIDENT, DEPLOY],
    })),
    route('GET', /^\/api\/dashboards\/uid\//, { status: 404, data: { message: 'Dashboard not found' } }),
  ]);
  jest.mocked(getBackendSrv).mockReturnValue(http.srv as unknown as ReturnType<typeof getBackendSrv>);
});

function renderAt(path: string) {
  return render(
    <MemoryRouter initialEntries={[path]}>
      <Routes>
        <Route path="/incidents/:id" element={<WorkbenchPage now={() => NOW} />} />
      </Routes>
    </MemoryRouter>
  );
}

describe('Workbench', () => {
  it('shows an error with retry when the incident does not exist', async () => {
    renderAt('/incidents/404');
    expect(await screen.findByTestId('driftline-workbench-error')).toHaveTextContent('Incident 404 was not found');
  });

  it('shows the HTTP error, then opens on retry', async () => {
    http.route(route('GET', '/api/annotations', { status: 500, data: { message: 'database is locked' } }));
    renderAt('/incidents/7');
    expect(await screen.findByTestId('driftline-workbench-error')).toHaveTextContent(/HTTP 500/);
    http.route(route('GET', '/api/annotations', { status: 200, data: [INCIDENT] }));
    fireEvent.click(screen.getByTestId('driftline-workbench-retry'));
    expect(await screen.findByTestId('driftline-workbench')).toHaveTextContent('Checkout model down');
  });

  it('opens the local copy when Grafana is unreachable', async () => {
    http.route(route('GET', '/api/annotations', { status: 503 }));
    const worksheet = createWorksheet(
      { id: '7', title: 'Saved offline', start: NOW - 60 * MIN, dashboardUID: 'checkout', severity: 'sev2' },
      NOW
    );
    window.localStorage.setItem(`${LOCAL_PREFIX}7`, JSON.stringify(worksheet));
    renderAt('/incidents/7');
    expect(await screen.findByTestId('driftline-workbench-warning')).toBeInTheDocument();
    expect(screen.getByTestId('driftline-workbench')).toHaveTextContent('Saved offline');
  });

  it('lists change events and cites them in a why; the tab is in the URL', async () => {
    renderAt('/incidents/7?tab=whys');
    fireEvent.click(await screen.findByTestId('driftline-why-add'));
    fireEvent.change(screen.getByTestId('driftline-why-question'), { target: { value: 'Why did checkout fail?' } });
    fireEvent.click(screen.getByTestId('driftline-tab-evidence'));
    expect(await screen.findByTestId('driftline-evidence-kind-deploy')).toHaveTextContent('checkout-model v12');
    expect(screen.getByTestId('driftline-evidence-link')).toHaveAttribute(
      'href',
      expect.stringMatching(/^\/d\/checkout\?from=\d+&to=\d+$/)
    );
    fireEvent.click(screen.getByTestId('driftline-evidence-cite'));
    fireEvent.click(screen.getByTestId('driftline-evidence-cite-target'));
    fireEvent.click(screen.getByTestId('driftline-tab-whys'));
    expect(screen.getByTestId('driftline-cited-chip')).toHaveTextContent('checkout-model v12');
    const saved = JSON.parse(window.localStorage.getItem(`${LOCAL_PREFIX}7`)!);
    expect(saved.whys[0].evidenceIds).toEqual(['change:8']);
  });

  describe('evidence from the incident dashboard', () => {
    const dashboard = {
      uid: 'checkout',
      title: 'Checkout',
      templating: { list: [{ name: 'model', type: 'custom', current: { value: 'reco-v1' } }] },
      panels: [
        {
          id: 4,
          type: 'driftline-timeline-panel',
          title: 'What changed',
          targets: [
            { refId: 'A', datasource: { uid: 'prom', type: 'prometheus' }, expr: 'up{model="$model"}' },
            { refId: 'B', datasource: { uid: 'loki', type: 'loki' }, expr: '{model="$model"}' },
          ],
        },
      ],
    };
    let expressions: string[];

    beforeEach(() => {
      expressions = [];
      http.route(route('GET', '/api/dashboards/uid/checkout', { status: 200, data: { dashboard } }));
      const prometheus = {
        name: 'Prometheus',
        type: 'prometheus',
        query: (request: DataQueryRequest) => {
          expressions.push(...request.targets.map((target) => (target as { expr?: string }).expr ?? ''));
          return of({ data: [] });
        },
      };
      const loki = {
        name: 'Loki',
        type: 'loki',
        query: () => throwError(() => ({ status: 502, data: { message: 'Bad Gateway' } })),
      };
      jest.mocked(getDataSourceSrv).mockReturnValue({
        get: async (ref: { uid?: string }) => (ref?.uid === 'loki' ? loki : prometheus),
      } as unknown as ReturnType<typeof getDataSourceSrv>);
    });

    it('runs its queries with the variables stored with the incident, and says which data source failed', async () => {
      const stored = { ...INCIDENT, data: { driftline: { variables: { model: 'reco-v2' } } } };
      http.route(
        route('GET', '/api/annotations', (request) => ({
          status: 200,
          data: request.params?.tags ? [stored] : [stored, DEPLOY],
        }))
      );
      renderAt('/incidents/7');
      expect(await screen.findByTestId('driftline-evidence-failures')).toHaveTextContent('Loki: 502, logs left out');
      expect(expressions).toEqual(['up{model="reco-v2"}']);
      // The changes are still listed.
      expect(screen.getByTestId('driftline-evidence-kind-deploy')).toHaveTextContent('checkout-model v12');
    });

    it("keeps the variables a panel's link brought for an incident declared without them", async () => {
      renderAt('/incidents/7?var-model=reco-v3');
      await screen.findByTestId('driftline-evidence-failures');
      expect(expressions).toEqual(['up{model="reco-v3"}']);
      fireEvent.click(screen.getByTestId('driftline-tab-whys'));
      fireEvent.click(screen.getByTestId('driftline-why-add'));
      const saved = JSON.parse(window.localStorage.getItem(`${LOCAL_PREFIX}7`)!);
      expect(saved.incident.context).toEqual({ variables: { model: 'reco-v3' } });
    });
  });

  it('warns on blame language in the post-mortem and exports Markdown with the timeline', async () => {
    renderAt('/incidents/7?tab=postmortem');
    fireEvent.change(await screen.findByTestId('driftline-pm-summary'), {
      target: { value: 'Bob caused the outage by careless deploys.' },
    });
    const warnings = screen.getAllByTestId('driftline-blame-warning');
    expect(warnings.map((w) => w.textContent)).toEqual([
      expect.stringContaining('Bob caused'),
      expect.stringContaining('careless'),
    ]);
    fireEvent.change(screen.getByTestId('driftline-pm-summary'), {
      target: { value: 'The deploy caused the outage.' },
    });
    expect(screen.queryAllByTestId('driftline-blame-warning')).toHaveLength(0);
    await waitFor(() => expect(screen.getByTestId('driftline-pm-markdown')).toHaveTextContent('checkout-model v12'));
    const markdown = screen.getByTestId('driftline-pm-markdown').textContent!;
    expect(markdown).toContain('# Post-mortem: Checkout model down');
    expect(markdown).toContain('The deploy caused the outage.');
    expect(markdown).toContain('| T−10 min | 2026-03-14 10:50 UTC | deploy | checkout-model v12 |');
  });

  it('publishes the post-mortem dashboard and shows its URL', async () => {
    const source = {
      id: 4,
      type: 'driftline-drift-panel',
      targets: [{ refId: 'A', expr: 'sum by (feature, le) (x)' }],
    };
    http.route(
      route('GET', '/api/dashboards/uid/checkout', { status: 200, data: { dashboard: { panels: [source] } } })
    );
    http.route(
      route('POST', '/api/dashboards/db', { status: 200, data: { uid: 'dl-rca-7', url: '/d/dl-rca-7/post-mortem' } })
    );
    renderAt('/incidents/7?tab=postmortem');
    fireEvent.change(await screen.findByTestId('driftline-pm-root-cause'), {
      target: { value: 'No memory preflight.' },
    });
    fireEvent.change(screen.getByTestId('driftline-pm-folder'), { target: { value: 'postmortems' } });
    await act(async () => fireEvent.click(screen.getByTestId('driftline-pm-publish')));
    expect(await screen.findByTestId('driftline-pm-published')).toHaveTextContent('/d/dl-rca-7/post-mortem');
    const body = http.requests.find((request) => request.method === 'POST' && request.url === '/api/dashboards/db')!
      .data as any;
    expect(body.overwrite).toBe(true);
    expect(body.folderUid).toBe('postmortems');
    expect(body.dashboard.title).toBe('Post-mortem: Checkout model down');
    expect(body.dashboard.panels[0].options.content).toContain('No memory preflight.');
    expect(body.dashboard.panels.find((p: any) => p.type === 'driftline-drift-panel').targets).toEqual(source.targets);
    expect(body.dashboard.driftline.worksheet.status).toBe('published');
    expect(body.dashboard.driftline.worksheet.published).toEqual({ uid: 'dl-rca-7', url: '/d/dl-rca-7', at: NOW });
    expect(screen.getByTestId('driftline-workbench-status')).toHaveTextContent('published');
  });

  it("shows Grafana's answer as a link only when it stays on this Grafana", async () => {
    http.route(
      route('POST', '/api/dashboards/db', { status: 200, data: { uid: 'dl-rca-7', url: 'javascript:alert(1)' } })
    );
    renderAt('/incidents/7?tab=postmortem');
    fireEvent.change(await screen.findByTestId('driftline-pm-root-cause'), {
      target: { value: 'No memory preflight.' },
    });
    await act(async () => fireEvent.click(screen.getByTestId('driftline-pm-publish')));
    const published = await screen.findByTestId('driftline-pm-published');
    expect(published).not.toHaveTextContent('javascript');
    expect(published.querySelector('a')).toHaveAttribute('href', '/d/dl-rca-7');
  });

  it('computes the demo evidence for a demo dashboard, through the demo data source', async () => {
    const incident = { ...INCIDENT, dashboardUID: 'chatbot-outage' };
    http.route(route('GET', '/api/annotations', { status: 200, data: [incident] }));
    http.route(route('GET', '/api/dashboards/uid/chatbot-outage', { status: 200, data: { dashboard: chatbotOutage } }));
    renderAt('/incidents/7');
    expect(await screen.findByTestId('driftline-evidence-sequence', {}, { timeout: 15000 })).toHaveTextContent(
      'autoscaler: max replicas 40'
    );
    expect(screen.getByTestId('driftline-evidence-drift')).toHaveTextContent('#1 drift');
  }, 30000);

  it('publishing cancels a pending draft save, and the published state is shown again after a reload', async () => {
    http.route(route('POST', '/api/folders', { status: 200, data: {} }));
    http.route(
      route('POST', '/api/dashboards/db', { status: 200, data: { uid: 'dl-rca-7', url: '/d/dl-rca-7/post-mortem' } })
    );
    const view = renderAt('/incidents/7?tab=postmortem');
    // Typed just before publishing: its draft autosave is still waiting for a pause in typing.
    fireEvent.change(await screen.findByTestId('driftline-pm-root-cause'), { target: { value: 'No preflight.' } });
    await act(async () => fireEvent.click(screen.getByTestId('driftline-pm-publish')));
    expect(await screen.findByTestId('driftline-pm-published')).toHaveTextContent('/d/dl-rca-7/post-mortem');
    await act(() => new Promise((resolve) => setTimeout(resolve, 2500)));
    const saves = http.requests.filter((request) => request.method === 'POST' && request.url === '/api/dashboards/db');
    expect(saves.map((request) => (request.data as any).dashboard.title)).toEqual(['Post-mortem: Checkout model down']);

    view.unmount();
    const reloaded = renderAt('/incidents/7?tab=postmortem');
    expect(await screen.findByTestId('driftline-pm-published')).toHaveTextContent('/d/dl-rca-7/post-mortem');
    expect(screen.getByTestId('driftline-workbench-status')).toHaveTextContent('published');
    expect(screen.getByTestId('driftline-pm-publish')).toHaveTextContent('Publish again');
    expect(screen.getByTestId('driftline-pm-root-cause')).toHaveValue('No preflight.');

    // Another browser: only Grafana's copy, the published dashboard, is there.
    reloaded.unmount();
    window.localStorage.clear();
    http.route(
      route('GET', '/api/dashboards/uid/dl-rca-7', {
        status: 200,
        data: { dashboard: (saves[0].data as any).dashboard },
      })
    );
    renderAt('/incidents/7?tab=postmortem');
    expect(await screen.findByTestId('driftline-pm-published')).toHaveTextContent('/d/dl-rca-7');
    expect(screen.getByTestId('driftline-workbench-status')).toHaveTextContent('published');
    expect(screen.getByTestId('driftline-pm-root-cause')).toHaveValue('No preflight.');
  }, 15000);

  it("builds a demo incident's timeline from the demo's changes and onsets and Grafana's notes", async () => {
    const incident = { ...INCIDENT, dashboardUID: 'driftline-model-incident' };
    const note = {
      id: 9,
      dashboardUID: 'driftline-model-incident',
      time: NOW - 20 * MIN,
      text: 'paused the campaign',
      tags: ['mitigation'],
    };
    http.route(
      route('GET', '/api/annotations', (request) => ({
        status: 200,
        data: request.params?.tags ? [incident] : [incident, note],
      }))
    );
    http.route(
      route('GET', '/api/dashboards/uid/driftline-model-incident', { status: 200, data: { dashboard: modelIncident } })
    );
    renderAt('/incidents/7?tab=postmortem');
    await waitFor(() => expect(screen.getByTestId('driftline-pm-timeline')).toHaveAttribute('data-complete', 'true'), {
      timeout: 15000,
    });
    const markdown = screen.getByTestId('driftline-pm-markdown').textContent!;
    // The demo is anchored on the incident: its story lines up with the incident's start, whenever it is opened.
    expect(markdown).toContain(
      '| T−40 min | 2026-03-14 10:20 UTC | deploy | nlp-serving v2.8.1, tokenizer config (nothing moved after it) |'
    );
    expect(markdown).toContain('| T−12 min | 2026-03-14 10:48 UTC | business | Black Friday email campaign |');
    expect(markdown).toMatch(/\| T−10 min \| [^|]+ \| onset \| input tokens \\\(mean\\\) moved up/);
    expect(markdown).toMatch(/\| T−2 min \| [^|]+ \| onset \| GC pause/);
    expect(markdown).toMatch(/\| T\+\d+ s \| [^|]+ \| onset \| p99 latency moved up/);
    expect(markdown).toContain('| T+40 min | 2026-03-14 11:40 UTC | mitigation | paused the campaign |');
    expect(markdown).toContain('| T+0 | 2026-03-14 11:00 UTC | incident | Incident starts |');
    // The incident's own annotation is the frame of the timeline, not a row of it.
    expect(markdown).not.toContain('| Checkout model down |');
  }, 30000);
});
