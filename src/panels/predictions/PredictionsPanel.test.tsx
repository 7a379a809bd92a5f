import React from 'react';
import { render, screen } from '@testing-library/react';
import { createDataFrame, DataFrame, FieldType } from '@grafana/data';
import { framesForRange, getScenario } from '../../demo';
import { HOUR, RANGE, sampleFrame } from '../../testing/frames';
import { panelProps } from '../../testing/panelProps';
import { PredictionsPanel } from './PredictionsPanel';
import { defaultPredictionsOptions, PredictionsOptions } from './types';

function renderPredictions(series = [sampleFrame()], options: Partial<PredictionsOptions> = {}) {
  return render(<PredictionsPanel {...panelProps({ ...defaultPredictionsOptions, ...options }, series, RANGE)} />);
}

/** 400 rows over RANGE: the score falls by 0.2 in the second half; class, outcome follow the score. */
function classifierFrame(extra: { withOutcome?: boolean; withClass?: boolean } = {}): DataFrame {
  const rows = 400;
  const times = Array.from({ length: rows }, (_, i) => RANGE.from + (i * 100 * HOUR) / rows);
  const score = times.map((_, i) => ((i * 37) % 100) / 125 + (i < rows / 2 ? 0.2 : 0));
  const fields: Array<{ name: string; type: FieldType; values: unknown[] }> = [
    { name: 'time', type: FieldType.time, values: times },
    { name: 'score', type: FieldType.number, values: score },
  ];
  if (extra.withClass) {
    fields.push({
      name: 'predicted_class',
      type: FieldType.string,
      values: score.map((s) => (s > 0.5 ? 'spam' : 'ham')),
    });
  }
  if (extra.withOutcome) {
    fields.push({
      name: 'clicked',
      type: FieldType.number,
      values: score.map((s, i) => (((i * 7) % 10) / 10 < s ? 1 : 0)),
    });
  }
  return createDataFrame({ name: 'samples', fields });
}

function quantile(window: 'baseline' | 'current', q: number): number {
  const cell = screen
    .getAllByTestId('driftline-quantile')
    .find((el) => el.dataset.window === window && el.dataset.q === String(q));
  return Number(cell?.dataset.value);
}

function bucketFrames(shift: number): DataFrame[] {
  const les = ['0.25', '0.5', '0.75', '1', '+Inf'];
  const times = Array.from({ length: 100 }, (_, i) => RANGE.from + i * HOUR);
  return les.map((le, b) =>
    createDataFrame({
      fields: [
        { name: 'Time', type: FieldType.time, values: times },
        {
          name: 'Value',
          type: FieldType.number,
          labels: { __name__: 'model_prediction_score_bucket', model: 'm', le },
          // Per-interval increases, cumulative over le: 10 observations spread over the four buckets, shifted low later.
          values: times.map((_, i) => {
            const low = i >= 50 ? shift : 0;
            return Math.min(10, [2 + low, 5 + low, 8 + low, 10, 10][b]);
          }),
        },
      ],
    })
  );
}

