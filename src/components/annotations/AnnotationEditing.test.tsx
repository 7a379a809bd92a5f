import React from 'react';
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { createDataFrame, DataFrame, FieldType, LoadingState, PanelData } from '@grafana/data';
import { AnnotationOutbox } from '../../api/outbox';
import { FakeClock } from '../../api/testing/fakeClock';
import { createFakeGrafanaHttp, FakeGrafanaHttp } from '../../api/testing/fakeGrafanaTransport';
import { createTestOutbox } from '../../api/testing/testOutbox';
import { AnnotationKind, DEFAULT_KIND_TAGS, KindTags } from '../../data/annotations';
import { HOUR, metricFrame, RANGE } from '../../testing/frames';
import { panelProps, timeRangeOf } from '../../testing/panelProps';
import { TimelinePanel } from '../../panels/timeline/TimelinePanel';
import { defaultTimelineOptions, TimelineOptions } from '../../panels/timeline/types';
import { AnnotatableTimeStrip } from './AnnotatableTimeStrip';
import { AnnotationWriteProvider } from './AnnotationWriteContext';
import { usePanelAnnotations } from './usePanelAnnotations';

const DASHBOARD = 'checkout-incident';
// Grafana's tooltip and modal mount in a few ms, but a loaded CI machine can take over a second.
const SLOW_UI = { timeout: 10_000 };
jest.setTimeout(30_000);
const WIDTH = 1000;
const SPAN = RANGE.to - RANGE.from;

let http: FakeGrafanaHttp;
let clock: FakeClock;
let outbox: AnnotationOutbox;

beforeEach(() => {
  http = createFakeGrafanaHttp();
  clock = new FakeClock();
  outbox = createTestOutbox(http, clock);
});

afterEach(() => outbox.dispose());

async function advance(ms: number) {
  await act(async () => {
    await clock.advance(ms);
  });
}

/** Stores annotations on the fake server and returns them as the dashboard's annotation query would. */
async function serverAnnotations(
  rows: Array<{ time: number; timeEnd?: number; text: string; tags: string[] }>
): Promise<DataFrame> {
  const ids: number[] = [];
  for (const row of rows) {
    const response = await http.transport({
      method: 'POST',
      url: '/api/annotations',
      data: { dashboardUID: DASHBOARD, panelId: 1, ...row },
    });
    ids.push((response.data as { id: number }).id);
  }
  return createDataFrame({
    fields: [
      { name: 'id', type: FieldType.number, values: ids },
      { name: 'time', type: FieldType.time, values: rows.map((row) => row.time) },
      { name: 'timeEnd', type: FieldType.time, values: rows.map((row) => row.timeEnd ?? row.time) },
      { name: 'text', type: FieldType.string, values: rows.map((row) => row.text) },
      { name: 'tags', type: FieldType.other, values: rows.map((row) => row.tags) },
      { name: 'source', type: FieldType.other, values: rows.map(() => BUILT_IN_QUERY) },
    ],
  });
}

/** The dashboard's built-in annotation query, as Grafana puts it in each row's `source`. */
const BUILT_IN_QUERY = {
  builtIn: 1,
  datasource: { type: 'grafana', uid: '-- Grafana --' },
  name: 'Annotations & Alerts',
};

function patches() {
  return http.requests().filter((request) => request.method === 'PATCH');
}

/** The strip under the drift and predictions panels, wired as they wire it. */
function Strip({ data, kinds }: { data: PanelData; kinds?: AnnotationKind[] }) {
  const annotations = usePanelAnnotations(data, () => DASHBOARD, kinds);
  return (
    <AnnotatableTimeStrip
      annotations={annotations}
      panelId={1}
      range={RANGE}
      width={WIDTH}
      now={RANGE.to}
      timeZone="utc"
    />
  );
}

function renderStrip(
  frame: DataFrame,
  options: { canAnnotate?: boolean; kinds?: AnnotationKind[]; kindTags?: KindTags } = {}
) {
  const data: PanelData = {
    state: LoadingState.Done,
    series: [],
    annotations: [frame],
    timeRange: timeRangeOf(RANGE.from, RANGE.to),
  };
  return render(
    <AnnotationWriteProvider
      value={{ outbox, canAnnotate: options.canAnnotate ?? true, kindTags: options.kindTags ?? DEFAULT_KIND_TAGS }}
    >
      <Strip data={data} kinds={options.kinds} />
    </AnnotationWriteProvider>
  );
}

