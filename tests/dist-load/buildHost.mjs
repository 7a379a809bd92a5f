// Builds the dist-loading host page (host.tsx) against one Grafana line of shared dependencies:
// - grafana-12: the root node_modules (@grafana/* 12.4, React 18);
// - grafana-13: compat/grafana-13 (@grafana/* 13.x, React 19). Every package that line installs for itself
//   is aliased, so a package hoisted to the root still gets that line's React and @grafana/*.
import { build } from 'esbuild';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { copyGrafanaIcons } from '../../playground/build.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');

export const LINES = {
  'grafana-12': { modules: path.join(root, 'node_modules') },
  'grafana-13': { modules: path.join(root, 'compat/grafana-13/node_modules') },
};

/** Top-level package names installed in `modules` (scoped ones as @scope/name), without type packages. */
function packagesIn(modules) {
  return readdirSync(modules)
    .filter((name) => !name.startsWith('.') && name !== '@types')
    .flatMap((name) =>
      name.startsWith('@') ? readdirSync(path.join(modules, name)).map((inner) => `${name}/${inner}`) : [name]
    );
}

const packageName = (specifier) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

/**
 * Resolves the line's own packages as if imported from the line's folder, whoever imports them, so a package
 * hoisted to the root gets the line's React and @grafana/* (with their exports maps and browser builds).
 * 'host-react-router' is the line's react-router-dom-v5-compat, or react-router where it has none.
 */
function grafanaLinePlugin(line) {
  const { modules } = LINES[line];
  const lineDir = path.dirname(modules);
  const own = new Set(line === 'grafana-12' ? [] : packagesIn(modules));
  const compat = existsSync(path.join(modules, 'react-router-dom-v5-compat'));
  return {
    name: 'grafana-line',
    setup(builder) {
      builder.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (args.pluginData?.line) {
          return undefined;
        }
        const routed = args.path === 'host-react-router';
        if (!routed && !own.has(packageName(args.path))) {
          return undefined;
        }
        const target = routed ? (compat ? 'react-router-dom-v5-compat' : 'react-router') : args.path;
        const resolved = await builder.resolve(target, {
          kind: args.kind,
          resolveDir: routed && !compat ? root : lineDir,
          pluginData: { line },
        });
        return resolved.errors.length > 0
          ? { errors: resolved.errors }
          : { path: resolved.path, sideEffects: resolved.sideEffects };
      });
    },
  };
}

export async function buildHost(line, outDir) {
  const { modules } = LINES[line];
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  await build({
    entryPoints: [path.join(here, 'host.tsx')],
    outfile: path.join(outDir, 'host.js'),
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    jsx: 'automatic',
    plugins: [grafanaLinePlugin(line)],
    loader: { '.svg': 'file', '.woff': 'file', '.woff2': 'file', '.ttf': 'file', '.png': 'file' },
    // The AMD extra installs a global define() for the plugin's module.js; the UMD builds bundled here
    // (lodash, …) must not see it, as they do not in Grafana's webpack build.
    define: {
      'process.env.NODE_ENV': '"development"',
      global: 'window',
      define: 'undefined',
      HOST_GRAFANA_DATA_VERSION: JSON.stringify(
        JSON.parse(readFileSync(path.join(modules, '@grafana/data/package.json'), 'utf8')).version
      ),
    },
    logLevel: 'error',
  });
  writeFileSync(
    path.join(outDir, 'index.html'),
    `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <link rel="icon" href="data:," />
    <title>dist/ in ${line}</title>
    <script>
      // What Grafana's index.html gives @grafana/runtime before it loads: a signed-in admin, no feature toggles.
      window.grafanaBootData = {
        settings: { appSubUrl: '', buildInfo: { version: '${line === 'grafana-12' ? '12.4.0' : '13.2.3'}' }, featureToggles: {}, apps: {}, panels: {}, datasources: {} },
        user: { id: 1, login: 'admin', orgId: 1, orgRole: 'Admin', isGrafanaAdmin: true, isSignedIn: true, theme: 'dark', timezone: 'utc', permissions: {} },
        navTree: [],
      };
      window.__grafana_public_path__ = '/public/';
    </script>
  </head>
  <body>
    <div id="host"></div>
    <script src="/host.js"></script>
  </body>
</html>
`
  );
  copyGrafanaIcons(outDir, path.join(modules, '@grafana/ui'));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [line, outDir] = process.argv.slice(2);
  if (!LINES[line] || !outDir) {
    console.error(`usage: node tests/dist-load/buildHost.mjs <${Object.keys(LINES).join('|')}> <out dir>`);
    process.exit(2);
  }
  await buildHost(line, path.resolve(outDir));
}
