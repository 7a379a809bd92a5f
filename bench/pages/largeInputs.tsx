// Benchmark page: the panels on inputs far over their budgets, which must run in slices and never block
// input: the drift panel on 10,000,000 raw rows of one feature, the drift panel with 1-minute windows over
// 7 days of 100,000 rows, and the timeline with one lane of 10,000,000 points. For each it measures, from
// mount, the time to the first useful result and to the finished result, and the longest main-thread task
// meanwhile (Long Tasks API: tasks of 50 ms or more), and leaves the figures in window.largeInputsBench.
import React from 'react';
import { createRoot } from 'react-dom/client';
import { flushSync } from 'react-dom';
import { createTheme, DataFrame, dateTime, FieldType, LoadingState, PanelData } from '@grafana/data';
import { ThemeContext } from '@grafana/ui';
import { DriftPanel } from '../../src/panels/drift/DriftPanel';
import { defaultDriftOptions, DriftOptions } from '../../src/panels/drift/types';
import { TimelinePanel } from '../../src/panels/timeline/TimelinePanel';
import { defaultTimelineOptions } from '../../src/panels/timeline/types';
import { benchPanelProps } from './measurePanel';

export interface LargeInputFigures {
  name: string;
  /** Mount to the first thing the user can use (a scored ranking row, a drawn lane). */
  firstUsefulMs: number;
  /** Mount to the finished result (every window scored, the onsets listed). */
  doneMs: number;
  /** Longest main-thread task between mount and done; 0 when none reached 50 ms. */
  longestTaskMs: number;
  /** Tasks of 50 ms or more in that time. */
  longTasks: number;
}

declare global {
  interface Window {
    largeInputsBench?: { runs: LargeInputFigures[]; error?: string };
  }
}

const DAY = 86_400_000;
const to = Date.UTC(2026, 2, 1, 12);
const from = to - 7 * DAY;
const range = { from: dateTime(from), to: dateTime(to) };
const timeRange = { ...range, raw: range };
const theme = createTheme({ colors: { mode: 'dark' } });

/** Rows over the 7 days: a time column and one numeric column per name, shifting up over the last day. */
function rawRows(rows: number, names: string[]): DataFrame {
  let seed = 7;
  const times: number[] = new Array(rows);
  const columns = names.map(() => new Array<number>(rows));
  for (let i = 0; i < rows; i++) {
    times[i] = from + Math.floor((i * (to - from)) / rows);
    for (const column of columns) {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      column[i] = seed / 2_147_483_648 + (times[i] > to - DAY ? 0.3 : 0);
    }
  }
  return {
    length: rows,
    fields: [
      { name: 'time', type: FieldType.time, values: times, config: {} },
      ...names.map((name, k) => ({ name, type: FieldType.number, values: columns[k], config: {} })),
    ],
  };
}

const common = { ...benchPanelProps(timeRange), height: 600 };

const longTasks: Array<[number, number]> = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    longTasks.push([entry.startTime, entry.startTime + entry.duration]);
  }
}).observe({ type: 'longtask' });

const frame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

/** Resolves with the time when the check first holds, checked after every DOM change and every frame. */
function when(host: HTMLElement, check: () => boolean): Promise<number> {
  return new Promise((resolve) => {
    let done = false;
    const test = () => {
      if (!done && check()) {
        done = true;
        observer.disconnect();
        resolve(performance.now());
      } else if (!done) {
        requestAnimationFrame(test);
      }
    };
    const observer = new MutationObserver(test);
    observer.observe(host, { childList: true, subtree: true, attributes: true });
    test();
  });
}

async function measure(
  name: string,
  element: React.ReactElement,
  useful: (host: HTMLElement) => boolean,
  finished: (host: HTMLElement) => boolean
): Promise<LargeInputFigures> {
  const host = document.getElementById('root')!;
  await frame();
  await frame();
  const root = createRoot(host);
  const start = performance.now();
  flushSync(() => root.render(<ThemeContext.Provider value={theme}>{element}</ThemeContext.Provider>));
  const firstUseful = await when(host, () => useful(host));
  const done = await when(host, () => finished(host));
  // Long tasks are reported after they end: give the observer a task to deliver them.
  await new Promise((resolve) => setTimeout(resolve, 100));
  const during = longTasks.filter(([begin]) => begin >= start && begin < done);
  const longest = during.reduce((most, [begin, end]) => Math.max(most, end - begin), 0);
  root.unmount();
  return {
    name,
    firstUsefulMs: firstUseful - start,
    doneMs: done - start,
    longestTaskMs: longest,
    longTasks: during.length,
  };
}

const scoredRow = (host: HTMLElement) => {
  const row = host.querySelector('[data-testid="driftline-feature-row"]');
  const score = row?.getAttribute('data-score');
  return score !== null && score !== undefined && score !== '' && Number.isFinite(Number(score));
};

function driftPanel(series: DataFrame[], options: Partial<DriftOptions>) {
  const data: PanelData = { state: LoadingState.Done, series, annotations: [], timeRange };
  return <DriftPanel {...common} data={data} options={{ ...defaultDriftOptions, ...options }} />;
}

async function run() {
  const runs: LargeInputFigures[] = [];
  {
    const series = [rawRows(10_000_000, ['latency_ms'])];
    runs.push(await measure('drift panel, 10,000,000 raw rows', driftPanel(series, {}), scoredRow, scoredRow));
  }
  {
    const series = [rawRows(100_000, ['latency_ms', 'tokens'])];
    runs.push(
      await measure(
        'drift panel, 1-minute windows over 7 days of 100,000 rows',
        driftPanel(series, { windowMode: 'fixed', windowSize: '1m' }),
        scoredRow,
        (host) => host.querySelectorAll('[data-testid="driftline-feature-row"]').length === 2 && scoredRow(host)
      )
    );
  }
  {
    const lane = rawRows(10_000_000, ['queue_depth']);
    const data: PanelData = { state: LoadingState.Done, series: [lane], annotations: [], timeRange };
    runs.push(
      await measure(
        'timeline, one lane of 10,000,000 points',
        <TimelinePanel {...common} data={data} options={defaultTimelineOptions} />,
        (host) => Boolean(host.querySelector('[data-testid="driftline-lane"] canvas')),
        (host) =>
          host.querySelector('[data-testid="driftline-what-changed-first"]')?.getAttribute('data-pending') === 'false'
      )
    );
  }
  window.largeInputsBench = { runs };
}

run().catch((error: Error) => {
  window.largeInputsBench = { runs: [], error: String(error?.stack ?? error) };
});
