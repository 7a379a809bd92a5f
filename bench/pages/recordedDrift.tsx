// Benchmark page: the drift panel on scores Prometheus recorded (`driftline:feature_drift:psi`), 10,000
// features × 500 windows, one frame per series as Grafana's Prometheus data source returns a range query.
// Measures the first render (mount to the ranking with real scores) and a sort change (severity to name),
// and leaves the figures in window.recordedDriftBench for bench/recordedDrift.bench.ts.
import React from 'react';
import { createTheme, DataFrame, DataFrameType, dateTime, FieldType, LoadingState, PanelData } from '@grafana/data';
import { ThemeContext } from '@grafana/ui';
import { DriftPanel } from '../../src/panels/drift/DriftPanel';
import { defaultDriftOptions, DriftOptions } from '../../src/panels/drift/types';
import { benchPanelProps, measure, scored } from './measurePanel';
import { testIds } from '../../src/testIds';

export const FEATURES = 10_000;
export const WINDOWS = 500;
const STEP_MS = 300_000;
const FROM = Date.UTC(2026, 2, 1);

interface Figures {
  features: number;
  windows: number;
  firstMs: number[];
  sortMs: number[];
  firstLongestTaskMs: number[];
  sortLongestTaskMs: number[];
  error?: string;
}

declare global {
  interface Window {
    recordedDriftBench?: Figures;
  }
}

const featureName = (index: number) => `feature_${String(index).padStart(5, '0')}`;

/** Quiet scores for most features; one in 33 drifts from its own onset on. Each frame has its own arrays. */
function recordedFrames(): DataFrame[] {
  let seed = 11;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  const frames: DataFrame[] = [];
  for (let f = 0; f < FEATURES; f++) {
    const drifts = f % 33 === 7;
    const onset = Math.floor(WINDOWS * (0.3 + 0.6 * random()));
    const level = 0.15 + 0.5 * random();
    const times = new Array<number>(WINDOWS);
    const values = new Array<number>(WINDOWS);
    for (let w = 0; w < WINDOWS; w++) {
      times[w] = FROM + (w + 1) * STEP_MS;
      values[w] = (drifts && w >= onset ? level : 0.01) + 0.04 * random();
    }
    frames.push({
      name: `driftline:feature_drift:psi{feature="${featureName(f)}"}`,
      refId: 'A',
      length: WINDOWS,
      meta: { type: DataFrameType.TimeSeriesMulti },
      fields: [
        { name: 'Time', type: FieldType.time, values: times, config: { interval: STEP_MS } },
        {
          name: 'Value',
          type: FieldType.number,
          values,
          labels: { __name__: 'driftline:feature_drift:psi', feature: featureName(f), model: 'reco' },
          config: {},
        },
      ],
    });
  }
  return frames;
}

const range = { from: dateTime(FROM), to: dateTime(FROM + WINDOWS * STEP_MS) };
const timeRange = { ...range, raw: range };
const theme = createTheme({ colors: { mode: 'dark' } });
const data: PanelData = { state: LoadingState.Done, series: recordedFrames(), timeRange };
const common = benchPanelProps(timeRange);

async function run() {
  const host = document.getElementById('root')!;
  const options = (change: boolean): DriftOptions => ({ ...defaultDriftOptions, sortBy: change ? 'name' : 'severity' });
  const measured = await measure(
    host,
    (root, change) =>
      root.render(
        <ThemeContext.Provider value={theme}>
          <DriftPanel {...common} data={data} options={options(change)} />
        </ThemeContext.Provider>
      ),
    `[data-testid="${testIds.featureRow}"]`,
    scored,
    (el) => el.getAttribute('data-feature') === featureName(0),
    5
  );
  window.recordedDriftBench = {
    features: FEATURES,
    windows: WINDOWS,
    firstMs: measured.first,
    sortMs: measured.option,
    firstLongestTaskMs: measured.firstLongestTask,
    sortLongestTaskMs: measured.optionLongestTask,
  };
}

run().catch((error: Error) => {
  window.recordedDriftBench = {
    features: FEATURES,
    windows: WINDOWS,
    firstMs: [],
    sortMs: [],
    firstLongestTaskMs: [],
    sortLongestTaskMs: [],
    error: String(error?.stack ?? error),
  };
});
