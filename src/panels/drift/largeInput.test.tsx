import React from 'react';
import { render, screen, waitFor } from '@testing-library/react';
import { FieldType } from '@grafana/data';
import { HOUR, RANGE } from '../../testing/frames';
import { panelProps, timeRangeOf } from '../../testing/panelProps';
import { DriftPanel } from './DriftPanel';
import { defaultDriftOptions } from './types';
import { RAW_ROWS_BUDGET } from './useDriftOverTime';

const ROWS = RAW_ROWS_BUDGET + 100_000;

/** A million raw rows of one feature over RANGE, shifting up in the second half. */
function largeFrame() {
  const times = new Float64Array(ROWS);
  const values = new Float64Array(ROWS);
  const span = RANGE.to - RANGE.from;
  let seed = 3;
  for (let i = 0; i < ROWS; i++) {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    times[i] = RANGE.from + (i * span) / ROWS;
    values[i] = seed / 2_147_483_648 + (i > ROWS / 2 ? 0.2 : 0);
  }
  return {
    length: ROWS,
    fields: [
      { name: 'time', type: FieldType.time, values: Array.from(times), config: {} },
      { name: 'latency_ms', type: FieldType.number, values: Array.from(values), config: {} },
    ],
  };
}

describe('the drift panel on more raw rows than the browser budget', () => {
  it('computes in slices with progress, says to use histogram buckets with the query, and restarts on a new range', async () => {
    const series = [largeFrame()];
    const props = panelProps({ ...defaultDriftOptions }, series, RANGE);
    const { rerender } = render(<DriftPanel {...props} />);
    // Work in slices: the first render shows the loading state with what it is reading.
    expect(screen.getByTestId('driftline-computing')).toHaveTextContent(
      `Reading the query result (${ROWS.toLocaleString('en')} rows)`
    );
    // A new time range while it runs: the running computation is dropped and one for the new range starts.
    const narrower = { from: RANGE.from + 10 * HOUR, to: RANGE.to };
    const timeRange = timeRangeOf(narrower.from, narrower.to);
    rerender(<DriftPanel {...props} timeRange={timeRange} data={{ ...props.data, timeRange }} />);
    await waitFor(() => expect(screen.queryByTestId('driftline-computing')).not.toBeInTheDocument(), {
      timeout: 120_000,
    });
    const panel = screen.getByTestId('driftline-panel-drift');
    expect(Number(panel.getAttribute('data-baseline-from'))).toBe(narrower.from);
    expect(screen.getByTestId('driftline-feature-row')).toHaveAttribute('data-drifted', 'true');
    expect(screen.getByTestId('driftline-large-input')).toHaveTextContent(
      'Compute this from histogram buckets instead: record the features as Prometheus histograms and query sum by (le) (increase(latency_ms_bucket[$__rate_interval]))'
    );
  }, 180_000);
});
