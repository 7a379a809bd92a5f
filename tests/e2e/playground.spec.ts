import { expect, test } from '@playwright/test';
import { PANELS, PlaygroundPage, SCENARIOS } from './playgroundPage';
import { testIds } from '../../src/testIds';

for (const theme of ['dark', 'light'] as const) {
  for (const scenario of SCENARIOS) {
    test(`${scenario} renders every panel in the ${theme} theme`, async ({ page }) => {
      const playground = new PlaygroundPage(page);
      await playground.open(scenario, 'all', theme);
      for (const kind of PANELS) {
        const panel = playground.panel(kind);
        await expect(panel).toBeVisible();
        await expect(panel.getByTestId(testIds.problem)).toHaveCount(0);
        // A real chart, not a placeholder: uPlot drew onto a canvas of a real size.
        const canvas = panel.locator('canvas').first();
        await expect(canvas).toBeVisible();
        const box = await canvas.boundingBox();
        expect(box?.width ?? 0).toBeGreaterThan(100);
        expect(box?.height ?? 0).toBeGreaterThan(30);
      }
      await page.screenshot({ path: `test-results/screenshots/${scenario}-${theme}.png`, fullPage: true });
      expect(playground.consoleErrors).toEqual([]);
      expect(playground.failedRequests).toEqual([]);
    });
  }
}

test('each panel renders on its own', async ({ page }) => {
  const playground = new PlaygroundPage(page);
  for (const kind of PANELS) {
    await playground.open('latency-gc', kind, 'dark');
    await expect(playground.panel(kind)).toBeVisible();
    for (const other of PANELS.filter((candidate) => candidate !== kind)) {
      await expect(playground.panel(other)).toHaveCount(0);
    }
  }
  expect(playground.consoleErrors).toEqual([]);
});

test('the theme follows the URL', async ({ page }) => {
  const playground = new PlaygroundPage(page);
  await playground.open('latency-gc', 'timeline', 'light');
  const light = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await playground.open('latency-gc', 'timeline', 'dark');
  const dark = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(light).not.toEqual(dark);
});

test('latency-gc draws the deploy, campaign and incident annotations on the timeline', async ({ page }) => {
  const playground = new PlaygroundPage(page);
  await playground.open('latency-gc', 'timeline', 'dark');
  const markers = playground.panel('timeline').getByTestId(testIds.annotation);
  const kinds = await markers.evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-kind')));
  expect(kinds).toEqual(expect.arrayContaining(['deploy', 'business', 'incident']));
  await expect(playground.panel('timeline').getByTestId(testIds.annotationBand)).toHaveCount(1);
});

test('dragging across the timeline sets the analysis window; Zoom to window zooms the time range', async ({ page }) => {
  const playground = new PlaygroundPage(page);
  await playground.open('latency-gc', 'timeline', 'dark');
  const picker = page.getByTestId('data-testid TimePicker Open Button');
  const before = await picker.textContent();
  const panel = playground.panel('timeline');
  const plot = panel.locator('.u-over').first();
  const box = (await plot.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  await expect(panel.getByTestId(testIds.brushWindow)).toBeVisible();
  await expect(panel.getByTestId(testIds.windowSource)).toHaveAttribute('data-source', 'brushed');
  await expect(picker).toHaveText(before ?? '');
  await panel.getByTestId(testIds.zoomToWindow).click();
  await expect(picker).not.toHaveText(before ?? '');
});
