/**
 * Real processes for the integration tests: the `prometheus` binary (Debian's package; .ci/run installs
 * it), the simulator bundle, plain HTTP to both, and process groups that afterAll can stop.
 */
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** The repository; benchmarks bundled as ES modules have no __dirname and run from the repository. */
export const ROOT = typeof __dirname === 'string' ? join(__dirname, '..', '..', '..') : process.cwd();
export const HOST = '127.0.0.1';

export const hasPrometheus = (() => {
  const result = spawnSync('prometheus', ['--version'], { encoding: 'utf8' });
  return !result.error && result.status === 0;
})();

/** `describe` when the prometheus binary is on PATH, else a skipped one with a one-line reason. */
export function describeWithPrometheus(what: string): jest.Describe {
  if (!hasPrometheus) {
    console.info(`prometheus is not on PATH: skipping ${what} (apt-get install prometheus)`);
  }
  return hasPrometheus ? describe : describe.skip;
}

export type Json = Record<string, any>;

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** GET, or POST with a form body. */
export function httpRequest(
  url: string,
  options: { form?: URLSearchParams; timeoutMs?: number } = {}
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const body = options.form?.toString();
    const req = request(
      url,
      {
        method: body === undefined ? 'GET' : 'POST',
        timeout: options.timeoutMs ?? 10_000,
        headers: body === undefined ? {} : { 'Content-Type': 'application/x-www-form-urlencoded' },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
      }
    );
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error(`timeout: ${url}`)));
    req.end(body);
  });
}

export function httpGet(url: string): Promise<{ status: number; body: string }> {
  return httpRequest(url);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function waitFor(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const { status, body } = await httpGet(url);
      if (status === 200) {
        return;
      }
      last = `${status} ${body.slice(0, 200)}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await sleep(250);
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs} ms (last: ${last})`);
}

/** Starts a process in its own group, so afterAll can stop it and anything it started. */
export function startGroup(command: string, args: string[], logFile: string): ChildProcess {
  const child = spawn(command, args, { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout?.on('data', (chunk) => (log += chunk));
  child.stderr?.on('data', (chunk) => (log += chunk));
  child.on('exit', () => writeFileSync(logFile, log));
  return child;
}

export function stopGroup(child: ChildProcess | undefined): Promise<void> {
  if (!child?.pid || child.exitCode !== null) {
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
      resolve();
    }, 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      clearTimeout(timer);
      resolve();
    }
  });
}

/** Bundles the simulator (simulator/build.mjs); returns the entry to run with node. */
export function buildSimulator(): string {
  const build = spawnSync(process.execPath, [join(ROOT, 'simulator', 'build.mjs')], { encoding: 'utf8' });
  if (build.status !== 0) {
    throw new Error(`simulator build failed: ${build.stderr}`);
  }
  return join(ROOT, 'simulator', 'dist', 'simulator.mjs');
}

export interface RunningPrometheus {
  url: string;
  process: ChildProcess;
}

/**
 * Starts Prometheus on a free port with the given configuration text and data folder, and waits until
 * it is ready. `flags` are added to the command line (e.g. a retention for backfilled history).
 */
export async function startPrometheus(
  workDir: string,
  configText: string,
  flags: string[] = []
): Promise<RunningPrometheus> {
  const port = await freePort();
  const config = join(workDir, 'prometheus.yml');
  writeFileSync(config, configText);
  const url = `http://${HOST}:${port}`;
  const child = startGroup(
    'prometheus',
    [
      `--config.file=${config}`,
      `--storage.tsdb.path=${join(workDir, 'data')}`,
      `--web.listen-address=${HOST}:${port}`,
      ...flags,
    ],
    join(workDir, 'prometheus.log')
  );
  await waitFor(`${url}/-/ready`, 60_000);
  return { url, process: child };
}

/** A Prometheus API call (`/api/v1/...`) that must succeed; its `data`. */
export async function prometheusApi(baseUrl: string, path: string, params: Record<string, string> = {}): Promise<any> {
  // Queries go as forms (long expressions); /rules and /alerts answer GET only.
  const form = path.startsWith('query') ? new URLSearchParams(params) : undefined;
  const query = form ? '' : `?${new URLSearchParams(params)}`;
  const { status, body } = await httpRequest(`${baseUrl}/api/v1/${path}${query}`, { form, timeoutMs: 120_000 });
  const response = JSON.parse(body);
  if (status !== 200 || response.status !== 'success') {
    throw new Error(
      `${path} ${JSON.stringify(params).slice(0, 300)}: ${status} ${response.error ?? body.slice(0, 300)}`
    );
  }
  return response.data;
}
