// Drift rules in Prometheus: the rule group's own evaluationTime (GET /api/v1/rules) for 100 features ×
// 20 buckets, all four methods in one group, for each baseline mode, on 15 s scrapes backfilled with
// promtool. Target: < 1 s per evaluation (median). Also prints what one evaluation of the self-contained
// score query costs, which is what a Grafana-managed rule runs. Needs prometheus and promtool (Debian's
// prometheus package); without them it says SKIPPED.
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';

import { BUCKET_DRIFT_METHODS } from '../src/analysis';
import { DriftRuleSpec, driftRuleGroups, driftScoreQuery, renderPrometheusRuleFile, RuleBaseline } from '../src/rules';
import {
  hasPrometheus,
  httpRequest,
  prometheusApi,
  startPrometheus,
  stopGroup,
} from '../tests/integration/support/processes';

const FEATURES = 100;
const BUCKETS = 20;
const SCRAPE_MS = 15_000;
const HOUR = 3_600_000;
const TARGET_MS = 1000;
const EVALUATIONS = 7;
const EVALUATION_INTERVAL = '5s';
const BOUNDS = Array.from({ length: BUCKETS - 1 }, (_, i) => (i + 1) * 5);

/** CPU time (user + system) a process has used, ms, from /proc; undefined where there is no /proc. */
function cpuMs(pid: number | undefined): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // utime and stime, fields 14 and 15 of stat(5), in clock ticks (100 per second on Linux).
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return undefined;
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Observations per scrape in bucket b of feature f: a bell over the buckets, shifted for every fifth feature now. */
function rate(f: number, b: number, shifted: boolean): number {
  const centre = 8 + (f % 7) + (shifted && f % 5 === 0 ? 4 : 0);
  return Math.round(40 * Math.exp(-((b - centre) ** 2) / 18)) + 1;
}

/** OpenMetrics history of the histogram at 15 s, over yesterday's 6 hours and the last 2 hours. */
async function writeHistory(file: string, now: number): Promise<void> {
  const segments: Array<[number, number]> = [
    [now - 25 * HOUR, now - 19 * HOUR],
    [now - 2 * HOUR, now],
  ];
  const out = createWriteStream(file);
  const write = (text: string) =>
    new Promise<void>((resolve) => (out.write(text) ? resolve() : out.once('drain', resolve)));
  await write('# HELP bench_feature_value Benchmark feature values.\n# TYPE bench_feature_value histogram\n');
  for (let f = 0; f < FEATURES; f++) {
    const counts = new Float64Array(BUCKETS);
    const lines: string[][] = Array.from({ length: BUCKETS }, () => []);
    for (const [from, to] of segments) {
      for (let t = from; t < to; t += SCRAPE_MS) {
        let cumulative = 0;
        for (let b = 0; b < BUCKETS; b++) {
          cumulative += rate(f, b, from > now - 3 * HOUR && t > now - HOUR);
          counts[b] += cumulative;
          const le = b === BUCKETS - 1 ? '+Inf' : String(BOUNDS[b]);
          lines[b].push(
            `bench_feature_value_bucket{model="bench",feature="f${f}",le="${le}"} ${counts[b]} ${t / 1000}\n`
          );
        }
      }
    }
    for (const series of lines) {
      await write(series.join(''));
    }
  }
  await write('# EOF\n');
  await new Promise((resolve) => out.end(resolve));
}

function specs(baseline: RuleBaseline): DriftRuleSpec[] {
  return BUCKET_DRIFT_METHODS.map((method) => ({
    metric: 'bench_feature_value',
    matchers: [{ name: 'model', value: 'bench' }],
    featureLabels: ['feature'],
    bounds: BOUNDS,
    baseline,
    windowMs: HOUR,
    method,
  }));
}

