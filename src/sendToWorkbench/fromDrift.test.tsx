import React from 'react';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { DataFrame, FieldType } from '@grafana/data';
import { locationService } from '@grafana/runtime';
import { MAX_PIN_FEATURES } from './pins';
import { HOUR, RANGE, sampleFrame } from '../testing/frames';
import { panelProps } from '../testing/panelProps';
import { annotationFrame, outboxEnvironment, sentPins, withOutbox } from './testing';
import { DriftPanel } from '../panels/drift/DriftPanel';
import { defaultDriftOptions } from '../panels/drift/types';

const DASHBOARD = 'recsys';
const INCIDENT_START = RANGE.from + 70 * HOUR;

const env = outboxEnvironment('/d/recsys');

/** An incident in Grafana's own annotation store, as the dashboard's query returns it. */
const incidentFrame = (id: number) =>
  annotationFrame(
    [
      {
        id,
        time: INCIDENT_START,
        timeEnd: RANGE.from + 90 * HOUR,
        tags: ['incident', 'sev2'],
        text: 'Recommendations degraded',
      },
    ],
    true
  );

/** The sample table with a stable feature and `extra` more that shift, so more features drift than are sent. */
function frameWithFeatures(extra: number): DataFrame {
  const frame = sampleFrame();
  const rows = frame.fields[0].values.length;
  frame.fields.push({
    name: 'stable',
    type: FieldType.number,
    values: Array.from({ length: rows }, (_, i) => i % 10),
    config: {},
  });
  for (let f = 0; f < extra; f++) {
    frame.fields.push({
      name: `shift_${f}`,
      type: FieldType.number,
      values: Array.from({ length: rows }, (_, i) => (i < 50 ? i % 10 : 3 + f + (i % 10))),
      config: {},
    });
  }
  return frame;
}

async function renderDrift(series: DataFrame[], annotations: DataFrame[]) {
  const props = panelProps(defaultDriftOptions, series, RANGE, {
    id: 5,
    replaceVariables: (value: string) =>
      value.replace('${__dashboard.uid}', DASHBOARD).replace('${__dashboard}', 'Recommendations'),
  });
  props.data = { ...props.data, annotations };
  render(withOutbox(env.outbox, <DriftPanel {...props} />));
  await waitFor(() => expect(screen.queryByTestId('driftline-computing')).not.toBeInTheDocument());
  return screen.getByTestId('driftline-send-to-workbench');
}

const sent = sentPins;

describe('Send to workbench from the drift panel', () => {
  it("opens the incident's workbench with the ranking's features pinned, drifted ones first", async () => {
    const button = await renderDrift([frameWithFeatures(0)], [incidentFrame(42)]);
    expect(button).toHaveAttribute('aria-disabled', 'false');
    fireEvent.click(button);

    const { path, findings } = sent();
    expect(path).toBe('/a/driftline-aiobs-app/incidents/42');
    expect(findings).toMatchObject({ dashboardUID: DASHBOARD, panelId: 5, range: RANGE, steps: [] });
    expect(findings.drift!.map((item) => [item.feature, item.drifted])).toEqual([
      ['feature_a', true],
      ['stable', false],
    ]);
    const [top] = findings.drift!;
    expect(top.since).toBeGreaterThan(RANGE.from);
    expect(top.score).toBeGreaterThan(0);
    expect(top.threshold).toBeGreaterThan(0);
  });

  it(`without an incident in Grafana, opens the incidents page with at most ${MAX_PIN_FEATURES} features waiting`, async () => {
    fireEvent.click(await renderDrift([frameWithFeatures(MAX_PIN_FEATURES + 1)], []));
    const { path, params, findings } = sent();
    expect(path).toBe('/a/driftline-aiobs-app/incidents');
    expect(params.get('dashboardUID')).toBe(DASHBOARD);
    expect(params.get('panelId')).toBe('5');
    expect(findings.drift).toHaveLength(MAX_PIN_FEATURES);
    expect(findings.drift!.every((item) => item.drifted)).toBe(true);
    expect(findings.omitted).toBe(MAX_PIN_FEATURES + 3 - MAX_PIN_FEATURES);
  });

  it('waits, disabled, while the incident marked from the panel is on its way to Grafana', async () => {
    // Grafana is slow to answer: the incident marked on the panel stays on its way.
    env.http.store.setMode('hang');
    const marked = { time: INCIDENT_START, timeEnd: INCIDENT_START, tags: ['incident', 'ongoing'], text: 'Degraded' };
    act(() => void env.outbox.enqueueCreate(DASHBOARD, marked));
    const button = await renderDrift([frameWithFeatures(0)], []);
    await waitFor(() => expect(button).toHaveAttribute('aria-disabled', 'true'));
    fireEvent.click(button);
    expect(locationService.getLocation().pathname).toBe('/d/recsys');
    fireEvent.mouseEnter(button);
    expect(await screen.findByText(/still being saved to Grafana; send the drift findings/)).toBeInTheDocument();
  });
});
