import {
  dateMath,
  isDateTime,
  PluginExtensionAddedLinkConfig,
  PluginExtensionPanelContext,
  PluginExtensionPoints,
} from '@grafana/data';
import { PLUGIN_BASE_URL, ROUTES } from '../constants';
import { currentVariables } from '../components/annotations/incidentContext';
import { incidentsUrlForPanel } from '../rca/panelContext';

export const INVESTIGATE_LINK_TITLE = 'Investigate in Driftline';
export const INVESTIGATE_LINK_DESCRIPTION =
  "Find the incidents of this dashboard in the panel's time range, or declare one, and investigate what changed first";

/** Epoch ms of a raw time (a DateTime, or Grafana's relative syntax such as `now-6h`), when it can be read. */
function toEpoch(value: unknown, options: { roundUp: boolean; timezone?: string; now: number }): number | undefined {
  if (isDateTime(value)) {
    return value.valueOf();
  }
  if (typeof value === 'string' || value instanceof Date) {
    const parsed = dateMath.toDateTime(value, options);
    return parsed?.isValid() ? parsed.valueOf() : undefined;
  }
  return undefined;
}

/**
 * The incidents page for the panel: its dashboard and the time range the panel shows when the menu opens.
 * A relative start is resolved at that moment; a range that ends at "now" stays live (`to=now`), so an
 * incident declared from the page still belongs to it.
 */
export function configureInvestigateLink(context: Readonly<PluginExtensionPanelContext> | undefined) {
  if (!context) {
    return {};
  }
  // One "now" for both ends, so `now-1h` to `now` is exactly an hour.
  const now = Date.now();
  const from = toEpoch(context.timeRange?.from, { roundUp: false, timezone: context.timeZone, now });
  const live = context.timeRange?.to === 'now';
  const to = live ? undefined : toEpoch(context.timeRange?.to, { roundUp: true, timezone: context.timeZone, now });
  if (from === undefined || (!live && to === undefined)) {
    return {};
  }
  return {
    path: incidentsUrlForPanel({
      dashboardUID: context.dashboard?.uid || undefined,
      dashboardTitle: context.dashboard?.title || undefined,
      panelId: context.id,
      from,
      to,
      variables: currentVariables(),
    }),
  };
}

/** "Investigate in Driftline" in every panel's menu (declared in plugin.json under extensions.addedLinks). */
export const investigateLink: PluginExtensionAddedLinkConfig<PluginExtensionPanelContext> = {
  targets: [PluginExtensionPoints.DashboardPanelMenu],
  title: INVESTIGATE_LINK_TITLE,
  description: INVESTIGATE_LINK_DESCRIPTION,
  icon: 'search',
  path: `${PLUGIN_BASE_URL}/${ROUTES.Incidents}`,
  configure: configureInvestigateLink,
};
