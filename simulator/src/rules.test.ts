import { load } from 'js-yaml';

import { SCENARIO_IDS } from '../../src/demo';
import { checkRules, hasPromtool } from '../../src/rules/testSupport';
import { demoRuleFile, demoRuleSpecs } from './rules';
import { ANCHOR, playerFor } from './testSupport';

const DAY = 86_400_000;
const players = SCENARIO_IDS.map((id) => playerFor(id));

describe("the demo models' drift rules", () => {
  test('one spec per feature histogram, with the bounds the simulator exposes', () => {
    const specs = demoRuleSpecs(players);
    expect(specs.map((spec) => spec.matchers?.map((matcher) => matcher.value).join('/'))).toEqual([
      'reco-model/user_recent_categories_count',
      'reco-model/user_age_days',
      'reco-model/session_length_s',
      'reco-model/item_price',
      'nlp-intent/input_tokens',
      'nlp-intent/request_chars',
      'chat-llm/prompt_tokens',
      'chat-llm/temperature',
    ]);
    expect(specs[0].bounds).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 15, 20]);
    // ctr-decline's baseline is days 1-7 of the story, pinned: the history ends at the anchor, 28 days in.
    expect(specs[0].baseline).toEqual({ mode: 'fixed', range: { from: ANCHOR - 27 * DAY, to: ANCHOR - 21 * DAY } });
    expect(specs[4]).toMatchObject({ windowMs: 600_000, baseline: { mode: 'timeShift', shiftMs: 3_600_000 } });
    expect(specs[4].dashboardUrl).toBe('http://localhost:3000/d/latency-gc-live');
  });

  test('played faster, the windows shrink with the story', () => {
    const fast = demoRuleSpecs([playerFor('latency-gc', { speed: 60 })]);
    expect(fast[0]).toMatchObject({ windowMs: 10_000, forMs: 5_000, evaluationIntervalMs: 1000 });
  });

  test('the rule file names the choices and holds a group per feature', () => {
    const text = demoRuleFile(players);
    expect(text).toMatch(/^# .*\n# ctr-decline: last 6h against days 1-7 \(pinned\)/);
    const file = load(text) as { groups: Array<{ name: string; interval: string }> };
    expect(file.groups).toHaveLength(8);
    expect(file.groups[0]).toMatchObject({ interval: '1m' });
  });

  (hasPromtool ? test : test.skip)('`promtool check rules` accepts the file the stack loads', () => {
    const result = checkRules(demoRuleFile(players));
    expect(result.output).toContain('SUCCESS: 64 rules found');
    expect(result.status).toBe(0);
  });
});