const rows = [
  { time: RANGE.from + 10 * HOUR, text: 'v2.8.1 rolled out', tags: ['deploy'] },
  { time: RANGE.from + 20 * HOUR, text: 'spring campaign', tags: ['campaign'] },
  { time: RANGE.from + 30 * HOUR, timeEnd: RANGE.from + 50 * HOUR, text: 'SEV1 checkout latency', tags: ['incident'] },
];

function kindsDrawn() {
  return screen.queryAllByTestId('driftline-annotation').map((marker) => marker.getAttribute('data-kind'));
}

describe('the annotation kinds a panel shows', () => {
  it('draws every kind without the option, and only the chosen kinds with it', async () => {
    const frame = await serverAnnotations(rows);
    const { unmount } = renderStrip(frame);
    expect(kindsDrawn()).toEqual(['deploy', 'business', 'incident']);
    unmount();
    renderStrip(frame, { kinds: ['deploy', 'incident'] });
    expect(kindsDrawn()).toEqual(['deploy', 'incident']);
  });

  it('keeps a hidden incident as the strip reference: times stay relative to its start', async () => {
    const frame = await serverAnnotations(rows);
    renderStrip(frame, { kinds: ['deploy'] });
    expect(kindsDrawn()).toEqual(['deploy']);
    fireEvent.focus(screen.getByTestId('driftline-annotation'));
    expect(await screen.findByTestId('driftline-annotation-tooltip', {}, SLOW_UI)).toHaveTextContent(
      'from incident start'
    );
  });

  it('classifies with the mapping the app was configured with', async () => {
    const frame = await serverAnnotations([{ time: RANGE.from + HOUR, text: 'flag flipped', tags: ['launchdarkly'] }]);
    renderStrip(frame, { kindTags: { ...DEFAULT_KIND_TAGS, config: ['launchdarkly'] } });
    expect(kindsDrawn()).toEqual(['config']);
  });

  it('offers the option on the timeline and applies it there', async () => {
    const frame = await serverAnnotations(rows);
    const props = panelProps<TimelineOptions>(
      { ...defaultTimelineOptions, annotationKinds: ['incident'] },
      [metricFrame('p99 latency', [1, 2, 3, 4])],
      RANGE
    );
    props.data = { ...props.data, annotations: [frame] };
    render(
      <AnnotationWriteProvider value={{ outbox, canAnnotate: true, kindTags: DEFAULT_KIND_TAGS }}>
        <TimelinePanel {...props} />
      </AnnotationWriteProvider>
    );
    // Before uPlot reports its plotting area (jsdom has no layout), the overlay spans the panel.
    expect(kindsDrawn()).toEqual(['incident']);
  });
});

