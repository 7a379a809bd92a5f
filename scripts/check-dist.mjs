// After `npm run build`: dist/ must hold the app and every nested plugin as single-file modules,
// the app's includes must name every nested plugin, and nothing else may be shipped (no chunks but the
// app's lazily loaded pages, no playground, no test fixtures). Exits non-zero with the reasons.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const dist = path.resolve(process.argv[2] ?? 'dist');
const problems = [];
const read = (file) => JSON.parse(readFileSync(path.join(dist, file), 'utf8'));

function files(dir, prefix = '') {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? files(full, `${prefix}${name}/`) : [`${prefix}${name}`];
  });
}

const nested = ['panels/drift', 'panels/predictions', 'panels/timeline', 'datasources/demo'];
for (const folder of ['', ...nested]) {
  for (const file of ['plugin.json', 'module.js']) {
    const relative = folder ? `${folder}/${file}` : file;
    if (!existsSync(path.join(dist, relative))) {
      problems.push(`missing ${relative}`);
    }
  }
}

if (existsSync(path.join(dist, 'plugin.json'))) {
  const app = read('plugin.json');
  if (app.id !== 'driftline-aiobs-app' || app.type !== 'app') {
    problems.push(`dist/plugin.json is ${app.type} ${app.id}, expected app driftline-aiobs-app`);
  }
  const included = new Set((app.includes ?? []).map((include) => include.path));
  for (const folder of nested) {
    if (!included.has(folder)) {
      problems.push(`the app's includes do not list ${folder}`);
    }
  }
  if (/%VERSION%|%TODAY%/.test(JSON.stringify(app))) {
    problems.push('plugin.json still holds %VERSION% or %TODAY%');
  }
}

const ids = { 'panels/drift': 'driftline-drift-panel', 'panels/predictions': 'driftline-predictions-panel', 'panels/timeline': 'driftline-timeline-panel', 'datasources/demo': 'driftline-demo-datasource' };
for (const [folder, id] of Object.entries(ids)) {
  const file = `${folder}/plugin.json`;
  if (existsSync(path.join(dist, file)) && read(file).id !== id) {
    problems.push(`${file} has id ${read(file).id}, expected ${id}`);
  }
}

const scripts = files(dist).filter((file) => file.endsWith('.js'));
const modules = new Set(['module.js', ...nested.map((folder) => `${folder}/module.js`)]);
// The app's pages are chunks of the app's module, loaded from the app's path; a nested plugin's module must
// load none (webpack's chunk loader names its failures ChunkLoadError).
const pageChunk = /^pages\/[\w-]+\.js$/;
for (const script of scripts) {
  if (!modules.has(script) && !pageChunk.test(script)) {
    problems.push(`unexpected script ${script}: a chunk would 404 under a nested plugin's path`);
  }
}
for (const folder of nested) {
  const module = path.join(dist, folder, 'module.js');
  if (existsSync(module) && readFileSync(module, 'utf8').includes('ChunkLoadError')) {
    problems.push(`${folder}/module.js loads chunks, which would 404 under its own path`);
  }
}
for (const file of files(dist)) {
  if (/__fixtures__|playground|\.test\./.test(file)) {
    problems.push(`${file} should not be shipped`);
  }
}

if (problems.length) {
  console.error(`dist/ is not what Grafana needs:\n- ${problems.join('\n- ')}`);
  process.exit(1);
}
console.log(`dist/ holds the app and ${nested.length} nested plugins, ${scripts.length} single-file modules, nothing else executable`);
