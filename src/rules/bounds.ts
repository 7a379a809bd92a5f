import { parseLe } from '../analysis';
import { DriftRuleSpecError } from './errors';

/** One bucket bound of the histogram as the rules use it. */
export interface RuleBound {
  /** The upper bound. */
  value: number;
  /** The `le` value the helper records carry. */
  label: string;
  /** An anchored regular expression (RE2) matching every spelling of this bound in the source series. */
  pattern: string;
}

/**
 * Go's `strconv.FormatFloat(v, 'g', -1, 64)`, which Prometheus' Go client writes into `le`: the
 * shortest digits, in exponent form when the exponent is below -4 or at least 6 (`1e+06`, where
 * JavaScript writes `1000000`).
 */
export function goFloatString(value: number): string {
  if (value === Infinity) {
    return '+Inf';
  }
  if (value === -Infinity) {
    return '-Inf';
  }
  const [mantissa, exponentText] = value.toExponential().split('e');
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 6) {
    const sign = exponent < 0 ? '-' : '+';
    const digits = String(Math.abs(exponent)).padStart(2, '0');
    return `${mantissa}e${sign}${digits}`;
  }
  return String(value);
}

/** Every spelling client libraries and Prometheus versions give a bound: `1`, `1.0` (Prometheus 3, Python), `1e+06`. */
export function leSpellings(value: number, given?: string): string[] {
  if (value === Infinity) {
    return ['+Inf'];
  }
  const go = goFloatString(value);
  const spellings = [given, String(value), go, /[.eE]/.test(go) ? undefined : `${go}.0`];
  if (!/[.eE]/.test(String(value))) {
    spellings.push(`${value}.0`);
  }
  return [...new Set(spellings.filter((spelling): spelling is string => spelling !== undefined))];
}

function escapeRegex(text: string): string {
  return text.replace(/[\\^$.|?*+()[\]{}]/g, (char) => `\\${char}`);
}

/**
 * The bounds of a spec: ascending, `+Inf` last (added when missing). Strings are kept as the `le`
 * label they came from; numbers are written as Prometheus' Go client writes them.
 * @throws DriftRuleSpecError (INVALID_BOUNDS) for unparsable, unsorted or too few bounds.
 */
export function resolveBounds(bounds: ReadonlyArray<number | string>): RuleBound[] {
  const resolved: RuleBound[] = [];
  for (const bound of bounds) {
    let value: number;
    try {
      value = parseLe(bound);
    } catch {
      throw new DriftRuleSpecError(
        'INVALID_BOUNDS',
        `the bucket bound "${String(bound)}" is not a number: give the histogram's le values, e.g. 0.5 or "+Inf"`
      );
    }
    if (Number.isNaN(value) || value === -Infinity) {
      throw new DriftRuleSpecError('INVALID_BOUNDS', `the bucket bound "${String(bound)}" is not a usable upper bound`);
    }
    const previous = resolved[resolved.length - 1];
    if (previous && value <= previous.value) {
      throw new DriftRuleSpecError(
        'INVALID_BOUNDS',
        `the bucket bounds are not strictly ascending at ${String(bound)}: list each le value once, smallest first`
      );
    }
    const given = typeof bound === 'string' ? bound.trim() : undefined;
    const label = value === Infinity ? '+Inf' : (given ?? goFloatString(value));
    resolved.push({ value, label, pattern: leSpellings(value, given).map(escapeRegex).join('|') });
  }
  if (resolved[resolved.length - 1]?.value !== Infinity) {
    resolved.push({ value: Infinity, label: '+Inf', pattern: '\\+Inf' });
  }
  if (resolved.length < 2) {
    throw new DriftRuleSpecError(
      'INVALID_BOUNDS',
      'a histogram needs at least one finite bucket bound besides +Inf to compare distributions'
    );
  }
  return resolved;
}
