import { createDataFrame, FieldType } from '@grafana/data';
import { annotationEvent, annotationEvents, incidentWindow, readAnnotations } from './annotations';

const T = Date.UTC(2026, 2, 14, 12);

describe('annotationEvent: the one reading of a stored annotation', () => {
  it('reads an ongoing incident (written with timeEnd = time) as a region with no end yet', () => {
    const event = annotationEvent({ id: 7, time: T, timeEnd: T, text: 'Checkout down', tags: ['incident', 'Ongoing'] });
    expect(event).toMatchObject({ id: '7', isRegion: true, timeEnd: undefined, kind: 'incident' });
  });

  it('reads a point, a region and a region whose end is not set', () => {
    expect(annotationEvent({ id: 1, time: T, timeEnd: T, text: 'v12', tags: ['deploy'] })).toMatchObject({
      isRegion: false,
      timeEnd: T,
      kind: 'deploy',
    });
    expect(annotationEvent({ id: 2, time: T, timeEnd: T + 60_000, text: 'x', tags: [] })).toMatchObject({
      isRegion: true,
      timeEnd: T + 60_000,
      kind: 'other',
    });
    expect(annotationEvent({ id: 3, time: T, timeEnd: null, text: 'x', tags: [] })).toMatchObject({
      isRegion: true,
      timeEnd: undefined,
    });
    expect(annotationEvent({ id: 4, time: T, text: 'x', tags: [] })).toMatchObject({ isRegion: false, timeEnd: T });
  });

  it('gives the same event from Grafana HTTP and from an annotation frame', () => {
    const stored = { id: 9, time: T, timeEnd: T, text: 'SEV1', tags: ['incident', 'ongoing'] };
    const frame = createDataFrame({
      fields: [
        { name: 'id', type: FieldType.number, values: [9] },
        { name: 'time', type: FieldType.time, values: [T] },
        { name: 'timeEnd', type: FieldType.time, values: [T] },
        { name: 'text', type: FieldType.string, values: ['SEV1'] },
        { name: 'tags', type: FieldType.other, values: [['incident', 'ongoing']] },
      ],
    });
    const [fromFrame] = readAnnotations([frame]);
    const [fromHttp] = annotationEvents([stored]);
    expect({ ...fromFrame, inGrafanaStore: undefined }).toEqual({ ...fromHttp, inGrafanaStore: undefined });
    expect(fromHttp.timeEnd).toBeUndefined();
  });

  it('sorts stored annotations by time', () => {
    const events = annotationEvents([
      { id: 'b', time: T + 1, text: '', tags: [] },
      { id: 'a', time: T, text: '', tags: [] },
    ]);
    expect(events.map((event) => event.id)).toEqual(['a', 'b']);
  });
});

describe('incidentWindow: the panels default current window', () => {
  const range = { from: T - 3_600_000, to: T + 3_600_000 };
  const ongoing = annotationEvents([{ id: 1, time: T, timeEnd: T, text: 'SEV2', tags: ['incident', 'ongoing'] }]);

  it('ends an ongoing incident now', () => {
    expect(incidentWindow(ongoing, range, T + 60_000)).toEqual({ from: T, to: T + 60_000, ongoing: true });
  });

  it.each([NaN, Infinity, -Infinity, 1e300])(
    'refuses a "now" of %p with a typed error, not a window without an end',
    (now) => {
      expect(() => incidentWindow(ongoing, range, now)).toThrow(
        expect.objectContaining({
          name: 'DriftInputError',
          code: 'INVALID_ARGUMENT',
          message: expect.stringMatching(/"now"\) .* is not a time/),
        })
      );
    }
  );
});
