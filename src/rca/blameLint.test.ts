import { lintBlame } from './blameLint';

describe('blame-language lint', () => {
  it.each([
    ['John caused the outage by pushing the config.', 'John caused'],
    ['The outage happened because of John.', 'because of John'],
    ['@alice broke the feature pipeline', '@alice broke'],
    ['Root cause: human error during the rollout.', 'human error'],
    ['It was operator error.', 'operator error'],
    ['A careless change to the flag.', 'careless'],
    ['The on-call should have known the cache was cold.', 'should have known'],
    ['Bob failed to run the migration check.', 'failed to'],
    ['The engineer caused a GC storm.', 'engineer caused'],
    ['Due to @bob the model was stale.', 'Due to @bob'],
    ['He forgot to update the runbook.', 'He forgot'],
  ])('warns on %p', (text, span) => {
    const warnings = lintBlame(text);
    expect(warnings.length).toBeGreaterThan(0);
    const warning = warnings.find((w) => w.text === span);
    expect(warning).toBeDefined();
    expect(text.slice(warning!.start, warning!.end)).toBe(span);
    expect(warning!.message.length).toBeGreaterThan(10);
    expect(warning!.suggestion.length).toBeGreaterThan(10);
  });

  it.each([
    'The deploy caused the latency spike.',
    'The config change caused replicas to crash-loop.',
    'The autoscaler config change broke GPU memory headroom.',
    'Traffic caused saturation on the GPUs.',
    'The health check failed to detect the fallback.',
    'The Kafka consumer caused lag.',
    'Latency rose because of the GC storm.',
    'The pipeline failed to write the field.',
    'Errors rose due to the rollout.',
    'The alert did not fire because the threshold was too high.',
  ])('stays quiet on the system subject in %p', (text) => {
    expect(lintBlame(text)).toEqual([]);
  });

  it('reports every warning of a text in order, without overlaps', () => {
    const warnings = lintBlame('Human error: Alice caused it, and Bob should have checked.');
    expect(warnings.map((w) => w.text)).toEqual(['Human error', 'Alice caused', 'should have checked']);
  });
});
