import React from 'react';
import { render, screen, waitFor } from '@testing-library/react';
import { FieldType } from '@grafana/data';
import { bucketMeansSteps, decimateToColumns, decimateToColumnsSteps } from '../../data/lanes';
import { runSteps } from '../../data/steps';
import { HOUR, RANGE } from '../../testing/frames';
import { panelProps, timeRangeOf } from '../../testing/panelProps';
import { TimelinePanel } from './TimelinePanel';
import { defaultTimelineOptions } from './types';
import { SYNC_READ_POINTS } from './useTimelineLanes';

const POINTS = SYNC_READ_POINTS + 100_000;

/** One lane of many points over RANGE: flat noise, then a step up at 80 % of the range. */
function denseLane() {
  const span = RANGE.to - RANGE.from;
  let seed = 11;
  const times: number[] = new Array(POINTS);
  const values: number[] = new Array(POINTS);
  for (let i = 0; i < POINTS; i++) {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    times[i] = RANGE.from + (i * span) / POINTS;
    values[i] = 100 + seed / 2_147_483_648 + (i > 0.8 * POINTS ? 5 : 0);
  }
  return {
    length: POINTS,
    fields: [
      { name: 'Time', type: FieldType.time, values: times, config: {} },
      { name: 'Value', type: FieldType.number, values, config: { displayNameFromDS: 'queue depth' } },
    ],
  };
}

describe('a timeline lane of more points than are read at once', () => {
  it('is read in slices with a count, drawn reduced, and its onset found on bucket means', async () => {
    const props = panelProps(defaultTimelineOptions, [denseLane()], RANGE);
    render(<TimelinePanel {...props} />);
    expect(screen.getByTestId('driftline-reading')).toHaveTextContent(
      `Reading ${(POINTS * 2).toLocaleString('en')} points`
    );
    await waitFor(() => expect(screen.getByTestId('driftline-lane')).toHaveAttribute('data-lane', 'queue depth'), {
      timeout: 60_000,
    });
    const marker = await screen.findByTestId('driftline-onset-marker', undefined, { timeout: 60_000 });
    expect(marker.getAttribute('title')).toMatch(/Onset of queue depth/);
    expect(marker).toHaveAttribute('data-direction', 'up');
  }, 120_000);

  it('drops the reading when the time range changes, and reads for the new one', async () => {
    const props = panelProps(defaultTimelineOptions, [denseLane()], RANGE);
    const { rerender } = render(<TimelinePanel {...props} />);
    const narrower = timeRangeOf(RANGE.from, RANGE.from + 50 * HOUR);
    rerender(<TimelinePanel {...props} timeRange={narrower} data={{ ...props.data, timeRange: narrower }} />);
    await waitFor(() => expect(screen.getByTestId('driftline-lane')).toBeInTheDocument(), { timeout: 60_000 });
    expect(screen.getByTestId('driftline-window-source')).toHaveTextContent('Analysis window');
  }, 120_000);

  it('reduces for drawing in steps exactly as at once, and averages time buckets for the engine', () => {
    const times = Float64Array.from({ length: 300_000 }, (_, i) => i * 10);
    const values = Float64Array.from({ length: 300_000 }, (_, i) => Math.sin(i / 1000) + (i % 97 === 0 ? NaN : 0));
    const range = { from: 0, to: 3_000_000 };
    expect(runSteps(decimateToColumnsSteps(times, values, range, 700))).toEqual(
      decimateToColumns(times, values, range, 700)
    );
    const means = runSteps(bucketMeansSteps(Float64Array.from([0, 1, 2, 3]), Float64Array.from([1, 3, 5, NaN]), 2));
    expect(Array.from(means.times)).toEqual([0.5, 2]);
    expect(Array.from(means.values)).toEqual([2, 5]);
  });
});
