import { useState } from 'react';
import { getDashboard, saveDashboard } from '../../api/dashboards';
import { withRetry } from '../../api/grafanaHttp';
import { currentOrigin, safeHref } from '../../data/links';
import { exportMarkdown, rcaDashboardUid, saveDashboardBody, SourcePanel, TimelineEntry, Worksheet } from '../../rca';
import { UpdateWorksheet } from './useWorksheet';

export type PublishState = { state: 'idle' | 'publishing' | 'done' | 'error'; message?: string; url?: string };

/**
 * Publishing the post-mortem: once no draft save can land after it, the worksheet is saved as a dashboard with
 * the write-up and the incident dashboard's Driftline panels (read from Grafana), retried on 5xx and timeouts.
 */
export function usePublishPostMortem(options: {
  worksheet: Worksheet;
  update: UpdateWorksheet;
  timeline: TimelineEntry[];
  scenario?: string;
  folderUid: string;
  now: () => number;
  /** Resolves once no draft save can land after the post-mortem. */
  settleDrafts: () => Promise<void>;
  publishDone: () => void;
}) {
  const [publish, setPublish] = useState<PublishState>({ state: 'idle' });
  const { worksheet, update, timeline, scenario, folderUid, now, settleDrafts, publishDone } = options;
  const { incident } = worksheet;

  const onPublish = async () => {
    setPublish({ state: 'publishing' });
    try {
      await settleDrafts();
      let sourcePanels: SourcePanel[] | undefined;
      if (incident.dashboardUID) {
        sourcePanels = await getDashboard(incident.dashboardUID)
          .then((response) => (response.dashboard as { panels?: SourcePanel[] } | undefined)?.panels)
          .catch(() => undefined);
      }
      // The copy in the dashboard says where it is published, so a colleague's workbench shows it too; the URL
      // Grafana answers (with the title's slug) replaces this one here once saved.
      const at = now();
      const uid = rcaDashboardUid(incident.id);
      const published: Worksheet = {
        ...worksheet,
        status: 'published',
        updatedAt: at,
        published: { uid, url: `/d/${uid}`, at },
      };
      const body = saveDashboardBody(published, {
        markdown: exportMarkdown(published, { timeline }),
        sourcePanels,
        scenario,
        now: now(),
        folderUid: folderUid || undefined,
      });
      const saved = await withRetry(() => saveDashboard(body));
      // Grafana's answer is fetched data: its URL is rendered as a link only when it stays on this Grafana.
      const url = safeHref(saved.url, { grafanaOrigin: currentOrigin() }) ?? `/d/${encodeURIComponent(uid)}`;
      update((w) => ({ ...w, status: 'published', published: { uid, url, at } }));
      setPublish({ state: 'done', url });
    } catch (error) {
      setPublish({ state: 'error', message: error instanceof Error ? error.message : String(error) });
    } finally {
      publishDone();
    }
  };

  return { publish, onPublish };
}
