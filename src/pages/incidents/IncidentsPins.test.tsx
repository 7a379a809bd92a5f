import React from 'react';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { getBackendSrv, locationService } from '@grafana/runtime';
import { AnnotationOutbox, createMemoryStorage } from '../../api/outbox';
import { encodePins, PinnedFindings } from '../../sendToWorkbench/pins';
import { createFakeBackendSrv, route } from '../../api/testing/fakeBackendSrv';
import { IncidentsPage } from './IncidentsPage';

jest.mock('@grafana/runtime', () => ({ ...jest.requireActual('@grafana/runtime'), getBackendSrv: jest.fn() }));

const NOW = Date.UTC(2026, 2, 14, 12);
const MIN = 60_000;
const CONTEXT = { dashboardUID: 'checkout', panelId: 3, from: NOW - 3 * 60 * MIN, to: NOW };
const EARLIER = {
  id: 11,
  dashboardUID: 'checkout',
  time: NOW - 120 * MIN,
  timeEnd: NOW - 75 * MIN,
  text: 'Checkout slow',
  tags: ['incident', 'sev2'],
};

const FINDINGS: PinnedFindings = {
  dashboardUID: 'checkout',
  panelId: 3,
  range: { from: CONTEXT.from, to: CONTEXT.to },
  window: { from: NOW - 45 * MIN, to: NOW },
  windowSource: 'default',
  steps: [
    {
      type: 'change',
      eventId: '8',
      kind: 'data',
      text: 'backfill',
      time: NOW - 50 * MIN,
      leadMs: -5 * MIN,
      exonerated: false,
    },
    { type: 'onset', laneId: 'ctr', lane: 'CTR', time: NOW - 40 * MIN, leadMs: 5 * MIN, direction: 'down', score: 4 },
  ],
};
const PIN = encodePins(FINDINGS)!.value;

let http: ReturnType<typeof createFakeBackendSrv>;
let outbox: AnnotationOutbox;
let store: unknown[];

beforeEach(() => {
  window.localStorage.clear();
  store = [EARLIER];
  http = createFakeBackendSrv([
    route('GET', '/api/search', { status: 200, data: [] }),
    route('GET', '/api/annotations', () => ({ status: 200, data: store })),
    route('POST', '/api/annotations', (request) => {
      store.push({ ...(request.data as object), id: 99 });
      return { status: 200, data: { id: 99 } };
    }),
  ]);
  jest.mocked(getBackendSrv).mockReturnValue(http.srv as unknown as ReturnType<typeof getBackendSrv>);
  outbox = new AnnotationOutbox({
    storage: createMemoryStorage(),
    onOnline: () => () => {},
    onExternalChange: () => () => {},
  });
  locationService.push('/a/driftline-aiobs-app/incidents');
});

afterEach(() => outbox.dispose());

describe('Incidents page with findings waiting (?pin=)', () => {
  it('says what is waiting and carries it to the workbench of the incident chosen', async () => {
    const onDiscard = jest.fn();
    render(
      <IncidentsPage outbox={outbox} now={() => NOW} panelContext={CONTEXT} pin={PIN} onDiscardPins={onDiscard} />
    );
    const banner = screen.getByTestId('driftline-incidents-pins');
    expect(banner).toHaveTextContent('2 steps from the timeline panel are waiting to be pinned');
    expect(within(banner).getByTestId('driftline-incidents-pins-list')).toHaveTextContent('backfillCTR fell');
    const row = await screen.findByTestId('driftline-incident-row');
    expect(within(row).getByTestId('driftline-incident-link')).toHaveAttribute(
      'href',
      `/a/driftline-aiobs-app/incidents/11?pin=${PIN}`
    );
    expect(within(row).getByTestId('driftline-incident-investigate')).toHaveTextContent('Pin here');
    fireEvent.click(within(banner).getByRole('button', { name: /close/i }));
    expect(onDiscard).toHaveBeenCalled();
  });

  it('opens the workbench of an incident declared here, with the findings, once Grafana has it', async () => {
    render(<IncidentsPage outbox={outbox} now={() => NOW} panelContext={CONTEXT} pin={PIN} />);
    await screen.findByTestId('driftline-incident-row');
    fireEvent.click(screen.getByTestId('driftline-declare-open'));
    expect(screen.getByTestId('driftline-declare-dashboard')).toHaveValue('checkout');
    fireEvent.change(screen.getByTestId('driftline-declare-title'), { target: { value: 'CTR down' } });
    fireEvent.click(screen.getByTestId('driftline-declare-submit'));
    await waitFor(() => expect(locationService.getLocation().pathname).toBe('/a/driftline-aiobs-app/incidents/99'));
    expect(locationService.getLocation().search).toBe(`?pin=${PIN}`);
  });

  it('without findings, declaring stays on the page and links open the plain workbench', async () => {
    render(<IncidentsPage outbox={outbox} now={() => NOW} panelContext={CONTEXT} />);
    const row = await screen.findByTestId('driftline-incident-row');
    expect(within(row).getByTestId('driftline-incident-link')).toHaveAttribute(
      'href',
      '/a/driftline-aiobs-app/incidents/11'
    );
    expect(screen.queryByTestId('driftline-incidents-pins')).toBeNull();
    fireEvent.click(screen.getByTestId('driftline-declare-open'));
    fireEvent.change(screen.getByTestId('driftline-declare-title'), { target: { value: 'CTR down' } });
    fireEvent.click(screen.getByTestId('driftline-declare-submit'));
    await waitFor(() => expect(screen.getAllByTestId('driftline-incident-row')).toHaveLength(2));
    expect(locationService.getLocation().pathname).toBe('/a/driftline-aiobs-app/incidents');
  });

  it('says so when the findings cannot be read, and lists the incidents as usual', async () => {
    render(<IncidentsPage outbox={outbox} now={() => NOW} panelContext={CONTEXT} pin="not-a-pin" />);
    expect(screen.getByTestId('driftline-incidents-pins-problem')).toHaveTextContent('could not be read');
    const row = await screen.findByTestId('driftline-incident-row');
    expect(within(row).getByTestId('driftline-incident-link')).toHaveAttribute(
      'href',
      '/a/driftline-aiobs-app/incidents/11'
    );
  });
});
