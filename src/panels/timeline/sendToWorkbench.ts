import { OutboxItem } from '../../api/outbox';
import { writeTargetOf } from '../../components/annotations/usePanelAnnotations';
import { workbenchUrl } from '../../constants';
import { AnnotationEvent } from '../../data/annotations';
import { incidentsUrlForPanel } from '../../pages/incidents/panelContext';
import { encodePins, PIN_PARAM, PinnedFindings, PinnedStep } from '../../rca/pins';
import { TimelineStep } from './changeSequence';

/**
 * Where "Send to workbench" goes for the incident the panel takes its window from:
 * - `workbench`: the incident is in Grafana's annotation store (read back by the dashboard's query, or
 *   written from a panel and sent), so its workbench, `incidents/<annotation id>`, can open it;
 * - `saving`: it was just written from a panel and is on its way to Grafana: no id yet;
 * - `failed`: it was written from a panel and Grafana refused it;
 * - `incidents`: there is no incident Grafana knows of (none in the range, or one from a data source): the
 *   incidents page of this dashboard and range, where one is chosen or declared and the findings follow.
 */
export type WorkbenchDestination =
  | { kind: 'workbench'; incidentId: string }
  | { kind: 'saving' }
  | { kind: 'failed'; problem?: string }
  | { kind: 'incidents' };

export function workbenchDestination(
  incident: AnnotationEvent | undefined,
  outboxItems: readonly OutboxItem[]
): WorkbenchDestination {
  const target = incident && writeTargetOf(incident);
  if (!target) {
    return { kind: 'incidents' };
  }
  if ('serverId' in target) {
    return { kind: 'workbench', incidentId: String(target.serverId) };
  }
  const item = outboxItems.find((candidate) => candidate.op === 'create' && candidate.clientId === target.clientId);
  if (item?.serverId !== undefined) {
    return { kind: 'workbench', incidentId: String(item.serverId) };
  }
  if (!item) {
    return { kind: 'incidents' };
  }
  return item.status === 'failed' ? { kind: 'failed', problem: item.lastError?.message } : { kind: 'saving' };
}

/**
 * An annotation's id as Grafana knows it: an annotation written from a panel is `outbox-<client id>` until the
 * dashboard's query returns it under its Grafana id; once sent, the outbox knows that id already. So a change
 * pinned before and after the next refresh is the same pin.
 */
export function grafanaEventId(eventId: string, outboxItems: readonly OutboxItem[]): string {
  if (!eventId.startsWith('outbox-')) {
    return eventId;
  }
  const clientId = eventId.slice('outbox-'.length);
  const serverId = outboxItems.find((item) => item.op === 'create' && item.clientId === clientId)?.serverId;
  return serverId === undefined ? eventId : String(serverId);
}

/** The list's steps as the workbench pins them: lane names, times, lead times, directions and verdicts. */
export function pinnedSteps(steps: readonly TimelineStep[], outboxItems: readonly OutboxItem[] = []): PinnedStep[] {
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
    return {
      type: 'onset',
      laneId: step.laneId,
      lane: step.displayLabel,
      time: step.time,
      leadMs: step.offsetMs,
      direction: step.direction,
      score: step.score,
      ...('recovery' in step ? { recovery: true } : {}),
    };
  });
}

export interface SendContext {
  dashboardUID: string;
  /** The dashboard's title, when Grafana gives it, for the incidents page's heading. */
  dashboardTitle?: string;
  panelId: number;
  range: { from: number; to: number };
  /** The range ends at "now": the incidents page keeps it live, so an incident declared there belongs. */
  live: boolean;
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
): { url: string; sent: number; omitted: number } | undefined {
  if (destination.kind === 'saving' || destination.kind === 'failed' || steps.length === 0) {
    return undefined;
  }
  const pins = encodePins({
    dashboardUID: context.dashboardUID,
    panelId: context.panelId,
    range: context.range,
    window: context.window,
    windowSource: context.windowSource,
    steps: pinnedSteps(steps, context.outboxItems),
  });
  if (!pins) {
    return undefined;
  }
  const pin = `${PIN_PARAM}=${pins.value}`;
  const url =
    destination.kind === 'workbench'
      ? `${workbenchUrl(destination.incidentId)}?${pin}`
      : `${incidentsUrlForPanel({
          dashboardUID: context.dashboardUID === 'no-dashboard' ? undefined : context.dashboardUID,
          dashboardTitle: context.dashboardTitle,
          panelId: context.panelId,
          from: context.range.from,
          to: context.live ? undefined : context.range.to,
        })}&${pin}`;
  return { url, sent: pins.sent, omitted: pins.omitted };
}
