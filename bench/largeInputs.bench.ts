// `npm run bench -- largeInputs`: the drift and timeline panels on inputs far over their budgets, in Debian's
// Chromium. Each must never block input for 50 ms or more (the longest main-thread task from mount to the
// finished result, by the Long Tasks API); prints the time to the first useful result and to the finished
// one, and exits non-zero when a panel blocks.
import { measureInChromium } from './browserPage';
import type { LargeInputFigures } from './pages/largeInputs';

const LONGEST_TASK_TARGET_MS = 50;

async function main() {
  const figures = await measureInChromium<{ runs: LargeInputFigures[]; error?: string }>(
    'largeInputs',
    'largeInputsBench',
    900_000
  );
  let missed = 0;
  for (const run of figures.runs) {
    const blocked = run.longestTaskMs >= LONGEST_TASK_TARGET_MS;
    missed += blocked ? 1 : 0;
    console.log(run.name);
    console.log(
      `  longest task    ${run.longestTaskMs ? `${run.longestTaskMs.toFixed(0)} ms` : '<50 ms'} (target < ${LONGEST_TASK_TARGET_MS} ms; ${run.longTasks} tasks of 50 ms or more)${blocked ? '  MISSED' : ''}`
    );
    console.log(`  first useful    ${run.firstUsefulMs.toFixed(0)} ms`);
    console.log(`  finished        ${run.doneMs.toFixed(0)} ms`);
  }
  process.exitCode = missed || figures.runs.length !== 3 ? 1 : 0;
}

await main();
