/** Runs `promtool` on generated rules for the tests: `check rules` and `test rules` need no server. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { dump } from 'js-yaml';

/** Whether promtool (from the prometheus package) is on PATH. */
export const hasPromtool = (() => {
  const result = spawnSync('promtool', ['--version'], { encoding: 'utf8' });
  return !result.error && result.status === 0;
})();

export interface PromtoolResult {
  status: number | null;
  output: string;
}

/** Writes `files` into a fresh folder and runs `promtool <args>` there. */
export function promtool(args: string[], files: Record<string, string>): PromtoolResult {
  const dir = mkdtempSync(join(tmpdir(), 'driftline-rules-'));
  try {
    for (const [name, text] of Object.entries(files)) {
      writeFileSync(join(dir, name), text);
    }
    const result = spawnSync('promtool', args, { cwd: dir, encoding: 'utf8', timeout: 120_000 });
    return { status: result.status, output: `${result.stdout ?? ''}${result.stderr ?? ''}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `promtool check rules` on one rule file. */
export function checkRules(ruleFile: string): PromtoolResult {
  return promtool(['check', 'rules', 'rules.yml'], { 'rules.yml': ruleFile });
}

/** One `promtool test rules` case: https://prometheus.io/docs/prometheus/latest/configuration/unit_testing_rules/ */
export interface RuleTestCase {
  interval?: string;
  input_series: Array<{ series: string; values: string }>;
  promql_expr_test?: Array<{ expr: string; eval_time: string; exp_samples: Array<{ labels: string; value: number }> }>;
  alert_rule_test?: Array<{
    eval_time: string;
    alertname: string;
    exp_alerts: Array<{ exp_labels: Record<string, string>; exp_annotations?: Record<string, string> }>;
  }>;
}

/** `promtool test rules` of the rule file against the cases. */
export function testRules(ruleFile: string, tests: RuleTestCase[], evaluationInterval = '1m'): PromtoolResult {
  const testFile = dump(
    { rule_files: ['rules.yml'], evaluation_interval: evaluationInterval, tests },
    { lineWidth: -1 }
  );
  return promtool(['test', 'rules', 'tests.yml'], { 'rules.yml': ruleFile, 'tests.yml': testFile });
}

/** A PromQL instant vector holding one value with the given labels: for expected values in expression tests. */
export function literalVector(value: number, labels: Record<string, string>): string {
  let expr = `vector(${value})`;
  for (const [name, labelValue] of Object.entries(labels)) {
    expr = `label_replace(${expr}, "${name}", "${labelValue}", "", "")`;
  }
  return expr;
}

/** `{a="x", b="y"}` as promtool expects series labels. */
export function labelText(labels: Record<string, string>, name = ''): string {
  return `${name}{${Object.entries(labels)
    .map(([key, value]) => `${key}="${value}"`)
    .join(', ')}}`;
}
