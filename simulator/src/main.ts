/**
 * The simulator service: plays the demo scenarios as a model service would live through them.
 * Serves /metrics (Prometheus text, or OpenMetrics with exemplars when the scraper asks for it),
 * pushes logs to Loki, traces to Tempo and annotations to Grafana when their URLs are set, and can
 * write the history before its start for promtool to backfill into Prometheus.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { dirname } from 'node:path';

import { getScenario } from '../../src/demo';
import { openMetricsHistory } from './backfill';
import { ScenarioClock } from './clock';
import { parseConfig, SimulatorConfig } from './config';
import { createRegistry, Player } from './metrics';
import { buildServiceModel } from './model';
import { demoRuleFile } from './rules';
import { HttpSink } from './sinks';
import { TelemetryPlayer } from './telemetry';

/** Uid of the Prometheus/Loki/Tempo dashboard of a scenario; annotations are posted to it. */
export function liveDashboardUid(scenarioId: string): string {
  return `${scenarioId}-live`;
}

/** Backfilled history has at most this many points per series. */
const MAX_HISTORY_POINTS = 4000;
/** Logs and traces of the history are pushed in this many pieces per scenario. */
const HISTORY_CHUNKS = 200;

export interface RunningSimulator {
  port: number;
  url: string;
  players: Array<Player & { telemetry: TelemetryPlayer }>;
  stop(): Promise<void>;
}

function readAnchor(config: SimulatorConfig, now: number): number {
  if (config.anchorWall !== undefined) {
    return config.anchorWall;
  }
  if (config.anchorFile && existsSync(config.anchorFile)) {
    try {
      const saved = JSON.parse(readFileSync(config.anchorFile, 'utf8'));
      if (Number.isFinite(saved.anchorWall)) {
        return saved.anchorWall;
      }
    } catch {
      // An unreadable anchor file is replaced below.
    }
  }
  if (config.anchorFile) {
    mkdirSync(dirname(config.anchorFile), { recursive: true });
    writeFileSync(config.anchorFile, JSON.stringify({ anchorWall: now }) + '\n');
  }
  return now;
}

function sinksFor(config: SimulatorConfig, log: (message: string) => void) {
  const grafanaHeaders: Record<string, string> = {};
  if (config.grafanaToken) {
    grafanaHeaders.Authorization = `Bearer ${config.grafanaToken}`;
  } else if (config.grafanaUser) {
    const credentials = Buffer.from(`${config.grafanaUser}:${config.grafanaPassword ?? ''}`).toString('base64');
    grafanaHeaders.Authorization = `Basic ${credentials}`;
  }
  const trim = (url: string) => url.replace(/\/+$/, '');
  return {
    loki: config.lokiUrl
      ? new HttpSink({ name: 'loki', url: `${trim(config.lokiUrl)}/loki/api/v1/push`, log })
      : undefined,
    tempo: config.tempoUrl
      ? new HttpSink({ name: 'tempo', url: `${trim(config.tempoUrl)}/v1/traces`, log })
      : undefined,
    grafana: config.grafanaUrl
      ? new HttpSink({
          name: 'grafana',
          url: `${trim(config.grafanaUrl)}/api/annotations`,
          headers: grafanaHeaders,
          log,
        })
      : undefined,
  };
}

/** Writes a file that readers never see half-written. */
function writeAtomically(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(`${file}.tmp`, text);
  renameSync(`${file}.tmp`, file);
}

