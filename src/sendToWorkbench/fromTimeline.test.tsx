import React from 'react';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { DataFrame } from '@grafana/data';
import { locationService } from '@grafana/runtime';
import { HOUR, metricFrame, RANGE } from '../testing/frames';
import { panelProps } from '../testing/panelProps';
import { annotationFrame, sentPins, outboxEnvironment, withOutbox } from './testing';
import { grafanaEventId } from './fromTimeline';
import { TimelinePanel } from '../panels/timeline/TimelinePanel';
import { defaultTimelineOptions } from '../panels/timeline/types';

const DASHBOARD = 'checkout';
const INCIDENT_START = RANGE.from + 78 * HOUR;
const steady = (n: number, shiftAt = Infinity) =>
  Array.from({ length: n }, (_, i) => (i >= shiftAt ? 50 : 10) + ((i * 7) % 3));

const DEPLOY = {
  id: 41,
  time: RANGE.from + 60 * HOUR,
  timeEnd: RANGE.from + 60 * HOUR,
  tags: ['deploy'],
  text: 'checkout v12',
};
const INCIDENT = {
  id: 42,
  time: INCIDENT_START,
  timeEnd: RANGE.from + 95 * HOUR,
  tags: ['incident', 'sev1'],
  text: 'Checkout down\nmore',
};

const env = outboxEnvironment('/d/checkout');

async function renderPanel(
  annotations: DataFrame[],
  series = [metricFrame('p99 latency', steady(100, 80)), metricFrame('errors', steady(100, 85))]
) {
  const props = panelProps(defaultTimelineOptions, series, RANGE, {
    width: 1000,
    height: 500,
    id: 7,
    replaceVariables: (value: string) =>
      value.replace('${__dashboard.uid}', DASHBOARD).replace('${__dashboard}', 'Checkout service'),
  });
  props.data = { ...props.data, annotations };
  render(withOutbox(env.outbox, <TimelinePanel {...props} />));
  const list = await screen.findByTestId('driftline-what-changed-first');
  await waitFor(() => expect(list).toHaveAttribute('data-pending', 'false'));
  return list;
}

/** The steps the list shows, as lane names and kinds, top to bottom. */
function shownSteps(): string[] {
  return screen
    .getAllByTestId('driftline-change-step')
    .map((step) => step.getAttribute('data-lane') ?? `${step.getAttribute('data-kind')} event`);
}

const sent = sentPins;

