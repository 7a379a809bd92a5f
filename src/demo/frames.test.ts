import { FieldType } from '@grafana/data';

import { annotationsFrame, framesForRange, metricFrame } from './frames';

describe('framesForRange', () => {
  const frame = metricFrame(
    { metric: 'up', displayName: 'up', unit: 'short', labels: { job: 'x' } },
    [0, 10, 20, 30, 40],
    [1, 2, 3, 4, 5],
    10
  );

  it('keeps the rows inside the range, both ends included, and everything else', () => {
    const [sliced] = framesForRange([frame], { from: 10, to: 30 });
    expect(sliced.length).toBe(3);
    expect(sliced.fields[0].values).toEqual([10, 20, 30]);
    expect(sliced.fields[1].values).toEqual([2, 3, 4]);
    expect(sliced.fields[1].labels).toEqual({ __name__: 'up', job: 'x' });
    expect(sliced.meta).toBe(frame.meta);
    expect(sliced.name).toBe('up');
    expect(frame.fields[0].values).toHaveLength(5);
  });

  it('gives empty frames for a range outside the data', () => {
    const [sliced] = framesForRange([frame], { from: 100, to: 200 });
    expect(sliced.length).toBe(0);
    expect(sliced.fields[1].values).toEqual([]);
  });

  it('uses the first time field of any frame, e.g. annotations', () => {
    const annotations = annotationsFrame(
      [
        { time: 5, text: 'a', tags: ['deploy'], login: 'x' },
        { time: 25, timeEnd: 35, text: 'b', tags: ['incident'], login: 'y' },
      ],
      1
    );
    const [sliced] = framesForRange([annotations], { from: 20, to: 40 });
    expect(sliced.fields.find((f) => f.name === 'text')?.values).toEqual(['b']);
    expect(sliced.fields.find((f) => f.type === FieldType.boolean)?.values).toEqual([true]);
  });
});
