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
 */
export function alertEpisodes(
  times: ArrayLike<number>,
  values: ArrayLike<number>,
  options: AlertEpisodeOptions
): AlertEpisode[] {
  const { threshold, forMs, intervalMs } = options;
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
