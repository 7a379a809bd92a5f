/**
 * @jest-environment node
 */
// Drift rules for an LLM's token usage: the OpenTelemetry GenAI histogram `gen_ai_client_token_usage`, one
// feature per token type, with the conventions' power-of-4 buckets and ks, which the drift panel's Auto picks
// for them. The recorded scores must equal the engine's bucketDrift, in Prometheus' own rule evaluator.
import { bucketDrift, CumulativeBucket } from '../analysis';
import { prometheusLabel, prometheusName, TOKEN_BUCKETS, TOKEN_USAGE } from '../data/genai';
import { goFloatString } from './bounds';
import { driftRuleGroups, DRIFT_ALERT_NAME } from './prometheus';
import type { DriftRuleSpec } from './spec';
import { checkRules, hasPromtool, labelText, literalVector, testRules } from './testSupport';
import { renderPrometheusRuleFile } from './yaml';

const MINUTE = 60_000;
const SWITCH_MINUTE = 120;
const LAST_MINUTE = 180;
const BOUNDS = [...TOKEN_BUCKETS, Infinity];
/** Bucket index of (256, 1024] and of (64, 256]: answers before and after max tokens is lowered. */
const LONG = TOKEN_BUCKETS.indexOf(1024);
const SHORT = TOKEN_BUCKETS.indexOf(256);

const labels = {
  [prometheusLabel('gen_ai.operation.name')]: 'chat',
  [prometheusLabel('gen_ai.provider.name')]: 'openai',
  [prometheusLabel('gen_ai.request.model')]: 'chat-llm',
};

/** Observations per minute in each bucket (not cumulative) for a token type, before and after the switch. */
function perMinute(tokenType: 'input' | 'output', minute: number): number[] {
  const bucket = tokenType === 'output' && minute > SWITCH_MINUTE ? SHORT : tokenType === 'output' ? LONG : 3;
  return BOUNDS.map((_, b) => (b === bucket ? 10 : 0));
}

function inputSeries(): Array<{ series: string; values: string }> {
  return (['input', 'output'] as const).flatMap((tokenType) =>
    BOUNDS.map((bound, i) => {
      const values: string[] = [];
      let value = 0;
      for (let minute = 0; minute <= LAST_MINUTE; minute++) {
        if (minute > 0) {
          value += perMinute(tokenType, minute)
            .slice(0, i + 1)
            .reduce((sum, count) => sum + count, 0);
        }
        values.push(String(value));
      }
      const series = labelText(
        {
          ...labels,
          [prometheusLabel('gen_ai.token.type')]: tokenType,
          le: bound === Infinity ? '+Inf' : goFloatString(bound),
        },
        `${prometheusName(TOKEN_USAGE)}_bucket`
      );
      return { series, values: values.join(' ') };
    })
  );
}

function windowBuckets(tokenType: 'input' | 'output', fromMinute: number, toMinute: number): CumulativeBucket[] {
  const counts = BOUNDS.map(() => 0);
  for (let minute = fromMinute + 1; minute <= toMinute; minute++) {
    perMinute(tokenType, minute).forEach((count, b) => (counts[b] += count));
  }
  let cumulative = 0;
  return counts.map((count, b) => ({ le: BOUNDS[b], count: (cumulative += count) }));
}

const spec: DriftRuleSpec = {
  metric: prometheusName(TOKEN_USAGE),
  matchers: [{ name: prometheusLabel('gen_ai.request.model'), value: 'chat-llm' }],
  featureLabels: [prometheusLabel('gen_ai.token.type')],
  groupBy: [prometheusLabel('gen_ai.operation.name')],
  bounds: TOKEN_BUCKETS,
  baseline: { mode: 'previousPeriod' },
  windowMs: 60 * MINUTE,
  method: 'ks',
  forMs: 10 * MINUTE,
};

describe('drift rules for gen_ai_client_token_usage', () => {
  test('read the bucket series of every token bound, by token type', () => {
    const groups = driftRuleGroups(spec);
    const text = renderPrometheusRuleFile(groups);
    expect(text).toContain('gen_ai_client_token_usage_bucket');
    expect(text).toContain('gen_ai_token_type');
    // The top bound as Prometheus writes it (Go's shortest float format).
    expect(text).toContain('6.7108864e+07');
    expect(groups.flatMap((group) => group.rules).some((rule) => 'alert' in rule)).toBe(true);
  });

  const withPromtool = hasPromtool ? test : test.skip;

  withPromtool('pass `promtool check rules`', () => {
    const result = checkRules(renderPrometheusRuleFile(driftRuleGroups(spec)));
    expect(result.output).toContain('SUCCESS');
    expect(result.status).toBe(0);
  });

  withPromtool('record output tokens drifted by ks as bucketDrift scores it, input tokens at 0, and alert', () => {
    const expected = (['input', 'output'] as const).map((tokenType) => ({
      tokenType,
      value: bucketDrift(
        windowBuckets(tokenType, SWITCH_MINUTE - 60, SWITCH_MINUTE),
        windowBuckets(tokenType, LAST_MINUTE - 60, LAST_MINUTE),
        'ks'
      ),
    }));
    // Every answer crossed the 256-token bound; the input tokens did not move.
    expect(expected.map(({ value }) => value)).toEqual([0, 1]);
    const scoreLabels = (tokenType: string) => ({
      gen_ai_operation_name: 'chat',
      gen_ai_request_model: 'chat-llm',
      gen_ai_token_type: tokenType,
    });
    const expectedVector = expected
      .map(({ tokenType, value }) => literalVector(value, scoreLabels(tokenType)))
      .join(' or ');
    const on = 'on(gen_ai_operation_name, gen_ai_request_model, gen_ai_token_type)';
    const result = testRules(
      renderPrometheusRuleFile(driftRuleGroups(spec)),
      [
        {
          interval: '1m',
          input_series: inputSeries(),
          promql_expr_test: [
            {
              expr: `abs(driftline:feature_drift:ks - ${on} (${expectedVector})) <= bool ${on} (1e-9 * (${expectedVector}) + 1e-12)`,
              eval_time: `${LAST_MINUTE}m`,
              exp_samples: expected.map(({ tokenType }) => ({ labels: labelText(scoreLabels(tokenType)), value: 1 })),
            },
            {
              // The alert fires for output tokens only, `for` after the scores crossed the threshold.
              expr: `count by (gen_ai_token_type, method, histogram) (ALERTS{alertname="${DRIFT_ALERT_NAME}", alertstate="firing"})`,
              eval_time: `${LAST_MINUTE}m`,
              exp_samples: [
                {
                  labels: labelText({
                    gen_ai_token_type: 'output',
                    method: 'ks',
                    histogram: 'gen_ai_client_token_usage',
                  }),
                  value: 1,
                },
              ],
            },
          ],
        },
      ],
      '1m'
    );
    expect(result.output).toContain('SUCCESS');
    expect(result.status).toBe(0);
  });
});
