import { expect, Page, test } from '@playwright/test';
import { ctrlDragRegionAnnotation } from '../annotationGestures';
import { FakeGrafana, startFakeGrafana } from '../recipes/fakeGrafana.mjs';
import { PanelKind, PANELS, PlaygroundPage } from './playgroundPage';
import { testIds } from '../../src/testIds';

// The playground writes through the same outbox as the panels in Grafana, to a fake Grafana HTTP API
// served by this test on 127.0.0.1.
const TOKEN = 'playground-e2e-token';
let grafana: FakeGrafana;

test.beforeEach(async () => {
  grafana = await startFakeGrafana({ token: TOKEN });
});

test.afterEach(async () => {
  await grafana?.close();
});

async function openWithGrafana(playground: PlaygroundPage, panel: PanelKind | 'all', url = grafana.url, extra = '') {
  await playground.page.goto(
    `/?scenario=latency-gc&panel=${panel}&theme=dark&grafana=${encodeURIComponent(url)}&token=${TOKEN}${extra}`
  );
  await expect(playground.page.locator('body')).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
}

/** Ctrl+drag across the middle of a panel's time axis, then fill in the quick form. */
async function ctrlDragAnnotation(page: Page, kind: PanelKind, text: string) {
  await ctrlDragRegionAnnotation(page, page.getByTestId(testIds.panel(kind)), text);
}

function marker(page: Page, kind: PanelKind, text: string) {
  // A panel may draw the same annotation twice (on its chart and on its time strip).
  return page
    .getByTestId(testIds.panel(kind))
    .locator(`[data-testid="${testIds.annotation}"][aria-label$="${text}"]`)
    .first();
}

for (const kind of PANELS) {
  test(`a Ctrl+drag on the ${kind} panel creates a region annotation, pending then saved`, async ({ page }) => {
    const playground = new PlaygroundPage(page);
    grafana.setMode('hang');
    // A 5 s request timeout, and the 15 s grace period that goes with it, instead of 15 s and 45 s.
    await openWithGrafana(playground, kind, grafana.url, '&outboxTimeoutMs=5000&outboxGraceMs=15000');
    const text = `rolled back v41 from the ${kind} panel`;
    await ctrlDragAnnotation(page, kind, text);

    await expect(marker(page, kind, text)).toHaveAttribute('data-status', /pending|sending/);
    await expect(marker(page, kind, text)).toHaveAttribute('data-region', 'true');
    grafana.setMode('ok');
    // The hung request times out, is looked for until its grace period is over, and is sent again; then the
    // annotation is saved exactly once.
    await expect(marker(page, kind, text)).toHaveAttribute('data-status', 'saved', { timeout: 45_000 });
    const saved = grafana.annotations.filter((annotation) => annotation.text === text);
    expect(saved).toHaveLength(1);
    expect(saved[0].dashboardUID).toBe('playground-latency-gc');
    expect(saved[0].timeEnd).toBeGreaterThan(saved[0].time);
    expect(playground.consoleErrors.filter((error) => !error.includes('Failed to load resource'))).toEqual([]);
  });
}

test('an annotation typed while Grafana is down survives a reload and is sent exactly once', async ({ page }) => {
  const playground = new PlaygroundPage(page);
  await openWithGrafana(playground, 'timeline');
  const port = new URL(grafana.url).port;
  await grafana.close();

  const text = 'paused the campaign';
  await ctrlDragAnnotation(page, 'timeline', text);
  await expect(marker(page, 'timeline', text)).toHaveAttribute('data-status', /pending|sending/);

  await page.reload();
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
  await expect(marker(page, 'timeline', text)).toHaveAttribute('data-status', /pending|sending/);
  await expect(page.getByTestId(testIds.outboxItem)).toHaveCount(1);

  grafana = await startFakeGrafana({ port: Number(port), token: TOKEN });
  // Going back online sends at once instead of waiting for the next backoff step.
  await page.context().setOffline(true);
  await page.context().setOffline(false);
  await expect(marker(page, 'timeline', text)).toHaveAttribute('data-status', 'saved', { timeout: 70_000 });
  expect(grafana.annotations.filter((annotation) => annotation.text === text)).toHaveLength(1);
  const creates = grafana.received.filter((request) => request.method === 'POST' && request.body?.text === text);
  expect(creates).toHaveLength(1);
  await expect(page.getByTestId(testIds.outboxItem)).toHaveCount(0);
});

