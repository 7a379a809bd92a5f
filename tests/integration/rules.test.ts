/**
 * The drift rules on a real Prometheus (the Debian package): the simulator writes its history and the
 * demo models' rules as the Docker stack does, promtool backfills the history, and Prometheus loads the
 * rules. Then:
 * - the scores Prometheus records, and the self-contained score query at >= 50 past timestamps per
 *   scenario, equal the engine's bucketDrift on the same increases (1e-9 relative);
 * - over the whole history, evaluated at each group's interval with `for`: ctr-decline alerts on
 *   user_recent_categories_count after the data change and within a day, never during the baseline;
 *   latency-gc alerts on input_tokens within an hour of the campaign; no feature the story leaves alone
 *   ever fires (0 false alerts); the detection delays are printed;
 * - `npm run --silent rules` discovers the same rules from this Prometheus, and exits 2 with one line on
 *   bad input.
 */
import { ChildProcess, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { load } from 'js-yaml';

import { bucketDrift, CumulativeBucket, parseLe } from '../../src/analysis';
import { getScenario, SCENARIO_IDS, ScenarioId } from '../../src/demo';
import {
  alertEpisodes,
  AlertEpisode,
  driftAlertQuery,
  driftCountQueries,
  DriftRuleSpec,
  driftRuleGroups,
  driftScoreQuery,
  firstFiring,
  renderPrometheusRuleFile,
} from '../../src/rules';
import { checkRules } from '../../src/rules/testSupport';
import { demoRuleFile, demoRuleSpecs } from '../../simulator/src/rules';
import { playerFor } from '../../simulator/src/testSupport';
import {
  buildSimulator,
  describeWithPrometheus,
  freePort,
  HOST,
  httpRequest,
  Json,
  prometheusApi,
  ROOT,
  startGroup,
  startPrometheus,
  stopGroup,
  waitFor,
} from './support/processes';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const RELATIVE_TOLERANCE = 1e-9;
/** Past timestamps per scenario at which the self-contained score is compared with the engine. */
const EXACTNESS_TIMESTAMPS = 50;

/** The labels the stack's Prometheus gives the scrapes (docker-compose.yml), so history and live series join. */
const BACKFILL_LABELS = 'job=driftline-simulator,instance=simulator:9464,environment=demo';

interface Story {
  scenario: ScenarioId;
  /** The annotation that starts the story's input drift, by tag; none when no input should drift. */
  changeTag?: string;
  /** Features the story changes at that annotation; every other feature must never fire. */
  drifting: string[];
  /** The feature that must fire, and how soon after the change. */
  mustFire?: { feature: string; withinMs: number };
}

const STORIES: Story[] = [
  {
    scenario: 'ctr-decline',
    changeTag: 'schema-change',
    drifting: ['user_recent_categories_count'],
    mustFire: { feature: 'user_recent_categories_count', withinMs: DAY },
  },
  {
    scenario: 'latency-gc',
    changeTag: 'campaign',
    // request_chars is input_tokens counted in characters (the scenario draws it from the token count).
    drifting: ['input_tokens', 'request_chars'],
    mustFire: { feature: 'input_tokens', withinMs: HOUR },
  },
  { scenario: 'chatbot-outage', drifting: [] },
];

interface Matrix {
  metric: Record<string, string>;
  values: Array<[number, string]>;
}

function relativeError(actual: number, expected: number): number {
  return Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-300);
}

function featureOf(spec: DriftRuleSpec): string {
  return spec.matchers!.find((matcher) => matcher.name === 'feature')!.value;
}

/** Cumulative buckets per timestamp (seconds) from a matrix of one feature's cumulative counts by le. */
function bucketsByTime(result: Matrix[]): Map<number, CumulativeBucket[]> {
  const byTime = new Map<number, CumulativeBucket[]>();
  for (const series of result) {
    const le = parseLe(series.metric.le);
    for (const [time, value] of series.values) {
      const buckets = byTime.get(time) ?? [];
      buckets.push({ le, count: Number(value) });
      byTime.set(time, buckets);
    }
  }
  for (const buckets of byTime.values()) {
    buckets.sort((a, b) => a.le - b.le);
  }
  return byTime;
}