describe('PredictionsPanel: overlay', () => {
  it('finds the score field by name and draws its histogram', () => {
    renderPredictions();
    expect(screen.getByTestId('driftline-field')).toHaveTextContent('score');
    expect(screen.getByTestId('driftline-distribution')).toBeInTheDocument();
    expect(screen.getByTestId('driftline-panel-predictions')).toHaveAttribute('data-view', 'overlay');
  });

  it('shows p5–p95 of both windows and the drift of the score', () => {
    renderPredictions([classifierFrame()]);
    expect(screen.getByTestId('driftline-quantiles')).toBeInTheDocument();
    expect(screen.getAllByTestId('driftline-quantile')).toHaveLength(10);
    expect(quantile('current', 50)).toBeLessThan(quantile('baseline', 50));
    expect(quantile('baseline', 5)).toBeLessThan(quantile('baseline', 95));
    expect(screen.getByTestId('driftline-score-drift')).toHaveAttribute('data-drifted', 'true');
  });

  it('reads Prometheus buckets and interpolates quantiles as histogram_quantile', () => {
    renderPredictions(bucketFrames(2));
    const panel = screen.getByTestId('driftline-panel-predictions');
    expect(panel).toHaveAttribute('data-input', 'histograms');
    // Baseline: 2, 3, 3, 2 per bucket of 10; rank 5 is the top of the 0.5 bucket.
    expect(quantile('baseline', 50)).toBeCloseTo(0.5, 6);
    // Current: 4, 3, 3, 0; rank 5 is a third into the 0.5 bucket.
    expect(quantile('current', 50)).toBeCloseTo(0.25 + 0.25 / 3, 6);
    expect(screen.getByTestId('driftline-score-drift')).toHaveAttribute('data-method', 'jensenshannon');
  });

  it("takes an LLM's output token usage (OpenTelemetry GenAI) as its output distribution, with quantiles", () => {
    const scenario = getScenario('chatbot-outage', { now: Date.UTC(2026, 2, 1) });
    const frames = framesForRange(scenario.genaiHistograms, scenario.defaultRange);
    render(<PredictionsPanel {...panelProps(defaultPredictionsOptions, frames, scenario.defaultRange)} />);
    expect(screen.getByTestId('driftline-field')).toHaveTextContent('output tokens · chat-llm · chat');
    const drift = screen.getByTestId('driftline-score-drift');
    expect(drift).toHaveAttribute('data-method', 'ks');
    expect(drift).toHaveAttribute('data-drifted', 'true');
    expect(screen.getByTestId('driftline-overlay-notes')).toHaveTextContent("the LLM's output distribution");
    expect(screen.getByTestId('driftline-overlay-notes')).toHaveTextContent('power-of-4 token buckets');
    // Most answers took 256-1024 tokens before the load shedding; while max tokens was lowered, 128 or fewer.
    expect(quantile('baseline', 50)).toBeGreaterThan(256);
    expect(quantile('baseline', 50)).toBeLessThanOrEqual(1024);
    expect(quantile('current', 50)).toBeLessThan(256);
    expect(quantile('baseline', 5)).toBeLessThan(quantile('baseline', 95));
  });

  it('uses the declared prediction field of the frame', () => {
    const frame = sampleFrame();
    frame.meta = { custom: { predictionField: 'feature_a' } };
    renderPredictions([frame]);
    expect(screen.getByTestId('driftline-field')).toHaveTextContent('feature_a');
  });

  it('leaves scores outside the chosen range out and says so', () => {
    renderPredictions([classifierFrame()], { scoreMin: 0.1, scoreMax: 0.9 });
    expect(quantile('baseline', 5)).toBeGreaterThanOrEqual(0.1);
    expect(screen.getByText(/outside the score range left out/)).toBeInTheDocument();
  });
});

describe('PredictionsPanel: other views', () => {
  it('draws the quantile fan over time with annotations', () => {
    renderPredictions([classifierFrame()], { view: 'fan' });
    const fan = screen.getByTestId('driftline-quantile-fan');
    expect(Number(fan.dataset.windows)).toBeGreaterThan(3);
    expect(screen.getByTestId('driftline-panel-predictions')).toHaveAttribute('data-view', 'fan');
  });

  it('draws the quantile fan from buckets', () => {
    renderPredictions(bucketFrames(2), { view: 'fan' });
    expect(screen.getByTestId('driftline-quantile-fan')).toBeInTheDocument();
  });

  it('draws class shares with the baseline positive rate', () => {
    renderPredictions([classifierFrame({ withClass: true })], { view: 'classes', classes: 'spam,ham' });
    const chart = screen.getByTestId('driftline-class-balance');
    expect(chart).toHaveAttribute('data-positive', 'spam');
    expect(Number(chart.dataset.baselineRate)).toBeGreaterThan(0);
  });

  it('treats a 0/1 score as the predicted class', () => {
    const score = Array.from({ length: 100 }, (_, i) => (i % 3 === 0 ? 1 : 0));
    renderPredictions([sampleFrame({ score })], { view: 'classes' });
    expect(screen.getByTestId('driftline-class-balance')).toHaveAttribute('data-positive', '1');
  });

  it('explains that class balance needs a classifier', () => {
    renderPredictions([classifierFrame()], { view: 'classes' });
    expect(screen.getByTestId('driftline-problem')).toHaveTextContent('Class balance is for classifiers');
  });

  it('draws the reliability diagram when an outcome field is found', () => {
    renderPredictions([classifierFrame({ withOutcome: true })], { view: 'calibration' });
    const chart = screen.getByTestId('driftline-calibration');
    expect(Number(chart.dataset.currentMean)).toBeLessThan(Number(chart.dataset.baselineMean));
    expect(screen.getByTestId('driftline-field')).toHaveTextContent('calibration against clicked');
  });

  it('explains a missing outcome field for calibration', () => {
    renderPredictions([classifierFrame()], { view: 'calibration' });
    expect(screen.getByTestId('driftline-problem')).toHaveTextContent('no outcome column was found');
  });

  it('explains that calibration needs raw rows when the input is histograms', () => {
    renderPredictions(bucketFrames(2), { view: 'calibration' });
    expect(screen.getByTestId('driftline-problem')).toHaveTextContent('needs raw prediction rows');
  });
});

