import React from 'react';
import { render, screen } from '@testing-library/react';
import { createDataFrame, FieldType } from '@grafana/data';
import { RANGE, sampleFrame } from '../../testing/frames';
import { panelProps } from '../../testing/panelProps';
import { DriftPanel } from './DriftPanel';
import { defaultDriftOptions } from './types';

function renderDrift(series = [sampleFrame()], options = defaultDriftOptions) {
  return render(<DriftPanel {...panelProps(options, series, RANGE)} />);
}

describe('DriftPanel', () => {
  it('draws the baseline against the current histogram of the first feature', () => {
    renderDrift();
    expect(screen.getByTestId('driftline-panel-drift')).toBeInTheDocument();
    expect(screen.getByTestId('driftline-field')).toHaveTextContent('feature_a');
    expect(screen.getByTestId('driftline-distribution')).toHaveTextContent('Baseline (n=25)');
    expect(screen.getByTestId('driftline-distribution')).toHaveTextContent('Current (n=25)');
    expect(screen.queryByTestId('driftline-problem')).not.toBeInTheDocument();
  });

  it('uses the chosen feature', () => {
    renderDrift([sampleFrame()], { ...defaultDriftOptions, feature: 'score' });
    expect(screen.getByTestId('driftline-field')).toHaveTextContent('score');
  });

  it('shows no-data for an empty frame', () => {
    renderDrift([createDataFrame({ fields: [] })]);
    expect(screen.getByTestId('driftline-problem')).toHaveAttribute('data-problem', 'no-data');
  });

  it('explains a frame with no time field', () => {
    renderDrift([sampleFrame({ withTime: false })]);
    const problem = screen.getByTestId('driftline-problem');
    expect(problem).toHaveAttribute('data-problem', 'no-time-field');
    expect(problem).toHaveTextContent('has no time field');
  });

  it('explains text where numbers are expected, naming the fields found', () => {
    const frame = createDataFrame({
      fields: [
        { name: 'time', type: FieldType.time, values: [RANGE.from, RANGE.to - 1] },
        { name: 'region', type: FieldType.string, values: ['eu', 'us'] },
      ],
    });
    renderDrift([frame]);
    const problem = screen.getByTestId('driftline-problem');
    expect(problem).toHaveAttribute('data-problem', 'no-numeric-field');
    expect(problem).toHaveTextContent('region (string)');
  });

  it('explains a chosen field that holds text', () => {
    renderDrift([sampleFrame({ feature: Array.from({ length: 100 }, () => 'n/a') })], {
      ...defaultDriftOptions,
      feature: 'feature_a',
    });
    expect(screen.getByTestId('driftline-problem')).toHaveAttribute('data-problem', 'wrong-type');
  });

  it('explains a feature that is all NaN', () => {
    renderDrift([sampleFrame({ feature: Array.from({ length: 100 }, () => NaN) })], {
      ...defaultDriftOptions,
      feature: 'feature_a',
    });
    const problem = screen.getByTestId('driftline-problem');
    expect(problem).toHaveAttribute('data-problem', 'all-nan');
    expect(problem).toHaveTextContent('missing or NaN');
  });

  it('ignores some NaN values and says how many', () => {
    const feature = Array.from({ length: 100 }, (_, i) => (i % 10 === 0 ? NaN : i));
    renderDrift([sampleFrame({ feature })]);
    expect(screen.getByTestId('driftline-dropped')).toHaveTextContent('10 missing or NaN values ignored');
  });

  it('explains an empty baseline window', () => {
    const late = { from: RANGE.from - 200 * 3_600_000, to: RANGE.to };
    render(<DriftPanel {...panelProps(defaultDriftOptions, [sampleFrame()], late)} />);
    expect(screen.getByTestId('driftline-problem')).toHaveTextContent('baseline window is empty');
  });
});
