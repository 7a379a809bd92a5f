/**
 * @jest-environment node
 */
/**
 * Fuzz suite over the rule generator (src/rules): from any spec, a rule file is written or a
 * DriftRuleSpecError says what to change. Written files must be valid: they parse back to the rules they were
 * made from, and `promtool check rules` (Prometheus' own checker, which parses every expression) accepts
 * every rule file and every self-contained query the suite wrote. `FUZZ_RUNS=10000 npx jest src/rules/fuzz`
 * is the nightly-sized run.
 */
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { load, YAML11_SCHEMA } from 'js-yaml';
import { spawnSync } from 'child_process';
import { tmpdir } from 'os';
import path from 'path';
import * as rules from '.';
import {
  alertEpisodes,
  driftAlertQuery,
  driftCountQueries,
  driftRuleGroups,
  DriftRuleSpec,
  driftScoreQuery,
  driftScoreRecordName,
  firstFiring,
  formatPrometheusDuration,
  grafanaAlertRules,
  grafanaRuleUid,
  leSpellings,
  parsePrometheusDuration,
  PrometheusRuleGroup,
  renderGrafanaAlertRuleFile,
  renderPrometheusRuleFile,
  validateDriftRuleSpec,
} from '.';
import { fuzzSuite } from '../testing/fuzz/harness';
import { anyDouble, EPOCH, HOUR, junkValue, mostly } from '../testing/fuzz/values';
import { hasPromtool } from './testSupport';

const target = fuzzSuite('Rule generator fuzz (src/rules)', (table) => console.log(table));

/** What the suite wrote, for promtool to check at the end: rule files, and queries to wrap in rules. */
const written = { files: [] as string[], queries: [] as string[] };
/** Every written file is checked with CI-sized runs; the nightly-sized run checks this many of each. */
const PROMTOOL_SAMPLE = 2000;

function keep(list: string[], item: string) {
  if (list.length < PROMTOOL_SAMPLE) {
    list.push(item);
  }
}

