import { computeDriftOverTime, DriftOverTime } from '../../analysis';
import { AnnotationEvent, readAnnotations } from '../../data/annotations';
import { autoWindowMs, readDriftInput } from '../../data/driftInput';
import { readTimelineLanes } from '../../data/lanes';
import { getScenario, ScenarioId, SCENARIO_IDS } from '../../demo';
// The same analysis the timeline panel runs, so the workbench and the panel agree on what changed first.
import { analyseTimeline, TimelineStep } from '../../panels/timeline/changeSequence';
import { DEMO_PANEL_IDS, EvidenceItem, panelLink } from '../../rca';

export interface ScenarioEvidence {
  scenario: ScenarioId;
  /** The range the evidence was computed over and the incident window inside it. */
  range: { from: number; to: number };
  window: { from: number; to: number };
  annotations: AnnotationEvent[];
  steps: TimelineStep[];
  drift?: DriftOverTime;
  driftProblem?: string;
  /** Evidence items: change events, onsets and the drift ranking, each linked to its panel. */
  items: EvidenceItem[];
}

export function isScenarioId(value: string | undefined): value is ScenarioId {
  return SCENARIO_IDS.includes(value as ScenarioId);
}

const BASELINE_PERCENT = 25;

/**
 * The evidence of a demo incident, from the scenario's own data: the "what changed first" sequence over its
 * default range and the drift ranking of its sample features (baseline: the first quarter of the range,
 * the calm before the incident).
 */
export function computeScenarioEvidence(
  scenarioId: ScenarioId,
  dashboardUID: string,
  now = Date.now()
): ScenarioEvidence {
  const scenario = getScenario(scenarioId, { now });
  const range = scenario.defaultRange;
  const window = { from: scenario.incident.from, to: scenario.incident.to ?? range.to };
  const annotations = readAnnotations([scenario.annotations]);
  const lanes = readTimelineLanes([...scenario.metrics, scenario.logs, scenario.traces], range);
  const { steps } = analyseTimeline(lanes, annotations, range, window, window.from);
  const link = (panelId: number, from = range.from, to = range.to) => panelLink(dashboardUID, panelId, from, to);
  const items: EvidenceItem[] = [];
  for (const step of steps) {
    if (step.type === 'event') {
      items.push({
        id: `change:${step.eventId}`,
        type: 'change',
        kind: step.kind,
        title: step.displayLabel,
        time: step.time,
        detail: step.exonerated
          ? 'Nothing moved after it'
          : step.followedBy.length > 0
            ? `Followed by ${step.followedBy.length} onset(s)`
            : undefined,
        link: link(DEMO_PANEL_IDS.timeline),
      });
    } else {
      const recovery = 'recovery' in step;
      const id = `onset:${step.laneId}:${recovery ? 'recovery' : 'onset'}`;
      // A lane can move twice (a slow rise, then a step): the later onset's id carries its time.
      const unique = items.some((item) => item.id === id) ? `${id}:${step.time}` : id;
      items.push({
        id: unique,
        type: 'onset',
        title: `${step.displayLabel} ${recovery ? 'recovered' : step.direction === 'up' ? 'rose' : 'fell'}`,
        time: step.time,
        detail: step.score > 1000 ? 'more than 1000× baseline noise' : `${step.score.toFixed(1)}× baseline noise`,
        link: link(DEMO_PANEL_IDS.timeline),
      });
    }
  }
  let drift: DriftOverTime | undefined;
  let driftProblem: string | undefined;
  try {
    const input = readDriftInput([scenario.samples], {
      inputKind: 'samples',
      features: [],
      predictionField: scenario.predictionField,
      method: 'auto',
      threshold: 0,
    });
    drift = computeDriftOverTime(input.features, {
      range,
      baseline: { mode: 'firstPercent', percent: BASELINE_PERCENT },
      windowMs: autoWindowMs(range),
    });
    drift.features.slice(0, 5).forEach((feature, rank) => {
      const from = feature.driftStart?.from ?? drift!.currentRange.from;
      items.push({
        id: `drift:${feature.feature}`,
        type: 'drift',
        title: `#${rank + 1} drift: ${feature.feature}`,
        time: feature.driftStart?.from,
        detail: `${feature.method} ${feature.score.toPrecision(3)} (severity ${feature.severity.toFixed(1)}${feature.drifted ? ', drifted' : ''})`,
        link: link(DEMO_PANEL_IDS.drift, Math.min(from, window.from), range.to),
      });
    });
  } catch (error) {
    driftProblem = error instanceof Error ? error.message : String(error);
  }
  return { scenario: scenarioId, range, window, annotations, steps, drift, driftProblem, items };
}

/** A step-aligned "now" (midnight UTC) to measure how far before now each scenario puts its incident. */
const PROBE_NOW = Date.UTC(2026, 0, 1);
const incidentLeadMs = new Map<ScenarioId, number>();

/**
 * The "now" to generate a scenario at so that its incident starts at `incidentStart` (to within one step):
 * the demo then tells the story of this incident, the same whenever the workbench is opened, and its
 * timeline lines up with the incident's own start and end.
 */
export function scenarioNowForIncident(scenarioId: ScenarioId, incidentStart: number): number {
  let lead = incidentLeadMs.get(scenarioId);
  if (lead === undefined) {
    lead = PROBE_NOW - getScenario(scenarioId, { now: PROBE_NOW }).incident.from;
    incidentLeadMs.set(scenarioId, lead);
  }
  return incidentStart + lead;
}

/** The evidence of a demo incident, with the scenario anchored on the incident's start. */
export function computeIncidentEvidence(
  scenarioId: ScenarioId,
  dashboardUID: string,
  incidentStart: number
): ScenarioEvidence {
  return computeScenarioEvidence(scenarioId, dashboardUID, scenarioNowForIncident(scenarioId, incidentStart));
}
