// Benchmark page: the drift panel on the `stress` scenario's feature histograms (100 features × 2,000
// windows of 50 buckets) and the predictions panel on 1,000,000 raw score rows. Measures with
// performance.mark the first render (mount to the ranking, with real scores, or the quantile table shown)
// and the re-render on an option change, and the longest main-thread task (Long Tasks API) in each, and
// leaves the figures in window.panelsBench for bench/panels.bench.ts.
import React from 'react';
import { createDataFrame, createTheme, dateTime, FieldType, LoadingState, PanelData } from '@grafana/data';
import { ThemeContext } from '@grafana/ui';
import { bucketKernelAvailable } from '../../src/analysis';
import { getScenario } from '../../src/demo';
import { DriftPanel } from '../../src/panels/drift/DriftPanel';
import { defaultDriftOptions, DriftOptions } from '../../src/panels/drift/types';
import { PredictionsPanel } from '../../src/panels/predictions/PredictionsPanel';
import { defaultPredictionsOptions, PredictionsOptions } from '../../src/panels/predictions/types';
import { testIds } from '../../src/testIds';
import { benchPanelProps, measure, scored } from './measurePanel';

interface Figures {
  driftFirstMs: number[];
  driftOptionMs: number[];
  /** Longest main-thread task (ms, 0 when none reached 50 ms) during each drift first render and option change. */
  driftFirstLongestTaskMs: number[];
  driftOptionLongestTaskMs: number[];
  predictionsFirstMs: number[];
  predictionsOptionMs: number[];
  /** Whether the drift scores came from the WebAssembly bucket kernel. */
  bucketKernel: boolean;
  error?: string;
}

declare global {
  interface Window {
    panelsBench?: Figures;
  }
}

const scenario = getScenario('stress', { now: Date.UTC(2026, 2, 1, 12) });
const range = { from: dateTime(scenario.defaultRange.from), to: dateTime(scenario.defaultRange.to) };
const timeRange = { ...range, raw: range };
const theme = createTheme({ colors: { mode: 'dark' } });

const ROWS = 1_000_000;
function scoreRows() {
  const from = scenario.defaultRange.from;
  const span = scenario.defaultRange.to - from;
  const times = new Float64Array(ROWS);
  const scores = new Float64Array(ROWS);
  let seed = 7;
  for (let i = 0; i < ROWS; i++) {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    times[i] = from + (i * span) / ROWS;
    scores[i] = Math.min(1, Math.max(0, seed / 2_147_483_648 - (i > ROWS * 0.8 ? 0.1 : 0)));
  }
  return createDataFrame({
    fields: [
      { name: 'time', type: FieldType.time, values: Array.from(times) },
      { name: 'score', type: FieldType.number, values: Array.from(scores) },
    ],
  });
}

const driftData: PanelData = {
  state: LoadingState.Done,
  series: scenario.featureBuckets,
  annotations: [scenario.annotations],
  timeRange,
};
const predictionsData: PanelData = {
  state: LoadingState.Done,
  series: [scoreRows()],
  annotations: [scenario.annotations],
  timeRange,
};

const common = benchPanelProps(timeRange);

async function run() {
  const host = document.getElementById('root')!;
  const driftOptions = (change: boolean): DriftOptions => ({
    ...defaultDriftOptions,
    sortBy: change ? 'name' : 'severity',
  });
  const drift = await measure(
    host,
    (root, change) =>
      root.render(
        <ThemeContext.Provider value={theme}>
          <DriftPanel {...common} data={driftData} options={driftOptions(change)} />
        </ThemeContext.Provider>
      ),
    `[data-testid="${testIds.featureRow}"]`,
    scored,
    (el) => el.getAttribute('data-feature') === 'feature_0',
    5
  );
  const predictionsOptions = (change: boolean): PredictionsOptions => ({
    ...defaultPredictionsOptions,
    bins: change ? 20 : 'auto',
  });
  const predictions = await measure(
    host,
    (root, change) =>
      root.render(
        <ThemeContext.Provider value={theme}>
          <PredictionsPanel {...common} data={predictionsData} options={predictionsOptions(change)} />
        </ThemeContext.Provider>
      ),
    `[data-testid="${testIds.quantiles}"]`,
    () => true,
    () => host.querySelectorAll('.uplot').length > 0,
    5
  );
  window.panelsBench = {
    driftFirstMs: drift.first,
    driftOptionMs: drift.option,
    driftFirstLongestTaskMs: drift.firstLongestTask,
    driftOptionLongestTaskMs: drift.optionLongestTask,
    predictionsFirstMs: predictions.first,
    predictionsOptionMs: predictions.option,
    bucketKernel: bucketKernelAvailable(),
  };
}

run().catch((error: Error) => {
  window.panelsBench = {
    driftFirstMs: [],
    driftOptionMs: [],
    driftFirstLongestTaskMs: [],
    driftOptionLongestTaskMs: [],
    predictionsFirstMs: [],
    predictionsOptionMs: [],
    bucketKernel: false,
    error: String(error?.stack ?? error),
  };
});
