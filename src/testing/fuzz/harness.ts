/**
 * The fuzz suite's runner: feeds a target function generated inputs and counts what came back.
 *
 * Every public reader and engine function must either return finite results or throw one of the project's
 * typed errors (DriftInputError from the engine, FrameProblemError from the readers, DriftRuleSpecError from
 * the rule generator), and no input may take
 * longer than a second. Each target is run on `FUZZ_RUNS` inputs (a CI-sized number by default; 10000 for
 * the nightly-sized run) from a fixed seed (`FUZZ_SEED` to change it), and reports:
 * - untyped: errors that are not typed (TypeError, RangeError, "Invalid typed array length", …);
 * - non-finite: results holding NaN or ±Infinity outside the places documented to hold them;
 * - slow: cases that took over 1 s of CPU time.
 */
import fc from 'fast-check';
import { readdirSync, writeFileSync } from 'fs';
import { DriftInputError } from '../../analysis';

/**
 * `FUZZ_TRACE=<file>`: each case's target and input are written there before it runs, so a case that
 * never returns (a hang jest cannot interrupt) can be read back after killing the run.
 */
const TRACE_FILE = process.env.FUZZ_TRACE;

/** Cases per target: `FUZZ_RUNS` (10000 for the nightly-sized run), else the CI-sized default. */
export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS) > 0 ? Math.floor(Number(process.env.FUZZ_RUNS)) : 150;
export const FUZZ_SEED =
  Number.isFinite(Number(process.env.FUZZ_SEED)) && process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : 20260301;
/** A case that takes more CPU time than this counts as a hang. */
export const SLOW_CASE_MS = 1000;
/** Room for a whole target in jest: the nightly-sized run takes minutes per target on a busy machine. */
export const TARGET_TIMEOUT_MS = Math.max(60_000, FUZZ_RUNS * 200);

export interface FinitenessRules {
  /**
   * Keys whose arrays may hold NaN as a documented gap (a chart series' missing point, a window without
   * data): e.g. a lane's `values`, a quantile fan's `values`.
   */
  gaps?: readonly string[];
  /**
   * Keys of raw values a reader hands the engine unchanged, where any non-finite number is a missing value
   * the engine skips (a stale marker): e.g. a bucket counter's `values`.
   */
  missing?: readonly string[];
  /** Keys that may hold +Infinity: a histogram's `le` bound of +Inf. */
  infinite?: readonly string[];
  /** Keys not walked: inputs handed back as they came (a Grafana field, a frame). */
  skip?: readonly string[];
}

export interface TargetReport {
  target: string;
  cases: number;
  ok: number;
  typed: number;
  untyped: number;
  nonFinite: number;
  /** Finite results that fail the target's own check (e.g. a rule file that does not parse back). */
  invalid: number;
  slow: number;
  slowestMs: number;
  /** The first problems seen, to print. */
  examples: string[];
  /** How often each typed error's message (its start) was thrown, for FUZZ_VERBOSE. */
  typedMessages: Map<string, number>;
}

const DEFAULT_SKIP = ['field', 'frame', 'source'];

/** Whether an error is one of the project's typed, actionable errors. */
export function isTypedError(error: unknown): boolean {
  if (error instanceof DriftInputError) {
    return true;
  }
  if (!(error instanceof Error) || error.message.trim() === '') {
    return false;
  }
  // FrameProblemError (src/data) and DriftRuleSpecError (src/rules) live where the engine's tests do not
  // look: recognise them by their shape.
  if (error.name === 'FrameProblemError') {
    return typeof (error as { problem?: { message?: unknown } }).problem?.message === 'string';
  }
  return error.name === 'DriftRuleSpecError' && typeof (error as { code?: unknown }).code === 'string';
}