const MINUTE = 60_000;
/** Every field of a spec, for replacing one of them with a hostile value. */
const SPEC_KEYS: Record<keyof DriftRuleSpec, true> = {
  metric: true,
  matchers: true,
  featureLabels: true,
  groupBy: true,
  bounds: true,
  baseline: true,
  windowMs: true,
  method: true,
  threshold: true,
  forMs: true,
  severity: true,
  dashboardUrl: true,
  dashboardUid: true,
  panelId: true,
  evaluationIntervalMs: true,
};
const duration = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(MINUTE, 5 * MINUTE, HOUR, 6 * HOUR, 24 * HOUR, 7 * 24 * HOUR, 90_500) },
  { weight: 1, arbitrary: fc.constantFrom(0, -MINUTE, 1.5, 2 ** 53, 1e300) },
  { weight: 1, arbitrary: anyDouble }
);
const labelName = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('feature', 'model', 'env', 'job', 'gen_ai_token_type', '_x') },
  {
    weight: 1,
    arbitrary: fc.constantFrom('le', '__name__', 'histogram', 'driftline_selection', '1x', 'a-b', '', 'a.b'),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 6 }) }
);
/** Label values and regexes: quotes, backslashes, newlines, braces, unicode and invalid regexes included. */
const labelValue = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom('reco', 'prod|canary', 'a.*', '', 'x"y', 'a\\b', 'line\nbreak', '{{ $labels.x }}'),
  },
  { weight: 1, arbitrary: fc.constantFrom('(', '[a-', '*', '(?=x)', '\\p{L}', '\\d+', 'é€😀', '\r\t') },
  { weight: 2, arbitrary: fc.string({ maxLength: 10 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) }
);
const matcher = fc.record(
  {
    name: labelName,
    op: fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom('=' as const, '!=' as const, '=~' as const, '!~' as const) },
      { weight: 1, arbitrary: fc.constantFrom(undefined, '==' as never) }
    ),
    value: fc.oneof(
      { weight: 12, arbitrary: labelValue },
      { weight: 1, arbitrary: junkValue.map((value) => value as string) }
    ),
  },
  { requiredKeys: ['name', 'value'] }
);
const bound = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(0.005, 0.1, 0.5, 1, 2.5, 10, 1e6, 1e-5) },
  { weight: 2, arbitrary: fc.constantFrom('0.1', '1', '1.0', '1e+06', '+Inf', ' 2.5 ') },
  { weight: 1, arbitrary: fc.constantFrom('x', '', '-Inf', 'NaN', -1, 0) },
  { weight: 1, arbitrary: anyDouble }
);
const bounds = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .uniqueArray(fc.double({ min: 1e-6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 12 })
      .map((values) => values.sort((a, b) => a - b)),
  },
  { weight: 2, arbitrary: fc.array(bound, { maxLength: 8 }) }
);
const ruleBaseline = fc.oneof(
  {
    weight: 2,
    arbitrary: fc
      .tuple(mostly(fc.integer({ min: 0, max: 100 })), mostly(fc.integer({ min: 1, max: 100 })))
      .map(([from, length]) => ({
        mode: 'fixed' as const,
        range: { from: EPOCH + from * HOUR, to: EPOCH + (from + length) * HOUR },
      })),
  },
  {
    weight: 2,
    arbitrary: fc.record(
      { mode: fc.constant('timeShift' as const), shiftMs: duration, durationMs: duration },
      { requiredKeys: ['mode', 'shiftMs'] }
    ),
  },
  { weight: 2, arbitrary: fc.constant({ mode: 'previousPeriod' as const }) },
  { weight: 1, arbitrary: fc.constantFrom({ mode: 'nope' }, {}, null) as fc.Arbitrary<never> }
);
const hostileSpec: fc.Arbitrary<DriftRuleSpec> = fc.record(
  {
    metric: fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom('model_feature_value', 'gen_ai_client_token_usage', 'a:b_c', 'X') },
      { weight: 1, arbitrary: fc.constantFrom('', '1x', 'x{y}', 'x_bucket', 'a.b', ' x') },
      { weight: 1, arbitrary: fc.string({ maxLength: 8 }) }
    ),
    matchers: fc.array(matcher, { maxLength: 3 }),
    featureLabels: fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(['feature'], ['feature', 'model'], ['gen_ai_token_type']) },
      { weight: 1, arbitrary: fc.array(labelName, { maxLength: 3 }) }
    ),
    groupBy: fc.array(labelName, { maxLength: 2 }),
    bounds,
    baseline: ruleBaseline,
    windowMs: duration,
    method: fc.oneof(
      {
        weight: 6,
        arbitrary: fc.constantFrom('psi' as const, 'jensenshannon' as const, 'ks' as const, 'hellinger' as const),
      },
      { weight: 1, arbitrary: fc.constantFrom('kl', 'chisquare', '', 'toString') as fc.Arbitrary<never> }
    ),
    threshold: mostly(fc.constantFrom(0.1, 0.2, 0.05, 1e-9)),
    forMs: duration,
    severity: fc.oneof(
      fc.constantFrom('warning', 'critical', 'page "now"', '{{ $value }}', '$1'),
      fc.string({ maxLength: 6 })
    ),
    dashboardUrl: fc.constantFrom(
      'https://grafana.example.com/d/abc?var-model=reco&from=now-6h',
      'http://localhost:3000/d/x',
      'javascript:alert(1)',
      'https://grafana.example.com/d/{{uid}}',
      '//evil.example.com'
    ),
    dashboardUid: fc.constantFrom('abc', 'a-b_9', 'a b', ''),
    panelId: fc.oneof(fc.integer({ min: 1, max: 99 }), anyDouble),
    evaluationIntervalMs: duration,
  },
  { requiredKeys: ['metric', 'featureLabels', 'bounds', 'baseline', 'windowMs', 'method'] }
);
/** A spec a user could give: every field usable, with the awkward values that are still valid. */
const usableSpec: fc.Arbitrary<DriftRuleSpec> = fc.record(
  {
    metric: fc.constantFrom('model_feature_value', 'gen_ai_client_token_usage', 'a:b_c', 'X'),
    matchers: fc.array(
      fc.oneof(
        fc.record({
          name: fc.constantFrom('model', 'env', 'job'),
          op: fc.constantFrom('=' as const, '!=' as const),
          value: fc.oneof(
            labelValue.filter((value) => !/[\r\t]/.test(value)),
            fc.string({ maxLength: 8 })
          ),
        }),
        fc.record({
          name: fc.constantFrom('model', 'env'),
          op: fc.constantFrom('=~' as const, '!~' as const),
          value: fc.constantFrom('prod|canary', 'a.*', '', 'reco-[0-9]+', '(a|b)c?', 'x\\.y', 'é|ü'),
        })
      ),
      { maxLength: 3 }
    ),
    featureLabels: fc.constantFrom(['feature'], ['feature', 'model'], ['gen_ai_token_type']),
    groupBy: fc.constantFrom([], ['job'], ['env', 'job']),
    bounds: bounds.filter((list) => list.length > 0 && list.every((b) => typeof b === 'number' && b > 0)),
    baseline: fc.oneof(
      fc.tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 1, max: 100 })).map(([from, length]) => ({
        mode: 'fixed' as const,
        range: { from: EPOCH + from * HOUR, to: EPOCH + (from + length) * HOUR },
      })),
      fc.record(
        {
          mode: fc.constant('timeShift' as const),
          shiftMs: fc.constantFrom(HOUR, 7 * 24 * HOUR),
          durationMs: fc.constantFrom(HOUR, 90_500),
        },
        { requiredKeys: ['mode', 'shiftMs'] }
      ),
      fc.constant({ mode: 'previousPeriod' as const })
    ),
    windowMs: fc.constantFrom(MINUTE, 5 * MINUTE, HOUR, 6 * HOUR, 90_500),
    method: fc.constantFrom('psi' as const, 'jensenshannon' as const, 'ks' as const, 'hellinger' as const),
    threshold: fc.constantFrom(0.1, 0.2, 0.05, 1e-9, 5),
    forMs: fc.constantFrom(0, MINUTE, 10 * MINUTE),
    severity: fc.constantFrom('warning', 'critical', 'page "now"', '{{ $value }}', '$1', 'x: y'),
    dashboardUrl: fc.constantFrom(
      'https://grafana.example.com/d/abc?var-model=reco&from=now-6h',
      'http://localhost:3000/d/x'
    ),
    evaluationIntervalMs: fc.constantFrom(MINUTE, 15_000),
  },
  { requiredKeys: ['metric', 'featureLabels', 'bounds', 'baseline', 'windowMs', 'method'] }
);
/** Mostly usable specs; else one field (or all) as a hostile caller or a broken form gives it. */
const spec: fc.Arbitrary<DriftRuleSpec> = fc.oneof(
  { weight: 4, arbitrary: usableSpec },
  {
    weight: 2,
    arbitrary: fc
      .tuple(usableSpec, hostileSpec, fc.constantFrom(...(Object.keys(SPEC_KEYS) as Array<keyof DriftRuleSpec>)))
      .map(([usable, hostile, key]) => ({ ...usable, [key]: hostile[key] })),
  },
  { weight: 1, arbitrary: hostileSpec }
);
const specs = fc.oneof(spec, fc.array(spec, { maxLength: 3 }));
const grafanaOptions = fc.record(
  {
    datasourceUid: fc.constantFrom('prom', 'P1809F7CD0C75ACF3', '', 'a b', '${ds}'),
    folderUid: fc.constantFrom('drift', 'f-1', '', '../x'),
    ruleGroup: fc.oneof(fc.constantFrom('Driftline drift', 'a $b', '$$x'), fc.string({ maxLength: 8 })),
    orgId: fc.oneof(fc.constantFrom(1, 2), anyDouble),
    source: fc.constantFrom('query' as const, 'recorded' as const),
  },
  { requiredKeys: ['datasourceUid', 'folderUid'] }
);

