import {
  buildPostmortemDashboard,
  rcaDashboardUid,
  saveDashboardBody,
  worksheetFromDashboard,
} from './postmortemDashboard';
import { chatbotWorksheet, T0 } from './testWorksheet';
import { parseWorksheet } from './worksheet';

const NOW = T0 + 3 * 3_600_000;

describe('post-mortem dashboard', () => {
  it('locks the Driftline panels to the padded incident window', () => {
    const worksheet = chatbotWorksheet();
    const dashboard = buildPostmortemDashboard(worksheet, { markdown: '# PM', now: NOW, scenario: 'chatbot-outage' });
    expect(dashboard.title).toBe('Post-mortem: SEV1: chat unavailable');
    expect(dashboard.uid).toBe('dl-rca-42');
    // 45 min window: padding max(15 min, 45/4 min) = 15 min.
    expect(dashboard.time).toEqual({
      from: new Date(T0 - 15 * 60_000).toISOString(),
      to: new Date(T0 + 60 * 60_000).toISOString(),
    });
    expect(dashboard.timepicker.hidden).toBe(false);
    const [text, ...rest] = dashboard.panels as Array<Record<string, any>>;
    expect(text.type).toBe('text');
    expect(text.options.content).toBe('# PM');
    expect(rest.map((panel) => panel.type)).toEqual([
      'driftline-timeline-panel',
      'driftline-drift-panel',
      'driftline-predictions-panel',
    ]);
    expect(rest[0].targets).toEqual([
      {
        refId: 'A',
        datasource: { type: 'driftline-demo-datasource', uid: 'driftline-demo' },
        scenario: 'chatbot-outage',
        signal: 'metrics',
      },
      {
        refId: 'B',
        datasource: { type: 'driftline-demo-datasource', uid: 'driftline-demo' },
        scenario: 'chatbot-outage',
        signal: 'logs',
      },
      {
        refId: 'C',
        datasource: { type: 'driftline-demo-datasource', uid: 'driftline-demo' },
        scenario: 'chatbot-outage',
        signal: 'traces',
      },
    ]);
    expect(parseWorksheet(worksheetFromDashboard(dashboard))).toEqual(worksheet);
  });

  it('copies the targets of the original dashboard panels', () => {
    const target = { refId: 'A', datasource: { type: 'prometheus', uid: 'prom' }, expr: 'sum by (feature, le) (x)' };
    const dashboard = buildPostmortemDashboard(chatbotWorksheet(), {
      markdown: '',
      now: NOW,
      sourcePanels: [
        {
          id: 7,
          type: 'driftline-drift-panel',
          title: 'Feature drift',
          targets: [target],
          datasource: { uid: 'prom' },
        },
      ],
    });
    const drift = (dashboard.panels as Array<Record<string, any>>).find(
      (panel) => panel.type === 'driftline-drift-panel'
    )!;
    expect(drift.targets).toEqual([target]);
    expect(drift.targets[0]).not.toBe(target);
    expect(drift.title).toBe('Feature drift');
    expect(drift.datasource).toEqual({ uid: 'prom' });
  });

  it('makes the POST /api/dashboards/db body', () => {
    const body = saveDashboardBody(chatbotWorksheet(), { markdown: 'x', now: NOW, folderUid: 'postmortems' });
    expect(body.overwrite).toBe(true);
    expect(body.folderUid).toBe('postmortems');
    expect(body.message).toMatch(/Post-mortem of "SEV1: chat unavailable"/);
    expect(body.dashboard.tags).toEqual(['driftline-rca', 'driftline-rca-published', 'driftline-incident:42', 'sev1']);
  });

  it('keeps drafts to the worksheet', () => {
    const body = saveDashboardBody(chatbotWorksheet(), { markdown: 'x', now: NOW, draft: true });
    expect(body.dashboard.title).toBe('RCA draft: SEV1: chat unavailable');
    expect(body.dashboard.panels).toHaveLength(1);
    expect(body.folderUid).toBeUndefined();
  });

  it('pads an ongoing incident up to now', () => {
    const worksheet = chatbotWorksheet();
    delete worksheet.incident.end;
    const dashboard = buildPostmortemDashboard(worksheet, { markdown: '', now: NOW, paddingMs: 0 });
    expect(dashboard.time.to).toBe(new Date(NOW).toISOString());
  });

  it('finds the worksheet in a panel when the dashboard field was dropped', () => {
    const dashboard = buildPostmortemDashboard(chatbotWorksheet(), { markdown: '', now: NOW }) as Record<
      string,
      unknown
    >;
    delete dashboard.driftline;
    expect(worksheetFromDashboard(dashboard)).toBeDefined();
    expect(rcaDashboardUid('x'.repeat(60))).toHaveLength(40);
  });
});
