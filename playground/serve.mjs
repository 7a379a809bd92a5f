// `npm start`: builds the playground and serves it on http://127.0.0.1:3001 (PORT overrides). Paths with no
// file extension that are not files (the app pages' routes) get index.html.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { buildPlayground, outDir } from './build.mjs';

const port = Number(process.env.PORT || 3001);
const host = process.env.HOST || '127.0.0.1';
const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.map': 'application/json',
  '.json': 'application/json',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

await buildPlayground();

const server = createServer(async (request, response) => {
  const url = new URL(request.url ?? '/', `http://${host}`);
  let file = path.normalize(path.join(outDir, decodeURIComponent(url.pathname)));
  if (!file.startsWith(outDir)) {
    response.writeHead(403).end();
    return;
  }
  try {
    const found = await stat(file).catch(() => undefined);
    if (!found && path.extname(file) === '') {
      // A page route such as /a/driftline-aiobs-app/incidents/7: the page routes itself, as Grafana's does.
      file = path.join(outDir, 'index.html');
    } else if (found?.isDirectory()) {
      file = path.join(file, 'index.html');
    }
    const body = await readFile(file);
    response.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' });
    response.end(body);
  } catch {
    response.writeHead(404, { 'content-type': 'text/plain' }).end(`not found: ${url.pathname}`);
  }
});

server.listen(port, host, () => {
  console.log(`Driftline playground on http://${host}:${port}/?scenario=latency-gc&panel=all&theme=dark`);
  console.log(`App pages on http://${host}:${port}/a/driftline-aiobs-app/incidents`);
});
