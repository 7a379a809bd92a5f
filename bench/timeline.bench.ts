// `npm run bench -- timeline`: the timeline panel on the stress scenario in Debian's Chromium.
// Bundles bench/pages/timeline.tsx with esbuild, serves it on 127.0.0.1, reads the figures the page
// measured with performance.mark, prints their medians and exits non-zero when a target is missed.
import { measureInChromium, median } from './browserPage';

const FIRST_RENDER_TARGET_MS = 300;
const BRUSH_FRAME_TARGET_MS = 16;

async function main() {
  const figures = await measureInChromium<NonNullable<Window['timelineBench']>>('timeline', 'timelineBench', 120_000);
  const firstRender = median(figures.firstRenderMs);
  const brushFrame = median(figures.brushFrameMs);
  const brushCommit = median(figures.brushCommitMs);
  console.log('timeline, stress scenario (50 metric lanes, 200,000 log lines, 20,000 spans; 55 lanes drawn)');
  console.log(
    `  first render   median ${firstRender.toFixed(1)} ms  (target < ${FIRST_RENDER_TARGET_MS} ms; runs: ${figures.firstRenderMs.map((v) => v.toFixed(0)).join(', ')})`
  );
  console.log(
    `  brushing frame median ${brushFrame.toFixed(2)} ms  (target < ${BRUSH_FRAME_TARGET_MS} ms; ${figures.brushFrameMs.length} frames)`
  );
  console.log(
    `  brush release  median ${brushCommit.toFixed(1)} ms  (window set, lanes redrawn; analysis follows in slices)`
  );
  const missed = firstRender >= FIRST_RENDER_TARGET_MS || brushFrame >= BRUSH_FRAME_TARGET_MS;
  process.exitCode = missed ? 1 : 0;
}

await main();
