import { readFileSync } from 'node:fs';
import { expect, Page, test } from '@playwright/test';
import { FakeGrafana, ReceivedRequest, startFakeGrafana } from '../recipes/fakeGrafana.mjs';
import { evidenceItems, PlaygroundPage } from './playgroundPage';

// An AI incident review on the `latency-gc` scenario, from a panel's "Investigate in Driftline" to a published
// post-mortem, in the playground's app pages against a fake Grafana HTTP API served by this test.
const TOKEN = 'workbench-e2e-token';
const TITLE = 'p99 latency spike on nlp-serving';
const DASHBOARD = 'playground-latency-gc';
const MINUTE = 60_000;

const WHYS: Array<[string, string]> = [
  ['Why did p99 latency spike?', 'Requests stalled behind long JVM garbage-collection pauses'],
  ['Why were the GC pauses long?', 'The heap filled with the tokens of much longer inputs'],
  ['Why were the inputs longer?', 'The Black Friday campaign brought a new input pattern'],
  ['Why did the new pattern fill the heap?', 'The heap was sized for the short inputs of normal traffic'],
  ['Why was the heap sized for short inputs only?', 'Capacity tests replay normal traffic, never campaign traffic'],
];

const CAUSES: Array<{ category: string; text: string; status: 'open' | 'confirmed' | 'ruled-out' }> = [
  { category: 'Environment', text: 'Campaign traffic with much longer inputs', status: 'confirmed' },
  { category: 'Technology', text: 'JVM heap sized for short inputs', status: 'confirmed' },
  { category: 'Technology', text: 'Tokenizer config of the v2.8.1 deploy', status: 'ruled-out' },
  { category: 'Process', text: 'Load tests never replay campaign traffic', status: 'open' },
];

const ROOT_CAUSE = 'GC pauses from campaign inputs longer than the heap was sized for';

let grafana: FakeGrafana;

test.beforeEach(async () => {
  grafana = await startFakeGrafana({ token: TOKEN });
});

test.afterEach(async () => {
  await grafana?.close();
});

/** Markdown without its escapes, to compare with what the page shows. */
function unescapeMarkdown(markdown: string): string {
  return markdown.replace(/\\(.)/g, '$1');
}

function section(markdown: string, heading: string): string {
  const start = markdown.indexOf(`## ${heading}\n`);
  expect(start, `"## ${heading}" in the Markdown`).toBeGreaterThanOrEqual(0);
  const end = markdown.indexOf('\n## ', start + 1);
  return markdown.slice(start, end < 0 ? undefined : end);
}

function dashboardSaves(received: ReceivedRequest[]) {
  return received.filter((request) => request.method === 'POST' && request.path === '/api/dashboards/db');
}

async function expectWorksheetShown(page: Page) {
  await page.getByTestId('driftline-tab-whys').click();
  await expect(page.getByTestId('driftline-why')).toHaveCount(WHYS.length);
  for (const [index, [why, because]] of WHYS.entries()) {
    await expect(page.getByTestId('driftline-why-question').nth(index)).toHaveValue(why);
    await expect(page.getByTestId('driftline-why-because').nth(index)).toHaveValue(because);
  }
  await expect(page.getByTestId('driftline-cited-chip').first()).toContainText('Black Friday email campaign');

  await page.getByTestId('driftline-tab-fishbone').click();
  await expect(page.getByTestId('driftline-fishbone-problem')).toHaveValue(TITLE);
  for (const cause of CAUSES) {
    const category = page.getByTestId(`driftline-fishbone-category-${cause.category}`);
    const row = category
      .getByTestId('driftline-fishbone-cause')
      .filter({ has: page.locator(`input[value="${cause.text}"]`) });
    await expect(row).toHaveCount(1);
    await expect(row.getByTestId('driftline-fishbone-status')).toHaveValue(cause.status);
  }

  await page.getByTestId('driftline-tab-postmortem').click();
  await expect(page.getByTestId('driftline-pm-root-cause')).toHaveValue(ROOT_CAUSE);
  await expect(page.getByTestId('driftline-workbench-status')).toHaveText('published');
  await expect(page.getByTestId('driftline-pm-published')).toContainText('/d/dl-rca-');
  await expect(page.getByTestId('driftline-pm-publish')).toHaveText('Publish again');
}

