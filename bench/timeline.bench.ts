// `npm run bench -- timeline`: the timeline panel on the stress scenario in Debian's Chromium.
// Bundles bench/pages/timeline.tsx with esbuild, serves it on 127.0.0.1, reads the figures the page
// measured with performance.mark, prints their medians and exits non-zero when a target is missed.
import { build } from 'esbuild';
import { createServer } from 'node:http';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { debianChromium } from '../tests/chromium';

const FIRST_RENDER_TARGET_MS = 300;
const BRUSH_FRAME_TARGET_MS = 16;

const root = process.cwd();
const outDir = path.join(root, 'bench/.out/timeline-page');
mkdirSync(outDir, { recursive: true });

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main() {
  await build({
    entryPoints: [path.join(root, 'bench/pages/timeline.tsx')],
    outfile: path.join(outDir, 'main.js'),
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    jsx: 'automatic',
    loader: { '.svg': 'file', '.woff': 'file', '.woff2': 'file', '.ttf': 'file', '.png': 'file' },
    define: { 'process.env.NODE_ENV': '"production"', global: 'window' },
    nodePaths: [path.join(root, 'src')],
    logLevel: 'error',
  });
  const html =
    '<!doctype html><html><head><meta charset="utf-8"></head><body><div id="root"></div><script src="/main.js"></script></body></html>';
  const server = createServer((request, response) => {
    if (request.url === '/main.js') {
      response.writeHead(200, { 'content-type': 'text/javascript' }).end(readFileSync(path.join(outDir, 'main.js')));
    } else if (request.url === '/' || request.url === '/index.html') {
      response.writeHead(200, { 'content-type': 'text/html' }).end(html);
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const browser = await chromium.launch(debianChromium);
  try {
    const page = await browser.newPage({ viewport: { width: 1500, height: 900 } });
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForFunction(() => Boolean(window.timelineBench), undefined, { timeout: 120_000 });
    const figures = await page.evaluate(() => window.timelineBench!);
    if (figures.error) {
      throw new Error(figures.error);
    }
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
  } finally {
    await browser.close();
    server.close();
  }
}

await main();
