// A frame's `length` is what the data source said; readers go by the fields' own values, so a frame that
// claims 10^9 rows over three (which took seconds, and 9.5 GB for heatmap cells) or 0 rows over full
// fields (which lost every row) reads the rows it holds.
import { DataFrame, FieldType } from '@grafana/data';
import { readAnnotations } from './annotations';
import { isEmptyData } from './frames';
import { readHistogramInput } from './histogramFrames';
import { readTimelineLanes } from './lanes';

const T0 = Date.UTC(2026, 0, 1);

function annotations(length: number): DataFrame {
  return {
    length,
    fields: [
      { name: 'time', type: FieldType.time, values: [T0, T0 + 1000, T0 + 2000], config: {} },
      { name: 'text', type: FieldType.string, values: ['deploy v2', 'flag on', 'SEV2'], config: {} },
      { name: 'tags', type: FieldType.other, values: [['deploy'], ['feature-flag'], ['incident']], config: {} },
    ],
  };
}

function heatmapCells(length: number): DataFrame {
  return {
    name: 'latency',
    length,
    meta: { type: 'heatmap-cells' as never },
    fields: [
      { name: 'xMax', type: FieldType.time, values: [T0, T0, T0 + 60_000, T0 + 60_000], config: {} },
      { name: 'yMin', type: FieldType.number, values: [0, 1, 0, 1], config: {} },
      { name: 'yMax', type: FieldType.number, values: [1, 2, 1, 2], config: {} },
      { name: 'count', type: FieldType.number, values: [3, 1, 2, 5], config: {} },
    ],
  };
}

describe.each([1e9, 0, -1, NaN])('a frame whose length says %p', (length) => {
  it('reads the annotations its fields hold', () => {
    expect(readAnnotations([annotations(length)]).map((event) => event.kind)).toEqual(['deploy', 'config', 'incident']);
  });

  it('reads the native histogram cells its fields hold', () => {
    const input = readHistogramInput([heatmapCells(length)]);
    expect(input.problems).toEqual([]);
    expect(input.features[0].buckets.map((bucket) => bucket.le)).toEqual([1, 2, Infinity]);
  });

  it('is empty only when its fields are', () => {
    const metric: DataFrame = {
      length,
      fields: [
        { name: 'Time', type: FieldType.time, values: [T0, T0 + 1000], config: {} },
        { name: 'Value', type: FieldType.number, values: [1, 2], config: {} },
      ],
    };
    expect(isEmptyData([metric])).toBe(false);
    expect(readTimelineLanes([metric], { from: T0, to: T0 + 2000 }).map((lane) => Array.from(lane.values))).toEqual([
      [1, 2],
    ]);
  });
});