export async function startSimulator(
  config: SimulatorConfig,
  log: (message: string) => void = (message) => console.log(message)
): Promise<RunningSimulator> {
  const anchorWall = readAnchor(config, Date.now());
  const players = config.scenarios.map((id) => {
    const scenario = getScenario(id, { now: anchorWall, seed: config.seed });
    const startPos =
      config.from === 'span'
        ? scenario.span.from
        : config.from === 'range'
          ? scenario.defaultRange.from
          : scenario.span.to;
    const remaining = scenario.span.to - startPos || scenario.span.to - scenario.span.from;
    const speed = config.replaySeconds ? remaining / (config.replaySeconds * 1000) : config.speed;
    const clock = new ScenarioClock({ span: scenario.span, anchorWall, startPos, speed });
    const model = buildServiceModel(scenario);
    const telemetry = new TelemetryPlayer(scenario, clock, liveDashboardUid(id));
    log(
      `${id}: ${model.families.length} metric families, playing from ${new Date(startPos).toISOString()} of the scenario at ${speed.toFixed(2)}x`
    );
    return { model, clock, telemetry, scenario };
  });

  let ready = !config.backfillFile && !config.rulesFile;
  const registries = {
    prometheus: createRegistry(players, 'prometheus'),
    openmetrics: createRegistry(players, 'openmetrics'),
  };
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (path === '/metrics') {
      const openMetrics = /application\/openmetrics-text/.test(request.headers.accept ?? '');
      const registry = openMetrics ? registries.openmetrics : registries.prometheus;
      registry
        .metrics()
        .then((text) => {
          response.writeHead(200, { 'Content-Type': registry.contentType });
          response.end(text);
        })
        .catch((error: Error) => {
          response.writeHead(500, { 'Content-Type': 'text/plain' });
          response.end(`could not render metrics: ${error.message}\n`);
        });
      return;
    }
    if (path === '/ready' || path === '/healthz') {
      const ok = path === '/healthz' || ready;
      response.writeHead(ok ? 200 : 503, { 'Content-Type': 'text/plain' });
      response.end(ok ? 'ok\n' : 'writing history\n');
      return;
    }
    if (path === '/' || path === '/status') {
      const now = Date.now();
      const status = players.map(({ scenario, clock }) => {
        const position = clock.positionAt(now);
        return {
          scenario: scenario.id,
          loop: position.loop,
          playing: new Date(position.pos).toISOString(),
          progress: (position.pos - scenario.span.from) / clock.spanMs,
          speed: clock.speed,
        };
      });
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify({ anchor: new Date(anchorWall).toISOString(), scenarios: status }, null, 2) + '\n');
      return;
    }
    response.writeHead(404, { 'Content-Type': 'text/plain' });
    response.end('not found: try /metrics\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  log(`serving http://${config.host}:${port}/metrics`);

  const sinks = sinksFor(config, log);
  const send = (batch: ReturnType<TelemetryPlayer['between']>) => {
    if (batch.logs) {
      sinks.loki?.enqueue(batch.logs);
    }
    if (batch.traces) {
      sinks.tempo?.enqueue(batch.traces);
    }
    for (const annotation of batch.annotations) {
      sinks.grafana?.enqueue(annotation);
    }
  };

  if (config.backfillFile) {
    // The scenario's own resolution, at most MAX_HISTORY_POINTS points, never finer than a 15 s scrape.
    const stepFor = ({ scenario, clock }: (typeof players)[number]) =>
      Math.max(
        15_000,
        scenario.stepMs / clock.speed,
        Math.ceil((anchorWall - clock.wallAt(clock.span.from)) / MAX_HISTORY_POINTS / 1000) * 1000
      );
    const text = openMetricsHistory(players, anchorWall, stepFor, config.backfillLabels);
    writeAtomically(config.backfillFile, text);
    log(`wrote ${(text.length / 1e6).toFixed(1)} MB of history to ${config.backfillFile}`);
    if (sinks.loki || sinks.tempo || sinks.grafana) {
      for (const { clock, telemetry } of players) {
        const from = clock.span.from;
        const chunk = (clock.startPos - from) / HISTORY_CHUNKS;
        for (let k = 0; chunk > 0 && k < HISTORY_CHUNKS; k++) {
          send(telemetry.between(from + k * chunk, from + (k + 1) * chunk));
        }
      }
    }
  }
  if (config.rulesFile) {
    // The fixed baselines are pinned to this anchor, so the rules are written with the history.
    writeAtomically(config.rulesFile, demoRuleFile(players));
    log(`wrote the demo models' drift alert rules to ${config.rulesFile}`);
  }
  ready = true;

  const played = players.map(({ clock }) => clock.startPos);
  const tick = () => {
    const now = Date.now();
    players.forEach(({ clock, telemetry }, i) => {
      const to = clock.absoluteAt(now);
      if (to > played[i]) {
        send(telemetry.between(played[i], to));
        played[i] = to;
      }
    });
  };
  const timer = config.lokiUrl || config.tempoUrl || config.grafanaUrl ? setInterval(tick, config.tickMs) : undefined;

  return {
    port,
    url: `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`,
    players,
    stop: async () => {
      clearInterval(timer);
      Object.values(sinks).forEach((sink) => sink?.stop());
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export async function main(argv: string[]): Promise<void> {
  let config: SimulatorConfig;
  try {
    config = parseConfig(argv, process.env);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
  const simulator = await startSimulator(config);
  const shutdown = () => {
    simulator.stop().finally(() => process.exit(0));
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
  // A failing sink or a bad request must never take the service down.
  process.on('unhandledRejection', (reason) => console.error('unhandled rejection:', reason));
}
