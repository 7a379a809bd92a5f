// Adds up the results of `npm test`'s steps into one line: "N passed, N failed, N skipped".
import { existsSync, readFileSync } from 'node:fs';

const read = (file) => (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined);
let passed = 0;
let failed = 0;
let skipped = 0;
const lines = [];

const checks = existsSync('test-results/checks.txt')
  ? readFileSync('test-results/checks.txt', 'utf8').trim().split('\n')
  : [];
for (const line of checks) {
  const ok = line.endsWith(' passed');
  lines.push(`  ${ok ? 'ok  ' : 'FAIL'} ${line.replace(/ (passed|failed)$/, '')}`);
  // Steps that run tests are counted by their tests below; the others count as one check each.
  if (/^(jest|prometheus integration|dist loading|playground e2e|grafana e2e) /.test(line)) {
    continue;
  }
  ok ? passed++ : failed++;
}

for (const [file, step] of [
  ['test-results/jest.json', 'jest '],
  ['test-results/integration.json', 'prometheus integration '],
]) {
  const jest = read(file);
  if (jest) {
    passed += jest.numPassedTests;
    failed += jest.numFailedTests + (jest.numRuntimeErrorTestSuites ?? 0);
    skipped += jest.numPendingTests + jest.numTodoTests;
  } else if (checks.some((line) => line.startsWith(step))) {
    // The step ran but left no report: count it as one failure rather than nothing.
    failed++;
  }
}

for (const file of ['test-results/dist-load.json', 'test-results/e2e.json', 'test-results/grafana.json']) {
  const report = read(file);
  if (!report) {
    if (!file.endsWith('grafana.json')) {
      failed++;
    }
    continue;
  }
  passed += report.stats.expected + (report.stats.flaky ?? 0);
  failed += report.stats.unexpected;
  skipped += report.stats.skipped;
  if (report.errors?.length) {
    failed += report.errors.length;
  }
}

console.log('\nSummary');
console.log(lines.join('\n'));
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