describe('Send to workbench', () => {
  it("opens the incident's workbench with the list's steps pinned, in order", async () => {
    await renderPanel([annotationFrame([DEPLOY, INCIDENT], true)]);
    const order = shownSteps();
    expect(order).toEqual(expect.arrayContaining(['p99 latency', 'errors', 'deploy event']));
    const button = screen.getByTestId('driftline-send-to-workbench');
    expect(button).toHaveAttribute('aria-disabled', 'false');
    fireEvent.click(button);

    const { path, findings } = sent();
    expect(path).toBe('/a/driftline-aiobs-app/incidents/42');
    expect(findings).toMatchObject({
      dashboardUID: DASHBOARD,
      panelId: 7,
      range: RANGE,
      window: { from: INCIDENT_START, to: INCIDENT.timeEnd },
      windowSource: 'incident',
    });
    expect(findings.steps.map((step) => (step.type === 'onset' ? step.lane : `${step.kind} event`))).toEqual(order);
    const latency = findings.steps.find((step) => step.type === 'onset' && step.lane === 'p99 latency')!;
    expect(latency).toMatchObject({ direction: 'up', time: RANGE.from + 80 * HOUR, leadMs: 2 * HOUR });
    expect(latency.type === 'onset' && latency.score).toBeGreaterThan(1);
    const deploy = findings.steps.find((step) => step.type === 'change')!;
    expect(deploy).toMatchObject({ kind: 'deploy', text: 'checkout v12', time: DEPLOY.time, leadMs: -18 * HOUR });
    expect(deploy.type === 'change' && deploy.exonerated).toBe(true);
  });

  it("without an incident in Grafana, opens the incidents page on the panel's dashboard and range, pins waiting", async () => {
    // The incident comes from a data source (as the demo's does): Grafana's incident list does not have it.
    await renderPanel([annotationFrame([DEPLOY], true), annotationFrame([INCIDENT], false)]);
    fireEvent.click(screen.getByTestId('driftline-send-to-workbench'));
    const { path, params, findings } = sent();
    expect(path).toBe('/a/driftline-aiobs-app/incidents');
    expect(Object.fromEntries([...params].filter(([name]) => name !== 'pin'))).toEqual({
      dashboardUID: DASHBOARD,
      dashboardTitle: 'Checkout service',
      panelId: '7',
      from: String(RANGE.from),
      to: String(RANGE.to),
    });
    // The data source's incident still sets the window, as it does for the lanes.
    expect(findings.windowSource).toBe('incident');
    expect(findings.steps.length).toBe(shownSteps().length);
  });

  it('waits, disabled, while the incident marked from the panel is on its way to Grafana, then opens it', async () => {
    await renderPanel([annotationFrame([DEPLOY], true)]);
    let button = screen.getByTestId('driftline-send-to-workbench');
    // No incident: the window is the last quarter of the range, and the button goes to the incidents page.
    expect(button).toHaveAttribute('aria-disabled', 'false');
    // Grafana is slow to answer: the incident stays on its way.
    env.http.store.setMode('hang');
    act(() => {
      env.outbox.enqueueCreate(DASHBOARD, {
        time: INCIDENT_START,
        timeEnd: INCIDENT_START,
        tags: ['incident', 'sev2', 'ongoing'],
        text: 'Checkout down',
      });
    });
    await waitFor(() =>
      expect(screen.getByTestId('driftline-window-source')).toHaveAttribute('data-source', 'incident')
    );
    await waitFor(() =>
      expect(screen.getByTestId('driftline-what-changed-first')).toHaveAttribute('data-pending', 'false')
    );
    button = screen.getByTestId('driftline-send-to-workbench');
    expect(button).toHaveAttribute('aria-disabled', 'true');
    fireEvent.click(button);
    expect(locationService.getLocation().pathname).toBe('/d/checkout');
    fireEvent.mouseEnter(button);
    expect(await screen.findByText(/still being saved to Grafana/)).toBeInTheDocument();

    env.http.store.setMode('ok');
    // The hung create is looked for, and sent again once its grace period (three 15 s timeouts) is over.
    await act(async () => {
      await env.clock.advance(50_000);
    });
    const [saved] = env.http.store.annotations;
    expect(saved).toBeDefined();
    await waitFor(() =>
      expect(screen.getByTestId('driftline-send-to-workbench')).toHaveAttribute('aria-disabled', 'false')
    );
    fireEvent.click(screen.getByTestId('driftline-send-to-workbench'));
    expect(sent().path).toBe(`/a/driftline-aiobs-app/incidents/${saved.id}`);
  });

  it('stays disabled, saying so, when Grafana refused the incident', async () => {
    env.http.store.setMode('forbidden');
    await renderPanel([annotationFrame([DEPLOY], true)]);
    act(() => {
      env.outbox.enqueueCreate(DASHBOARD, {
        time: INCIDENT_START,
        timeEnd: INCIDENT_START,
        tags: ['incident', 'ongoing'],
        text: 'x',
      });
    });
    await act(async () => {
      await env.clock.advance(1000);
    });
    await waitFor(() =>
      expect(screen.getByTestId('driftline-what-changed-first')).toHaveAttribute('data-pending', 'false')
    );
    const button = screen.getByTestId('driftline-send-to-workbench');
    expect(button).toHaveAttribute('aria-disabled', 'true');
    fireEvent.mouseEnter(button);
    expect(await screen.findByText(/was not saved to Grafana.*retry it first/)).toBeInTheDocument();
  });

  it('is not shown when nothing changed', async () => {
    await renderPanel([annotationFrame([INCIDENT], true)], [metricFrame('steady', steady(100))]);
    expect(await screen.findByTestId('driftline-no-onsets')).toBeInTheDocument();
    expect(screen.queryByTestId('driftline-send-to-workbench')).toBeNull();
  });

  it('names an annotation written from the panel by its Grafana id once sent, so re-sending finds the same pin', () => {
    const item = env.outbox.enqueueCreate(DASHBOARD, {
      time: INCIDENT_START,
      timeEnd: INCIDENT_START,
      tags: ['deploy'],
      text: 'v13',
    });
    const items = env.outbox.getItems(DASHBOARD);
    expect(grafanaEventId(`outbox-${item.clientId}`, items)).toBe(`outbox-${item.clientId}`);
    const sentItems = items.map((candidate) => ({ ...candidate, status: 'sent' as const, serverId: 77 }));
    expect(grafanaEventId(`outbox-${item.clientId}`, sentItems)).toBe('77');
    expect(grafanaEventId('41', sentItems)).toBe('41');
  });
});
