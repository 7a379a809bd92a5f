import { OutboxItem } from '../api/outbox';
import { PanelPlace, pinnedWorkbenchUrl, WorkbenchDestination } from './destination';
import { PinnedFindings, PinnedStep } from './pins';
import { outboxClientIdOf, sentServerIdOf } from '../components/annotations/usePanelAnnotations';
import { TimelineStep } from '../findings/changeSequence';

/**
 * An annotation's id as Grafana knows it: an annotation written from a panel is `outbox-<client id>` until the
 * dashboard's query returns it under its Grafana id; once sent, the outbox knows that id already. So a change
 * pinned before and after the next refresh is the same pin.
 */
export function grafanaEventId(eventId: string, outboxItems: readonly OutboxItem[]): string {
  const clientId = outboxClientIdOf(eventId);
  const serverId = clientId === undefined ? undefined : sentServerIdOf(clientId, outboxItems);
  return serverId === undefined ? eventId : String(serverId);
}

/** The list's steps as the workbench pins them: lane names, times, lead times, directions and verdicts. */
export function pinnedSteps(steps: readonly TimelineStep[], outboxItems: readonly OutboxItem[] = []): PinnedStep[] {
  // A lane can move twice (a slow rise, then a step): its later onsets are pinned as "<lane id>@2", … so
  // each is its own pin, while the first keeps the lane's id and a second send still updates it.
  const seen = new Map<string, number>();
  return steps.map((step): PinnedStep => {
    if (step.type === 'event') {
      return {
        type: 'change',
        eventId: grafanaEventId(step.eventId, outboxItems),
        kind: step.kind,
        text: step.label,
        time: step.time,
        leadMs: step.offsetMs,
        exonerated: step.exonerated,
        ...(step.reason ? { reason: step.reason } : {}),
      };
    }
    const kind = `${'recovery' in step ? 'recovery' : 'onset'}/${step.laneId}`;
    const nth = (seen.get(kind) ?? 0) + 1;
    seen.set(kind, nth);
    return {
      type: 'onset',
      laneId: nth > 1 ? `${step.laneId}@${nth}` : step.laneId,
      lane: step.displayLabel,
      time: step.time,
      leadMs: step.offsetMs,
      direction: step.direction,
      score: step.score,
      ...('recovery' in step ? { recovery: true } : {}),
    };
  });
}

export interface SendContext extends PanelPlace {
  window: { from: number; to: number };
  windowSource: PinnedFindings['windowSource'];
  /** The panel's outbox, to name annotations written from it by their Grafana ids. */
  outboxItems?: readonly OutboxItem[];
}

/**
 * The URL "Send to workbench" opens: the incident's workbench, or the incidents page narrowed to this
 * dashboard and range, each with the findings in `pin`. Undefined while there is nowhere to go yet (the
 * incident is being saved, or failed) or nothing fits in a link.
 */
export function sendToWorkbenchUrl(
  destination: WorkbenchDestination,
  steps: readonly TimelineStep[],
  context: SendContext
): string | undefined {
  if (steps.length === 0) {
    return undefined;
  }
  return pinnedWorkbenchUrl(
    destination,
    {
      dashboardUID: context.dashboardUID,
      panelId: context.panelId,
      range: context.range,
      window: context.window,
      windowSource: context.windowSource,
      steps: pinnedSteps(steps, context.outboxItems),
    },
    context
  );
}
