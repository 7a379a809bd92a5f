import React, { StrictMode } from 'react';
import { MemoryRouter, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { getBackendSrv } from '@grafana/runtime';
import { createWorksheet, Worksheet } from '../../rca';
import { encodePins, MAX_PIN_LENGTH, PinnedFindings } from '../../sendToWorkbench';
import { createFakeBackendSrv, route } from '../../api/testing/fakeBackendSrv';
import { WorkbenchPage } from './WorkbenchPage';
import { LOCAL_PREFIX } from '../../api/worksheets';
import { clearEvidenceCache } from '../../evidence';

jest.mock('@grafana/runtime', () => ({ ...jest.requireActual('@grafana/runtime'), getBackendSrv: jest.fn() }));

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

const FINDINGS: PinnedFindings = {
  dashboardUID: 'checkout',
  panelId: 3,
  range: { from: NOW - 3 * 60 * MIN, to: NOW },
  window: { from: INCIDENT.time, to: INCIDENT.timeEnd },
  windowSource: 'incident',
  steps: [
    {
      type: 'change',
      eventId: '8',
      kind: 'deploy',
      text: 'checkout-model v12',
      time: NOW - 70 * MIN,
      leadMs: -10 * MIN,
      exonerated: false,
    },
    {
      type: 'onset',
      laneId: 'null-rate',
      lane: 'null rate',
      time: NOW - 65 * MIN,
      leadMs: -5 * MIN,
      direction: 'up',
      score: 9,
    },
    { type: 'onset', laneId: 'ctr', lane: 'CTR', time: NOW - 60 * MIN, leadMs: 0, direction: 'down', score: 4 },
  ],
};
const PIN = encodePins(FINDINGS)!.value;

let http: ReturnType<typeof createFakeBackendSrv>;

beforeEach(() => {
  window.localStorage.clear();
  clearEvidenceCache();
  http = createFakeBackendSrv([
    route('GET', '/api/annotations', (request) => ({
      status: 200,
      data: request.params?.tags ? ((request.params.tags as string[])[0] === 'incident' ? [INCIDENT] : []) : [],
    })),
    route('GET', /^\/api\/dashboards\/uid\//, { status: 404, data: { message: 'Dashboard not found' } }),
  ]);
  jest.mocked(getBackendSrv).mockReturnValue(http.srv as unknown as ReturnType<typeof getBackendSrv>);
});

const OTHER_PIN = encodePins({
  ...FINDINGS,
  panelId: 9,
  steps: [{ type: 'onset', laneId: 'gc', lane: 'GC pause', time: NOW - 62 * MIN, leadMs: -2 * MIN, direction: 'up' }],
})!.value;

/** The URL's search, and a link with other findings to the same incident, as another panel would send. */
function Search() {
  const navigate = useNavigate();
  return (
    <>
      <output data-testid="search">{useLocation().search}</output>
      <button data-testid="other-pin" onClick={() => navigate(`/incidents/7?pin=${OTHER_PIN}`)} />
    </>
  );
}

/** The workbench in React's strict mode (effects run twice), with the URL's search shown beside it. */
function renderAt(path: string) {
  return render(
    <StrictMode>
      <MemoryRouter initialEntries={[path]}>
        <Routes>
          <Route
            path="/incidents/:id"
            element={
              <>
                <WorkbenchPage now={() => NOW} />
                <Search />
              </>
            }
          />
        </Routes>
      </MemoryRouter>
    </StrictMode>
  );
}

function saved(): Worksheet {
  return JSON.parse(window.localStorage.getItem(`${LOCAL_PREFIX}7`)!);
}

async function pinnedItems() {
  const section = await screen.findByTestId('driftline-evidence-pinned');
  return within(section).queryAllByTestId('driftline-evidence-item');
}

describe('Workbench: findings pinned from a panel (?pin=)', () => {
  it('adds them once to the pinned evidence, in order, with the panel link, saves, and drops the param', async () => {
    renderAt(`/incidents/7?tab=evidence&pin=${PIN}`);
    const notice = await screen.findByTestId('driftline-workbench-pins');
    expect(notice).toHaveAttribute('data-severity', 'success');
    expect(notice).toHaveTextContent('Pinned 3 steps from the timeline panel');
    expect(notice).toHaveTextContent('3 added');
    await waitFor(() => expect(screen.getByTestId('search')).toHaveTextContent(/^\?tab=evidence$/));

    const items = await pinnedItems();
    expect(items.map((item) => item.textContent)).toEqual([
      expect.stringContaining('checkout-model v12'),
      expect.stringContaining('null rate rose'),
      expect.stringContaining('CTR fell'),
    ]);
    expect(items.map((item) => Number(item.getAttribute('data-time')))).toEqual(FINDINGS.steps.map((s) => s.time));
    for (const item of items) {
      expect(within(item).getByTestId('driftline-evidence-link')).toHaveAttribute(
        'href',
        `/d/checkout?viewPanel=3&from=${FINDINGS.range.from}&to=${FINDINGS.range.to}`
      );
    }
    expect(items[1]).toHaveTextContent('9.0× baseline noise · lead −5 min from the incident start');

    // Saved through the autosave (this browser at once), each step once despite strict mode's double effects.
    await waitFor(() => expect(saved().evidence).toHaveLength(3));
    expect(saved().evidence.map((item) => item.id)).toEqual([
      expect.stringMatching(/^pin:checkout\/3\/change\//),
      'pin:checkout/3/onset/null-rate',
      'pin:checkout/3/onset/ctr',
    ]);
  });

  it('sending the same findings again updates them instead of adding them twice', async () => {
    const note = { id: 'note-1', type: 'note' as const, title: 'Users report empty recommendations' };
    const worksheet = createWorksheet(
      { id: '7', title: 'Checkout model down', start: INCIDENT.time, dashboardUID: 'checkout', severity: 'sev1' },
      NOW
    );
    window.localStorage.setItem(`${LOCAL_PREFIX}7`, JSON.stringify({ ...worksheet, evidence: [note] }));
    const first = renderAt(`/incidents/7?pin=${PIN}`);
    await waitFor(() => expect(saved().evidence).toHaveLength(4));
    first.unmount();

    renderAt(`/incidents/7?pin=${PIN}`);
    expect(await screen.findByTestId('driftline-workbench-pins')).toHaveTextContent('3 already pinned, updated');
    await waitFor(() => expect(screen.getByTestId('search')).toBeEmptyDOMElement());
    expect(await pinnedItems()).toHaveLength(4);
    expect(saved().evidence.map((item) => item.id)[0]).toBe('note-1');
    expect(saved().evidence).toHaveLength(4);
  });

  it.each([
    ['damaged', `${PIN.slice(0, 30)}%%`, /could not be read/],
    ['too big', 'A'.repeat(MAX_PIN_LENGTH + 10), /too big to read/],
  ])('a %s pin: says so, adds nothing, and the worksheet opens as it was', async (_, pin, message) => {
    const note = { id: 'note-1', type: 'note' as const, title: 'kept' };
    const worksheet = createWorksheet(
      { id: '7', title: 'Checkout model down', start: INCIDENT.time, dashboardUID: 'checkout', severity: 'sev1' },
      NOW
    );
    window.localStorage.setItem(`${LOCAL_PREFIX}7`, JSON.stringify({ ...worksheet, evidence: [note] }));
    renderAt(`/incidents/7?tab=evidence&pin=${encodeURIComponent(pin)}`);
    const notice = await screen.findByTestId('driftline-workbench-pins');
    expect(notice).toHaveAttribute('data-severity', 'error');
    expect(notice).toHaveTextContent(message);
    expect(notice).toHaveTextContent('Nothing was added');
    expect(screen.getByTestId('driftline-workbench')).toHaveTextContent('Checkout model down');
    const items = await pinnedItems();
    expect(items.map((item) => item.textContent)).toEqual([expect.stringContaining('kept')]);
    expect(saved().evidence).toEqual([note]);
    await waitFor(() => expect(screen.getByTestId('search')).toHaveTextContent(/^\?tab=evidence$/));
    // Dismissed, it is gone.
    fireEvent.click(within(notice).getByRole('button', { name: /close/i }));
    expect(screen.queryByTestId('driftline-workbench-pins')).toBeNull();
  });

  it('keeps the pin while the incident cannot be opened, and adds it on retry', async () => {
    http.route(route('GET', '/api/annotations', { status: 500, data: { message: 'database is locked' } }));
    renderAt(`/incidents/7?pin=${PIN}`);
    expect(await screen.findByTestId('driftline-workbench-error')).toBeInTheDocument();
    expect(screen.getByTestId('search').textContent).toContain('pin=');
    http.route(
      route('GET', '/api/annotations', (request) => ({ status: 200, data: request.params?.tags ? [INCIDENT] : [] }))
    );
    fireEvent.click(screen.getByTestId('driftline-workbench-retry'));
    expect(await screen.findByTestId('driftline-workbench-pins')).toHaveTextContent('3 added');
    await waitFor(() => expect(saved().evidence).toHaveLength(3));
  });

  it('adds the findings of another link to the same incident while the page is open', async () => {
    renderAt(`/incidents/7?pin=${PIN}`);
    await waitFor(() => expect(saved().evidence).toHaveLength(3));
    await waitFor(() => expect(screen.getByTestId('search')).toBeEmptyDOMElement());
    fireEvent.click(screen.getByTestId('other-pin'));
    await waitFor(() => expect(saved().evidence).toHaveLength(4));
    expect(saved().evidence[3]).toMatchObject({ id: 'pin:checkout/9/onset/gc', title: 'GC pause rose' });
    expect(await screen.findByTestId('driftline-workbench-pins')).toHaveTextContent('Pinned 1 step from');
    await waitFor(() => expect(screen.getByTestId('search')).toBeEmptyDOMElement());
    expect(await pinnedItems()).toHaveLength(4);
  });
});