test('a 403 leaves the annotation visible with the reason', async ({ page }) => {
  const playground = new PlaygroundPage(page);
  grafana.setMode('forbidden');
  await openWithGrafana(playground, 'timeline');
  await ctrlDragAnnotation(page, 'timeline', 'not allowed here');
  await expect(marker(page, 'timeline', 'not allowed here')).toHaveAttribute('data-status', 'failed');
  await expect(page.getByTestId(testIds.outboxItem)).toContainText(
    "you don't have permission to annotate this dashboard"
  );
});

test('viewers see no add controls', async ({ page }) => {
  await page.goto(`/?scenario=latency-gc&panel=all&theme=dark&role=viewer`);
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
  for (const kind of PANELS) {
    await expect(page.getByTestId(testIds.panel(kind)).getByTestId(testIds.annotationCapture).first()).toHaveAttribute(
      'data-can-annotate',
      'false'
    );
  }
  await expect(page.getByTestId(testIds.markIncidentStart)).toHaveCount(0);
});

test('latency-gc shows the deploy, campaign and incident annotations on every panel, by kind and colour', async ({
  page,
}) => {
  const playground = new PlaygroundPage(page);
  await playground.open('latency-gc', 'all', 'dark');
  const colours = new Map<string, string>();
  for (const kind of PANELS) {
    const markers = playground.panel(kind).getByTestId(testIds.annotation);
    const found = await markers.evaluateAll((nodes) =>
      nodes.map((node) => [node.getAttribute('data-kind'), node.getAttribute('data-color')] as [string, string])
    );
    expect(found.map(([annotationKind]) => annotationKind)).toEqual(
      expect.arrayContaining(['deploy', 'business', 'incident'])
    );
    for (const [annotationKind, colour] of found) {
      // One colour per kind, the same on every panel.
      expect(colours.get(annotationKind) ?? colour).toBe(colour);
      colours.set(annotationKind, colour);
    }
  }
  expect(new Set(['deploy', 'business', 'incident'].map((kind) => colours.get(kind))).size).toBe(3);
});

test('a saved region is edited from the drift panel: its end dragged, then its text, each a PATCH', async ({
  page,
}) => {
  const playground = new PlaygroundPage(page);
  await openWithGrafana(playground, 'drift');
  const text = 'campaign paused';
  await ctrlDragAnnotation(page, 'drift', text);
  await expect(marker(page, 'drift', text)).toHaveAttribute('data-status', 'saved', { timeout: 30_000 });
  const [saved] = grafana.annotations.filter((annotation) => annotation.text === text);
  const originalEnd = saved.timeEnd;

  // The region's end handle, on the strip under the panel: drag it 60 px to the right.
  const strip = page.getByTestId(testIds.panelDrift).getByTestId(testIds.timeStrip);
  const endHandle = strip.locator(`[data-testid="${testIds.annotationEdge}"][data-edge="end"]`).last();
  const box = (await endHandle.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 60, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  await expect
    .poll(() => grafana.annotations.find((annotation) => annotation.id === saved.id)?.timeEnd)
    .toBeGreaterThan(originalEnd);

  // Editing is offered where annotations are added: on the strip's marker.
  await strip.locator(`[data-testid="${testIds.annotation}"][aria-label$="${text}"]`).hover();
  await page.getByTestId(testIds.annotationEdit).click();
  await page.getByTestId(testIds.annotationEditFields.text).fill('campaign paused by marketing on request');
  await page.getByTestId(testIds.annotationEditFields.save).click();
  await expect
    .poll(() => grafana.annotations.find((annotation) => annotation.id === saved.id)?.text)
    .toBe('campaign paused by marketing on request');
  const patches = grafana.received.filter((request) => request.method === 'PATCH');
  expect(patches).toHaveLength(2);
  expect(grafana.annotations.filter((annotation) => annotation.id === saved.id)).toHaveLength(1);
});
