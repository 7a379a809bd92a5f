/**
 * PromQL for drift between two windows of a classic histogram, equal to the engine's `bucketDrift`
 * (src/analysis/drift/buckets.ts) on the same bucket increases:
 *
 * - Counts: `increase()` of each `_bucket` series (counter resets handled), summed across instances
 *   (`sum by` the kept labels) bound by bound; each bound's series are matched by every spelling of
 *   its `le` (`1`, `1.0`), so rules survive Prometheus 3's `le` normalisation.
 * - Shares: per-bucket counts from the cumulative ones (the bound list is known), divided by the
 *   window's total. A window with no observations, or missing one of the bounds, has no shares, so
 *   every score is absent rather than NaN or ±Inf: no traffic means no sample, no baseline no alert.
 * - psi: Σ (r − c)·ln(r/c) over shares with Evidently's empty-bucket fill on each side (0.0001, or the
 *   smallest non-zero share ÷ 10^6 when that share is at most 0.0001), terms below 0 (rounding)
 *   dropped, as `psi()` and the bucket kernel do.
 * - jensenshannon: the distance (square root of the divergence), natural logarithm, as
 *   `scipy.spatial.distance.jensenshannon(p, q)`. A bucket with both shares positive contributes
 *   p·ln(2p/(p+q)) + q·ln(2q/(p+q)) = s·(d·atanh d − atanh(d²/(2 − d²))) with s = p + q and
 *   d = (p − q)/s, a form without cancellation when p ≈ q; a bucket empty on one side contributes s·ln 2.
 * - hellinger: √(Σ(√p − √q)²)/√2.
 * - ks: the largest gap between the two cumulative shares at the bounds, which the cumulative
 *   `le` buckets give directly.
 */
import type { BucketDriftMethod } from '../analysis';
import { formatPrometheusDuration } from './durations';
import { promqlString, ResolvedSpec } from './spec';
import type { RuleBound } from './bounds';

export type Side = 'current' | 'baseline';

/** The prefix of every record and rule name the generator writes. */
export const RECORD_PREFIX = 'driftline:';

/** Name of the recorded score of a method: `driftline:feature_drift:psi`. */
export function driftScoreRecordName(method: BucketDriftMethod): string {
  return `${RECORD_PREFIX}feature_drift:${method}`;
}

/** `@` takes seconds since the epoch. */
function epochSeconds(ms: number): string {
  return ms % 1000 === 0 ? String(ms / 1000) : (ms / 1000).toFixed(3);
}

/** Range and modifiers of one side's `increase()`: `[6h]`, `[6d] @ 1761000000`, `[6h] offset 7d`. */
export function rangeOf(spec: ResolvedSpec, side: Side): string {
  const window = formatPrometheusDuration(spec.windowMs);
  if (side === 'current') {
    return `[${window}]`;
  }
  const baseline = spec.baseline;
  switch (baseline.mode) {
    case 'fixed':
      return `[${formatPrometheusDuration(baseline.range.to - baseline.range.from)}] @ ${epochSeconds(baseline.range.to)}`;
    case 'timeShift':
      return `[${formatPrometheusDuration(baseline.durationMs ?? spec.windowMs)}] offset ${formatPrometheusDuration(baseline.shiftMs)}`;
    case 'previousPeriod':
      return `[${window}] offset ${window}`;
  }
}

/** The operation part of a side's helper record names: `increase6h`, `increase6d_at1761000000`, `increase6h_offset7d`. */
export function windowTag(spec: ResolvedSpec, side: Side): string {
  const window = formatPrometheusDuration(spec.windowMs);
  if (side === 'current') {
    return `increase${window}`;
  }
  const baseline = spec.baseline;
  switch (baseline.mode) {
    case 'fixed': {
      const end = baseline.range.to % 1000 === 0 ? `${baseline.range.to / 1000}` : `${baseline.range.to}ms`;
      return `increase${formatPrometheusDuration(baseline.range.to - baseline.range.from)}_at${end}`;
    }
    case 'timeShift':
      return `increase${formatPrometheusDuration(baseline.durationMs ?? spec.windowMs)}_offset${formatPrometheusDuration(baseline.shiftMs)}`;
    case 'previousPeriod':
      return `increase${window}_offset${window}`;
  }
}

/** Helper record names of one side: cumulative counts per bound, and per-bucket shares. */
export function helperNames(spec: ResolvedSpec, side: Side): { cumulative: string; shares: string } {
  const base = `${RECORD_PREFIX}${spec.metric}_bucket`;
  const tag = windowTag(spec, side);
  return { cumulative: `${base}:${tag}`, shares: `${base}:share_${tag}` };
}

/** How the score expressions refer to one side's counts: recorded helper series, or the expressions themselves. */
export interface SideRefs {
  /** Cumulative count at one bound, labelled with the kept labels and `le`. */
  cumulativeAt(bound: RuleBound): string;
  /** Cumulative counts at every bound. */
  cumulative(): string;
  /** Per-bucket shares, for windows with observations at every bound. */
  shares(): string;
}

function keepList(spec: ResolvedSpec): string {
  return spec.keep.join(', ');
}

