/**
 * Deterministic demo incidents. `getScenario(id, { now, seed })` gives the same frames for the same
 * `now` (floored to the scenario's step) and seed, so the playground, the demo data source, the
 * simulator and the tests all see the same incident.
 */
import type { DataFrame } from '@grafana/data';

import { chatbotOutage } from './scenarios/chatbotOutage';
import { ctrDecline } from './scenarios/ctrDecline';
import { latencyGc } from './scenarios/latencyGc';
import { stress } from './scenarios/stress';
import type { AnyScenarioId, DemoScenario, DemoSignal, ScenarioOptions } from './types';

export * from './types';
export { framesForRange } from './frames';
export { DEFAULT_SEED } from './scenario';
export { Rng } from './random';

const GENERATORS: Record<AnyScenarioId, (options?: ScenarioOptions) => DemoScenario> = {
  'ctr-decline': ctrDecline,
  'latency-gc': latencyGc,
  'chatbot-outage': chatbotOutage,
  stress,
};

export function getScenario(id: AnyScenarioId, options?: ScenarioOptions): DemoScenario {
  const generate = GENERATORS[id];
  if (!generate) {
    throw new Error(`Unknown demo scenario "${id}". Known: ${Object.keys(GENERATORS).join(', ')}`);
  }
  return generate(options);
}

/** The frames of one signal, as a data source query for it would return them. */
export function getScenarioSignal(scenario: DemoScenario, signal: DemoSignal): DataFrame[] {
  switch (signal) {
    case 'metrics':
      return scenario.metrics;
    case 'samples':
      return [scenario.samples];
    case 'feature-buckets':
      return scenario.featureBuckets;
    case 'prediction-buckets':
      return scenario.predictionBuckets;
    case 'genai-histograms':
      return scenario.genaiHistograms;
    case 'logs':
      return [scenario.logs];
    case 'traces':
      return [scenario.traces];
    case 'annotations':
      return [scenario.annotations];
  }
}

/** A step-aligned "now" (midnight UTC) to measure how far before now each scenario puts its incident. */
const PROBE_NOW = Date.UTC(2026, 0, 1);
const incidentLeadMs = new Map<AnyScenarioId, number>();

/**
 * The "now" to generate a scenario at so that its incident starts at `incidentStart` (to within one step):
 * the demo then tells the story of that incident, the same whenever it is asked.
 */
export function scenarioNowForIncident(id: AnyScenarioId, incidentStart: number): number {
  let lead = incidentLeadMs.get(id);
  if (lead === undefined) {
    lead = PROBE_NOW - getScenario(id, { now: PROBE_NOW }).incident.from;
    incidentLeadMs.set(id, lead);
  }
  return incidentStart + lead;
}
