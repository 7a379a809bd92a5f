import { FeatureDrift } from '../analysis';
import { PanelPlace } from './destination';
import { MAX_PIN_FEATURES, PinnedDrift, PinnedFindings } from './pins';

/**
 * The ranking's features as the workbench pins them: drifted ones first, each group in the ranking's order
 * (most severe first), at most MAX_PIN_FEATURES.
 */
export function pinnedDrift(features: readonly FeatureDrift[]): PinnedDrift[] {
  const ordered = [...features.filter((feature) => feature.drifted), ...features.filter((feature) => !feature.drifted)];
  return ordered.slice(0, MAX_PIN_FEATURES).map((feature): PinnedDrift => ({
    feature: feature.feature,
    method: feature.method,
    score: feature.score,
    threshold: feature.threshold,
    drifted: feature.drifted,
    // Only a drifted feature is "drifting since": a stable one's windows may cross now and then.
    ...(feature.drifted && feature.driftStart ? { since: feature.driftStart.from } : {}),
  }));
}

export interface DriftSendContext extends PanelPlace {
  /** The current period the features were scored over. */
  current: { from: number; to: number };
}

/** The findings "Send to workbench" carries from the drift panel: its top features over the current period. */
export function driftFindings(features: readonly FeatureDrift[], context: DriftSendContext): PinnedFindings {
  const drift = pinnedDrift(features);
  return {
    dashboardUID: context.dashboardUID,
    panelId: context.panelId,
    range: context.range,
    window: context.current,
    windowSource: 'default',
    steps: [],
    drift,
    omitted: features.length - drift.length,
  };
}
