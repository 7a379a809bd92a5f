import { BucketFeatureSeries } from '../analysis';
import { readDriftInput } from '../data/driftInput';
import { getScenario } from '../demo';

/** The ctr-decline scenario at a fixed now, and its feature histograms as the drift panel reads them. */
export function ctrDeclineHistograms() {
  const scenario = getScenario('ctr-decline', { now: Date.UTC(2026, 10, 30, 12) });
  const input = readDriftInput(scenario.featureBuckets, {
    inputKind: 'auto',
    features: [],
    method: 'auto',
    threshold: 0,
    featureLabel: 'feature',
  });
  return { scenario, input, histograms: input.features as BucketFeatureSeries[] };
}
