import React from 'react';
import { fireEvent, within, render, screen, waitFor } from '@testing-library/react';
import { createDataFrame, DataFrame, DataFrameType, FieldType } from '@grafana/data';
import { framesForRange, getScenario } from '../../demo';
import { HOUR, RANGE, recordedDriftFrame, sampleFrame } from '../../testing/frames';
import { panelProps } from '../../testing/panelProps';
import { DriftPanel } from './DriftPanel';
import { defaultDriftOptions, DriftOptions } from './types';

/** Renders the panel and waits for the sliced computation to finish (the panel shows a loading state until then). */
async function renderDrift(
  series = [sampleFrame()],
  options: Partial<DriftOptions> = {},
  range = RANGE,
  annotations: DataFrame[] = [],
  settle = true
) {
  const props = panelProps({ ...defaultDriftOptions, ...options }, series, range);
  props.data.annotations = annotations;
  const rendered = render(<DriftPanel {...props} />);
  if (settle) {
    await waitFor(() => expect(screen.queryByTestId('driftline-computing')).not.toBeInTheDocument());
  }
  return { ...rendered, props };
}

function bucketFrame(feature: string, le: string, values: number[]): DataFrame {
  return {
    name: `bucket ${feature} ${le}`,
    length: values.length,
    meta: { type: DataFrameType.TimeSeriesMulti },
    fields: [
      { name: 'Time', type: FieldType.time, values: values.map((_, i) => RANGE.from + (i + 1) * HOUR), config: {} },
      { name: 'Value', type: FieldType.number, values, labels: { __name__: 'x_bucket', feature, le }, config: {} },
    ],
  };
}

/** Per-hour increases of a 3-bucket histogram whose mass moves up in the second half when `shifts`. */
function histogramFrames(feature: string, shifts: boolean, bounds = ['1', '2', '+Inf']): DataFrame[] {
  const hours = 99;
  const low = Array.from({ length: hours }, (_, i) => (shifts && i > 50 ? 2 : 10));
  const mid = Array.from({ length: hours }, (_, i) => low[i] + 5);
  const all = Array.from({ length: hours }, (_, i) => mid[i] + (shifts && i > 50 ? 12 : 3));
  return [
    bucketFrame(feature, bounds[0], low),
    bucketFrame(feature, bounds[1], mid),
    bucketFrame(feature, bounds[2], all),
  ];
}

const annotationFrame = createDataFrame({
  fields: [
    { name: 'time', type: FieldType.time, values: [RANGE.from + 50 * HOUR] },
    { name: 'timeEnd', type: FieldType.time, values: [RANGE.from + 50 * HOUR] },
    { name: 'text', type: FieldType.string, values: ['pipeline v2'] },
    { name: 'tags', type: FieldType.other, values: [['data-change']] },
  ],
});

describe('DriftPanel on OpenTelemetry GenAI token histograms', () => {
  it('names features by token type, model and operation, picks ks for the coarse buckets and says why', async () => {
    const scenario = getScenario('chatbot-outage', { now: Date.UTC(2026, 2, 1) });
    const tokens = scenario.genaiHistograms.filter(
      (frame) => frame.fields[1].labels?.__name__ === 'gen_ai_client_token_usage_bucket'
    );
    await renderDrift(framesForRange(tokens, scenario.defaultRange), {}, scenario.defaultRange);
    const rows = screen.getAllByTestId('driftline-feature-row');
    expect(rows.map((row) => row.dataset.feature)).toEqual([
      'output tokens · chat-llm · chat',
      'input tokens · chat-llm · chat',
    ]);
    expect(rows.map((row) => row.dataset.drifted)).toEqual(['true', 'false']);
    expect(within(rows[0]).getByText('ks')).toBeInTheDocument();
    // Stable at bucket resolution only: the row says a shift inside one bucket cannot be seen.
    expect(within(rows[1]).getByTestId('driftline-feature-note')).toHaveAttribute(
      'aria-label',
      expect.stringContaining('a shift inside one bucket')
    );
    const detail = screen.getByTestId('driftline-feature-detail');
    expect(within(detail).getByTestId('driftline-reason')).toHaveTextContent('power-of-4 buckets');
    expect(within(detail).getByTestId('driftline-feature-note-detail')).toHaveTextContent('cannot be seen');
  });
});