/** A written file must read back, with YAML 1.1 as Prometheus and Grafana read it, to what it was made from. */
function readsBackTo(text: string, expected: unknown): string | undefined {
  let parsed: unknown;
  try {
    parsed = load(text, { schema: YAML11_SCHEMA });
  } catch (error) {
    return `the file does not parse: ${(error as Error).message}`;
  }
  return JSON.stringify(parsed) === JSON.stringify(expected) ? undefined : 'the file reads back to other rules';
}

describe('fuzzing the rule generator', () => {
  target.covers({ 'src/rules': rules });

  target('validateDriftRuleSpec', spec, (given) => validateDriftRuleSpec(given));
  target('driftRuleGroups', specs, (given) => driftRuleGroups(given));
  target(
    'renderPrometheusRuleFile',
    specs,
    (given) => {
      const groups = driftRuleGroups(given);
      const text = renderPrometheusRuleFile(groups, { comment: ['written by the fuzz suite', '# with: a colon'] });
      return { groups, text };
    },
    {
      check: ({ groups, text }: { groups: PrometheusRuleGroup[]; text: string }) => {
        keep(written.files, text);
        return readsBackTo(text, { groups });
      },
    }
  );
  target('driftScoreQuery', spec, (given) => driftScoreQuery(given), {
    check: (query: string) => void keep(written.queries, query),
  });
  target('driftAlertQuery', spec, (given) => driftAlertQuery(given), {
    check: (query: string) => void keep(written.queries, query),
  });
  target('driftCountQueries', spec, (given) => driftCountQueries(given), {
    check: ({ current, baseline }: { current: string; baseline: string }) => {
      keep(written.queries, current);
      keep(written.queries, baseline);
      return undefined;
    },
  });
  target('grafanaRuleUid', spec, (given) => grafanaRuleUid(given), {
    check: (uid: string) => (/^[a-zA-Z0-9_-]{1,40}$/.test(uid) ? undefined : `"${uid}" is no Grafana uid`),
  });
  target(
    'grafanaAlertRules',
    fc.tuple(specs, grafanaOptions),
    ([given, options]) => grafanaAlertRules(given, options),
    {
      check: (list: Array<{ data: Array<{ model: { expr?: string } }> }>) => {
        list.forEach((rule) => rule.data.forEach(({ model }) => model.expr && keep(written.queries, model.expr)));
        return undefined;
      },
    }
  );
  target(
    'renderGrafanaAlertRuleFile',
    fc.tuple(
      specs,
      grafanaOptions,
      fc.oneof(fc.constantFrom('Drift', 'a $b: c', ''), fc.string({ maxLength: 6 })),
      duration
    ),
    ([given, options, folder, intervalMs]) => {
      const list = grafanaAlertRules(given, options);
      return { text: renderGrafanaAlertRuleFile(list, { folder, intervalMs }), rules: list.length };
    },
    {
      check: ({ text }: { text: string }) => {
        try {
          const parsed = load(text, { schema: YAML11_SCHEMA }) as { apiVersion?: unknown; groups?: unknown };
          return parsed.apiVersion === 1 && Array.isArray(parsed.groups) ? undefined : 'no provisioning file';
        } catch (error) {
          return `the file does not parse: ${(error as Error).message}`;
        }
      },
    }
  );
  target(
    'parsePrometheusDuration',
    fc.oneof(
      fc.constantFrom('6h', '1h30m', '0s', '1y2w3d4h5m6s7ms', '99999999999999y', ' 5m ', 'm', ''),
      fc.string({ maxLength: 10 })
    ),
    (text) => parsePrometheusDuration(text),
    {
      check: (ms: number) => (Number.isSafeInteger(ms) && ms > 0 ? undefined : `${ms} ms is no duration`),
    }
  );
  target('formatPrometheusDuration', duration, (ms) => formatPrometheusDuration(ms), {
    // A duration written is one Prometheus reads back to the same milliseconds.
    check: (text: string) => void parsePrometheusDuration(text),
  });
  target(
    'leSpellings',
    fc.tuple(anyDouble, fc.option(fc.constantFrom('1', '1.0', '+Inf', 'x'), { nil: undefined })),
    ([value, given]) => leSpellings(value, given)
  );
  target(
    'driftScoreRecordName',
    fc.oneof(fc.constantFrom('psi', 'jensenshannon', 'ks', 'hellinger'), fc.string({ maxLength: 6 })),
    (method) => driftScoreRecordName(method as never)
  );
  const evaluations = fc
    .tuple(fc.integer({ min: 0, max: 200 }), fc.constantFrom(MINUTE, 5 * MINUTE))
    .chain(([count, step]) =>
      fc.record({
        times: fc.oneof(
          { weight: 4, arbitrary: fc.constant(Array.from({ length: count }, (_, k) => EPOCH + k * step)) },
          // Evaluations missing here and there, or times that are no times.
          { weight: 1, arbitrary: fc.subarray(Array.from({ length: count }, (_, k) => EPOCH + k * step)) },
          { weight: 1, arbitrary: fc.array(anyDouble, { maxLength: 20 }) }
        ),
        values: fc.array(fc.oneof(fc.double({ min: 0, max: 0.5, noNaN: true }), fc.constant(NaN), anyDouble), {
          minLength: count,
          maxLength: count,
        }),
        options: fc.record({
          threshold: mostly(fc.constantFrom(0.1, 0.2)),
          forMs: fc.oneof(fc.constantFrom(0, 5 * MINUTE, 10 * MINUTE), anyDouble),
          intervalMs: mostly(fc.constant(step)),
        }),
      })
    );
  target('alertEpisodes', evaluations, ({ times, values, options }) => alertEpisodes(times, values, options), {
    check: (episodes: Array<{ activeAt: number; firingAt?: number; resolvedAt?: number }>) =>
      episodes.find(
        (e) =>
          (e.firingAt !== undefined && e.firingAt < e.activeAt) ||
          (e.resolvedAt !== undefined && e.resolvedAt <= e.activeAt)
      )
        ? 'an episode fires or resolves before it is active'
        : undefined,
  });
  target(
    'firstFiring',
    evaluations,
    ({ times, values, options }) => firstFiring(alertEpisodes(times, values, options)) ?? null
  );

  (hasPromtool ? it : it.skip)(
    'promtool accepts every rule file and every query the generator wrote',
    () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'driftline-fuzz-rules-'));
      try {
        const files = written.files.map((text, i) => {
          const file = path.join(dir, `rules-${i}.yml`);
          writeFileSync(file, text);
          return file;
        });
        // Each query as the expression of a recording rule: promtool parses it as Prometheus would.
        written.queries.forEach((expr, i) => {
          const file = path.join(dir, `query-${i}.yml`);
          writeFileSync(
            file,
            renderPrometheusRuleFile([{ name: `query ${i}`, rules: [{ record: 'driftline:fuzz_check', expr }] }])
          );
          files.push(file);
        });
        expect(files.length).toBeGreaterThan(0);
        const rejected: string[] = [];
        for (let i = 0; i < files.length; i += 200) {
          const result = spawnSync('promtool', ['check', 'rules', ...files.slice(i, i + 200)], { encoding: 'utf8' });
          if (result.status !== 0) {
            const output = `${result.error ?? ''}${result.stdout}${result.stderr}`.split('\n');
            // Lint findings (two rules recording one metric name) are warnings: they do not fail the check.
            const errors = output.filter((line) => /error/i.test(line) && !/lint error/.test(line));
            rejected.push((errors.length ? errors : output.slice(-6)).slice(0, 6).join('\n'));
          }
        }
        expect(rejected).toEqual([]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    600_000
  );
});