/** Cumulative count at one bound from the source series: summed across instances, `le` rewritten to the bound's label. */
export function sourceCumulativeAt(spec: ResolvedSpec, side: Side, bound: RuleBound): string {
  const matchers = [spec.matcherText, `le=~${promqlString(bound.pattern)}`].filter(Boolean).join(', ');
  const increase = `increase(${spec.metric}_bucket{${matchers}}${rangeOf(spec, side)})`;
  return `label_replace(sum by (${keepList(spec)}) (${increase}), "le", ${promqlString(bound.label)}, "", "")`;
}

/** Cumulative counts at every bound, from the source series. */
export function sourceCumulative(spec: ResolvedSpec, side: Side): string {
  return spec.bounds.map((bound) => sourceCumulativeAt(spec, side, bound)).join('\nor\n');
}

/**
 * Per-bucket shares from cumulative counts: bucket i is cumulative(i) − cumulative(i − 1), at least
 * 0 (increase() extrapolates each series on its own, which can leave a bucket a hair below the one
 * under it where a series starts), over the total at +Inf. Only windows with observations and every
 * bound present get shares.
 */
export function sharesFrom(spec: ResolvedSpec, refs: Pick<SideRefs, 'cumulativeAt' | 'cumulative'>): string {
  const bounds = spec.bounds;
  const buckets = bounds.map((bound, i) => {
    if (i === 0) {
      return refs.cumulativeAt(bound);
    }
    const difference = `clamp_min(${refs.cumulativeAt(bound)} - ignoring(le) ${refs.cumulativeAt(bounds[i - 1])}, 0)`;
    return `label_replace(${difference}, "le", ${promqlString(bound.label)}, "", "")`;
  });
  const total = totalOf(spec, refs);
  return `(\n${buckets.join('\nor\n')}\n)\n/ ignoring(le) group_left()\n${total}`;
}

/** The window's total at +Inf, only where it is positive and every bound is present. */
function totalOf(spec: ResolvedSpec, refs: Pick<SideRefs, 'cumulativeAt' | 'cumulative'>): string {
  const keep = keepList(spec);
  const inf = spec.bounds[spec.bounds.length - 1];
  return `((${refs.cumulativeAt(inf)} > 0) and on(${keep}) (count by (${keep}) (${refs.cumulative()}) == ${spec.bounds.length}))`;
}

/** References to the source series themselves: for ad-hoc queries, backtests and Grafana-managed rules. */
export function inlineRefs(spec: ResolvedSpec, side: Side): SideRefs {
  const refs: SideRefs = {
    cumulativeAt: (bound) => sourceCumulativeAt(spec, side, bound),
    cumulative: () => `(\n${sourceCumulative(spec, side)}\n)`,
    shares: () => `(\n${sharesFrom(spec, refs)}\n)`,
  };
  return refs;
}

/** References to the helper records of a rule group. */
export function recordedRefs(spec: ResolvedSpec, side: Side): SideRefs {
  const names = helperNames(spec, side);
  return {
    cumulativeAt: (bound) => `${names.cumulative}{le=${promqlString(bound.label)}}`,
    cumulative: () => names.cumulative,
    shares: () => names.shares,
  };
}

/** Which helper records a method reads. */
export function methodNeedsShares(method: BucketDriftMethod): boolean {
  return method !== 'ks';
}

/** The score of one method, per feature, from the two sides' references. */
export function scoreExpression(
  spec: ResolvedSpec,
  method: BucketDriftMethod,
  current: SideRefs,
  baseline: SideRefs
): string {
  const keep = keepList(spec);
  const byBucket = `on(${keep}, le)`;
  switch (method) {
    case 'ks': {
      const cumulativeShares = (refs: SideRefs) =>
        `(${refs.cumulative()}\n/ ignoring(le) group_left()\n${totalOf(spec, refs)})`;
      return `max by (${keep}) (abs(\n${cumulativeShares(current)}\n- ${byBucket}\n${cumulativeShares(baseline)}\n))`;
    }
    case 'hellinger': {
      const p = baseline.shares();
      const q = current.shares();
      return `sqrt(sum by (${keep}) ((sqrt(${p}) - ${byBucket} sqrt(${q})) ^ 2)) / 1.4142135623730951`;
    }
    case 'jensenshannon': {
      const p = `(${baseline.shares()} > 0)`;
      const q = `(${current.shares()} > 0)`;
      const sum = `(${p} + ${byBucket} ${q})`;
      const d = `((${p} - ${byBucket} ${q}) / ${byBucket} ${sum})`;
      const bothPositive = `(${sum} * (${d} * atanh(${d}) - atanh(${d} ^ 2 / (2 - ${d} ^ 2))))`;
      const oneEmpty = `((${baseline.shares()} + ${byBucket} ${current.shares()}) * 0.6931471805599453)`;
      return `sqrt(clamp_min(sum by (${keep}) (\n${bothPositive}\nor ${byBucket}\n${oneEmpty}\n) / 2, 0))`;
    }
    case 'psi': {
      const filled = (shares: string) => {
        const smallest = `min by (${keep}) (${shares} > 0)`;
        const fill = `((${smallest} <= 0.0001) / 1000000 or on(${keep}) (0 * ${smallest} + 0.0001))`;
        return `((${shares} > 0) or ${byBucket} (0 * ${shares} + on(${keep}) group_left() ${fill}))`;
      };
      const r = filled(baseline.shares());
      const c = filled(current.shares());
      return `sum by (${keep}) (clamp_min(\n(${r} - ${byBucket} ${c})\n* (ln(${r}) - ${byBucket} ln(${c})),\n0))`;
    }
  }
}