/** A small histogram whose buckets change half-way, for the command's layout check. */
function rebucketedHistory(anchor: number): string {
  const lines = [
    '# HELP driftline_rebucketed_value A histogram whose buckets changed.',
    '# TYPE driftline_rebucketed_value histogram',
  ];
  const start = anchor - 4 * HOUR;
  const split = anchor - 2 * HOUR;
  const layouts: Array<{ le: string; perMinute: number; from: number; to: number }> = [
    { le: '1', perMinute: 5, from: start, to: anchor },
    { le: '2', perMinute: 8, from: start, to: split },
    { le: '5', perMinute: 9, from: split, to: anchor },
    { le: '+Inf', perMinute: 10, from: start, to: anchor },
  ];
  for (const { le, perMinute, from, to } of layouts) {
    for (let t = from; t < to; t += MINUTE) {
      lines.push(
        `driftline_rebucketed_value_bucket{feature="f",le="${le}"} ${((t - start) / MINUTE) * perMinute} ${t / 1000}`
      );
    }
  }
  lines.push('# EOF');
  return lines.join('\n') + '\n';
}

describeWithPrometheus('the drift rules integration test')(
  "drift rules on a real Prometheus with the simulator's history",
  () => {
    let workDir: string;
    let prometheus: ChildProcess | undefined;
    let promUrl: string;
    let anchor: number;
    let specs: DriftRuleSpec[];
    let rulesFile: string;
    const delays: string[] = [];

    const players = () => SCENARIO_IDS.map((id) => playerFor(id, { anchorWall: anchor }));
    /** The rules of one scenario's model, as the simulator wrote them. */
    const specsOf = (scenario: ScenarioId) => demoRuleSpecs([playerFor(scenario, { anchorWall: anchor })]);

    /** When the scenario's history starts, and the wall time of an annotation tagged `tag`. */
    function storyTimes(scenario: ScenarioId, tag?: string): { dataStart: number; change?: number } {
      const player = playerFor(scenario, { anchorWall: anchor });
      const demo = getScenario(scenario, { now: anchor });
      const dataStart = player.clock.wallAt(player.clock.span.from);
      if (!tag) {
        return { dataStart };
      }
      const frame = demo.annotations;
      const tags = frame.fields.find((field) => field.name === 'tags')!.values as string[][];
      const times = frame.fields.find((field) => field.name === 'time')!.values as number[];
      const index = tags.findIndex((list) => list.includes(tag));
      return { dataStart, change: player.clock.wallAt(times[index]) };
    }

    async function queryRange(expr: string, start: number, end: number, stepMs: number): Promise<Matrix[]> {
      return (
        await prometheusApi(promUrl, 'query_range', {
          query: expr,
          start: String(start / 1000),
          end: String(end / 1000),
          step: `${stepMs / 1000}s`,
        })
      ).result;
    }

    async function instant(expr: string, at: number): Promise<Json[]> {
      return (await prometheusApi(promUrl, 'query', { query: expr, time: String(at / 1000) })).result;
    }

    /** The first time at which both windows of a spec lie within the history. */
    function fullWindowsFrom(spec: DriftRuleSpec, dataStart: number): number {
      const baseline = spec.baseline;
      const baselineReach =
        baseline.mode === 'timeShift'
          ? baseline.shiftMs + (baseline.durationMs ?? spec.windowMs)
          : baseline.mode === 'previousPeriod'
            ? 2 * spec.windowMs
            : 0;
      return dataStart + Math.max(spec.windowMs, baselineReach);
    }

    /**
     * The spec's score at every evaluation from `start` to `end`, from the engine on the windows' counts as
     * Prometheus returns them (what the recorded score equals; checked below).
     */
    async function engineScores(
      spec: DriftRuleSpec,
      start: number,
      end: number
    ): Promise<{ times: number[]; scores: number[] }> {
      const step = spec.evaluationIntervalMs!;
      const counts = driftCountQueries(spec);
      // query_range answers at most 11,000 points per series: 28 days at 1 minute take four queries.
      const chunk = 10_000 * step;
      const ranges: Array<[number, number]> = [];
      for (let from = start; from <= end; from += chunk) {
        ranges.push([from, Math.min(end, from + chunk - step)]);
      }
      const matrices = async (expr: string) =>
        (await Promise.all(ranges.map(([from, to]) => queryRange(expr, from, to, step)))).flat();
      const current = bucketsByTime(await matrices(counts.current));
      // A pinned baseline is the same at every evaluation: one instant query.
      const pinned =
        spec.baseline.mode === 'fixed'
          ? bucketsByTime(
              (await instant(counts.baseline, end)).map((series) => ({ metric: series.metric, values: [series.value] }))
            )
          : undefined;
      const baseline = pinned
        ? new Map([...current.keys()].map((time) => [time, [...pinned.values()][0]]))
        : bucketsByTime(await matrices(counts.baseline));
      const times: number[] = [];
      const scores: number[] = [];
      for (const [time, buckets] of [...current].sort((a, b) => a[0] - b[0])) {
        const reference = baseline.get(time);
        if (!reference || buckets[buckets.length - 1].count === 0 || reference[reference.length - 1].count === 0) {
          continue;
        }
        times.push(time * 1000);
        scores.push(bucketDrift(reference, buckets, spec.method));
      }
      return { times, scores };
    }

    function episodesOf(spec: DriftRuleSpec, times: number[], scores: number[]): AlertEpisode[] {
      return alertEpisodes(times, scores, {
        threshold: spec.threshold!,
        forMs: spec.forMs!,
        intervalMs: spec.evaluationIntervalMs!,
      });
    }

    beforeAll(async () => {
      workDir = mkdtempSync(join(tmpdir(), 'driftline-rules-'));
      const simulatorEntry = buildSimulator();
      anchor = Math.floor(Date.now() / 1000) * 1000;
      const simPort = await freePort();
      const history = join(workDir, 'history.om');
      rulesFile = join(workDir, 'rules', 'driftline-demo.yml');
      const simulator = startGroup(
        process.execPath,
        [
          simulatorEntry,
          '--scenario=all',
          `--anchor=${anchor}`,
          `--backfill-file=${history}`,
          `--backfill-labels=${BACKFILL_LABELS}`,
          `--rules-file=${rulesFile}`,
          `--host=${HOST}`,
          `--port=${simPort}`,
        ],
        join(workDir, 'simulator.log')
      );
      // Ready once the history and the rules are written; the live part is not needed here.
      await waitFor(`http://${HOST}:${simPort}/ready`, 240_000);
      await stopGroup(simulator);
      // The histograms the rules read and one counter (the command's "not a histogram" case): importing the
      // other families, which the panels' integration test covers, would only take time here.
      const families = /^(# (HELP|TYPE) )?(model_feature_value|http_requests)[_ {]|^# EOF/;
      writeFileSync(
        history,
        readFileSync(history, 'utf8')
          .split('\n')
          .filter((line) => families.test(line))
          .join('\n') + '\n'
      );
      writeFileSync(join(workDir, 'rebucketed.om'), rebucketedHistory(anchor));
      mkdirSync(join(workDir, 'data'));
      for (const file of [history, join(workDir, 'rebucketed.om')]) {
        const backfill = spawnSync(
          'promtool',
          ['tsdb', 'create-blocks-from', 'openmetrics', '--max-block-duration=24h', file, join(workDir, 'data')],
          { encoding: 'utf8', timeout: 240_000 }
        );
        if (backfill.status !== 0) {
          throw new Error(`promtool backfill of ${file} failed: ${backfill.stderr}`);
        }
      }
      specs = demoRuleSpecs(players());
      // Started without rules, which then come with a reload: rules loaded at start-up wait two evaluations
      // to restore their alerts' `for` state from storage before they write ALERTS, up to three minutes here.
      const started = await startPrometheus(
        workDir,
        'global:\n  evaluation_interval: 30s\n',
        // The history reaches 28 days back.
        ['--storage.tsdb.retention.time=100y', '--web.enable-lifecycle']
      );
      prometheus = started.process;
      promUrl = started.url;
      writeFileSync(
        join(workDir, 'prometheus.yml'),
        ['global:', '  evaluation_interval: 30s', 'rule_files:', `  - ${rulesFile}`, ''].join('\n')
      );
      const reload = await httpRequest(`${promUrl}/-/reload`, { form: new URLSearchParams() });
      expect(reload.status).toBe(200);
    }, 600_000);

    afterAll(async () => {
      await stopGroup(prometheus);
      if (delays.length > 0) {
        console.info(`Detection delays (rules evaluated over the backfilled history):\n  ${delays.join('\n  ')}`);
      }
      if (workDir) {
        rmSync(workDir, { recursive: true, force: true });
      }
    });

    test('the simulator wrote the demo rules for this anchor, and promtool check rules accepts them', () => {
      const text = readFileSync(rulesFile, 'utf8');
      expect(text).toBe(demoRuleFile(players()));
      const result = checkRules(text);
      expect(result.output).toContain('SUCCESS: 64 rules found');
    });

    test.each(STORIES.map((story) => story.scenario))(
      `%s: the score query equals bucketDrift at >= ${EXACTNESS_TIMESTAMPS} past timestamps`,
      async (scenario) => {
        const { dataStart } = storyTimes(scenario);
        const scenarioSpecs = specsOf(scenario);
        const perFeature = Math.ceil(EXACTNESS_TIMESTAMPS / scenarioSpecs.length) + 1;
        let comparisons = 0;
        for (const spec of scenarioSpecs) {
          const start = fullWindowsFrom(spec, dataStart) + spec.windowMs;
          const step = Math.floor((anchor - start) / (perFeature - 1) / 1000) * 1000;
          const [scored] = await queryRange(driftScoreQuery(spec), start, anchor, step);
          const counts = driftCountQueries(spec);
          const current = bucketsByTime(await queryRange(counts.current, start, anchor, step));
          const baseline = bucketsByTime(await queryRange(counts.baseline, start, anchor, step));
          expect(scored.values.length).toBeGreaterThanOrEqual(perFeature - 1);
          for (const [time, value] of scored.values) {
            const expected = bucketDrift(baseline.get(time)!, current.get(time)!, spec.method);
            const error = relativeError(Number(value), expected);
            if (!(error <= RELATIVE_TOLERANCE)) {
              throw new Error(
                `${featureOf(spec)} at ${new Date(time * 1000).toISOString()}: Prometheus ${value}, engine ${expected}`
              );
            }
            comparisons++;
          }
        }
        expect(comparisons).toBeGreaterThanOrEqual(EXACTNESS_TIMESTAMPS);
      }
    );

    test('a window without traffic or without a baseline has no score, never NaN', async () => {
      const { dataStart } = storyTimes('latency-gc');
      const spec = specsOf('latency-gc')[0];
      // Before the history: no traffic in either window.
      expect(await instant(driftScoreQuery(spec), dataStart - HOUR)).toEqual([]);
      // Half an hour in: traffic, but the baseline (the hour ending an hour earlier) lies before the history.
      expect(await instant(driftScoreQuery(spec), dataStart + 30 * MINUTE)).toEqual([]);
      expect((await instant(driftCountQueries(spec).current, dataStart + 30 * MINUTE)).length).toBeGreaterThan(0);
    });

    test.each(STORIES)('$scenario: over the whole history, only the story fires, and in time', async (story) => {
      const { dataStart, change } = storyTimes(story.scenario, story.changeTag);
      const firings: string[] = [];
      const scenarioSpecs = specsOf(story.scenario);
      const allScores = await Promise.all(
        scenarioSpecs.map((spec) => engineScores(spec, fullWindowsFrom(spec, dataStart), anchor))
      );
      for (const [index, spec] of scenarioSpecs.entries()) {
        const feature = featureOf(spec);
        const { times, scores } = allScores[index];
        expect(times.length).toBeGreaterThan(100);
        const episodes = episodesOf(spec, times, scores);
        const fired = episodes.filter((episode) => episode.firingAt !== undefined);
        const drifts = story.drifting.includes(feature);
        // A false alert: firing on a feature the story leaves alone, or before the story's change.
        const falseAlerts = fired.filter((episode) => !drifts || episode.firingAt! < change!);
        firings.push(`${feature}: ${fired.length} firing episode(s), ${falseAlerts.length} false`);
        expect({ feature, falseAlerts }).toEqual({ feature, falseAlerts: [] });
        if (story.mustFire?.feature === feature) {
          const firing = firstFiring(episodes)!;
          expect(firing).toBeGreaterThan(change!);
          expect(firing - change!).toBeLessThanOrEqual(story.mustFire.withinMs);
          const episode = episodes.find((candidate) => candidate.firingAt === firing)!;
          // Prometheus agrees: the alert condition holds at every evaluation from the episode's start to the
          // firing, and not at the evaluation before.
          const step = spec.evaluationIntervalMs!;
          const [held] = await queryRange(driftAlertQuery(spec), episode.activeAt - step, firing, step);
          expect(held.values.map(([time]) => time * 1000)).toEqual(
            Array.from({ length: (firing - episode.activeAt) / step + 1 }, (_, i) => episode.activeAt + i * step)
          );
          const minutes = (firing - change!) / MINUTE;
          delays.push(
            `${story.scenario} ${feature}: fires ${minutes >= 120 ? `${(minutes / 60).toFixed(1)} h` : `${minutes.toFixed(1)} min`} after the ` +
              `${story.changeTag} annotation (pending from ${((episode.activeAt - change!) / MINUTE).toFixed(1)} min, for ${spec.forMs! / MINUTE} min)`
          );
        }
        if (story.scenario === 'ctr-decline') {
          const baseline = spec.baseline as { range: { from: number; to: number } };
          // Never during the baseline it is compared with.
          expect(
            episodes.filter(
              (episode) =>
                episode.activeAt <= baseline.range.to &&
                episode.firingAt !== undefined &&
                episode.firingAt >= baseline.range.from
            )
          ).toEqual([]);
        }
      }
      delays.push(`${story.scenario}: ${firings.join('; ')}`);
    });

    describe('npm run --silent rules', () => {
      function rules(args: string[]): { status: number | null; stdout: string; stderr: string } {
        const result = spawnSync('npm', ['run', '--silent', 'rules', '--', ...args], {
          cwd: ROOT,
          encoding: 'utf8',
          timeout: 120_000,
        });
        return { status: result.status, stdout: result.stdout, stderr: result.stderr };
      }

      const iso = (ms: number) => new Date(ms).toISOString();

      test('the documented form discovers the features and their buckets and prints the rules', () => {
        const [ctr] = specsOf('ctr-decline');
        const baseline = (ctr.baseline as { range: { from: number; to: number } }).range;
        const args = [
          '--prometheus',
          promUrl,
          '--metric',
          'model_feature_value',
          '--by',
          'feature',
          '--baseline-start',
          iso(baseline.from),
          '--baseline-end',
          iso(baseline.to),
          '--window',
          '6h',
          '--method',
          'psi',
          '--threshold',
          '0.1',
          '--for',
          '30m',
          '--format',
          'prometheus',
          '--match',
          'model=reco-model',
        ];
        const result = rules(args);
        expect(result.stderr).toBe('');
        expect(result.status).toBe(0);
        // Each feature has its own buckets, so each gets its own rules: the same as from the simulator's own bounds.
        const expected = specsOf('ctr-decline')
          .map((spec) => ({
            metric: spec.metric,
            matchers: spec.matchers,
            featureLabels: ['feature'],
            groupBy: [],
            bounds: spec.bounds,
            baseline: spec.baseline,
            windowMs: 6 * HOUR,
            method: 'psi' as const,
            threshold: 0.1,
            forMs: 30 * MINUTE,
          }))
          .sort((a, b) => featureOf(a).localeCompare(featureOf(b)));
        expect(load(result.stdout)).toEqual(load(renderPrometheusRuleFile(driftRuleGroups(expected))));
        expect(checkRules(result.stdout).output).toContain('SUCCESS: 32 rules found');
      });

      test('--format grafana prints file provisioning with the same queries', () => {
        const args = [
          '--prometheus',
          promUrl,
          '--metric',
          'model_feature_value',
          '--by',
          'feature',
          '--match',
          'model=nlp-intent',
          '--baseline-offset',
          '1h',
          '--baseline-length',
          '1h',
          '--window',
          '10m',
          '--format',
          'grafana',
          '--datasource-uid',
          'prom',
        ];
        const result = rules(args);
        expect(result.status).toBe(0);
        const file = load(result.stdout) as Json;
        expect(file).toMatchObject({ apiVersion: 1, groups: [{ name: 'Driftline drift', folder: 'Driftline' }] });
        const rulesOut: Json[] = file.groups[0].rules;
        expect(rulesOut.map((rule) => rule.data[0].datasourceUid)).toEqual(['prom', 'prom']);
        const inputTokens = specsOf('latency-gc').find((spec) => featureOf(spec) === 'input_tokens')!;
        expect(rulesOut.map((rule) => rule.data[0].model.expr)).toContain(
          driftScoreQuery({ ...inputTokens, evaluationIntervalMs: undefined, forMs: undefined, threshold: undefined })
        );
        // On the scores the Prometheus rules record instead.
        const recorded = rules([...args, '--grafana-source', 'recorded']);
        expect(recorded.status).toBe(0);
        expect(
          ((load(recorded.stdout) as Json).groups[0].rules as Json[]).map((rule) => rule.data[0].model.expr)
        ).toEqual([
          'driftline:feature_drift:psi{histogram="model_feature_value", model="nlp-intent", feature="input_tokens"}',
          'driftline:feature_drift:psi{histogram="model_feature_value", model="nlp-intent", feature="request_chars"}',
        ]);
      });

      test.each<[string, (closedPort: number) => string[], RegExp]>([
        [
          'an unknown metric',
          () => ['--metric', 'model_feature_valu', '--previous-period', '--window', '1h'],
          /no metric model_feature_valu_bucket/,
        ],
        [
          'a metric that is not a histogram',
          () => ['--metric', 'http_requests', '--previous-period', '--window', '1h'],
          /http_requests is .*not a classic histogram/,
        ],
        [
          'buckets that differ between baseline and current',
          () => [
            '--metric',
            'driftline_rebucketed_value',
            '--baseline-offset',
            '3h',
            '--baseline-length',
            '1h',
            '--window',
            '1h',
          ],
          /le=1,2,\+Inf in the baseline but le=1,5,\+Inf in the current window/,
        ],
        [
          'a bad duration',
          () => ['--metric', 'model_feature_value', '--previous-period', '--window', '6hours'],
          /--window: "6hours" is not a duration/,
        ],
        [
          'an unreachable Prometheus',
          (closedPort) => [
            '--prometheus',
            `http://${HOST}:${closedPort}`,
            '--metric',
            'x',
            '--previous-period',
            '--window',
            '1h',
          ],
          /cannot reach Prometheus at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/,
        ],
        [
          'a baseline time that is not RFC 3339',
          () => [
            '--metric',
            'x',
            '--baseline-start',
            'yesterday',
            '--baseline-end',
            '2025-01-01T00:00:00Z',
            '--window',
            '1h',
          ],
          /not an RFC 3339 time/,
        ],
      ])('%s: exit 2 and one actionable line', async (_name, argsFor, message) => {
        const closedPort = await freePort();
        const args = argsFor(closedPort);
        const withDefaults = [
          ...(args.includes('--prometheus') ? [] : ['--prometheus', promUrl]),
          ...(args.includes('--by') ? [] : ['--by', 'feature']),
          ...args,
        ];
        const result = rules(withDefaults);
        expect(result.status).toBe(2);
        expect(result.stdout).toBe('');
        expect(result.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(message)]);
        expect(result.stderr).toMatch(/^error: /);
      });
    });

    // Last, so that the groups have been evaluated a few times meanwhile.
    describe('the rule manager, evaluating the rules now', () => {
      beforeAll(async () => {
        // Every group evaluated at least once since the reload.
        const deadline = Date.now() + 170_000;
        for (;;) {
          const groups: Json[] = (await prometheusApi(promUrl, 'rules')).groups;
          const evaluated = groups.every((group) => group.rules.every((rule: Json) => rule.health !== 'unknown'));
          if (groups.length > 0 && evaluated) {
            break;
          }
          if (Date.now() > deadline) {
            throw new Error('the rule groups were not all evaluated within 170 s of loading');
          }
          await new Promise((resolve) => setTimeout(resolve, 1000));
        }
      }, 180_000);

      test('Prometheus loaded every group and evaluates it without an error', async () => {
        const groups: Json[] = (await prometheusApi(promUrl, 'rules')).groups;
        expect(groups).toHaveLength(specs.length);
        const unhealthy = groups.flatMap((group) =>
          group.rules
            .filter((rule: Json) => rule.health !== 'ok')
            .map((rule: Json) => `${group.name}: ${rule.name} ${rule.lastError}`)
        );
        expect(unhealthy).toEqual([]);
      });

      test('the scores the rule manager records equal bucketDrift on the same increases', async () => {
        const compared: string[] = [];
        for (const spec of specs) {
          const feature = featureOf(spec);
          const samples: Json[] = await instant(
            `driftline:feature_drift:${spec.method}{feature="${feature}"}[10m]`,
            Date.now()
          );
          expect(samples).toHaveLength(1);
          const [time, value] = samples[0].values[samples[0].values.length - 1] as [number, string];
          const counts = driftCountQueries(spec);
          const current = bucketsByTime(
            (await instant(counts.current, time * 1000)).map((s) => ({ metric: s.metric, values: [s.value] }))
          );
          const baseline = bucketsByTime(
            (await instant(counts.baseline, time * 1000)).map((s) => ({ metric: s.metric, values: [s.value] }))
          );
          const expected = bucketDrift(baseline.get(time)!, current.get(time)!, spec.method);
          expect({ feature, error: relativeError(Number(value), expected) }).toEqual({
            feature,
            error: expect.any(Number),
          });
          expect(relativeError(Number(value), expected)).toBeLessThanOrEqual(RELATIVE_TOLERANCE);
          compared.push(`${feature} ${Number(value).toPrecision(6)}`);
        }
        expect(compared).toHaveLength(8);
      });

      test('the live alerts: ctr-decline and latency-gc are active on their story feature, nothing else', async () => {
        const alerts: Json[] = (await prometheusApi(promUrl, 'alerts')).alerts;
        const active = alerts
          .filter((alert) => alert.labels.alertname === 'DriftlineFeatureDrift')
          .map((alert) => alert.labels.feature)
          .sort();
        expect(active).toEqual(['input_tokens', 'request_chars', 'user_recent_categories_count']);
      });

      test('the full-stack dashboards’ alert and recorded-drift queries return data here', async () => {
        const checked: string[] = [];
        for (const scenario of ['ctr-decline', 'latency-gc'] as const) {
          const dashboard: Json = JSON.parse(
            readFileSync(join(ROOT, 'provisioning', 'dashboards', `${scenario}-live.json`), 'utf8')
          );
          const variables = Object.fromEntries(
            (dashboard.templating?.list ?? []).map((variable: Json) => [variable.name, variable.current?.value])
          );
          for (const panel of dashboard.panels as Json[]) {
            for (const target of panel.targets ?? []) {
              const expr = String(target.expr ?? '');
              if (!/ALERTS|driftline:/.test(expr)) {
                continue;
              }
              const resolved = expr
                .replace(/\$__rate_interval|\$__interval/g, '1m')
                .replace(/\$(\w+)/g, (whole, name) => variables[name] ?? whole);
              const result = await queryRange(resolved, Date.now() - 5 * MINUTE, Date.now(), 15_000);
              checked.push(resolved);
              expect({ expr: resolved, series: result.length > 0 }).toEqual({ expr: resolved, series: true });
            }
          }
        }
        expect(checked.length).toBeGreaterThanOrEqual(4);
      });
    });
  }
);
