/**
 * @jest-environment node
 */
// Runs the change-event recipes in scripts/annotate (the curl script, the GitHub action's step, the
// Airflow/dbt helper) against the fake Grafana server and checks what Grafana would receive.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { load } from 'js-yaml';
import { FakeGrafana, startFakeGrafana } from '../../tests/recipes/fakeGrafana.mjs';

const ROOT = path.resolve(__dirname, '../..');
const SCRIPT = path.join(ROOT, 'scripts/annotate/annotate.sh');
const TOKEN = 'ci-token';

// Each test starts bash, curl or python; a loaded CI machine needs more than jest's default 5 s.
jest.setTimeout(30_000);

let grafana: FakeGrafana;
beforeAll(async () => {
  grafana = await startFakeGrafana({ token: TOKEN });
});
afterAll(() => grafana.close());
beforeEach(() => grafana.reset());

function run(
  file: string,
  args: string[],
  env: Record<string, string> = {}
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      { env: { PATH: process.env.PATH ?? '', HOME: tmpdir(), ...env }, cwd: ROOT },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr })
    );
  });
}

function annotate(env: Record<string, string>) {
  return run('bash', [SCRIPT], { GRAFANA_URL: grafana.url, GRAFANA_TOKEN: TOKEN, ...env });
}

