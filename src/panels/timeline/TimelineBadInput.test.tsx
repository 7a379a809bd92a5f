import React from 'react';
import { render, screen, waitFor } from '@testing-library/react';
import { createDataFrame, DataFrame, FieldType } from '@grafana/data';
import { HOUR, metricFrame, RANGE } from '../../testing/frames';
import { panelProps } from '../../testing/panelProps';
import { TimelinePanel } from './TimelinePanel';
import { defaultTimelineOptions } from './types';

function frame(name: string, times: number[], values: number[]): DataFrame {
  return createDataFrame({
    name,
    fields: [
      { name: 'Time', type: FieldType.time, values: times },
      { name: 'Value', type: FieldType.number, values, config: { displayNameFromDS: name } },
    ],
  });
}

async function renderSettled(series: DataFrame[]) {
  render(<TimelinePanel {...panelProps(defaultTimelineOptions, series, RANGE, { width: 1000, height: 500 })} />);
  // The analysis runs in slices after the first paint; wait for it to settle. The wait is generous because a
  // loaded machine can take seconds over the 100,000-point lane below; the assertions after it are unchanged.
  const list = await screen.findByTestId('driftline-what-changed-first');
  await screen.findByText(/What changed first/);
  await waitFor(() => expect(list).toHaveAttribute('data-pending', 'false'), { timeout: 15_000 });
  return list;
}

const steady = (n: number, shiftAt = Infinity) =>
  Array.from({ length: n }, (_, i) => (i >= shiftAt ? 50 : 10) + ((i * 7) % 3));
const hourly = (n: number) => Array.from({ length: n }, (_, i) => RANGE.from + i * HOUR);

describe('TimelinePanel with bad input', () => {
  it('shows no-data when every lane is empty', () => {
    render(<TimelinePanel {...panelProps(defaultTimelineOptions, [frame('empty', [], [])], RANGE)} />);
    expect(screen.getByTestId('driftline-problem')).toHaveAttribute('data-problem', 'no-data');
  });

  it('draws a lane with a single point and finds no onset in it', async () => {
    await renderSettled([frame('single', [RANGE.from + HOUR], [3]), metricFrame('steady', steady(100))]);
    expect(screen.getAllByTestId('driftline-lane').map((lane) => lane.getAttribute('data-lane'))).toEqual([
      'single',
      'steady',
    ]);
    expect(await screen.findByTestId('driftline-no-onsets')).toHaveTextContent('No signal left its baseline');
  });

  it('sorts unsorted times and still finds the onset', async () => {
    const times = hourly(100);
    const values = steady(100, 80);
    const order = times.map((_, i) => i).reverse();
    await renderSettled([
      frame(
        'shuffled',
        order.map((i) => times[i]),
        order.map((i) => values[i])
      ),
    ]);
    const step = await screen.findByRole('button', { name: /shuffled/ });
    expect(step).toHaveAttribute('data-step-type', 'onset');
    expect(step).toHaveAttribute('data-direction', 'up');
  });

  it('accepts duplicate timestamps', async () => {
    const times = hourly(100).flatMap((t) => [t, t]);
    const values = steady(100, 80).flatMap((v) => [v, v + 1]);
    await renderSettled([frame('twice', times, values)]);
    expect(await screen.findByRole('button', { name: /twice/ })).toHaveAttribute('data-lane', 'twice');
  });

  it('draws NaN gaps and counts them', async () => {
    const values = steady(100, 80).map((v, i) => (i % 10 === 3 ? NaN : v));
    await renderSettled([frame('gappy', hourly(100), values)]);
    expect(screen.getByTestId('driftline-lane')).toHaveTextContent('10 missing values');
    expect(await screen.findByRole('button', { name: /gappy/ })).toBeInTheDocument();
  });

  it('handles a lane 1,000 times longer than the others', async () => {
    const n = 100_000;
    const step = (RANGE.to - RANGE.from) / n;
    const long = frame(
      'dense',
      Array.from({ length: n }, (_, i) => RANGE.from + i * step),
      Array.from({ length: n }, (_, i) => (i > 0.8 * n ? 50 : 10) + (i % 5))
    );
    await renderSettled([long, metricFrame('short', steady(100))]);
    expect(screen.getAllByTestId('driftline-lane')).toHaveLength(2);
    expect(await screen.findByRole('button', { name: /dense/ })).toHaveAttribute('data-direction', 'up');
  }, 30_000);
});
