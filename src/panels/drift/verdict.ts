import { FeatureDrift } from '../../analysis';

/**
 * One verdict per feature, read from the baseline-against-current comparison (the badge): the windows over
 * time only say when a drift began, or, for a stable feature, how often a window crossed the threshold.
 * A feature badged Stable is never said to be "drifting since".
 */
export interface DriftVerdict {
  drifted: boolean;
  /** Epoch ms the latest run of drifted windows began; only for a drifted feature. */
  since?: number;
  /** Windows over the threshold, of the windows that could be scored. */
  crossed: number;
  scored: number;
  /** Epoch ms of the start of the last window over the threshold. */
  lastCrossed?: number;
}

export function driftVerdict(feature: FeatureDrift): DriftVerdict {
  let crossed = 0;
  let scored = 0;
  let lastCrossed: number | undefined;
  for (const window of feature.windows) {
    if (window.score !== null) {
      scored++;
    }
    if (window.drifted) {
      crossed++;
      lastCrossed = window.from;
    }
  }
  return {
    drifted: feature.drifted,
    ...(feature.drifted && feature.driftStart ? { since: feature.driftStart.from } : {}),
    crossed,
    scored,
    ...(lastCrossed !== undefined ? { lastCrossed } : {}),
  };
}

/**
 * The verdict in words, e.g. "Drifted since 09:46" or "Stable over the whole window; crossed the threshold
 * in 3 of 24 windows, last at 10:31".
 */
export function verdictText(verdict: DriftVerdict, formatTime: (epochMs: number) => string): string {
  if (verdict.drifted) {
    return verdict.since !== undefined ? `Drifted since ${formatTime(verdict.since)}` : 'Drifted over the whole window';
  }
  if (verdict.crossed === 0 || verdict.lastCrossed === undefined) {
    return 'Stable over the whole window';
  }
  const windows = verdict.scored === 1 ? 'window' : 'windows';
  return `Stable over the whole window; crossed the threshold in ${verdict.crossed} of ${verdict.scored} ${windows}, last at ${formatTime(verdict.lastCrossed)}`;
}