async function main(): Promise<void> {
  const promtool = spawnSync('promtool', ['--version'], { encoding: 'utf8' });
  if (!hasPrometheus || promtool.status !== 0) {
    console.log(
      'SKIPPED rule evaluation benchmark: prometheus and promtool are not on PATH (apt-get install prometheus)'
    );
    return;
  }
  const workDir = mkdtempSync(path.join(tmpdir(), 'driftline-rules-bench-'));
  const now = Math.floor(Date.now() / SCRAPE_MS) * SCRAPE_MS;
  const failures: string[] = [];
  let prometheus: Awaited<ReturnType<typeof startPrometheus>> | undefined;
  try {
    const history = path.join(workDir, 'history.om');
    await writeHistory(history, now);
    const backfill = spawnSync(
      'promtool',
      ['tsdb', 'create-blocks-from', 'openmetrics', history, path.join(workDir, 'data')],
      {
        encoding: 'utf8',
      }
    );
    if (backfill.status !== 0) {
      throw new Error(`promtool backfill failed: ${backfill.stderr}`);
    }
    rmSync(history);
    prometheus = await startPrometheus(workDir, 'global:\n  evaluation_interval: 5s\n', [
      '--storage.tsdb.retention.time=100y',
      '--web.enable-lifecycle',
    ]);
    const url = prometheus.url;
    const configs: Array<{ name: string; baseline: RuleBaseline }> = [
      {
        name: 'last 1h against the same hour yesterday (offset 1d)',
        baseline: { mode: 'timeShift', shiftMs: 24 * HOUR },
      },
      {
        name: 'last 1h against 6h of yesterday pinned with @',
        baseline: { mode: 'fixed', range: { from: now - 25 * HOUR, to: now - 19 * HOUR } },
      },
      { name: 'last 1h against the hour before (previous period)', baseline: { mode: 'previousPeriod' } },
    ];
    console.log(
      `${FEATURES} features × ${BUCKETS} buckets, 15 s scrapes, psi + jensenshannon + ks + hellinger in one group`
    );
    // RULES_BENCH_CONFIG=<index> measures one baseline mode only.
    const chosen = process.env.RULES_BENCH_CONFIG;
    for (const config of chosen === undefined ? configs : [configs[Number(chosen)]]) {
      const rulesFile = path.join(workDir, 'rules.yml');
      const groups = driftRuleGroups(specs(config.baseline)).map((group) => ({
        ...group,
        interval: EVALUATION_INTERVAL,
      }));
      writeFileSync(rulesFile, renderPrometheusRuleFile(groups));
      writeFileSync(
        path.join(workDir, 'prometheus.yml'),
        `global:\n  evaluation_interval: 5s\nrule_files:\n  - ${rulesFile}\n`
      );
      await httpRequest(`${url}/-/reload`, { form: new URLSearchParams() });
      const times = new Map<string, number>();
      const deadline = Date.now() + 5 * 60_000;
      let scores = 0;
      // Prometheus' own CPU time between the first and the last evaluation measured: less sensitive to other
      // processes on the machine than the wall-clock evaluationTime (nothing else runs in this Prometheus).
      let cpuAtFirst: number | undefined;
      while (times.size < EVALUATIONS + 1 && Date.now() < deadline) {
        const [group] = (await prometheusApi(url, 'rules')).groups;
        if (group && !group.lastEvaluation.startsWith('0001')) {
          const failed = group.rules.find((rule: any) => rule.health === 'err');
          if (failed) {
            throw new Error(`rule ${failed.name} failed: ${failed.lastError}`);
          }
          if (group.rules.every((rule: any) => rule.health === 'ok')) {
            if (times.size === 1 && !times.has(group.lastEvaluation)) {
              cpuAtFirst = cpuMs(prometheus.process.pid);
            }
            times.set(group.lastEvaluation, group.evaluationTime * 1000);
            if (process.env.RULES_BENCH_DETAIL) {
              console.log(
                group.rules.map((rule: any) => `${rule.name} ${(rule.evaluationTime * 1000).toFixed(0)}`).join(' | ')
              );
            }
          }
        }
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
      const cpuAtLast = cpuMs(prometheus.process.pid);
      const cpuPerEvaluation =
        cpuAtFirst !== undefined && cpuAtLast !== undefined ? (cpuAtLast - cpuAtFirst) / (times.size - 1) : undefined;
      scores = (await prometheusApi(url, 'query', { query: 'count(driftline:feature_drift:psi)' })).result[0]?.value[1];
      // The first evaluation warms the caches; the rest are the steady state.
      const steady = [...times.values()].slice(1);
      const ms = median(steady);
      console.log(
        `${config.name}: group evaluationTime median ${ms.toFixed(0)} ms, max ${Math.max(...steady).toFixed(0)} ms ` +
          `over ${steady.length} evaluations (${scores} features scored) ${ms < TARGET_MS ? 'OK' : 'MISSED'} (target < ${TARGET_MS} ms); ` +
          `Prometheus CPU per evaluation ${cpuPerEvaluation === undefined ? 'n/a' : `${cpuPerEvaluation.toFixed(0)} ms`}`
      );
      if (!(ms < TARGET_MS) || Number(scores) !== FEATURES) {
        failures.push(`${config.name}: ${ms.toFixed(0)} ms, ${scores} features`);
      }
      // The same scores as one self-contained query per method: what a Grafana-managed rule runs per evaluation.
      if (config !== configs[0]) {
        continue;
      }
      const inline = BUCKET_DRIFT_METHODS.map((method, i) => {
        const expr = driftScoreQuery(specs(config.baseline)[i]);
        return { method, expr };
      });
      const inlineTimes: string[] = [];
      for (const { method, expr } of inline) {
        const runs: number[] = [];
        for (let run = 0; run < 2; run++) {
          const start = performance.now();
          await prometheusApi(url, 'query', { query: expr, time: String(now / 1000) });
          runs.push(performance.now() - start);
        }
        inlineTimes.push(`${method} ${median(runs).toFixed(0)} ms`);
      }
      console.log(`  one Grafana-managed evaluation (self-contained query, HTTP included): ${inlineTimes.join(', ')}`);
    }
    console.log(
      `load average ${loadavg()
        .map((load) => load.toFixed(1))
        .join(' ')} (2 cores shared)`
    );
  } finally {
    await stopGroup(prometheus?.process);
    rmSync(workDir, { recursive: true, force: true });
  }
  if (failures.length > 0) {
    console.log(`rule evaluation targets missed: ${failures.join('; ')}`);
    process.exit(1);
  }
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