describe('DriftPanel ranking view', () => {
  it('ranks the drifting feature first with its method, score, threshold, badge and glyphs', async () => {
    const frame = sampleFrame();
    frame.fields.push({
      name: 'stable',
      type: FieldType.number,
      values: frame.fields[0].values.map((_, i) => i % 10),
      config: {},
    });
    await renderDrift([frame]);
    const rows = screen.getAllByTestId('driftline-feature-row');
    expect(rows.map((row) => row.getAttribute('data-feature'))).toEqual(['feature_a', 'stable']);
    expect(rows[0]).toHaveAttribute('data-drifted', 'true');
    expect(rows[1]).toHaveAttribute('data-drifted', 'false');
    expect(rows[0]).toHaveTextContent('Drifted');
    expect(rows[0].getAttribute('data-drift-start')).not.toBe('');
    expect(rows[0].querySelector('[data-testid="driftline-sparkline"]')).toBeInTheDocument();
    expect(rows[0].querySelector('[data-testid="driftline-mini-distribution"]')).toBeInTheDocument();
    expect(screen.getByTestId('driftline-drift-summary')).toHaveTextContent('1 of 2 features drifted');
    expect(screen.queryByTestId('driftline-problem')).not.toBeInTheDocument();
  });

  it('keeps the prediction field out of the features and compares text columns as categories', async () => {
    const frame = sampleFrame();
    frame.fields.push({
      name: 'region',
      type: FieldType.string,
      values: frame.fields[0].values.map((_, i) => (i < 50 ? 'eu' : 'us')),
      config: {},
    });
    await renderDrift([frame]);
    const features = screen.getAllByTestId('driftline-feature-row').map((row) => row.getAttribute('data-feature'));
    expect(features).toEqual(expect.arrayContaining(['feature_a', 'region']));
    expect(features).not.toContain('score');
  });

  it('expands a row with Enter or a click, and moves between rows with the arrow keys', async () => {
    const frame = sampleFrame();
    frame.fields.push({
      name: 'stable',
      type: FieldType.number,
      values: frame.fields[0].values.map((_, i) => i % 10),
      config: {},
    });
    await renderDrift([frame]);
    const rows = screen.getAllByTestId('driftline-feature-row');
    // The most drifted feature opens first.
    expect(rows[0]).toHaveAttribute('aria-expanded', 'true');
    expect(screen.getByTestId('driftline-feature-detail')).toHaveAttribute('data-feature', 'feature_a');
    rows[0].focus();
    fireEvent.keyDown(rows[0], { key: 'ArrowDown' });
    expect(document.activeElement).toBe(rows[1]);
    fireEvent.keyDown(rows[1], { key: 'Enter' });
    expect(rows[1]).toHaveAttribute('aria-expanded', 'true');
    expect(screen.getByTestId('driftline-feature-detail')).toHaveAttribute('data-feature', 'stable');
    fireEvent.keyDown(rows[1], { key: ' ' });
    expect(screen.queryByTestId('driftline-feature-detail')).not.toBeInTheDocument();
    fireEvent.click(rows[0]);
    expect(screen.getByTestId('driftline-feature-detail')).toHaveAttribute('data-feature', 'feature_a');
  });

  it('shows at most the chosen number of features, sorted as asked', async () => {
    const frame = sampleFrame();
    frame.fields.push({
      name: 'a_stable',
      type: FieldType.number,
      values: frame.fields[0].values.map((_, i) => i % 10),
      config: {},
    });
    await renderDrift([frame], { maxFeatures: 1 });
    expect(screen.getAllByTestId('driftline-feature-row')).toHaveLength(1);
    await renderDrift([frame], { sortBy: 'name' });
    const names = screen
      .getAllByTestId('driftline-feature-row')
      .slice(1)
      .map((row) => row.getAttribute('data-feature'));
    expect(names).toEqual(['a_stable', 'feature_a']);
  });
});

