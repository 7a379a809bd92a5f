// What the browser benchmark pages share: Grafana's panel props, and measuring a panel's first render and its
// re-render on an option change with performance.mark, with the longest main-thread task (Long Tasks API) of each.
import { createRoot, Root } from 'react-dom/client';
import { flushSync } from 'react-dom';
import { EventBusSrv, TimeRange } from '@grafana/data';

/** The PanelProps every bench page passes, besides data and options. */
export function benchPanelProps(timeRange: TimeRange) {
  return {
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
}

export const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));

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

export interface Measured {
  first: number[];
  option: number[];
  firstLongestTask: number[];
  optionLongestTask: number[];
}

export async function measure(
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
export const scored = (el: Element) => {
  const score = el.getAttribute('data-score');
  return score !== null && score !== '' && Number.isFinite(Number(score));
};