describe('PredictionsPanel: bad input', () => {
  it('shows no-data for an empty frame', () => {
    renderPredictions([createDataFrame({ fields: [{ name: 'score', type: FieldType.number, values: [] }] })]);
    expect(screen.getByTestId('driftline-problem')).toHaveAttribute('data-problem', 'no-data');
  });

  it('explains a frame with no time field', () => {
    renderPredictions([sampleFrame({ withTime: false })]);
    expect(screen.getByTestId('driftline-problem')).toHaveAttribute('data-problem', 'no-time-field');
  });

  it('explains a score column of text', () => {
    renderPredictions([sampleFrame({ score: Array.from({ length: 100 }, () => 'high') })], { scoreField: 'score' });
    expect(screen.getByTestId('driftline-problem')).toHaveAttribute('data-problem', 'wrong-type');
  });

  it('accepts numbers sent as text', () => {
    const score = Array.from({ length: 100 }, (_, i) => String(i / 100));
    renderPredictions([sampleFrame({ score })], { scoreField: 'score' });
    expect(screen.queryByTestId('driftline-problem')).not.toBeInTheDocument();
  });

  it('explains a score that is all NaN', () => {
    renderPredictions([sampleFrame({ score: Array.from({ length: 100 }, () => NaN) })]);
    expect(screen.getByTestId('driftline-problem')).toHaveAttribute('data-problem', 'all-nan');
  });

  it('asks for a score field when none can be found, naming the fields', () => {
    const frame = createDataFrame({
      fields: [
        { name: 'time', type: FieldType.time, values: [RANGE.from] },
        { name: 'latency', type: FieldType.number, values: [1] },
      ],
    });
    renderPredictions([frame]);
    expect(screen.getByTestId('driftline-problem')).toHaveTextContent('No score field found');
    expect(screen.getByTestId('driftline-problem')).toHaveTextContent('latency (number)');
  });

  it('explains an empty baseline window', () => {
    const frame = sampleFrame();
    renderPredictions([frame], {
      baselineMode: 'fixed',
      baselineFrom: String(RANGE.from - 50 * HOUR),
      baselineTo: String(RANGE.from - 10 * HOUR),
    });
    expect(screen.getByTestId('driftline-problem')).toHaveAttribute('data-problem', 'empty-window');
    expect(screen.getByTestId('driftline-problem')).toHaveTextContent('baseline window is empty');
  });

  it('explains an empty current window', () => {
    const times = Array.from({ length: 50 }, (_, i) => RANGE.from + i * HOUR);
    const frame = createDataFrame({
      fields: [
        { name: 'time', type: FieldType.time, values: times },
        { name: 'score', type: FieldType.number, values: times.map((_, i) => i / 50) },
      ],
    });
    renderPredictions([frame]);
    expect(screen.getByTestId('driftline-problem')).toHaveTextContent('current window is empty');
  });
});
