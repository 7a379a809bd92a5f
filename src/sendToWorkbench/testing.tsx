import React from 'react';
import { createDataFrame, FieldType } from '@grafana/data';
import { locationService } from '@grafana/runtime';
import { AnnotationOutbox } from '../api/outbox';
import { FakeClock } from '../api/testing/fakeClock';
import { createFakeGrafanaHttp, FakeGrafanaHttp } from '../api/testing/fakeGrafanaTransport';
import { createTestOutbox } from '../api/testing/testOutbox';
import { AnnotationWriteProvider } from '../components/annotations/AnnotationWriteContext';
import { DEFAULT_KIND_TAGS } from '../data/annotations';
import { decodePins, PinnedFindings } from './pins';

/** Helpers of the panels' "Send to workbench" tests. */

export interface OutboxEnvironment {
  http: FakeGrafanaHttp;
  clock: FakeClock;
  outbox: AnnotationOutbox;
}

/**
 * A fake Grafana, clock and outbox, new for each test, with the location on `path` (the panel's dashboard).
 * The object's fields are the current test's.
 */
export function outboxEnvironment(path: string): OutboxEnvironment {
  const env = {} as OutboxEnvironment;
  beforeEach(() => {
    env.http = createFakeGrafanaHttp();
    env.clock = new FakeClock();
    env.outbox = createTestOutbox(env.http, env.clock);
    locationService.push(path);
  });
  afterEach(() => env.outbox.dispose());
  return env;
}

/** The panel as a dashboard that may annotate renders it, writing through the outbox. */
export function withOutbox(outbox: AnnotationOutbox, panel: React.ReactElement): React.ReactElement {
  return (
    <AnnotationWriteProvider value={{ outbox, canAnnotate: true, kindTags: DEFAULT_KIND_TAGS }}>
      {panel}
    </AnnotationWriteProvider>
  );
}

/** Annotation rows as Grafana's query gives them; `source` tells Grafana's own store from a data source's. */
export function annotationFrame(
  rows: Array<{ id: number; time: number; timeEnd: number; tags: string[]; text: string }>,
  builtIn: boolean
) {
  return createDataFrame({
    fields: [
      { name: 'id', type: FieldType.number, values: rows.map((row) => row.id) },
      { name: 'time', type: FieldType.time, values: rows.map((row) => row.time) },
      { name: 'timeEnd', type: FieldType.time, values: rows.map((row) => row.timeEnd) },
      { name: 'text', type: FieldType.string, values: rows.map((row) => row.text) },
      { name: 'tags', type: FieldType.other, values: rows.map((row) => row.tags) },
      { name: 'source', type: FieldType.other, values: rows.map(() => (builtIn ? { builtIn: 1 } : { uid: 'demo' })) },
    ],
  });
}

/** Where the last "Send to workbench" went, and the findings it carried. */
export function sentPins(): { path: string; params: URLSearchParams; findings: PinnedFindings } {
  const location = locationService.getLocation();
  const params = new URLSearchParams(location.search);
  const decoded = decodePins(params.get('pin') ?? '');
  if (!decoded.ok) {
    throw new Error(decoded.problem);
  }
  return { path: location.pathname, params, findings: decoded.findings };
}
