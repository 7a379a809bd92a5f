import React from 'react';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { getBackendSrv } from '@grafana/runtime';
import { AnnotationOutbox, createMemoryStorage } from '../../api/outbox';
import { LOCAL_PREFIX } from '../../api/worksheets';
import { createFakeBackendSrv, route } from '../../api/testing/fakeBackendSrv';
import { IncidentsPage } from './IncidentsPage';

jest.mock('@grafana/runtime', () => ({ ...jest.requireActual('@grafana/runtime'), getBackendSrv: jest.fn() }));

const NOW = Date.UTC(2026, 2, 14, 12);
const MIN = 60_000;

const ANNOTATIONS = [
  {
    id: 11,
    dashboardUID: 'chatbot-outage',
    time: NOW - 120 * MIN,
    timeEnd: NOW - 75 * MIN,
    text: 'SEV1: chat unavailable',
    tags: ['incident', 'sev1'],
  },
  {
    id: 12,
    dashboardUID: 'ctr-decline',
    time: NOW - 10 * MIN,
    timeEnd: NOW - 10 * MIN,
    text: 'CTR decline',
    tags: ['incident', 'sev2', 'ongoing'],
  },
  {
    id: 13,
    dashboardUID: 'ctr-decline',
    time: NOW - 30 * MIN,
    timeEnd: NOW - 30 * MIN,
    text: 'a point, not an incident',
    tags: ['incident'],
  },
];

let http: ReturnType<typeof createFakeBackendSrv>;
let outbox: AnnotationOutbox;

function withAnnotations(list: unknown[]) {
  http.route(
    route('GET', '/api/annotations', (request) => ({
      status: 200,
      data: list.filter((a: any) => a.tags.includes((request.params?.tags as string[])[0])),
    }))
  );
}

beforeEach(() => {
  window.localStorage.clear();
  http = createFakeBackendSrv([route('GET', '/api/search', { status: 200, data: [] })]);
  jest.mocked(getBackendSrv).mockReturnValue(http.srv as unknown as ReturnType<typeof getBackendSrv>);
  outbox = new AnnotationOutbox({
    storage: createMemoryStorage(),
    onOnline: () => () => {},
    onExternalChange: () => () => {},
  });
});

afterEach(() => outbox.dispose());

const renderPage = () => render(<IncidentsPage outbox={outbox} now={() => NOW} />);