describe('DriftPanel heatmap and detail views', () => {
  it('draws features × windows with the annotations, and zooms on a drag', async () => {
    const { props } = await renderDrift([sampleFrame()], { view: 'heatmap' }, RANGE, [annotationFrame]);
    const heatmap = screen.getByTestId('driftline-heatmap');
    expect(heatmap).toHaveAttribute('data-rows', '1');
    expect(Number(heatmap.getAttribute('data-windows'))).toBeGreaterThan(3);
    expect(within(heatmap).getByTestId('driftline-annotation')).toHaveAttribute('data-kind', 'data');
    // The time strip under the view shows the same annotation.
    expect(within(screen.getByTestId('driftline-time-strip')).getByTestId('driftline-annotation')).toHaveAttribute(
      'data-kind',
      'data'
    );
    const canvas = heatmap.querySelector('canvas')!;
    fireEvent.mouseDown(canvas, { clientX: 10, clientY: 5 });
    fireEvent.mouseMove(canvas, { clientX: 200, clientY: 5 });
    fireEvent.mouseUp(canvas, { clientX: 200, clientY: 5 });
    expect(props.onChangeTimeRange).toHaveBeenCalledWith({ from: expect.any(Number), to: expect.any(Number) });
  });

  it('selects a window as the current one on a click', async () => {
    await renderDrift([sampleFrame()], { view: 'heatmap' });
    const canvas = screen.getByTestId('driftline-heatmap').querySelector('canvas')!;
    fireEvent.mouseDown(canvas, { clientX: 500, clientY: 5 });
    fireEvent.mouseUp(canvas, { clientX: 500, clientY: 5 });
    expect(screen.getByTestId('driftline-drift-summary')).toHaveTextContent('current window');
  });

  it('shows one feature: distributions, score over time and why the method was used', async () => {
    await renderDrift([sampleFrame()], { view: 'detail' });
    expect(screen.getByTestId('driftline-field')).toHaveTextContent('feature_a');
    expect(screen.getByTestId('driftline-distribution')).toHaveTextContent('Baseline (n=25)');
    expect(screen.getByTestId('driftline-distribution')).toHaveTextContent('Current (n=75)');
    expect(screen.getByTestId('driftline-reason')).toHaveTextContent(/Why \w+: .+/);
    expect(screen.getByTestId('driftline-score-over-time').querySelector('canvas, .uplot')).toBeTruthy();
  });

  it('uses the chosen features and the feature chosen for the detail view', async () => {
    await renderDrift([sampleFrame()], { view: 'detail', features: 'feature_a, score', detailFeature: 'score' });
    expect(screen.getByTestId('driftline-field')).toHaveTextContent('score');
  });

  it('ignores some NaN values and says how many', async () => {
    const feature = Array.from({ length: 100 }, (_, i) => (i % 10 === 0 ? NaN : i));
    await renderDrift([sampleFrame({ feature })], { view: 'detail' });
    expect(screen.getByTestId('driftline-dropped')).toHaveTextContent('10 missing or NaN values ignored');
  });
});

describe('DriftPanel annotation kinds', () => {
  it('draws only the kinds chosen, and changing them does not compare the features again', async () => {
    const { props, rerender } = await renderDrift([sampleFrame()], {}, RANGE, [annotationFrame]);
    const strip = () => screen.getByTestId('driftline-time-strip');
    expect(
      within(strip())
        .getAllByTestId('driftline-annotation')
        .map((m) => m.getAttribute('data-kind'))
    ).toEqual(['data']);
    rerender(<DriftPanel {...props} options={{ ...props.options, annotationKinds: ['deploy', 'incident'] }} />);
    expect(screen.queryByTestId('driftline-computing')).not.toBeInTheDocument();
    expect(within(strip()).queryAllByTestId('driftline-annotation')).toHaveLength(0);
    expect(screen.getAllByTestId('driftline-feature-row').length).toBeGreaterThan(0);
  });
});

