/**
 * @jest-environment node
 */
// The lint rule that keeps data-sized arrays out of the call stack, run with the project's own ESLint
// config (in a child process: ESLint loads its config with a dynamic import, which jest's VM refuses).
import { execFileSync } from 'child_process';
import { unlinkSync, writeFileSync } from 'fs';
import path from 'path';

const root = path.resolve(__dirname, '../..');

/** The lines (1-based) that no-restricted-syntax flags in `code`, linted as a source file under src/. */
function flaggedLines(code: string): number[] {
  // On disk, since typed linting reads the file from its program, and under src/, where the rule applies.
  const filePath = path.join(__dirname, `spreadProbe${process.pid}.ts`);
  writeFileSync(filePath, code);
  let output: string;
  try {
    output = execFileSync(path.join(root, 'node_modules/.bin/eslint'), ['--no-cache', '--format', 'json', filePath], {
      cwd: root,
      encoding: 'utf8',
    });
  } catch (error) {
    // ESLint exits 1 when it reports errors; the report is still on stdout.
    output = (error as { stdout: string }).stdout;
  } finally {
    unlinkSync(filePath);
  }
  // A plugin prints a deprecation notice before the report.
  const [result] = JSON.parse(output.slice(output.indexOf('[{'))) as Array<{
    messages: Array<{ ruleId: string | null; line: number }>;
  }>;
  return result.messages.filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => m.line);
}

describe('no data-sized spreads into calls', () => {
  it('flags a spread of a non-literal array into a call, and leaves literal lists and objects alone', () => {
    const flagged = [
      'export const a = (shares: number[]) => Math.max(...shares);',
      'export const b = (rows: number[], more: number[]) => rows.push(...more);',
      'export const c = (shares: number[]) => Math.min(...[0, ...shares]);',
      'export const d = (values: number[]) => new Array(...values).length;',
      'export const e = (shares: number[]) => Math.max.apply(null, shares);',
    ];
    const allowed = [
      'export const f = Math.max(...[1, 2, 3]);',
      'export const g = (rows: number[]) => [...rows, 1];',
      'export const h = (o: { x: number }) => ({ ...o, y: 1 });',
    ];
    const lines = flaggedLines(`${[...flagged, ...allowed].join('\n')}\n`);
    expect(Array.from(new Set(lines))).toEqual([1, 2, 3, 4, 5]);
  }, 120_000);
});
