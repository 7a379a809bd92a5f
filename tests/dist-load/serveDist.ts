// Serves the dist-loading host on 127.0.0.1 (a free port): the host page of one Grafana line, its icons, and
// dist/ the way Grafana serves plugins, each plugin (nested ones too) under public/plugins/<its id>/.
import { createServer } from 'node:http';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.md': 'text/markdown; charset=utf-8',
};

/** Plugin id → its folder in dist/, from every plugin.json there. */
export function pluginFolders(dist: string): Map<string, string> {
  const folders = new Map<string, string>();
  const visit = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) {
        visit(full);
      } else if (name === 'plugin.json') {
        folders.set(JSON.parse(readFileSync(full, 'utf8')).id, dir);
      }
    }
  };
  visit(dist);
  return folders;
}

function inside(base: string, relative: string): string | undefined {
  const file = path.normalize(path.join(base, relative));
  return file.startsWith(base + path.sep) && existsSync(file) && statSync(file).isFile() ? file : undefined;
}

export async function serveDist({ hostDir, dist }: { hostDir: string; dist: string }) {
  const plugins = pluginFolders(dist);
  const server = createServer((request, response) => {
    const { pathname } = new URL(request.url ?? '/', 'http://127.0.0.1');
    const plugin = /^\/public\/plugins\/([^/]+)\/(.+)$/.exec(decodeURIComponent(pathname));
    const file = plugin
      ? plugins.has(plugin[1])
        ? inside(plugins.get(plugin[1])!, plugin[2])
        : undefined
      : inside(hostDir, pathname === '/' ? 'index.html' : pathname.slice(1));
    if (!file) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end(`not found: ${pathname}`);
      return;
    }
    response.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    response.end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    plugins,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
