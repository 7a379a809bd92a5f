import { FeatureDrift } from '../analysis';
import { AnnotationEvent } from '../data/annotations';
import { TimelineStep, TimeWindow } from '../findings/changeSequence';
import { ScoreDrift } from '../findings/predictions';
import { EvidenceItem, panelLink } from '../rca/worksheet';

const HOUR_MS = 3_600_000;
/** The drift ranking lists this many features, most severe first. */
export const DRIFT_ITEMS = 5;

interface Place {
  dashboardUID: string;
  range: TimeWindow;
}

function stepDetail(step: ChangeStep): string | undefined {
  if (step.exonerated) {
    return 'Nothing moved after it';
  }
  return step.followedBy.length > 0 ? `Followed by ${step.followedBy.length} onset(s)` : undefined;
}

type ChangeStep = Extract<TimelineStep, { type: 'event' }>;

/** A change event as evidence, with the timeline's verdict on it when its sequence has it. */
function changeItem(
  change: { id: string; kind: string; title: string; time: number },
  step: ChangeStep | undefined,
  link: string | undefined
): EvidenceItem {
  return {
    id: `change:${change.id}`,
    type: 'change',
    kind: change.kind,
    title: change.title,
    time: change.time,
    ...(step ? { detail: stepDetail(step) } : {}),
    ...(step?.exonerated ? { exonerated: true } : {}),
    ...(link ? { link } : {}),
  };
}

function scoreDetail(score: number): string {
  return score > 1000 ? 'more than 1000× baseline noise' : `${score.toFixed(1)}× baseline noise`;
}

/** The timeline's "what changed first" steps as evidence, each linked to the timeline panel over the range. */
export function sequenceItems(steps: readonly TimelineStep[], panelId: number, place: Place): EvidenceItem[] {
  const link = panelLink(place.dashboardUID, panelId, place.range.from, place.range.to);
  const ids = new Set<string>();
  return steps.map((step): EvidenceItem => {
    if (step.type === 'event') {
      return changeItem({ id: step.eventId, kind: step.kind, title: step.displayLabel, time: step.time }, step, link);
    }
    const recovery = 'recovery' in step;
    const id = `onset:${step.laneId}:${recovery ? 'recovery' : 'onset'}`;
    // A lane can move twice (a slow rise, then a step): the later onset's id carries its time.
    const unique = ids.has(id) ? `${id}:${step.time}` : id;
    ids.add(unique);
    return {
      id: unique,
      type: 'onset',
      title: `${step.displayLabel} ${recovery ? 'recovered' : step.direction === 'up' ? 'rose' : 'fell'}`,
      time: step.time,
      detail: scoreDetail(step.score),
      link,
    };
  });
}

/**
 * The change annotations around the incident (not the incidents themselves), each linked to the incident's
 * panel an hour either side; with the timeline's verdict where its sequence has the change.
 */
export function changeItems(
  events: readonly AnnotationEvent[],
  steps: readonly TimelineStep[],
  incident: { dashboardUID: string; panelId?: number; end?: number }
): EvidenceItem[] {
  const verdicts = new Map<string, ChangeStep>();
  for (const step of steps) {
    if (step.type === 'event') {
      verdicts.set(step.eventId, step);
    }
  }
  return events
    .filter((event) => event.kind !== 'incident')
    .map((event) =>
      changeItem(
        { id: event.id, kind: event.kind, title: event.text, time: event.time },
        verdicts.get(event.id),
        incident.dashboardUID
          ? panelLink(
              incident.dashboardUID,
              incident.panelId,
              event.time - HOUR_MS,
              (incident.end ?? event.time) + HOUR_MS
            )
          : undefined
      )
    );
}

/** The top of the drift ranking, each linked to the drift panel from where it drifted (or the incident). */
export function driftItems(
  features: readonly FeatureDrift[],
  panelId: number,
  place: Place & { window: TimeWindow }
): EvidenceItem[] {
  return features.slice(0, DRIFT_ITEMS).map((feature, rank): EvidenceItem => {
    const from = feature.driftStart?.from ?? place.window.from;
    return {
      id: `drift:${feature.feature}`,
      type: 'drift',
      title: `#${rank + 1} drift: ${feature.feature}`,
      time: feature.driftStart?.from,
      detail: `${feature.method} ${feature.score.toPrecision(3)} (severity ${feature.severity.toFixed(1)}${feature.drifted ? ', drifted' : ''})`,
      link: panelLink(place.dashboardUID, panelId, Math.min(from, place.window.from), place.range.to),
    };
  });
}

/** The predictions panel's verdict: did the score distribution move between baseline and current? */
export function predictionItem(
  field: string,
  drift: ScoreDrift,
  current: TimeWindow,
  panelId: number,
  place: Place
): EvidenceItem {
  const score = drift.scoreKind === 'p-value' ? drift.score.toExponential(1) : drift.score.toPrecision(3);
  return {
    id: `predictions:${field}`,
    type: 'drift',
    title: `Predictions: ${field} ${drift.drifted ? 'shifted' : 'did not shift'}`,
    time: current.from,
    detail: `${drift.method} ${score} (threshold ${drift.threshold}${drift.drifted ? ', drifted' : ''})`,
    link: panelLink(place.dashboardUID, panelId, place.range.from, place.range.to),
  };
}