describe('annotate.sh', () => {
  it('posts the kind as the first tag, the extra tags, the text, the time in ms and the dashboard', async () => {
    const before = Date.now();
    const result = await annotate({
      KIND: 'deploy',
      TEXT: 'Deploy checkout "v1.4.2"\nwith a \\ backslash',
      TAGS: ' service:checkout, env:prod,deploy,, ',
      DASHBOARD_UID: 'incident-dash',
      PANEL_ID: '3',
    });
    expect(result).toMatchObject({ code: 0, stdout: '1\n' });
    expect(grafana.received).toHaveLength(1);
    const [request] = grafana.received;
    expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(request.body).toEqual({
      time: expect.any(Number),
      dashboardUID: 'incident-dash',
      panelId: 3,
      tags: ['deploy', 'service:checkout', 'env:prod'],
      text: 'Deploy checkout "v1.4.2"\nwith a \\ backslash',
    });
    expect(request.body.time).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(request.body.time).toBeLessThanOrEqual(Date.now());
  });

  it('sends a region with explicit times and no dashboard (organisation-wide)', async () => {
    const result = await annotate({
      KIND: 'data',
      TEXT: 'Backfill orders',
      TIME_MS: '1767225600000',
      TIME_END_MS: '1767229200000',
    });
    expect(result.code).toBe(0);
    expect(grafana.received[0].body).toEqual({
      time: 1767225600000,
      timeEnd: 1767229200000,
      tags: ['data'],
      text: 'Backfill orders',
    });
  });

  it('retries a 500 and posts once it succeeds', async () => {
    grafana.setMode('error500', 1);
    const result = await annotate({ KIND: 'model', TEXT: 'Model v43 promoted', ANNOTATE_RETRIES: '2' });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('attempt 1/2: Grafana answered 500');
    expect(grafana.received).toHaveLength(2);
    expect(grafana.annotations).toHaveLength(1);
  });

  it('stops at a 403 and says which permission is missing', async () => {
    grafana.setMode('forbidden');
    const result = await annotate({ KIND: 'config', TEXT: 'Flag on' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('annotations:create');
    expect(grafana.received).toHaveLength(1);
  });

  it('gives up on a Grafana that does not answer, within the timeout', async () => {
    grafana.setMode('hang');
    const result = await annotate({ KIND: 'deploy', TEXT: 'x', ANNOTATE_TIMEOUT: '1', ANNOTATE_RETRIES: '1' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('the annotation was not posted');
  });

  it('refuses an unknown kind or a bad token before or at the server', async () => {
    expect((await annotate({ KIND: 'deploys', TEXT: 'x' })).code).toBe(2);
    expect(grafana.received).toHaveLength(0);
    const wrongToken = await run('bash', [SCRIPT], {
      GRAFANA_URL: grafana.url,
      GRAFANA_TOKEN: 'nope',
      KIND: 'deploy',
      TEXT: 'x',
    });
    expect(wrongToken.code).toBe(1);
    expect(grafana.annotations).toHaveLength(0);
  });
});

describe('the GitHub action', () => {
  interface CompositeAction {
    inputs: Record<string, { default?: string }>;
    runs: { steps: Array<{ run: string; env: Record<string, string> }> };
  }

  it('runs annotate.sh with the inputs and the commit, and outputs the id', async () => {
    const actionDir = path.join(ROOT, '.github/actions/annotate');
    const action = load(readFileSync(path.join(actionDir, 'action.yml'), 'utf8')) as CompositeAction;
    const [step] = action.runs.steps;
    const inputs: Record<string, string> = {
      ...Object.fromEntries(Object.entries(action.inputs).map(([name, input]) => [name, input.default ?? ''])),
      'grafana-url': grafana.url,
      'grafana-token': TOKEN,
      tags: 'service:checkout',
      'dashboard-uid': 'incident-dash',
    };
    // What the runner does with `${{ inputs.x }}` in the step's env.
    const env = Object.fromEntries(
      Object.entries(step.env).map(([key, value]) => [
        key,
        value.replace(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g, (_, name) => inputs[name]),
      ])
    );
    const output = path.join(mkdtempSync(path.join(tmpdir(), 'gh-output-')), 'output');
    const result = await run('bash', ['-e', '-c', step.run], {
      ...env,
      GITHUB_ACTION_PATH: actionDir,
      GITHUB_OUTPUT: output,
      GITHUB_REPOSITORY: 'acme/checkout',
      GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
      GITHUB_ACTOR: 'octocat',
      GITHUB_WORKFLOW: 'deploy',
      GITHUB_RUN_ID: '42',
    });
    expect(result.code).toBe(0);
    expect(readFileSync(output, 'utf8')).toBe('id=1\n');
    expect(grafana.received[0].body).toEqual({
      time: expect.any(Number),
      dashboardUID: 'incident-dash',
      tags: ['deploy', 'service:checkout', 'repo:acme/checkout', 'sha:0123456789ab'],
      text: 'Deploy acme/checkout@0123456789ab by octocat (deploy run 42)',
    });
  });
});

describe('the Airflow and dbt helper', () => {
  const HELPER = path.join(ROOT, 'scripts/annotate/airflow_annotate.py');
  const env = () => ({ GRAFANA_URL: grafana.url, GRAFANA_TOKEN: TOKEN, DASHBOARD_UID: 'pipelines' });

  it('posts a data annotation from the command line (after a dbt run)', async () => {
    const result = await run('python3', [HELPER, 'data', 'dbt build of orders models', 'dbt, pipeline']);
    expect(result.code).not.toBe(0); // No GRAFANA_URL: a clear failure, not a silent one.
    const posted = await run('python3', [HELPER, 'data', 'dbt build of orders models', 'dbt, pipeline'], env());
    expect(posted).toMatchObject({ code: 0, stdout: '1\n' });
    expect(grafana.received[0].body).toEqual({
      time: expect.any(Number),
      dashboardUID: 'pipelines',
      tags: ['data', 'dbt', 'pipeline'],
      text: 'dbt build of orders models',
    });
  });

  it('annotates a DAG run from on_success_callback', async () => {
    const code = [
      'import sys, types',
      `sys.path.insert(0, ${JSON.stringify(path.dirname(HELPER))})`,
      'from airflow_annotate import annotation_callback',
      'run = types.SimpleNamespace(dag_id="orders_daily", run_id="scheduled__2026-01-01")',
      'annotation_callback("data", tags=["dataset:orders"])({"dag_run": run})',
    ].join('\n');
    const result = await run('python3', ['-c', code], env());
    expect(result.code).toBe(0);
    expect(grafana.received[0].body).toMatchObject({
      tags: ['data', 'dataset:orders', 'airflow', 'dag:orders_daily'],
      text: 'Airflow orders_daily scheduled__2026-01-01 succeeded',
    });
  });
});

describe('the fake Grafana server', () => {
  it('answers CORS preflights from local origins only', async () => {
    const local = await fetch(`${grafana.url}/api/annotations`, {
      method: 'OPTIONS',
      headers: { Origin: 'http://127.0.0.1:3000' },
    });
    expect(local.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:3000');
    expect(local.headers.get('access-control-allow-headers')).toContain('Authorization');
    const remote = await fetch(`${grafana.url}/api/annotations`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://evil.example' },
    });
    expect(remote.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('lists by dashboard and tags, as Grafana does', async () => {
    await annotate({ KIND: 'deploy', TEXT: 'a', DASHBOARD_UID: 'd1', TIME_MS: '1000' });
    await annotate({ KIND: 'model', TEXT: 'b', DASHBOARD_UID: 'd2', TIME_MS: '2000' });
    const response = await fetch(`${grafana.url}/api/annotations?from=0&to=5000&dashboardUID=d1&tags=deploy`, {
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    expect(await response.json()).toEqual([expect.objectContaining({ text: 'a', tags: ['deploy'], time: 1000 })]);
  });
});