/** The path of the first non-finite number in a result that the rules do not allow, or undefined. */
export function firstNonFinite(result: unknown, rules: FinitenessRules = {}): string | undefined {
  const gaps = new Set(rules.gaps ?? []);
  const infinite = new Set(rules.infinite ?? []);
  const missing = new Set(rules.missing ?? []);
  const skip = new Set([...DEFAULT_SKIP, ...(rules.skip ?? [])]);
  const seen = new Set<unknown>();
  // An explicit stack, not recursion: results can be deep.
  const stack: Array<{ value: unknown; path: string; key: string }> = [{ value: result, path: '$', key: '' }];
  while (stack.length > 0) {
    const { value, path, key } = stack.pop()!;
    if (typeof value === 'number') {
      if (Number.isFinite(value)) {
        continue;
      }
      if ((Number.isNaN(value) && gaps.has(key)) || missing.has(key)) {
        continue;
      }
      if (value === Infinity && infinite.has(key)) {
        continue;
      }
      return `${path} = ${value}`;
    }
    if (value === null || typeof value !== 'object' || seen.has(value)) {
      continue;
    }
    seen.add(value);
    if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
      const numbers = value as unknown as ArrayLike<number>;
      for (let i = 0; i < numbers.length; i++) {
        const number = numbers[i];
        if (
          !Number.isFinite(number) &&
          !(Number.isNaN(number) && gaps.has(key)) &&
          !missing.has(key) &&
          !(number === Infinity && infinite.has(key))
        ) {
          return `${path}[${i}] = ${number}`;
        }
      }
      continue;
    }
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        // Elements of an array keep the array's key: the rules are per field.
        stack.push({ value: value[i], path: `${path}[${i}]`, key });
      }
      continue;
    }
    if (value instanceof Map) {
      value.forEach((entry, mapKey) => stack.push({ value: entry, path: `${path}.get(${String(mapKey)})`, key }));
      continue;
    }
    for (const [name, entry] of Object.entries(value)) {
      if (!skip.has(name) && typeof entry !== 'function') {
        stack.push({ value: entry, path: `${path}.${name}`, key: name });
      }
    }
  }
  return undefined;
}

type Outcome = { kind: 'ok' | 'typed' | 'untyped' | 'nonFinite' | 'invalid'; detail?: string; ms: number };

const VERBOSE = Boolean(process.env.FUZZ_VERBOSE);

/**
 * Milliseconds of this process's CPU time: a case's cost without the time other processes on a busy machine
 * took from it (wall-clock time there can triple), so a slow case means slow code.
 */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/**
 * What a run returns besides its result: `invalid` says why a result that is finite is still wrong (a rule
 * file that does not parse back, say), for targets whose results have a shape to check.
 */
export type Check<R> = (result: R) => string | undefined;

function resultOutcome(result: unknown, ms: number, rules: FinitenessRules, check?: Check<never>): Outcome {
  const bad = firstNonFinite(result, rules);
  if (bad) {
    return { kind: 'nonFinite', detail: bad, ms };
  }
  const invalid = check?.(result as never);
  return invalid ? { kind: 'invalid', detail: invalid, ms } : { kind: 'ok', ms };
}

function errorOutcome(error: unknown, ms: number): Outcome {
  if (isTypedError(error)) {
    return { kind: 'typed', ms, detail: VERBOSE ? String((error as Error).message).slice(0, 220) : undefined };
  }
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return {
    kind: 'untyped',
    detail: `${text}${error instanceof Error && error.stack ? `\n${error.stack.split('\n').slice(1, 4).join('\n')}` : ''}`,
    ms,
  };
}

function runCase<T>(input: T, run: (input: T) => unknown, rules: FinitenessRules, check?: Check<never>): Outcome {
  const started = cpuMs();
  try {
    const result = run(input);
    return resultOutcome(result, cpuMs() - started, rules, check);
  } catch (error) {
    return errorOutcome(error, cpuMs() - started);
  }
}

/**
 * An asynchronous case: its CPU time is the process's while it ran, which is the case's own as long as
 * the suite runs one case at a time and the code under test waits on nothing but itself (fakes at the
 * edges answer at once).
 */
async function runAsyncCase<T>(
  input: T,
  run: (input: T) => Promise<unknown>,
  rules: FinitenessRules,
  check?: Check<never>
): Promise<Outcome> {
  const started = cpuMs();
  try {
    const result = await run(input);
    return resultOutcome(result, cpuMs() - started, rules, check);
  } catch (error) {
    return errorOutcome(error, cpuMs() - started);
  }
}

function describeInput(input: unknown, limit = 600): string {
  try {
    const text = JSON.stringify(input, (_key, value) =>
      typeof value === 'number' && !Number.isFinite(value)
        ? String(value)
        : ArrayBuffer.isView(value)
          ? Array.from(value as unknown as ArrayLike<number>)
          : value
    );
    return text && text.length > limit ? `${text.slice(0, limit)}…` : String(text);
  } catch {
    return String(input);
  }
}

