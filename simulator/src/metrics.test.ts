import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { SCENARIO_IDS } from '../../src/demo';
import { openMetricsHistory } from './backfill';
import { createRegistry } from './metrics';
import { ANCHOR, hasCommand, playerFor } from './testSupport';

const MINUTE = 60_000;
const players = SCENARIO_IDS.map((id) => playerFor(id));

function samples(text: string): Map<string, number> {
  const values = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line && !line.startsWith('#')) {
      const at = line.lastIndexOf(' ');
      values.set(line.slice(0, at), Number(line.slice(at + 1)));
    }
  }
  return values;
}

async function scrape(wall: number, format: 'prometheus' | 'openmetrics' = 'prometheus'): Promise<string> {
  return createRegistry(players, format, () => wall).metrics();
}

describe('/metrics exposition', () => {
  test('has the metrics the dashboards and the docs name', async () => {
    const text = await scrape(ANCHOR + MINUTE);
    for (const name of [
      'model_prediction_score_bucket{model="reco-model",le="0.5"}',
      'model_feature_value_bucket{model="reco-model",feature="user_recent_categories_count",le="0"}',
      'model_feature_value_bucket{model="nlp-intent",feature="input_tokens",le="+Inf"}',
      'model_feature_default_total{model="reco-model",feature="user_recent_categories_count"}',
      'model_feature_category_total{model="reco-model",feature="device_type",category="mobile"}',
      'http_requests_total{service="nlp-serving",code="504"}',
      'http_request_duration_seconds_bucket{service="nlp-serving",le="1"}',
      'jvm_gc_pause_seconds_sum{service="nlp-serving",gc="G1 Young Generation"}',
      'jvm_memory_used_bytes{service="nlp-serving",area="heap"}',
      'DCGM_FI_DEV_GPU_UTIL{service="llm-serving"}',
      'llm_queue_depth{service="llm-serving"}',
      'reco_clicks_total{model="reco-model"}',
      'reco_impressions_total{model="reco-model"}',
      // OpenTelemetry GenAI histograms as Prometheus names them from OTLP, with the conventions' buckets.
      'gen_ai_client_token_usage_bucket{gen_ai_operation_name="chat",gen_ai_provider_name="openai",gen_ai_request_model="chat-llm",gen_ai_response_model="chat-llm",gen_ai_token_type="output",le="256"}',
      'gen_ai_client_token_usage_bucket{gen_ai_operation_name="chat",gen_ai_provider_name="openai",gen_ai_request_model="gpt-4o-mini",gen_ai_response_model="gpt-4o-mini",gen_ai_token_type="input",le="67108864"}',
      'gen_ai_client_token_usage_bucket{gen_ai_operation_name="chat",gen_ai_system="anthropic",gen_ai_request_model="claude-3-5-haiku",gen_ai_response_model="claude-3-5-haiku",gen_ai_token_type="output",le="+Inf"}',
      'gen_ai_client_operation_duration_seconds_bucket{gen_ai_operation_name="chat",gen_ai_provider_name="openai",gen_ai_request_model="chat-llm",gen_ai_response_model="chat-llm",le="81.92"}',
      'gen_ai_client_operation_duration_seconds_bucket{gen_ai_operation_name="chat",gen_ai_provider_name="openai",gen_ai_request_model="chat-llm",gen_ai_response_model="chat-llm",error_type="503",le="0.01"}',
      'gen_ai_server_time_to_first_token_seconds_bucket{gen_ai_operation_name="chat",gen_ai_provider_name="openai",gen_ai_request_model="chat-llm",gen_ai_response_model="chat-llm",le="0.001"}',
      'gen_ai_client_token_usage_count{gen_ai_operation_name="chat",gen_ai_provider_name="openai",gen_ai_request_model="chat-llm",gen_ai_response_model="chat-llm",gen_ai_token_type="output"}',
    ]) {
      expect({ name, present: samples(text).has(name) }).toEqual({ name, present: true });
    }
  });

  test('counters never go down, across the loop seam too', async () => {
    let previous = samples(await scrape(ANCHOR - 2 * MINUTE));
    for (const wall of [ANCHOR - MINUTE, ANCHOR, ANCHOR + 1000, ANCHOR + 10 * MINUTE]) {
      const current = samples(await scrape(wall));
      for (const [series, value] of current) {
        if (/_total\{|_bucket\{|_count\{|_sum\{/.test(series)) {
          expect({ series, value }).toEqual({ series, value: expect.any(Number) });
          expect(value).toBeGreaterThanOrEqual(previous.get(series) ?? 0);
        }
      }
      previous = current;
    }
  });

  test('bucket counters are cumulative over le and end in _count', async () => {
    const values = samples(await scrape(ANCHOR + 5 * MINUTE));
    const prefix = 'model_feature_value_bucket{model="nlp-intent",feature="input_tokens",le="';
    const buckets = [...values.entries()].filter(([series]) => series.startsWith(prefix)).map(([, v]) => v);
    expect(buckets.length).toBeGreaterThan(10);
    for (let i = 1; i < buckets.length; i++) {
      expect(buckets[i]).toBeGreaterThanOrEqual(buckets[i - 1]);
    }
    expect(values.get('model_feature_value_count{model="nlp-intent",feature="input_tokens"}')).toBe(
      buckets[buckets.length - 1]
    );
  });

  test('OpenMetrics carries trace-id exemplars on the latency buckets and ends in # EOF', async () => {
    const text = await scrape(ANCHOR + 5 * MINUTE, 'openmetrics');
    expect(text.endsWith('# EOF\n')).toBe(true);
    expect(text).toMatch(
      /^http_request_duration_seconds_bucket\{[^}]+\} \d+ # \{trace_id="[0-9a-f]{32}"\} [\d.]+ [\d.]+$/m
    );
    expect(text).toMatch(/^http_requests_total\{/m);
  });

  const lint = hasCommand('promtool') ? test : test.skip;
  if (!hasCommand('promtool')) {
    console.info('promtool is not on PATH: skipping `promtool check metrics` (apt-get install prometheus)');
  }

  lint('`promtool check metrics` accepts a scrape with no lint findings', async () => {
    const result = spawnSync('promtool', ['check', 'metrics'], {
      input: await scrape(ANCHOR + MINUTE),
      encoding: 'utf8',
    });
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  lint('`promtool tsdb create-blocks-from openmetrics` accepts the backfill history', () => {
    const dir = mkdtempSync(join(tmpdir(), 'driftline-backfill-'));
    try {
      const latency = playerFor('latency-gc');
      const file = join(dir, 'history.om');
      writeFileSync(
        file,
        openMetricsHistory([latency], ANCHOR, () => 60_000)
      );
      const result = spawnSync('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', file, join(dir, 'data')], {
        encoding: 'utf8',
        timeout: 120_000,
      });
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
