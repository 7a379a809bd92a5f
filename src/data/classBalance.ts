/**
 * Class balance of a classifier's predictions over time: the share of each predicted class per window,
 * and the positive rate against the baseline's.
 */
import { assertBoundaries } from './arguments';
import { windowIndex } from './quantiles';
import { TimeWindow } from './windows';

const POSITIVE_NAMES = ['1', 'true', 'yes', 'positive', 'pos'];

export interface ClassBalance {
  classes: string[];
  /** The class whose share is the positive rate. */
  positive: string;
  starts: number[];
  end: number;
  /** shares[c][k]: share of class c in window k (NaN when the window is empty). */
  shares: number[][];
  counts: number[];
  /** Positive rate per window (NaN where empty), and over the baseline window (0 when it is empty). */
  positiveRate: number[];
  baselineRate: number;
  baselineSize: number;
}

/** A predicted class as text: numbers as written (1, 0), missing as undefined. */
export function classLabel(raw: unknown): string | undefined {
  if (raw === null || raw === undefined || raw === '' || (typeof raw === 'number' && !Number.isFinite(raw))) {
    return undefined;
  }
  return String(raw);
}

/**
 * Shares of each class per window. `wanted` lists the classes to show in order (others are counted as
 * "other"); empty shows every class found, most common first. The positive class is the first wanted one
 * when given, else one named 1/true/yes/positive, else the rarest class.
 */
export function classBalanceOverTime(
  times: ArrayLike<number>,
  labels: ArrayLike<string | undefined>,
  boundaries: readonly number[],
  baseline: TimeWindow,
  wanted: string[] = []
): ClassBalance {
  assertBoundaries(boundaries, 'window');
  const totals = new Map<string, number>();
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i];
    if (label !== undefined) {
      totals.set(label, (totals.get(label) ?? 0) + 1);
    }
  }
  const found = [...totals.keys()].sort((a, b) => totals.get(b)! - totals.get(a)! || a.localeCompare(b));
  const shown = wanted.length ? [...wanted] : found;
  const hasOther = wanted.length > 0 && found.some((label) => !wanted.includes(label));
  const classes = hasOther ? [...shown, 'other'] : shown;
  const slot = new Map(shown.map((label, index) => [label, index]));
  const positive =
    (wanted.length ? wanted[0] : undefined) ??
    found.find((label) => POSITIVE_NAMES.includes(label.toLowerCase())) ??
    found[found.length - 1] ??
    '';
  const windows = boundaries.length - 1;
  const counts = new Array<number>(windows).fill(0);
  const perClass = classes.map(() => new Array<number>(windows).fill(0));
  let baselineSize = 0;
  let baselinePositive = 0;
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i];
    if (label === undefined) {
      continue;
    }
    const t = times[i];
    if (t >= baseline.from && t < baseline.to) {
      baselineSize++;
      baselinePositive += label === positive ? 1 : 0;
    }
    const k = windowIndex(t, boundaries);
    if (k < 0) {
      continue;
    }
    const c = slot.get(label) ?? (hasOther ? classes.length - 1 : -1);
    if (c < 0) {
      continue;
    }
    perClass[c][k]++;
    counts[k]++;
  }
  const positiveSlot = classes.indexOf(positive);
  const shares = perClass.map((row) => row.map((count, k) => (counts[k] ? count / counts[k] : NaN)));
  return {
    classes,
    positive,
    starts: boundaries.slice(0, -1),
    end: boundaries[windows],
    shares,
    counts,
    positiveRate: positiveSlot >= 0 ? shares[positiveSlot] : counts.map(() => NaN),
    baselineRate: baselineSize ? baselinePositive / baselineSize : 0,
    baselineSize,
  };
}
