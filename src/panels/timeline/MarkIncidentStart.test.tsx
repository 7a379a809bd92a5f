import React from 'react';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { setTemplateSrv, TemplateSrv } from '@grafana/runtime';
import { outboxEnvironment, withOutbox } from '../../sendToWorkbench/testing';
import { HOUR, metricFrame, RANGE } from '../../testing/frames';
import { panelProps } from '../../testing/panelProps';
import { testIds } from '../../testIds';
import { TimelinePanel } from './TimelinePanel';
import { defaultTimelineOptions } from './types';

const env = outboxEnvironment('/d/checkout');

afterEach(() => setTemplateSrv(undefined as unknown as TemplateSrv));

it("stores the dashboard's variables and range with an incident marked on the timeline", async () => {
  setTemplateSrv({
    getVariables: () => [{ name: 'model', current: { value: 'reco-v2' } }],
  } as unknown as TemplateSrv);
  const props = panelProps(defaultTimelineOptions, [metricFrame('p99 latency', Array(100).fill(1))], RANGE, {
    width: 1000,
    height: 500,
    id: 7,
    replaceVariables: (value: string) => value.replace('${__dashboard.uid}', 'checkout'),
  });
  render(withOutbox(env.outbox, <TimelinePanel {...props} />));
  fireEvent.click(await screen.findByTestId(testIds.markIncidentStart));
  fireEvent.change(await screen.findByTestId(testIds.annotationFields.text), { target: { value: 'Checkout down' } });
  fireEvent.click(screen.getByTestId(testIds.annotationFields.save));
  await waitFor(() => expect(env.outbox.getItems('checkout')).toHaveLength(1));
  const [item] = env.outbox.getItems('checkout');
  expect(item.op === 'create' && item.annotation.tags).toEqual(expect.arrayContaining(['incident', 'ongoing']));
  expect(item.op === 'create' && item.annotation.data).toEqual({
    driftline: { variables: { model: 'reco-v2' }, range: { from: RANGE.from, to: RANGE.from + 100 * HOUR } },
  });
  // Sent to Grafana with the annotation.
  await waitFor(() => expect(env.http.store.annotations).toHaveLength(1));
  expect(env.http.store.annotations[0]).toMatchObject({ data: { driftline: { variables: { model: 'reco-v2' } } } });
});
