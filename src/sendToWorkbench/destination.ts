import { locationService } from '@grafana/runtime';
import { OutboxItem } from '../api/outbox';
import { workbenchUrl } from '../constants';
import { AnnotationEvent } from '../data/annotations';
import { incidentsUrlForPanel } from '../rca/panelContext';
import { firstLineOf } from '../rca/incidents';
import { encodePins, PIN_PARAM, PinnedFindings } from './pins';
import { builtInVariable, writeTargetOf } from '../components/annotations/usePanelAnnotations';

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

/** The first line of an annotation's text, without markup, to name an incident in a tooltip. */
export function incidentTitle(text: string): string | undefined {
  return firstLineOf(text, 80) || undefined;
}

/** The dashboard's title, when Grafana gives it, for the incidents page's heading. */
export function titleOfDashboard(replaceVariables: (value: string) => string): string | undefined {
  return builtInVariable(replaceVariables, '${__dashboard}');
}

/** The panel the findings come from. */
export interface PanelPlace {
  dashboardUID: string;
  /** The dashboard's title, when Grafana gives it, for the incidents page's heading. */
  dashboardTitle?: string;
  panelId: number;
  range: { from: number; to: number };
  /** The range ends at "now": the incidents page keeps it live, so an incident declared there belongs. */
  live: boolean;
}

/**
 * The URL "Send to workbench" opens with a `pin` value: the incident's workbench, or the incidents page
 * narrowed to the panel's dashboard and range.
 */
export function workbenchLink(
  destination: Extract<WorkbenchDestination, { kind: 'workbench' | 'incidents' }>,
  pinValue: string,
  place: PanelPlace
): string {
  const pin = `${PIN_PARAM}=${pinValue}`;
  return destination.kind === 'workbench'
    ? `${workbenchUrl(destination.incidentId)}?${pin}`
    : `${incidentsUrlForPanel({
        dashboardUID: place.dashboardUID === 'no-dashboard' ? undefined : place.dashboardUID,
        dashboardTitle: place.dashboardTitle,
        panelId: place.panelId,
        from: place.range.from,
        to: place.live ? undefined : place.range.to,
      })}&${pin}`;
}

/**
 * The URL "Send to workbench" opens with the findings in `pin` (as many as fit; the workbench says how many
 * were left out). Undefined while there is nowhere to go yet (the incident is being saved, or failed), or
 * when nothing fits in a link.
 */
export function pinnedWorkbenchUrl(
  destination: WorkbenchDestination,
  findings: PinnedFindings,
  place: PanelPlace
): string | undefined {
  if (destination.kind === 'saving' || destination.kind === 'failed') {
    return undefined;
  }
  const pins = encodePins(findings);
  return pins && workbenchLink(destination, pins.value, place);
}

/** What the panel's "Send to workbench" button does and says. */
export interface SendToWorkbench {
  onClick: () => void;
  /** Nowhere to send yet (the incident is being saved, or the analysis is still running). */
  disabled: boolean;
  /** Where the findings go, or why they cannot go yet. */
  tooltip: string;
}

function sendTooltip(destination: WorkbenchDestination, title: string | undefined, what: string): string {
  switch (destination.kind) {
    case 'workbench':
      return `Pin these ${what} as evidence in the workbench of ${title ? `“${title}”` : 'the incident'}`;
    case 'saving':
      return `The incident is still being saved to Grafana; send the ${what} once it is saved.`;
    case 'failed':
      return `The incident was not saved to Grafana${destination.problem ? ` (${destination.problem})` : ''}: retry it first.`;
    case 'incidents':
      return `No incident in Grafana for this window yet: choose or declare one on the incidents page, and these ${what} are pinned to it.`;
  }
}

/**
 * The button's state for a panel: disabled while the panel is still working (`pending`, the tooltip then) or
 * while its incident has no Grafana id; on click, opens `url()` for the destination when it gives one.
 */
export function workbenchSend(options: {
  destination: WorkbenchDestination;
  incident: AnnotationEvent | undefined;
  /** What the findings are called in the tooltip: "steps", "drift findings". */
  what: string;
  /** Why the panel has nothing to send yet, while it computes. */
  pending?: string;
  url: (destination: Extract<WorkbenchDestination, { kind: 'workbench' | 'incidents' }>) => string | undefined;
}): SendToWorkbench {
  const { destination, incident, what, pending, url } = options;
  return {
    disabled: pending !== undefined || destination.kind === 'saving' || destination.kind === 'failed',
    tooltip: pending ?? sendTooltip(destination, incidentTitle(incident?.text ?? ''), what),
    onClick: () => {
      if (destination.kind === 'saving' || destination.kind === 'failed') {
        return;
      }
      const target = url(destination);
      if (target) {
        locationService.push(target);
      }
    },
  };
}