function emptyReport(target: string): TargetReport {
  return {
    target,
    cases: 0,
    ok: 0,
    typed: 0,
    untyped: 0,
    nonFinite: 0,
    invalid: 0,
    slow: 0,
    slowestMs: 0,
    examples: [],
    typedMessages: new Map(),
  };
}

function trace(target: string, report: TargetReport, input: unknown) {
  if (TRACE_FILE) {
    writeFileSync(TRACE_FILE, `${target} case ${report.cases}\n${describeInput(input, Infinity)}\n`);
  }
}

function count(report: TargetReport, outcome: Outcome, input: unknown) {
  report.cases++;
  report[outcome.kind]++;
  if (outcome.kind === 'typed' && outcome.detail) {
    report.typedMessages.set(outcome.detail, (report.typedMessages.get(outcome.detail) ?? 0) + 1);
  }
  report.slowestMs = Math.max(report.slowestMs, outcome.ms);
  const slow = outcome.ms > SLOW_CASE_MS;
  if (slow) {
    report.slow++;
  }
  const bad = outcome.kind === 'untyped' || outcome.kind === 'nonFinite' || outcome.kind === 'invalid';
  if ((bad || slow) && report.examples.length < 3) {
    report.examples.push(
      `${slow ? `slow (${outcome.ms.toFixed(0)} ms)` : outcome.kind}: ${outcome.detail ?? ''}\n    input: ${describeInput(input)}`
    );
  }
}

/** Runs one target on FUZZ_RUNS generated inputs and counts the outcomes. */
export function fuzzTarget<T, R = unknown>(
  target: string,
  inputs: fc.Arbitrary<T>,
  run: (input: T) => R,
  rules: FinitenessRules = {},
  runs = FUZZ_RUNS,
  check?: Check<R>
): TargetReport {
  const report = emptyReport(target);
  // A property that records every case and never fails, so fast-check runs all of them (fc.sample would
  // hold every input in memory at once).
  fc.assert(
    fc.property(inputs, (input) => {
      trace(target, report, input);
      count(report, runCase(input, run, rules, check as Check<never>), input);
      return true;
    }),
    { numRuns: runs, seed: FUZZ_SEED, endOnFailure: true }
  );
  return report;
}

/** {@link fuzzTarget} for a function that returns a promise: one case at a time. */
export async function fuzzAsyncTarget<T, R = unknown>(
  target: string,
  inputs: fc.Arbitrary<T>,
  run: (input: T) => Promise<R>,
  rules: FinitenessRules = {},
  runs = FUZZ_RUNS,
  check?: Check<R>
): Promise<TargetReport> {
  const report = emptyReport(target);
  await fc.assert(
    fc.asyncProperty(inputs, async (input) => {
      trace(target, report, input);
      count(report, await runAsyncCase(input, run, rules, check as Check<never>), input);
      return true;
    }),
    { numRuns: runs, seed: FUZZ_SEED, endOnFailure: true }
  );
  return report;
}

/** The per-target table the suite prints. */
export function formatReports(title: string, reports: TargetReport[]): string {
  const header = `${'target'.padEnd(44)} ${'cases'.padStart(6)} ${'ok'.padStart(6)} ${'typed'.padStart(6)} ${'untyped'.padStart(8)} ${'non-finite'.padStart(10)} ${'invalid'.padStart(8)} ${'>1s'.padStart(4)} ${'slowest'.padStart(9)}`;
  const lines = reports.map(
    (r) =>
      `${r.target.padEnd(44)} ${String(r.cases).padStart(6)} ${String(r.ok).padStart(6)} ${String(r.typed).padStart(6)} ${String(r.untyped).padStart(8)} ${String(r.nonFinite).padStart(10)} ${String(r.invalid).padStart(8)} ${String(r.slow).padStart(4)} ${`${r.slowestMs.toFixed(0)} ms`.padStart(9)}`
  );
  const problems = reports.flatMap((r) => r.examples.map((example) => `[${r.target}] ${example}`));
  if (VERBOSE) {
    for (const r of reports) {
      const top = [...r.typedMessages.entries()].sort((a, b) => b[1] - a[1]).slice(0, 4);
      problems.push(`typed errors of ${r.target}:`);
      for (const [message, count] of top) {
        problems.push(`  ${count} × ${message}`);
      }
    }
  }
  return [`${title} (seed ${FUZZ_SEED}, ${FUZZ_RUNS} cases per target)`, header].concat(lines, problems).join('\n');
}

