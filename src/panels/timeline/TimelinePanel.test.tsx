import React from 'react';
import { render, screen } from '@testing-library/react';
import { createDataFrame, FieldType } from '@grafana/data';
import { HOUR, metricFrame, RANGE } from '../../testing/frames';
import { panelProps } from '../../testing/panelProps';
import { TimelinePanel } from './TimelinePanel';
import { defaultTimelineOptions } from './types';

const annotations = createDataFrame({
  fields: [
    { name: 'time', type: FieldType.time, values: [RANGE.from + 10 * HOUR, RANGE.from + 50 * HOUR] },
    { name: 'timeEnd', type: FieldType.time, values: [RANGE.from + 10 * HOUR, RANGE.from + 70 * HOUR] },
    { name: 'text', type: FieldType.string, values: ['<img src=x onerror=alert(1)> v2.8.1', 'SEV1'] },
    { name: 'tags', type: FieldType.other, values: [['deploy'], ['incident', 'sev1']] },
  ],
});

function renderTimeline(
  series = [metricFrame('p99 latency', [1, 2, 3, 4]), metricFrame('errors', [0, 0, 5, 9])],
  options = defaultTimelineOptions
) {
  const props = panelProps(options, series, RANGE);
  props.data = { ...props.data, annotations: [annotations] };
  return render(<TimelinePanel {...props} />);
}

describe('TimelinePanel', () => {
  it('draws one lane per series and the annotations over them', () => {
    renderTimeline();
    const lanes = screen.getAllByTestId('driftline-lane').map((lane) => lane.getAttribute('data-lane'));
    expect(lanes).toEqual(['p99 latency', 'errors']);
    const kinds = screen.getAllByTestId('driftline-annotation').map((marker) => marker.getAttribute('data-kind'));
    expect(kinds).toEqual(['deploy', 'incident']);
    expect(screen.getAllByTestId('driftline-annotation-band')).toHaveLength(1);
  });

  it('renders annotation text inert', () => {
    const { container } = renderTimeline();
    expect(container.querySelector('img')).toBeNull();
    expect(screen.getAllByTestId('driftline-annotation')[0]).toHaveAttribute(
      'aria-label',
      'Deploy: <img src=x onerror=alert(1)> v2.8.1'
    );
  });

  it('caps the lanes and says how many are hidden', () => {
    renderTimeline(
      Array.from({ length: 5 }, (_, i) => metricFrame(`series ${i}`, [1, 2, 3])),
      { ...defaultTimelineOptions, maxLanes: 3 }
    );
    expect(screen.getAllByTestId('driftline-lane')).toHaveLength(3);
    expect(screen.getByTestId('driftline-hidden-lanes')).toHaveTextContent('2 more series');
  });

  it('shows no-data for an empty frame', () => {
    renderTimeline([createDataFrame({ fields: [] })]);
    expect(screen.getByTestId('driftline-problem')).toHaveAttribute('data-problem', 'no-data');
  });

  it('explains a frame with no time field', () => {
    renderTimeline([
      createDataFrame({ name: 'table', fields: [{ name: 'v', type: FieldType.number, values: [1, 2] }] }),
    ]);
    const problem = screen.getByTestId('driftline-problem');
    expect(problem).toHaveAttribute('data-problem', 'no-time-field');
    expect(problem).toHaveTextContent('table has no time field');
  });

  it('explains text where numbers are expected', () => {
    const frame = createDataFrame({
      fields: [
        { name: 'Time', type: FieldType.time, values: [RANGE.from, RANGE.from + HOUR] },
        { name: 'status', type: FieldType.string, values: ['ok', 'degraded'] },
      ],
    });
    renderTimeline([frame]);
    expect(screen.getByTestId('driftline-problem')).toHaveAttribute('data-problem', 'wrong-type');
  });

  it('explains series that are all NaN and draws gaps in partly NaN ones', () => {
    renderTimeline([metricFrame('broken', [NaN, NaN])]);
    expect(screen.getByTestId('driftline-problem')).toHaveAttribute('data-problem', 'all-nan');
  });

  it('counts missing values of a partly NaN series', () => {
    renderTimeline([metricFrame('gappy', [1, NaN, 3, NaN])]);
    expect(screen.getByTestId('driftline-lane')).toHaveTextContent('2 missing values');
  });
});
