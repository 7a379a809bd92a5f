/** Command-line flags and their environment equivalents. Flags win over the environment. */
import { SCENARIO_IDS, ScenarioId } from '../../src/demo';

/** Where the play head stands at start: the span's start, the dashboard's default range start, or the end. */
export type StartPoint = 'span' | 'range' | 'end';

export interface SimulatorConfig {
  scenarios: ScenarioId[];
  /** Scenario ms per wall ms; ignored when replaySeconds is set. */
  speed: number;
  /** Play from the start point to the scenario's end in this many wall seconds (per scenario). */
  replaySeconds?: number;
  from: StartPoint;
  host: string;
  port: number;
  seed?: number;
  /** Wall time the scenarios are anchored to; defaults to now, or to the anchor file's. */
  anchorWall?: number;
  /** Keeps the anchor across restarts, so a restarted simulator continues the same story. */
  anchorFile?: string;
  /** Writes the history before the start point as OpenMetrics, for promtool backfill. */
  backfillFile?: string;
  /** Writes the demo models' drift alert rules (a Prometheus rule file) before reporting ready. */
  rulesFile?: string;
  /** Labels Prometheus gives the live scrapes (job, instance, ...), added to the history so both join. */
  backfillLabels: Record<string, string>;
  /** How often logs, traces and annotations are flushed, wall ms. */
  tickMs: number;
  lokiUrl?: string;
  tempoUrl?: string;
  grafanaUrl?: string;
  grafanaUser?: string;
  grafanaPassword?: string;
  grafanaToken?: string;
}

const FLAGS: Record<string, string> = {
  scenario: 'SIM_SCENARIO',
  speed: 'SIM_SPEED',
  'replay-seconds': 'SIM_REPLAY_SECONDS',
  from: 'SIM_FROM',
  host: 'SIM_HOST',
  port: 'SIM_PORT',
  seed: 'SIM_SEED',
  anchor: 'SIM_ANCHOR',
  'anchor-file': 'SIM_ANCHOR_FILE',
  'backfill-file': 'SIM_BACKFILL_FILE',
  'backfill-labels': 'SIM_BACKFILL_LABELS',
  'rules-file': 'SIM_RULES_FILE',
  'tick-ms': 'SIM_TICK_MS',
  'loki-url': 'LOKI_URL',
  'tempo-url': 'TEMPO_URL',
  'grafana-url': 'GRAFANA_URL',
  'grafana-user': 'GRAFANA_USER',
  'grafana-password': 'GRAFANA_PASSWORD',
  'grafana-token': 'GRAFANA_TOKEN',
};

export const USAGE = `driftline simulator: plays the demo incidents as a model service.

  --scenario all|ctr-decline,latency-gc,chatbot-outage   (SIM_SCENARIO, default all)
  --speed N             scenario seconds per wall second (SIM_SPEED, default 1)
  --replay-seconds N    play from --from to the scenario's end in N seconds (SIM_REPLAY_SECONDS)
  --from span|range|end where the play head starts (SIM_FROM; default end with a backfill file, else range)
  --port N --host H     /metrics listener (SIM_PORT, default 9464; SIM_HOST, default 0.0.0.0)
  --backfill-file F     write the history before the start as OpenMetrics (SIM_BACKFILL_FILE)
  --backfill-labels L   job=...,instance=...: the labels Prometheus adds to the scrapes (SIM_BACKFILL_LABELS)
  --rules-file F        write the demo models' drift alert rules for Prometheus (SIM_RULES_FILE)
  --anchor-file F       remember the anchor time across restarts (SIM_ANCHOR_FILE)
  --loki-url U --tempo-url U --grafana-url U   optional sinks (LOKI_URL, TEMPO_URL, GRAFANA_URL)
  GRAFANA_USER/GRAFANA_PASSWORD or GRAFANA_TOKEN authenticate the annotation posts.`;

export function parseConfig(argv: string[], env: NodeJS.ProcessEnv): SimulatorConfig {
  const values: Record<string, string | undefined> = {};
  for (const [flag, name] of Object.entries(FLAGS)) {
    values[flag] = env[name] || undefined;
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') {
      throw new Error(USAGE);
    }
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match || !(match[1] in FLAGS)) {
      throw new Error(`unknown argument ${arg}\n\n${USAGE}`);
    }
    values[match[1]] = match[2] ?? argv[++i];
  }
  const number = (flag: string, fallback?: number): number | undefined => {
    const raw = values[flag];
    if (raw === undefined) {
      return fallback;
    }
    const parsed = Number(raw);
    if (!Number.isFinite(parsed)) {
      throw new Error(`--${flag} needs a number, got "${raw}"`);
    }
    return parsed;
  };
  const scenarioArg = values.scenario ?? 'all';
  const scenarios =
    scenarioArg === 'all' ? [...SCENARIO_IDS] : (scenarioArg.split(',').map((s) => s.trim()) as ScenarioId[]);
  for (const id of scenarios) {
    if (!SCENARIO_IDS.includes(id)) {
      throw new Error(`unknown scenario "${id}"; use all or one of ${SCENARIO_IDS.join(', ')}`);
    }
  }
  const from = (values.from ?? (values['backfill-file'] ? 'end' : 'range')) as StartPoint;
  if (!['span', 'range', 'end'].includes(from)) {
    throw new Error(`--from must be span, range or end, got "${from}"`);
  }
  const speed = number('speed', 1)!;
  if (!(speed > 0)) {
    throw new Error(`--speed must be positive, got ${speed}`);
  }
  const replaySeconds = number('replay-seconds');
  if (replaySeconds !== undefined && !(replaySeconds > 0)) {
    throw new Error(`--replay-seconds must be positive, got ${replaySeconds}`);
  }
  return {
    scenarios,
    speed,
    replaySeconds,
    from,
    host: values.host ?? '0.0.0.0',
    port: number('port', 9464)!,
    seed: number('seed'),
    anchorWall: number('anchor'),
    anchorFile: values['anchor-file'],
    backfillFile: values['backfill-file'],
    rulesFile: values['rules-file'],
    backfillLabels: parseLabels(values['backfill-labels'] ?? ''),
    tickMs: number('tick-ms', 1000)!,
    lokiUrl: values['loki-url'],
    tempoUrl: values['tempo-url'],
    grafanaUrl: values['grafana-url'],
    grafanaUser: values['grafana-user'],
    grafanaPassword: values['grafana-password'],
    grafanaToken: values['grafana-token'],
  };
}

/** `job=a,instance=b:9464` -> { job: 'a', instance: 'b:9464' }. */
export function parseLabels(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const pair of text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const at = pair.indexOf('=');
    const name = pair.slice(0, at);
    if (at <= 0 || !/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(name)) {
      throw new Error(`--backfill-labels needs name=value pairs separated by commas, got "${pair}"`);
    }
    labels[name] = pair.slice(at + 1);
  }
  return labels;
}
