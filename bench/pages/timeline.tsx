// Benchmark page: the timeline panel on the `stress` scenario (50 metric lanes, 200,000 log lines,
// 20,000 spans). Measures the first render and the cost of each brushing frame with performance.mark,
// and leaves the figures in window.timelineBench for bench/timeline.bench.ts to read.
import React from 'react';
import { createRoot } from 'react-dom/client';
import { flushSync } from 'react-dom';
import { createTheme, dateTime, EventBusSrv, LoadingState } from '@grafana/data';
import { ThemeContext } from '@grafana/ui';
import { getScenario } from '../../src/demo';
import { TimelinePanel } from '../../src/panels/timeline/TimelinePanel';
import { defaultTimelineOptions } from '../../src/panels/timeline/types';

declare global {
  interface Window {
    timelineBench?: { firstRenderMs: number[]; brushFrameMs: number[]; brushCommitMs: number[]; error?: string };
  }
}

const scenario = getScenario('stress', { now: Date.UTC(2026, 2, 1, 12) });
const range = { from: dateTime(scenario.defaultRange.from), to: dateTime(scenario.defaultRange.to) };
const timeRange = { ...range, raw: range };
const series = [...scenario.metrics, scenario.logs, scenario.traces];
const theme = createTheme({ colors: { mode: 'dark' } });
const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function panel(key: number) {
  return (
    <ThemeContext.Provider value={theme} key={key}>
      <TimelinePanel
        id={1}
        data={{ state: LoadingState.Done, series: [...series], annotations: [scenario.annotations], timeRange }}
        timeRange={timeRange}
        timeZone="utc"
        options={{ ...defaultTimelineOptions, maxLanes: 60 }}
        fieldConfig={{ defaults: {}, overrides: [] }}
        transparent={false}
        width={1400}
        height={700}
        renderCounter={0}
        title="timeline"
        eventBus={new EventBusSrv()}
        onOptionsChange={() => {}}
        onFieldConfigChange={() => {}}
        replaceVariables={(value: string) => value}
        onChangeTimeRange={() => {}}
      />
    </ThemeContext.Provider>
  );
}

async function run() {
  const host = document.getElementById('root')!;
  const firstRenderMs: number[] = [];
  for (let round = 0; round < 5; round++) {
    const root = createRoot(host);
    performance.mark('render-start');
    flushSync(() => root.render(panel(round)));
    // Layout and paint of what React committed: measured up to the next frame.
    await new Promise((resolve) => requestAnimationFrame(resolve));
    performance.mark('render-end');
    firstRenderMs.push(performance.measure('first-render', 'render-start', 'render-end').duration);
    await nextFrame();
    if (round < 4) {
      root.unmount();
    }
  }
  const over = host.querySelector('.u-over') as HTMLElement;
  const box = over.getBoundingClientRect();
  const at = (fraction: number) => ({
    clientX: box.left + box.width * fraction,
    clientY: box.top + box.height / 2,
    bubbles: true,
    button: 0,
  });
  const brushFrameMs: number[] = [];
  const brushCommitMs: number[] = [];
  for (let drag = 0; drag < 5; drag++) {
    over.dispatchEvent(new MouseEvent('mousedown', at(0.2)));
    for (let step = 1; step <= 30; step++) {
      performance.mark('brush-start');
      document.dispatchEvent(new MouseEvent('mousemove', at(0.2 + step * 0.015)));
      void document.body.offsetHeight; // force the layout this frame would need
      performance.mark('brush-end');
      brushFrameMs.push(performance.measure('brush-frame', 'brush-start', 'brush-end').duration);
      await new Promise((resolve) => requestAnimationFrame(resolve));
    }
    performance.mark('commit-start');
    document.dispatchEvent(new MouseEvent('mouseup', at(0.2 + 30 * 0.015)));
    await new Promise((resolve) => setTimeout(resolve, 0));
    void document.body.offsetHeight;
    performance.mark('commit-end');
    brushCommitMs.push(performance.measure('brush-commit', 'commit-start', 'commit-end').duration);
    await nextFrame();
  }
  window.timelineBench = { firstRenderMs, brushFrameMs, brushCommitMs };
  console.log(`median first render ${median(firstRenderMs).toFixed(1)} ms`);
}

run().catch((error) => {
  window.timelineBench = { firstRenderMs: [], brushFrameMs: [], brushCommitMs: [], error: String(error) };
});
