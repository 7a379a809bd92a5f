// The part the browser benchmarks share: bundle a page of bench/pages with esbuild, serve it on 127.0.0.1,
// open it in Debian's Chromium and return the figures the page leaves on `window` once it has measured.
import { build } from 'esbuild';
import { createServer } from 'node:http';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { debianChromium } from '../tests/chromium';

export const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * Runs bench/pages/<page>.tsx and resolves with `window[figuresKey]` once the page sets it; a page that
 * failed sets `{ error }`, which is thrown here.
 */
export async function measureInChromium<T extends { error?: string }>(
  page: string,
  figuresKey: string,
  timeoutMs: number
): Promise<T> {
  const root = process.cwd();
  const outDir = path.join(root, `bench/.out/${page}-page`);
  mkdirSync(outDir, { recursive: true });
  await build({
    entryPoints: [path.join(root, `bench/pages/${page}.tsx`)],
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
    const tab = await browser.newPage({ viewport: { width: 1500, height: 900 } });
    await tab.goto(`http://127.0.0.1:${port}/`);
    await tab.waitForFunction((key) => Boolean((window as unknown as Record<string, unknown>)[key]), figuresKey, {
      timeout: timeoutMs,
    });
    const figures = await tab.evaluate((key) => (window as unknown as Record<string, unknown>)[key], figuresKey);
    const result = figures as T;
    if (result.error) {
      throw new Error(result.error);
    }
    return result;
  } finally {
    await browser.close();
    server.close();
  }
}
