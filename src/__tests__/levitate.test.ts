/**
 * scripts/levitate.mjs reads levitate's report and holds each finding against the reviewed allowlist; and the
 * versions it checks are the ones the plugin claims and the e2e workflow runs.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';

const ROOT = join(__dirname, '..', '..');
const fixture = (name: string) => readFileSync(join(ROOT, 'scripts', '__fixtures__', name), 'utf8');

/** Runs a snippet against the ES modules in scripts/ in a child node, returning what it prints as JSON. */
function inNode<T>(code: string): T {
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd: ROOT, encoding: 'utf8' });
  if (run.status !== 0) {
    throw new Error(run.stderr);
  }
  return JSON.parse(run.stdout);
}

interface Finding {
  package: string;
  version: string;
  kind: string;
  symbol: string;
  usedIn: string;
}

function parse(name: string): { findings: Finding[]; checked: string[]; allowed: boolean[] } {
  return inNode(`
    import { readFileSync } from 'node:fs';
    import { parseLevitate, reviewFindings } from './scripts/levitate.mjs';
    const report = parseLevitate(readFileSync('scripts/__fixtures__/${name}', 'utf8'));
    const allowlist = JSON.parse(readFileSync('scripts/levitate-allowlist.json', 'utf8'));
    const allowed = reviewFindings(allowlist, report.findings).map((f) => Boolean(f.allowedBy));
    console.log(JSON.stringify({ ...report, allowed }));
  `);
}

describe('levitate', () => {
  test('a compatible report has no findings and compared all three packages', () => {
    const { findings, checked } = parse('levitate-12.4.0.txt');
    expect(findings).toEqual([]);
    expect(checked).toEqual(['@grafana/data', '@grafana/ui', '@grafana/runtime']);
  });

  test("13.x's findings are read, with the ones levitate counts but does not list", () => {
    const { findings } = parse('levitate-13.2.3.txt');
    expect(findings).toHaveLength(5 + 14 + 3);
    expect(findings[0]).toEqual({
      package: '@grafana/data',
      version: '13.2.3',
      kind: 'Changed',
      symbol: 'AppPlugin.addLink',
      usedIn: 'src/module.tsx',
    });
    expect(findings.at(-1)).toMatchObject({ package: '@grafana/runtime', kind: 'Unlisted', symbol: '(unlisted)' });
  });

  test('every 13.x finding is in the reviewed allowlist, each entry with its reason', () => {
    const { allowed } = parse('levitate-13.2.3.txt');
    expect(allowed.every(Boolean)).toBe(true);
    const allowlist = JSON.parse(readFileSync(join(ROOT, 'scripts', 'levitate-allowlist.json'), 'utf8'));
    for (const entry of allowlist) {
      expect(entry.reason.length).toBeGreaterThan(40);
    }
  });

  test('a finding on another symbol, or one more unlisted one than reviewed, is new', () => {
    const report = fixture('levitate-13.2.3.txt')
      .replace(
        '`UPlotConfigBuilder.addScale` used in `src/components/TimeLanePlot.tsx:72`',
        '`UPlotConfigBuilder.setCursor` used in `src/components/TimeLanePlot.tsx:72`'
      )
      .replace('INCOMPATIBILITIES (3)', 'INCOMPATIBILITIES (4)');
    const result = inNode<Array<{ symbol: string; allowed: boolean }>>(`
      import { readFileSync } from 'node:fs';
      import { parseLevitate, reviewFindings } from './scripts/levitate.mjs';
      const allowlist = JSON.parse(readFileSync('scripts/levitate-allowlist.json', 'utf8'));
      const { findings } = parseLevitate(${JSON.stringify(report)});
      const reviewed = reviewFindings(allowlist, findings);
      console.log(JSON.stringify(reviewed.map((f) => ({ symbol: f.symbol, allowed: Boolean(f.allowedBy) }))));
    `);
    expect(result.filter((finding) => !finding.allowed)).toEqual([
      { symbol: 'UPlotConfigBuilder.setCursor', allowed: false },
      { symbol: '(unlisted)', allowed: false },
    ]);
  });

  test('a report cut short (no verdict) compares nothing', () => {
    const cut = fixture('levitate-12.4.0.txt').replace(/appears to be compatible with.*/, '');
    const { checked } = inNode<{ checked: string[] }>(`
      import { parseLevitate } from './scripts/levitate.mjs';
      console.log(JSON.stringify(parseLevitate(${JSON.stringify(cut)})));
    `);
    expect(checked).toEqual([]);
  });

  test('the tested versions are the claimed oldest and the 13.x the dist-loading test installs', () => {
    const [oldest, newest] = inNode<string[]>(`
      import { testedGrafanaVersions } from './scripts/grafanaVersions.mjs';
      const { oldest, newest } = testedGrafanaVersions();
      console.log(JSON.stringify([oldest, newest]));
    `);
    const plugin = JSON.parse(readFileSync(join(ROOT, 'src', 'plugin.json'), 'utf8'));
    expect(plugin.dependencies.grafanaDependency).toBe(`>=${oldest}`);
    expect(newest).toMatch(/^13\.\d+\.\d+$/);
    // The Grafana e2e workflow's matrix is read from the same script; the local compose default is the oldest.
    const workflow = readFileSync(join(ROOT, '.github', 'workflows', 'grafana-e2e.yml'), 'utf8');
    expect(workflow).toContain('node scripts/grafanaVersions.mjs');
    expect(workflow).toContain('fromJSON(needs.versions.outputs.grafana)');
    const compose = load(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8')) as {
      services: { grafana: { image: string } };
    };
    expect(compose.services.grafana.image).toContain(`\${GRAFANA_VERSION:-${oldest}}`);
  });
});
