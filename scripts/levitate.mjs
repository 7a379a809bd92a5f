// Grafana's API compatibility check (@grafana/levitate, as create-plugin's CI runs it) for every plugin
// module in src/, against the oldest Grafana the plugin claims (plugin.json grafanaDependency) and the newest
// 13.x it is tested on (compat/grafana-13). Levitate fetches both package versions from the npm registry.
//
// Each incompatibility levitate reports must be in scripts/levitate-allowlist.json, reviewed, with the
// reason it is harmless; any other finding fails (exit 1).
//
//   node scripts/levitate.mjs [--target <version>]
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import semver from 'semver';
import { testedGrafanaVersions } from './grafanaVersions.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const LEVITATE = '@grafana/levitate@0.17';
const PACKAGES = ['@grafana/data', '@grafana/ui', '@grafana/runtime'];
const readJson = (file) => JSON.parse(readFileSync(path.join(root, file), 'utf8'));

/** Every plugin module in src/ (the app and each nested plugin), as one entry that levitate follows. */
function writeEntry() {
  const modules = [];
  const visit = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) {
        visit(full);
      } else if (/^module\.tsx?$/.test(name) && readdirSync(dir).includes('plugin.json')) {
        modules.push(full);
      }
    }
  };
  visit(path.join(root, 'src'));
  const dir = path.join(root, '.tmp');
  mkdirSync(dir, { recursive: true });
  const entry = path.join(dir, 'levitate-entry.ts');
  const lines = modules.map((module, index) => {
    const specifier = path.relative(dir, module).replace(/\.tsx?$/, '');
    return `export { plugin as plugin${index} } from '${specifier}';`;
  });
  writeFileSync(entry, `${lines.join('\n')}\n`);
  return { entry: path.relative(root, entry), modules: modules.map((module) => path.relative(root, module)) };
}

/**
 * Levitate's report as findings: `{ package, version, kind, symbol, usedIn }`. Levitate sometimes counts an
 * incompatibility it does not list; each such one is a finding with the symbol "(unlisted)". `checked` names
 * the packages levitate compared through to a verdict (none if it stopped before one).
 */
export function parseLevitate(output) {
  const text = output.replace(/\u001b\[[0-9;]*m/g, '');
  const findings = [];
  const sections = text.split(/^Comparing /m).slice(1);
  for (const section of sections) {
    const header = /^(@grafana\/[a-z-]+)@\S+ to @grafana\/[a-z-]+@(\S+)/.exec(section);
    if (!header) {
      continue;
    }
    const [, pkg, version] = header;
    const counted = Number(/INCOMPATIBILITIES \((\d+)\)/.exec(section)?.[1] ?? 0);
    const listed = [...section.matchAll(/^\d+\) (\w+) `([^`]+)` used in `([^`]+)`/gm)].map((match) => ({
      package: pkg,
      version,
      kind: match[1],
      symbol: match[2],
      usedIn: path.relative(root, match[3].replace(/:\d+$/, '')) || match[3],
    }));
    findings.push(...listed);
    for (let index = listed.length; index < counted; index++) {
      findings.push({ package: pkg, version, kind: 'Unlisted', symbol: '(unlisted)', usedIn: '' });
    }
  }
  const checked = [...text.matchAll(/Checking compatibility between \S+ and (@grafana\/[a-z-]+)@/g)].map(
    (match) => match[1]
  );
  const verdict = /appears to be compatible with|is not fully compatible with/.test(text);
  return { findings, checked: verdict ? checked : [] };
}

/** The allowlist entry that covers a finding, if any: same package, symbol and kind, and the version in range. */
export function allowedBy(allowlist, finding) {
  return allowlist.find(
    (entry) =>
      entry.package === finding.package &&
      entry.symbol === finding.symbol &&
      entry.kind === finding.kind &&
      semver.satisfies(finding.version, entry.versions)
  );
}

/**
 * Each finding of one levitate run with the allowlist entry that covers it. An entry with `count` covers at
 * most that many findings (an unlisted incompatibility has no name to tell a second one from the first).
 */
export function reviewFindings(allowlist, findings) {
  const uses = new Map();
  return findings.map((finding) => {
    const entry = allowedBy(allowlist, finding);
    const used = (uses.get(entry) ?? 0) + 1;
    uses.set(entry, used);
    return { ...finding, allowedBy: entry && used <= (entry.count ?? Infinity) ? entry : undefined };
  });
}

function main(argv) {
  const at = argv.indexOf('--target');
  const { oldest, newest } = testedGrafanaVersions();
  const versions = at >= 0 ? [argv[at + 1]] : [oldest, newest];
  const allowlist = readJson('scripts/levitate-allowlist.json');
  const { entry, modules } = writeEntry();
  console.log(`levitate: ${modules.length} plugin modules (${modules.join(', ')})`);
  let failed = false;
  const used = new Set();
  for (const version of versions) {
    const targets = PACKAGES.map((name) => `${name}@${version}`).join(',');
    console.log(`\nlevitate: against Grafana ${version} (${targets})`);
    const run = spawnSync('npx', ['-y', LEVITATE, 'is-compatible', '--path', entry, '--target', targets], {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    const output = `${run.stdout ?? ''}${run.stderr ?? ''}`;
    const { findings, checked } = parseLevitate(output);
    const missing = PACKAGES.filter((name) => !checked.includes(name));
    if (missing.length > 0) {
      console.error(`levitate did not compare ${missing.join(', ')} (exit ${run.status}):\n${output.slice(-3000)}`);
      failed = true;
      continue;
    }
    const reviewed = reviewFindings(allowlist, findings);
    for (const finding of reviewed) {
      const where = finding.usedIn ? ` (used in ${finding.usedIn})` : '';
      if (finding.allowedBy) {
        used.add(allowlist.indexOf(finding.allowedBy));
        console.log(`  allowed  ${finding.package}@${finding.version} ${finding.kind} ${finding.symbol}${where}`);
      } else {
        failed = true;
        console.error(`  NEW      ${finding.package}@${finding.version} ${finding.kind} ${finding.symbol}${where}`);
      }
    }
    const fresh = reviewed.filter((finding) => !finding.allowedBy).length;
    console.log(`  ${findings.length} finding(s) against ${version}, ${fresh} not in the allowlist`);
  }
  if (at < 0) {
    allowlist.forEach((entry, index) => {
      if (!used.has(index)) {
        console.log(
          `  stale    allowlist entry ${entry.package} ${entry.kind} ${entry.symbol} (${entry.versions}) matched nothing: remove it`
        );
      }
    });
  }
  if (failed) {
    console.error(
      '\nlevitate: new incompatibilities. Review each; if it is type-only, add it to scripts/levitate-allowlist.json with the reason.'
    );
    return 1;
  }
  console.log('\nlevitate: every finding is reviewed in scripts/levitate-allowlist.json');
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.exitCode = main(process.argv);
}
