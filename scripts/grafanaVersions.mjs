// The Grafana versions the plugin is tested on, from the two places that declare them:
// - the oldest: the lower bound of grafanaDependency in src/plugin.json (">=X.Y.Z");
// - the newest: the @grafana/data version compat/grafana-13 installs for the dist-loading test.
// Levitate, the Grafana e2e workflow's matrix and the README all follow these.
//
//   node scripts/grafanaVersions.mjs   prints ["<oldest>","<newest>"]
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const readJson = (file) => JSON.parse(readFileSync(path.join(root, file), 'utf8'));

export function testedGrafanaVersions() {
  const claimed = readJson('src/plugin.json').dependencies.grafanaDependency;
  const lower = /^>=\s*(\d+\.\d+\.\d+)$/.exec(claimed);
  if (!lower) {
    throw new Error(`grafanaDependency "${claimed}" is not of the form ">=X.Y.Z": say which versions are tested`);
  }
  const newest = readJson('compat/grafana-13/package.json').dependencies['@grafana/data'];
  if (!/^\d+\.\d+\.\d+$/.test(newest)) {
    throw new Error(`compat/grafana-13 must pin an exact @grafana/data version, not "${newest}"`);
  }
  return { oldest: lower[1], newest };
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const { oldest, newest } = testedGrafanaVersions();
  console.log(JSON.stringify([oldest, newest]));
}