test('latency-gc: declare, investigate what changed first, 5 Whys and fishbone, export, publish, reload', async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  const playground = new PlaygroundPage(page);
  const connection = `grafana=${encodeURIComponent(grafana.url)}&token=${TOKEN}`;

  // The entry point, as on a Grafana dashboard: the panel menu's "Investigate in Driftline".
  await page.goto(`/?scenario=latency-gc&panel=timeline&theme=dark&${connection}`);
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
  // Grafana shows a panel's menu button while the pointer is over the panel.
  const slot = page.getByTestId('playground-slot-timeline');
  await slot.hover({ position: { x: 60, y: 12 } });
  await slot.getByRole('button', { name: /Menu for panel/ }).click();
  await page.getByTestId('playground-investigate-link').click();
  await expect(page).toHaveURL(/\/a\/driftline-aiobs-app\/incidents\?/);
  const incidentsUrl = new URL(page.url());
  expect(incidentsUrl.searchParams.get('dashboardUID')).toBe(DASHBOARD);
  expect(incidentsUrl.searchParams.get('to')).toBe('now');
  expect(incidentsUrl.searchParams.get('grafana')).toBe(grafana.url);
  await expect(page.getByTestId('driftline-incidents-context')).toContainText('No incident overlaps');

  // 1. Declare the incident, on the panel's dashboard.
  await page.getByTestId('driftline-declare-open').click();
  await expect(page.getByTestId('driftline-declare-dashboard')).toHaveValue(DASHBOARD);
  await page.getByTestId('driftline-declare-title').fill(TITLE);
  const declaredAt = Date.now();
  await page.getByTestId('driftline-declare-submit').click();
  const row = page.getByTestId('driftline-incident-row').filter({ hasText: TITLE });
  await expect(row).toHaveCount(1, { timeout: 20_000 });
  await expect(row.getByTestId('driftline-incident-status')).toHaveText('No RCA');
  expect(grafana.annotations).toHaveLength(1);
  const incident = grafana.annotations[0];
  expect(incident).toMatchObject({ dashboardUID: DASHBOARD, text: TITLE });
  expect(incident.tags).toEqual(expect.arrayContaining(['incident', 'sev2', 'ongoing']));
  expect(incident.time).toBeGreaterThanOrEqual(declaredAt - 1000);

  // 2. Open the workbench.
  await row.getByTestId('driftline-incident-link').click();
  await expect(page).toHaveURL(new RegExp(`/a/driftline-aiobs-app/incidents/${incident.id}\\?`));
  await expect(page.getByTestId('driftline-workbench')).toContainText(TITLE);

  // 3. The evidence: campaign, then input drift, GC pauses, latency and errors, in that order; the deploy moved nothing.
  const sequence = page.getByTestId('driftline-evidence-sequence');
  await expect(sequence).toBeVisible({ timeout: 30_000 });
  const steps = await evidenceItems(sequence);
  const position = (name: string, match: (step: (typeof steps)[number]) => boolean) => {
    const index = steps.findIndex(match);
    expect(index, `${name} in: ${steps.map((step) => step.text).join(' | ')}`).toBeGreaterThanOrEqual(0);
    return index;
  };
  const onset = (lane: string) => (step: (typeof steps)[number]) =>
    step.type === 'onset' && step.id.includes(lane) && step.id.endsWith(':onset');
  const order = [
    position('campaign', (step) => step.type === 'change' && step.kind === 'business'),
    position('input drift', onset('input tokens')),
    position('GC pauses', onset('GC pause')),
    position('p99 latency', onset('p99 latency')),
    position('errors', onset('HTTP 504 rate')),
  ];
  expect(order).toEqual([...order].sort((a, b) => a - b));
  expect(new Set(order).size).toBe(order.length);
  const times = order.map((index) => steps[index].time);
  expect(times).toEqual([...times].sort((a, b) => a - b));
  expect(steps[order[0]].text).toContain('Black Friday email campaign');
  const deploy = steps[position('deploy', (step) => step.type === 'change' && step.kind === 'deploy')];
  expect(deploy.text).toContain('Nothing moved after it');
  expect(deploy.time).toBeLessThan(steps[order[0]].time);
  // The demo tells the story of this incident: the latency spike starts with it.
  expect(Math.abs(steps[order[3]].time - incident.time)).toBeLessThan(2 * MINUTE);
  const drift = await evidenceItems(page.getByTestId('driftline-evidence-drift'));
  expect(drift.find((item) => item.id === 'drift:input_tokens')?.text).toContain('drifted');

  // 4. The 5 Whys, citing the campaign in the first…
  await page.getByTestId('driftline-tab-whys').click();
  await expect(page).toHaveURL(/tab=whys/);
  for (const [index, [why, because]] of WHYS.entries()) {
    await page.getByTestId('driftline-why-add').click();
    await page.getByTestId('driftline-why-question').nth(index).fill(why);
    await page.getByTestId('driftline-why-because').nth(index).fill(because);
  }
  await page.getByTestId('driftline-tab-evidence').click();
  const campaign = page
    .getByTestId('driftline-evidence-sequence')
    .getByTestId('driftline-evidence-item')
    .filter({ hasText: 'Black Friday email campaign' });
  await campaign.getByTestId('driftline-evidence-cite').click();
  await campaign.getByTestId('driftline-evidence-cite-target').filter({ hasText: 'Why 1:' }).click();
  await expect(campaign).toContainText('cited');

  // …and the fishbone.
  await page.getByTestId('driftline-tab-fishbone').click();
  await page.getByTestId('driftline-fishbone-problem').fill(TITLE);
  for (const cause of CAUSES) {
    await page.getByTestId(`driftline-fishbone-new-${cause.category}`).fill(cause.text);
    await page.getByTestId(`driftline-fishbone-add-${cause.category}`).click();
    const added = page
      .getByTestId(`driftline-fishbone-category-${cause.category}`)
      .getByTestId('driftline-fishbone-cause')
      .filter({ has: page.locator(`input[value="${cause.text}"]`) });
    await added.getByTestId('driftline-fishbone-status').selectOption(cause.status);
  }

  // 5. The post-mortem, exported as Markdown with the automatic timeline.
  await page.getByTestId('driftline-tab-postmortem').click();
  await page.getByTestId('driftline-pm-summary').fill('p99 latency of nlp-serving rose tenfold for 50 minutes.');
  await page.getByTestId('driftline-pm-root-cause').fill(ROOT_CAUSE);
  // The draft is autosaved to Grafana after a pause in typing.
  await expect(page.getByTestId('driftline-workbench-save-state')).toHaveText('saved to Grafana', { timeout: 15_000 });
  const drafts = dashboardSaves(grafana.received);
  expect(drafts.length).toBeGreaterThan(0);
  expect(drafts.at(-1)!.body.dashboard.title).toBe(`RCA draft: ${TITLE}`);

  const timeline = page.getByTestId('driftline-pm-timeline');
  await expect(timeline).toHaveAttribute('data-complete', 'true', { timeout: 30_000 });
  const shownRows = await timeline
    .getByTestId('driftline-pm-timeline-entry')
    .evaluateAll((rows) =>
      rows.map((tableRow) => [...tableRow.querySelectorAll('td')].map((cell) => cell.textContent ?? ''))
    );
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('driftline-pm-download').click(),
  ]);
  expect(download.suggestedFilename()).toBe(`post-mortem-${incident.id}.md`);
  const markdown = readFileSync((await download.path())!, 'utf8');
  expect(markdown).toContain(`# Post-mortem: ${TITLE}`);
  const exportedTimeline = unescapeMarkdown(section(markdown, 'Timeline'));
  // The export has the rows the page shows, in the same order.
  const exportedRows = section(markdown, 'Timeline')
    .split('\n')
    .filter((line) => line.startsWith('| T'))
    .map((line) => line.slice(2, -2).split(' | ').map(unescapeMarkdown))
    .map(([offset, , kind, text]) => [offset, kind, text.replace(/ \(nothing moved after it\)$/, '')]);
  expect(exportedRows).toEqual(shownRows);
  expect(exportedRows.length).toBeGreaterThan(8);
  const timelineOrder = [
    'nlp-serving v2.8.1, tokenizer config (nothing moved after it)',
    'Black Friday email campaign',
    'input tokens (mean) moved up',
    'GC pause (s/s) moved up',
    'p99 latency moved up',
    'HTTP 504 rate moved up',
  ].map((text) => {
    const at = exportedTimeline.indexOf(text);
    expect(at, `"${text}" in the exported timeline`).toBeGreaterThanOrEqual(0);
    return at;
  });
  expect(timelineOrder).toEqual([...timelineOrder].sort((a, b) => a - b));
  expect(exportedTimeline).toContain('| T−12 min |');
  expect(exportedTimeline).toContain('| T+0 |');
  expect(exportedTimeline).toContain('| incident | Incident starts |');
  const exported = unescapeMarkdown(markdown);
  for (const [why, because] of WHYS) {
    expect(exported).toContain(why);
    expect(exported).toContain(because);
  }
  for (const cause of CAUSES) {
    expect(exported).toContain(`- **${cause.status}**: ${cause.text}`);
  }
  expect(exported).toContain(ROOT_CAUSE);

  // 6. Publish the post-mortem dashboard.
  const savesBefore = dashboardSaves(grafana.received).length;
  const publishedAt = Date.now();
  await page.getByTestId('driftline-pm-publish').click();
  await expect(page.getByTestId('driftline-pm-published')).toContainText(`/d/dl-rca-${incident.id}/`);
  await expect(page.getByTestId('driftline-workbench-status')).toHaveText('published');
  const publishes = dashboardSaves(grafana.received).slice(savesBefore);
  expect(publishes).toHaveLength(1);
  const request = publishes[0];
  expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);
  const { dashboard } = request.body;
  expect(request.body.overwrite).toBe(true);
  expect(dashboard.uid).toBe(`dl-rca-${incident.id}`);
  expect(dashboard.title).toBe(`Post-mortem: ${TITLE}`);
  expect(dashboard.tags).toEqual(
    expect.arrayContaining(['driftline-rca-published', `driftline-incident:${incident.id}`])
  );
  const textPanel = dashboard.panels.find((panel: any) => panel.type === 'text');
  expect(textPanel.options.mode).toBe('markdown');
  expect(textPanel.options.content).toContain(`# Post-mortem: ${TITLE}`);
  expect(textPanel.options.content).toContain('**Status:** published');
  // The same timeline as the export, and the whole write-up.
  expect(section(textPanel.options.content, 'Timeline')).toBe(section(markdown, 'Timeline'));
  expect(section(textPanel.options.content, '5 Whys')).toBe(section(markdown, '5 Whys'));
  expect(section(textPanel.options.content, 'Fishbone')).toBe(section(markdown, 'Fishbone'));
  expect(unescapeMarkdown(textPanel.options.content)).toContain(ROOT_CAUSE);
  const driftline = dashboard.panels.filter((panel: any) => panel.type.startsWith('driftline-'));
  expect(driftline.map((panel: any) => panel.type).sort()).toEqual([
    'driftline-drift-panel',
    'driftline-predictions-panel',
    'driftline-timeline-panel',
  ]);
  for (const panel of driftline) {
    expect(panel.targets.length).toBeGreaterThan(0);
    expect(panel.targets.every((target: any) => target.scenario === 'latency-gc')).toBe(true);
    // Every panel follows the dashboard's fixed range: no relative time or shift of its own.
    expect(panel.timeFrom).toBeUndefined();
    expect(panel.timeShift).toBeUndefined();
  }
  // The range is the incident window with 15 min around it; the incident is still ongoing, so its window ends
  // when it is published (at least a minute after its start).
  expect(Date.parse(dashboard.time.from)).toBe(incident.time - 15 * MINUTE);
  const windowEnd = Date.parse(dashboard.time.to) - 15 * MINUTE;
  expect(windowEnd).toBeGreaterThanOrEqual(Math.max(publishedAt - 1000, incident.time + MINUTE));
  expect(windowEnd).toBeLessThanOrEqual(Math.max(Date.now(), incident.time + MINUTE));
  expect(dashboard.driftline.worksheet.status).toBe('published');
  expect(dashboard.driftline.worksheet.whys).toHaveLength(WHYS.length);
  // Grafana has exactly what was sent.
  expect(grafana.dashboards.get(dashboard.uid)?.dashboard.title).toBe(`Post-mortem: ${TITLE}`);
  // No draft lands after the post-mortem.
  await page.waitForTimeout(2500);
  expect(dashboardSaves(grafana.received).slice(savesBefore)).toHaveLength(1);

  // 7. Reload: the workbench opens where it was, with everything still there.
  const workbenchUrl = page.url();
  expect(workbenchUrl).toContain('tab=postmortem');
  await page.reload();
  await expect(page.getByTestId('driftline-workbench')).toContainText(TITLE);
  await expect(page.getByTestId('driftline-postmortem')).toBeVisible();
  await expectWorksheetShown(page);

  // And for a colleague in another browser, from Grafana's copy alone; the list shows it published.
  const colleague = await browser.newContext();
  try {
    const other = await colleague.newPage();
    await other.goto(workbenchUrl);
    await expect(other.getByTestId('driftline-workbench')).toContainText(TITLE, { timeout: 30_000 });
    await expectWorksheetShown(other);
    await other.getByTestId('playground-nav').getByRole('link', { name: 'Incidents' }).click();
    await expect(
      other.getByTestId('driftline-incident-row').filter({ hasText: TITLE }).getByTestId('driftline-incident-status')
    ).toHaveText('Published');
  } finally {
    await colleague.close();
  }

  // The only HTTP errors are Grafana's answers the pages expect: no RCA dashboard yet, no source dashboard, and
  // the first draft's folder not created yet.
  const expectedErrors = /^(404 .*\/api\/dashboards\/uid\/[^/]+|400 .*\/api\/dashboards\/db)$/;
  expect(playground.failedRequests.filter((failure) => !expectedErrors.test(failure))).toEqual([]);
  expect(playground.consoleErrors.filter((error) => !error.includes('Failed to load resource'))).toEqual([]);
});
