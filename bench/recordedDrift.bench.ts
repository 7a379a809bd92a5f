// `npm run bench -- recordedDrift`: the drift panel on recorded drift scores (driftline:feature_drift:psi),
// 10,000 features × 500 windows, in Debian's Chromium. Prints the medians of the first render and of a sort
// change, and exits non-zero when a target is missed.
import { measureInChromium, median } from './browserPage';

const FIRST_RENDER_TARGET_MS = 500;
const SORT_CHANGE_TARGET_MS = 150;

async function main() {
  const figures = await measureInChromium<NonNullable<Window['recordedDriftBench']>>(
    'recordedDrift',
    'recordedDriftBench',
    300_000
  );
  const line = (name: string, runs: number[], target: number) => {
    const value = median(runs);
    console.log(
      `  ${name.padEnd(15)} median ${value.toFixed(1)} ms  (target < ${target} ms; runs: ${runs.map((v) => v.toFixed(0)).join(', ')})`
    );
    return value < target;
  };
  console.log(
    `drift panel, recorded scores (${figures.features.toLocaleString('en-US')} features × ${figures.windows} windows, no bucket data)`
  );
  const first = line('first render', figures.firstMs, FIRST_RENDER_TARGET_MS);
  const sort = line('sortBy change', figures.sortMs, SORT_CHANGE_TARGET_MS);
  const tasks = (runs: number[]) => runs.map((v) => (v ? v.toFixed(0) : '<50')).join(', ');
  console.log(
    `  longest task    first render: ${tasks(figures.firstLongestTaskMs)}; sortBy change: ${tasks(figures.sortLongestTaskMs)} ms (input waits at most this long)`
  );
  process.exitCode = first && sort ? 0 : 1;
}

await main();