describe('DriftPanel on Prometheus histograms', () => {
  it('detects bucket frames and ranks the shifted histogram first, with different layouts per feature', async () => {
    await renderDrift([...histogramFrames('stable', false, ['5', '10', '+Inf']), ...histogramFrames('moved', true)]);
    expect(screen.getByTestId('driftline-panel-drift')).toHaveAttribute('data-input', 'histograms');
    const rows = screen.getAllByTestId('driftline-feature-row');
    expect(rows.map((row) => row.getAttribute('data-feature'))).toEqual(['moved', 'stable']);
    expect(rows[0]).toHaveTextContent('jensenshannon');
  });

  it('offers Create alert rule on histograms only, and opens the rules for the panel', async () => {
    await renderDrift([...histogramFrames('stable', false), ...histogramFrames('moved', true)], { method: 'psi' });
    fireEvent.click(screen.getByTestId('driftline-create-alert-rule'));
    const dialog = await screen.findByTestId('driftline-alert-rule-dialog', {}, { timeout: 10_000 });
    expect(dialog).toHaveTextContent('psi, threshold 0.1');
    expect(within(dialog).getByTestId('driftline-alert-rule-text').textContent).toContain(
      'record: driftline:feature_drift:psi'
    );
    // x_bucket{feature, le}: the histogram is x.
    expect(within(dialog).getByTestId('driftline-alert-metric')).toHaveValue('x');
  });

  it('offers no alert rule on raw samples', async () => {
    await renderDrift([sampleFrame()]);
    expect(screen.queryByTestId('driftline-create-alert-rule')).not.toBeInTheDocument();
  });

  it('explains buckets that are not cumulative, and keeps the readable features', async () => {
    const broken = [bucketFrame('broken', '1', [5, 5]), bucketFrame('broken', '+Inf', [3, 3])];
    await renderDrift([...histogramFrames('moved', true), ...broken]);
    expect(screen.getByTestId('driftline-feature-problems')).toHaveTextContent(/broken: .*cumulative over le/);
    await renderDrift(broken);
    expect(screen.getAllByTestId('driftline-problem')[0]).toHaveTextContent('cumulative over le');
  });
});

describe('DriftPanel on recorded drift scores', () => {
  const recorded = () => [
    recordedDriftFrame(
      'psi',
      { feature: 'stable', model: 'reco' },
      Array.from({ length: 100 }, () => 0.01)
    ),
    recordedDriftFrame(
      'psi',
      { feature: 'moved', model: 'reco' },
      Array.from({ length: 100 }, (_, i) => (i < 70 ? 0.02 : 0.45))
    ),
  ];

  it('ranks the recorded series with no bucket data: scores, badge, sparkline and drifting since', async () => {
    await renderDrift(recorded());
    const panel = screen.getByTestId('driftline-panel-drift');
    expect(panel).toHaveAttribute('data-input', 'recorded');
    expect(panel).toHaveAttribute('data-window-ms', String(HOUR));
    expect(screen.getByTestId('driftline-drift-summary')).toHaveTextContent(
      '1 of 2 features drifted · every 1h · recorded by Prometheus (driftline:feature_drift:psi)'
    );
    const rows = screen.getAllByTestId('driftline-feature-row');
    expect(rows.map((row) => row.getAttribute('data-feature'))).toEqual(['moved', 'stable']);
    expect(rows[0]).toHaveAttribute('data-score', '0.45');
    expect(rows[0]).toHaveAttribute('data-drift-start', String(RANGE.from + 69 * HOUR));
    expect(rows[0]).toHaveTextContent('psi');
    expect(rows[0].querySelector('[data-testid="driftline-sparkline"] polyline')?.getAttribute('points')).not.toBe('');
    expect(within(rows[0]).getByTestId('driftline-mini-distribution-none')).toBeInTheDocument();
    // The open top row: the score over time only, and why the score is what it is.
    const detail = screen.getByTestId('driftline-feature-detail');
    expect(detail).toHaveTextContent('Drifted since');
    expect(screen.queryByTestId('driftline-distribution')).not.toBeInTheDocument();
    expect(screen.getByTestId('driftline-reason')).toHaveTextContent('recorded by a Prometheus rule');
    // The scores come from rules already.
    expect(screen.queryByTestId('driftline-create-alert-rule')).not.toBeInTheDocument();
  });

  it('draws the heatmap of the recorded windows', async () => {
    await renderDrift(recorded(), { view: 'heatmap' });
    const heatmap = screen.getByTestId('driftline-heatmap');
    expect(heatmap).toHaveAttribute('data-rows', '2');
    expect(heatmap).toHaveAttribute('data-windows', '100');
  });

  it('says when no feature has a recorded score in the range', async () => {
    await renderDrift([recordedDriftFrame('psi', { feature: 'a' }, [NaN, NaN, NaN])]);
    expect(screen.getByTestId('driftline-problem')).toHaveTextContent('No feature has a recorded score in this range');
  });
});