describe('editing an annotation from a panel', () => {
  it('edits text and tags with a PATCH through the outbox, shown at once', async () => {
    const frame = await serverAnnotations(rows);
    renderStrip(frame);
    fireEvent.focus(screen.getAllByTestId('driftline-annotation')[0]);
    fireEvent.click(await screen.findByTestId('driftline-annotation-edit', {}, SLOW_UI));
    const form = screen.getByTestId('driftline-annotation-edit-form');
    expect(within(form).getByTestId('driftline-annotation-edit-text')).toHaveValue('v2.8.1 rolled out');
    fireEvent.change(within(form).getByTestId('driftline-annotation-edit-text'), {
      target: { value: 'v2.8.1 rolled out to 100%' },
    });
    fireEvent.click(within(form).getByTestId('driftline-annotation-edit-save'));
    expect(screen.queryByTestId('driftline-annotation-edit-form')).toBeNull();
    expect(screen.getAllByTestId('driftline-annotation')[0]).toHaveAttribute(
      'aria-label',
      'Deploy: v2.8.1 rolled out to 100%'
    );

    await advance(0);
    expect(patches()).toHaveLength(1);
    expect(patches()[0].data).toEqual({ text: 'v2.8.1 rolled out to 100%', tags: ['deploy'] });
    expect(http.store.annotations.find((a: { text: string }) => a.text === 'v2.8.1 rolled out to 100%')).toBeDefined();
  });

  it('refuses empty text and keeps the form open, sending nothing', async () => {
    const frame = await serverAnnotations(rows);
    renderStrip(frame);
    fireEvent.focus(screen.getAllByTestId('driftline-annotation')[0]);
    fireEvent.click(await screen.findByTestId('driftline-annotation-edit', {}, SLOW_UI));
    fireEvent.change(screen.getByTestId('driftline-annotation-edit-text'), { target: { value: '  ' } });
    fireEvent.click(screen.getByTestId('driftline-annotation-edit-save'));
    expect(screen.getByTestId('driftline-annotation-problem')).toHaveTextContent('text is empty');
    await advance(0);
    expect(patches()).toHaveLength(0);
  });

  it('moves a region edge with the arrow keys: 1% of the range, 10% with Shift', async () => {
    const frame = await serverAnnotations(rows);
    renderStrip(frame);
    const [start, end] = screen.getAllByTestId('driftline-annotation-edge');
    expect(start).toHaveAttribute('data-edge', 'start');
    fireEvent.keyDown(start, { key: 'ArrowRight' });
    await advance(0);
    expect(patches()[0].data).toEqual({
      time: Math.round(rows[2].time + SPAN * 0.01),
      timeEnd: rows[2].timeEnd,
    });
    fireEvent.keyDown(end, { key: 'ArrowLeft', shiftKey: true });
    await advance(0);
    expect(patches()[1].data).toEqual(expect.objectContaining({ timeEnd: Math.round(rows[2].timeEnd! - SPAN * 0.1) }));
  });

  it('drags a region edge with the mouse: the band follows, one PATCH on release', async () => {
    const frame = await serverAnnotations(rows);
    renderStrip(frame);
    const band = screen.getByTestId('driftline-annotation-band');
    const widthBefore = parseFloat(band.style.width);
    const end = screen.getAllByTestId('driftline-annotation-edge')[1];
    fireEvent.mouseDown(end, { button: 0, clientX: 500 });
    fireEvent.mouseMove(window, { clientX: 600 });
    fireEvent.mouseMove(window, { clientX: 650 });
    expect(parseFloat(screen.getByTestId('driftline-annotation-band').style.width)).toBeCloseTo(widthBefore + 150, 5);
    await advance(0);
    expect(patches()).toHaveLength(0);
    fireEvent.mouseUp(window, { clientX: 650 });
    await advance(0);
    expect(patches()).toHaveLength(1);
    expect(patches()[0].data).toEqual({
      time: rows[2].time,
      timeEnd: Math.round(rows[2].timeEnd! + (150 / WIDTH) * SPAN),
    });
    const stored = http.store.annotations.find((a: { text: string }) => a.text === rows[2].text);
    expect(stored?.timeEnd).toBe(Math.round(rows[2].timeEnd! + (150 / WIDTH) * SPAN));
  });

  it('never lets a dragged edge cross the other one', async () => {
    const frame = await serverAnnotations(rows);
    renderStrip(frame);
    const start = screen.getAllByTestId('driftline-annotation-edge')[0];
    fireEvent.mouseDown(start, { button: 0, clientX: 300 });
    fireEvent.mouseMove(window, { clientX: 900 });
    fireEvent.mouseUp(window, { clientX: 900 });
    await advance(0);
    const patch = patches()[0].data as { time: number; timeEnd: number };
    expect(patch.time).toBeLessThan(patch.timeEnd);
    expect(patch.timeEnd).toBe(rows[2].timeEnd);
  });

  it('offers no editing for annotations that come from a data source rather than Grafana', async () => {
    const frame = await serverAnnotations(rows);
    const fromDataSource = {
      ...frame,
      fields: frame.fields.map((field) =>
        field.name === 'source'
          ? { ...field, values: rows.map(() => ({ datasource: { type: 'prometheus', uid: 'prom' }, name: 'Deploys' })) }
          : field
      ),
    };
    renderStrip(fromDataSource);
    fireEvent.focus(screen.getAllByTestId('driftline-annotation')[0]);
    expect(await screen.findByTestId('driftline-annotation-tooltip', {}, SLOW_UI)).toBeInTheDocument();
    expect(screen.queryByTestId('driftline-annotation-edit')).toBeNull();
    expect(screen.queryAllByTestId('driftline-annotation-edge')).toHaveLength(0);
  });

  it('gives viewers neither the Edit action nor edge handles', async () => {
    const frame = await serverAnnotations(rows);
    renderStrip(frame, { canAnnotate: false });
    fireEvent.focus(screen.getAllByTestId('driftline-annotation')[0]);
    expect(await screen.findByTestId('driftline-annotation-tooltip', {}, SLOW_UI)).toBeInTheDocument();
    expect(screen.queryByTestId('driftline-annotation-edit')).toBeNull();
    expect(screen.queryAllByTestId('driftline-annotation-edge')).toHaveLength(0);
  });
});