function expectClean(report: TargetReport) {
  expect({
    untyped: report.untyped,
    nonFinite: report.nonFinite,
    invalid: report.invalid,
    slow: report.slow,
    examples: report.examples,
  }).toEqual({
    untyped: 0,
    nonFinite: 0,
    invalid: 0,
    slow: 0,
    examples: [],
  });
}

/** Options of one target. */
export interface TargetOptions<R> extends FinitenessRules {
  /** Why a finite result is still wrong, or undefined when it is right. */
  check?: Check<R>;
}

/** The modules of a source folder (its files without the tests), by name: what a suite must import. */
export function sourceModules(folder: string): string[] {
  return readdirSync(folder)
    .filter((file) => /\.tsx?$/.test(file) && !/\.test\.tsx?$/.test(file))
    .map((file) => file.replace(/\.tsx?$/, ''))
    .sort();
}

/** Whether a value exported by a module is a function a fuzz target must cover (error classes are not). */
function isFunctionExport(value: unknown): value is (...args: never[]) => unknown {
  return typeof value === 'function' && !(value.prototype instanceof Error);
}

/**
 * How a suite accounts for a module's exported functions besides its own targets:
 * - `reachedBy`: functions run inside other targets (a reader the panel pipeline calls), with those targets;
 * - `notTargets`: functions that take no data (a cache reset, a scheduler), with the reason.
 */
export interface Coverage {
  reachedBy?: Record<string, readonly string[]>;
  notTargets?: Record<string, string>;
}

/**
 * A jest suite of fuzz targets: `target(name, inputs, run, rules)` adds a test that fails on any untyped
 * error, non-finite result, failed check or slow case (printing the first ones), and the counts of every
 * target are handed to `print` as one table after the suite (the suite's test file prints it: this module is
 * source, where the plugin validator refuses console output). A target named after a function (or `name: variant`)
 * covers that function; `target.covers(modules, coverage)` adds a test that every function the modules
 * export is covered, reached by a named target, or listed with the reason it takes no data.
 */
export function fuzzSuite(title: string, print: (table: string) => void) {
  const reports: TargetReport[] = [];
  const names: string[] = [];
  afterAll(() => print(formatReports(title, reports)));
  function target<T, R>(
    name: string,
    inputs: fc.Arbitrary<T>,
    run: (input: T) => R,
    options?: TargetOptions<Awaited<R>>
  ) {
    names.push(name);
    it(
      name,
      () => {
        const report = fuzzTarget(name, inputs, run, options, FUZZ_RUNS, options?.check as Check<R> | undefined);
        reports.push(report);
        expectClean(report);
      },
      TARGET_TIMEOUT_MS
    );
  }
  /** A target whose function returns a promise. */
  target.async = function asyncTarget<T, R>(
    name: string,
    inputs: fc.Arbitrary<T>,
    run: (input: T) => Promise<R>,
    options?: TargetOptions<R>
  ) {
    names.push(name);
    it(
      name,
      async () => {
        const report = await fuzzAsyncTarget(name, inputs, run, options, FUZZ_RUNS, options?.check);
        reports.push(report);
        expectClean(report);
      },
      TARGET_TIMEOUT_MS
    );
  };
  target.covers = function covers(modules: Record<string, Record<string, unknown>>, coverage: Coverage = {}) {
    it(`covers every function ${Object.keys(modules).join(', ')} export`, () => {
      const reachedBy = coverage.reachedBy ?? {};
      const notTargets = coverage.notTargets ?? {};
      const exported = new Set<string>();
      const uncovered: string[] = [];
      for (const [module, exports] of Object.entries(modules)) {
        for (const [name, value] of Object.entries(exports)) {
          if (!isFunctionExport(value)) {
            continue;
          }
          exported.add(name);
          const ownTarget = names.some((target) => target === name || target.startsWith(`${name}: `));
          if (!ownTarget && !(name in reachedBy) && !(name in notTargets)) {
            uncovered.push(`${module}.${name}`);
          }
        }
      }
      // Accounts that name no export, or a target that does not exist, are out of date.
      const stale = [
        ...Object.keys(reachedBy).filter((name) => !exported.has(name)),
        ...Object.keys(notTargets).filter((name) => !exported.has(name)),
        ...Object.values(reachedBy)
          .flat()
          .filter((name) => !names.includes(name)),
      ];
      expect({ uncovered, stale }).toEqual({ uncovered: [], stale: [] });
    });
  };
  return target;
}