describe('Incidents page', () => {
  it('lists incident regions across dashboards with duration, severity and RCA status', async () => {
    withAnnotations(ANNOTATIONS);
    http.route(
      route('GET', '/api/search', {
        status: 200,
        data: [{ uid: 'dl-rca-11', tags: ['driftline-rca', 'driftline-rca-published', 'driftline-incident:11'] }],
      })
    );
    renderPage();
    const rows = await screen.findAllByTestId('driftline-incident-row');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveTextContent('CTR decline');
    expect(within(rows[0]).getByTestId('driftline-incident-duration')).toHaveTextContent('ongoing');
    expect(within(rows[0]).getByTestId('driftline-incident-status')).toHaveTextContent('No RCA');
    expect(rows[1]).toHaveTextContent('SEV1: chat unavailable');
    expect(within(rows[1]).getByTestId('driftline-incident-duration')).toHaveTextContent('45 min');
    expect(within(rows[1]).getByTestId('driftline-incident-status')).toHaveTextContent('Published');
    expect(within(rows[1]).getByTestId('driftline-incident-link')).toHaveAttribute(
      'href',
      '/a/driftline-aiobs-app/incidents/11'
    );
  });

  it('filters by severity, status and search', async () => {
    withAnnotations(ANNOTATIONS);
    window.localStorage.setItem(`${LOCAL_PREFIX}12`, 'not a worksheet');
    renderPage();
    await screen.findAllByTestId('driftline-incident-row');
    fireEvent.click(within(screen.getByTestId('driftline-incidents-filter-severity')).getByText('SEV1'));
    expect(screen.getAllByTestId('driftline-incident-row')).toHaveLength(1);
    fireEvent.click(within(screen.getByTestId('driftline-incidents-filter-severity')).getByText('All'));
    fireEvent.change(screen.getByTestId('driftline-incidents-search'), { target: { value: 'ctr' } });
    expect(screen.getAllByTestId('driftline-incident-row')).toHaveLength(1);
    fireEvent.click(within(screen.getByTestId('driftline-incidents-filter-status')).getByText('Published'));
    expect(screen.queryAllByTestId('driftline-incident-row')).toHaveLength(0);
    expect(screen.getByTestId('driftline-incidents-no-match')).toBeInTheDocument();
  });

  it('shows the empty state', async () => {
    withAnnotations([]);
    renderPage();
    expect(await screen.findByTestId('driftline-incidents-empty')).toHaveTextContent('No incidents: declare one');
  });

  it.each([
    [403, /permission/],
    [500, /HTTP 500/],
  ])('shows the %p error with a retry', async (status, message) => {
    http.route(route('GET', '/api/annotations', { status, data: { message: 'boom' } }));
    renderPage();
    expect(await screen.findByTestId('driftline-incidents-error')).toHaveTextContent(message);
    withAnnotations(ANNOTATIONS);
    fireEvent.click(screen.getByTestId('driftline-incidents-retry'));
    expect(await screen.findAllByTestId('driftline-incident-row')).toHaveLength(2);
  });

  it('declares an ongoing incident through the outbox and ends it with a patch', async () => {
    const store = [...ANNOTATIONS];
    withAnnotations(store);
    http.route(
      route('POST', '/api/annotations', (request) => {
        const body = request.data as any;
        store.push({ ...body, id: 99 });
        return { status: 200, data: { id: 99 } };
      })
    );
    http.route(route('PATCH', /^\/api\/annotations\/\d+$/, { status: 200, data: {} }));
    renderPage();
    await screen.findAllByTestId('driftline-incident-row');
    fireEvent.click(screen.getByTestId('driftline-declare-open'));
    fireEvent.click(screen.getByTestId('driftline-declare-submit'));
    expect(screen.getByText(/Say what is wrong/)).toBeInTheDocument();
    fireEvent.change(screen.getByTestId('driftline-declare-title'), { target: { value: 'Checkout model down' } });
    fireEvent.change(screen.getByTestId('driftline-declare-dashboard'), { target: { value: 'checkout' } });
    fireEvent.click(screen.getByTestId('driftline-declare-submit'));
    await waitFor(() => expect(screen.getAllByTestId('driftline-incident-row')).toHaveLength(3));
    const create = http.requests.find((request) => request.method === 'POST')!.data as any;
    expect(create).toMatchObject({ dashboardUID: 'checkout', time: NOW, timeEnd: NOW, text: 'Checkout model down' });
    expect(create.tags).toEqual(expect.arrayContaining(['incident', 'sev2', 'ongoing']));

    const row = screen
      .getAllByTestId('driftline-incident-row')
      .find((r) => r.textContent?.includes('Checkout model down'))!;
    fireEvent.click(within(row).getByTestId('driftline-incident-end'));
    await waitFor(() => expect(http.requests.some((request) => request.method === 'PATCH')).toBe(true));
    const patch = http.requests.find((request) => request.method === 'PATCH')!;
    expect(patch.url).toBe('/api/annotations/99');
    expect((patch.data as any).timeEnd).toBe(NOW);
    expect((patch.data as any).tags).not.toContain('ongoing');
    expect(within(row).getByTestId('driftline-incident-duration')).toHaveTextContent('0 s');
  });

  it('opened from a panel, lists the incidents of its dashboard and time range, and declares on that dashboard', async () => {
    withAnnotations(ANNOTATIONS);
    render(
      <IncidentsPage
        outbox={outbox}
        now={() => NOW}
        panelContext={{
          dashboardUID: 'chatbot-outage',
          dashboardTitle: 'Chatbot',
          from: NOW - 3 * 60 * MIN,
          to: NOW - 60 * MIN,
        }}
      />
    );
    const rows = await screen.findAllByTestId('driftline-incident-row');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toHaveTextContent('SEV1: chat unavailable');
    expect(screen.getByTestId('driftline-incidents-context')).toHaveTextContent('Incidents on Chatbot');
    fireEvent.click(screen.getByTestId('driftline-declare-open'));
    expect(screen.getByTestId('driftline-declare-dashboard')).toHaveValue('chatbot-outage');
    fireEvent.click(screen.getByTestId('driftline-incidents-context-clear'));
    expect(screen.getAllByTestId('driftline-incident-row')).toHaveLength(2);
  });

  it("declared from a panel, stores the dashboard's variables and range with the incident, and opens with them", async () => {
    const store = [...ANNOTATIONS];
    withAnnotations(store);
    http.route(
      route('POST', '/api/annotations', (request) => {
        store.push({ ...(request.data as any), id: 99 });
        return { status: 200, data: { id: 99 } };
      })
    );
    const context = {
      dashboardUID: 'checkout',
      from: NOW - 6 * 60 * MIN,
      variables: { model: 'reco-v2', region: ['eu', 'us'] },
    };
    render(<IncidentsPage outbox={outbox} now={() => NOW} panelContext={context} />);
    fireEvent.click(await screen.findByTestId('driftline-declare-open'));
    fireEvent.change(screen.getByTestId('driftline-declare-title'), { target: { value: 'Checkout model down' } });
    fireEvent.click(screen.getByTestId('driftline-declare-submit'));
    await waitFor(() => expect(screen.getAllByTestId('driftline-incident-row')).toHaveLength(1));
    const create = http.requests.find((request) => request.method === 'POST')!.data as any;
    expect(create.data).toEqual({
      driftline: { variables: { model: 'reco-v2', region: ['eu', 'us'] }, range: { from: context.from, to: NOW } },
    });
    // The workbench link carries the variables too, for an incident declared elsewhere.
    expect(screen.getByTestId('driftline-incident-link').getAttribute('href')).toBe(
      '/a/driftline-aiobs-app/incidents/99?var-model=reco-v2&var-region=eu&var-region=us'
    );
  });

  it('opened from a panel whose range has no incident, says so', async () => {
    withAnnotations(ANNOTATIONS);
    render(
      <IncidentsPage
        outbox={outbox}
        now={() => NOW}
        panelContext={{ dashboardUID: 'ctr-decline', from: NOW - 600 * MIN, to: NOW - 300 * MIN }}
      />
    );
    await waitFor(() =>
      expect(screen.getByTestId('driftline-incidents-context')).toHaveTextContent('No incident overlaps')
    );
    expect(screen.queryAllByTestId('driftline-incident-row')).toHaveLength(0);
  });

  it('a live panel range (to now) keeps an ongoing incident', async () => {
    withAnnotations(ANNOTATIONS);
    render(
      <IncidentsPage
        outbox={outbox}
        now={() => NOW}
        panelContext={{ dashboardUID: 'ctr-decline', from: NOW - 60 * MIN }}
      />
    );
    const rows = await screen.findAllByTestId('driftline-incident-row');
    expect(rows.map((row) => row.textContent)).toEqual([expect.stringContaining('CTR decline')]);
  });
});
