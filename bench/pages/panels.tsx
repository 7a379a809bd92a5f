// Benchmark page: the drift panel on the `stress` scenario's feature histograms (100 features × 2,000
// windows of 50 buckets) and the predictions panel on 1,000,000 raw score rows. Measures with
// performance.mark the first render (mount to the ranking, with real scores, or the quantile table shown)
// and the re-render on an option change, and the longest main-thread task (Long Tasks API) in each, and
// leaves the figures in window.panelsBench for bench/panels.bench.ts.
import React from 'react';
import { createRoot, Root } from 'react-dom/client';
import { flushSync } from 'react-dom';
import { createDataFrame, createTheme, dateTime, EventBusSrv, FieldType, LoadingState, PanelData } from '@grafana/data';
import { ThemeContext } from '@grafana/ui';
import { bucketKernelAvailable } from '../../src/analysis';
import { getScenario } from '../../src/demo';
import { DriftPanel } from '../../src/panels/drift/DriftPanel';
import { defaultDriftOptions, DriftOptions } from '../../src/panels/drift/types';
import { PredictionsPanel } from '../../src/panels/predictions/PredictionsPanel';
import { defaultPredictionsOptions, PredictionsOptions } from '../../src/panels/predictions/types';
import { testIds } from '../../src/testIds';

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

const common = {
  id: 1,
  timeRange,
  timeZone: 'utc',
  fieldConfig: { defaults: {}, overrides: [] },
  transparent: false,
  width: 1200,
  height: 700,
  renderCounter: 0,
  title: 'bench',
  eventBus: new EventBusSrv(),
  onOptionsChange: () => {},
  onFieldConfigChange: () => {},
  replaceVariables: (value: string) => value,
  onChangeTimeRange: () => {},
};

const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));

// Tasks of 50 ms or more (the Long Tasks API's threshold), as [start, end].
const longTasks: Array<[number, number]> = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    longTasks.push([entry.startTime, entry.startTime + entry.duration]);
  }
}).observe({ type: 'longtask' });

/** The longest task of 50 ms or more that started between the two marks; 0 when none. */
function longestTask(start: string, end: string): number {
  const from = performance.getEntriesByName(start, 'mark')[0].startTime;
  const to = performance.getEntriesByName(end, 'mark')[0].startTime;
  return Math.max(
    0,
    ...longTasks.filter(([begin]) => begin >= from && begin < to).map(([begin, stop]) => stop - begin)
  );
}

/** Resolves when the selector matches inside the host (checked after every DOM change). */
function shown(host: HTMLElement, selector: string, check: (el: Element) => boolean = () => true): Promise<void> {
  return new Promise((resolve) => {
    const test = () => {
      const el = host.querySelector(selector);
      if (el && check(el)) {
        observer.disconnect();
        resolve();
      }
    };
    const observer = new MutationObserver(test);
    observer.observe(host, { childList: true, subtree: true, attributes: true });
    test();
  });
}

interface Measured {
  first: number[];
  option: number[];
  firstLongestTask: number[];
  optionLongestTask: number[];
}

async function measure(
  host: HTMLElement,
  render: (root: Root, change: boolean) => void,
  ready: string,
  isReady: (el: Element) => boolean,
  changed: (el: Element) => boolean,
  rounds: number
): Promise<Measured> {
  const measured: Measured = { first: [], option: [], firstLongestTask: [], optionLongestTask: [] };
  for (let round = 0; round < rounds; round++) {
    performance.clearMarks();
    const root = createRoot(host);
    performance.mark('first-start');
    flushSync(() => render(root, false));
    await shown(host, ready, isReady);
    await frame();
    performance.mark('first-end');
    measured.first.push(performance.measure('first', 'first-start', 'first-end').duration);
    performance.mark('option-start');
    flushSync(() => render(root, true));
    await shown(host, ready, (el) => isReady(el) && changed(el));
    await frame();
    performance.mark('option-end');
    measured.option.push(performance.measure('option', 'option-start', 'option-end').duration);
    // Long tasks are reported after they end: give the observer a task to deliver them.
    await new Promise((resolve) => setTimeout(resolve, 0));
    measured.firstLongestTask.push(longestTask('first-start', 'first-end'));
    measured.optionLongestTask.push(longestTask('option-start', 'option-end'));
    root.unmount();
    await frame();
  }
  return measured;
}

/** A ranking row holding a real score: the drift panel has finished, not a loading state. */
const scored = (el: Element) => {
  const score = el.getAttribute('data-score');
  return score !== null && score !== '' && Number.isFinite(Number(score));
};

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
