import React from 'react';
import { render, screen } from '@testing-library/react';
import { createDataFrame, FieldType } from '@grafana/data';
import { RANGE, sampleFrame } from '../../testing/frames';
import { panelProps } from '../../testing/panelProps';
import { PredictionsPanel } from './PredictionsPanel';
import { defaultPredictionsOptions } from './types';

function renderPredictions(series = [sampleFrame()], options = defaultPredictionsOptions) {
  return render(<PredictionsPanel {...panelProps(options, series, RANGE)} />);
}

describe('PredictionsPanel', () => {
  it('finds the score field by name and draws its histogram', () => {
    renderPredictions();
    expect(screen.getByTestId('driftline-field')).toHaveTextContent('score');
    expect(screen.getByTestId('driftline-distribution')).toBeInTheDocument();
  });

  it('uses the declared prediction field of the frame', () => {
    const frame = sampleFrame();
    frame.meta = { custom: { predictionField: 'feature_a' } };
    renderPredictions([frame]);
    expect(screen.getByTestId('driftline-field')).toHaveTextContent('feature_a');
  });

  it('shows no-data for an empty frame', () => {
    renderPredictions([createDataFrame({ fields: [{ name: 'score', type: FieldType.number, values: [] }] })]);
    expect(screen.getByTestId('driftline-problem')).toHaveAttribute('data-problem', 'no-data');
  });

  it('explains a frame with no time field', () => {
    renderPredictions([sampleFrame({ withTime: false })]);
    expect(screen.getByTestId('driftline-problem')).toHaveAttribute('data-problem', 'no-time-field');
  });

  it('explains a score column of text', () => {
    renderPredictions([sampleFrame({ score: Array.from({ length: 100 }, () => 'high') })], {
      ...defaultPredictionsOptions,
      scoreField: 'score',
    });
    expect(screen.getByTestId('driftline-problem')).toHaveAttribute('data-problem', 'wrong-type');
  });

  it('accepts numbers sent as text', () => {
    const score = Array.from({ length: 100 }, (_, i) => String(i / 100));
    renderPredictions([sampleFrame({ score })], { ...defaultPredictionsOptions, scoreField: 'score' });
    expect(screen.queryByTestId('driftline-problem')).not.toBeInTheDocument();
  });

  it('explains a score that is all NaN', () => {
    renderPredictions([sampleFrame({ score: Array.from({ length: 100 }, () => NaN) })]);
    expect(screen.getByTestId('driftline-problem')).toHaveAttribute('data-problem', 'all-nan');
  });

  it('asks for a score field when none can be found', () => {
    const frame = createDataFrame({
      fields: [
        { name: 'time', type: FieldType.time, values: [RANGE.from] },
        { name: 'latency', type: FieldType.number, values: [1] },
      ],
    });
    renderPredictions([frame]);
    expect(screen.getByTestId('driftline-problem')).toHaveTextContent('No score field found');
  });
});
