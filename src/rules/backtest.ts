import { DriftRuleSpecError } from './errors';

/** JavaScript's Date range: any epoch-ms time an evaluation can have. */
const MAX_EPOCH_MS = 8.64e15;

/** One stretch during which a drift alert was active for one feature. */
export interface AlertEpisode {
  /** First evaluation at or above the threshold: pending from here (firing at once when `for` is 0). */
  activeAt: number;
  /** First evaluation at which the alert fired; absent when it resolved while still pending. */
  firingAt?: number;
  /** First evaluation without a score at or above the threshold; absent when active at the last one. */
  resolvedAt?: number;
}

export interface AlertEpisodeOptions {
  threshold: number;
  /** The alert's `for`, ms. */
  forMs: number;
  /** Time between evaluations, ms: a longer gap between two scores means evaluations without one. */
  intervalMs: number;
}

/**
 * When an alert on `score >= threshold` with `for` would have been pending and firing, given the
 * score at successive evaluations (`times` ascending, ms; NaN for an evaluation without a score).
 * Prometheus' rule semantics: the alert is active from the first evaluation with a sample, fires at
 * the first evaluation at least `for` after that, and resolves at the first evaluation without one.
 * @throws DriftRuleSpecError for a negative `for`, an interval under 1 ms, or times that are not
 * ascending epoch ms.
 */
export function alertEpisodes(
  times: ArrayLike<number>,
  values: ArrayLike<number>,
  options: AlertEpisodeOptions
): AlertEpisode[] {
  const { threshold, forMs, intervalMs } = options;
  if (!(forMs >= 0 && Number.isFinite(forMs)) || !(intervalMs >= 1 && Number.isFinite(intervalMs))) {
    throw new DriftRuleSpecError(
      'INVALID_DURATION',
      `"for" of ${forMs} ms or an evaluation interval of ${intervalMs} ms is invalid: use a "for" of 0 or more and an interval of 1 ms or more`
    );
  }
  for (let i = 0; i < times.length; i++) {
    if (!(Math.abs(times[i]) <= MAX_EPOCH_MS) || (i > 0 && !(times[i] > times[i - 1]))) {
      throw new DriftRuleSpecError(
        'INVALID_TIMES',
        `evaluation ${i} is at ${times[i]}: evaluation times are ascending epoch milliseconds`
      );
    }
  }
  // Evaluation times carry rounding from the query step; half an interval tells a gap from jitter.
  const tolerance = intervalMs / 2;
  const episodes: AlertEpisode[] = [];
  let open: AlertEpisode | undefined;
  let previousTime = -Infinity;
  for (let i = 0; i < times.length; i++) {
    const time = times[i];
    const active = values[i] >= threshold;
    if (open && time - previousTime > intervalMs + tolerance) {
      // Evaluations without a score in between resolved it.
      open.resolvedAt = previousTime + intervalMs;
      open = undefined;
    }
    if (active) {
      if (!open) {
        open = { activeAt: time };
        episodes.push(open);
      }
      if (open.firingAt === undefined && time - open.activeAt >= forMs) {
        open.firingAt = time;
      }
    } else if (open) {
      open.resolvedAt = time;
      open = undefined;
    }
    previousTime = time;
  }
  return episodes;
}

/** The first time an alert fired, or undefined when it never did. */
export function firstFiring(episodes: readonly AlertEpisode[]): number | undefined {
  return episodes.find((episode) => episode.firingAt !== undefined)?.firingAt;
}