describe('DriftPanel bad input', () => {
  it('shows no-data for an empty frame', async () => {
    await renderDrift([createDataFrame({ fields: [] })]);
    expect(screen.getByTestId('driftline-problem')).toHaveAttribute('data-problem', 'no-data');
  });

  it('explains a frame with no time field', async () => {
    await renderDrift([sampleFrame({ withTime: false })]);
    const problem = screen.getByTestId('driftline-problem');
    expect(problem).toHaveAttribute('data-problem', 'no-time-field');
    expect(problem).toHaveTextContent('has no time field');
  });

  it('explains a result with no numeric or categorical fields, naming the fields found', async () => {
    const frame = createDataFrame({
      fields: [
        { name: 'time', type: FieldType.time, values: [RANGE.from, RANGE.to - 1] },
        { name: 'healthy', type: FieldType.boolean, values: [true, false] },
        { name: 'score', type: FieldType.number, values: [0.1, 0.2] },
      ],
    });
    await renderDrift([frame]);
    const problem = screen.getByTestId('driftline-problem');
    expect(problem).toHaveAttribute('data-problem', 'no-numeric-field');
    expect(problem).toHaveTextContent('No numeric or categorical fields');
    expect(problem).toHaveTextContent('healthy (boolean)');
  });

  it('names the fields found when the chosen features are missing', async () => {
    await renderDrift([sampleFrame()], { features: 'nope' });
    const problem = screen.getByTestId('driftline-problem');
    expect(problem).toHaveAttribute('data-problem', 'field-not-found');
    expect(problem).toHaveTextContent('feature_a (number)');
  });

  it('explains a feature that is all NaN', async () => {
    await renderDrift([sampleFrame({ feature: Array.from({ length: 100 }, () => NaN) })], { features: 'feature_a' });
    expect(screen.getByTestId('driftline-problem')).toHaveTextContent(/feature_a: .*(NaN|non-finite|finite)/i);
  });

  it('explains an empty baseline window', async () => {
    const late = { from: RANGE.from - 200 * HOUR, to: RANGE.to };
    await renderDrift([sampleFrame()], {}, late);
    const problem = screen.getByTestId('driftline-problem');
    expect(problem).toHaveAttribute('data-problem', 'empty-window');
    expect(problem).toHaveTextContent('baseline window is empty: widen the range or change the baseline');
  });

  it('explains a baseline before the queried range', async () => {
    await renderDrift([sampleFrame()], { baselineMode: 'previousPeriod' });
    expect(screen.getByTestId('driftline-problem')).toHaveTextContent('baseline window is empty');
  });

  it('explains an unreadable window size', async () => {
    await renderDrift([sampleFrame()], { windowMode: 'fixed', windowSize: 'soon' });
    expect(screen.getByTestId('driftline-problem')).toHaveTextContent('is not a duration');
  });
});

describe('DriftPanel on large input', () => {
  it('computes in slices, showing progress, then the ranking', async () => {
    const rows = 40_000;
    const times = Array.from({ length: rows }, (_, i) => RANGE.from + (i * (RANGE.to - RANGE.from)) / rows);
    const fields = Array.from({ length: 5 }, (_, f) => ({
      name: `f${f}`,
      type: FieldType.number,
      values: times.map((_, i) => ((i * (f + 7)) % 97) + (f === 3 && i > rows / 2 ? 30 : 0)),
    }));
    await renderDrift(
      [createDataFrame({ fields: [{ name: 'time', type: FieldType.time, values: times }, ...fields] })],
      {},
      RANGE,
      [],
      false
    );
    expect(screen.getByTestId('driftline-computing')).toBeInTheDocument();
    await waitFor(() => expect(screen.getAllByTestId('driftline-feature-row')).toHaveLength(5), { timeout: 20_000 });
    expect(screen.getAllByTestId('driftline-feature-row')[0]).toHaveAttribute('data-feature', 'f3');
  });
});
