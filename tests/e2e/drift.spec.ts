import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PlaygroundPage } from './playgroundPage';
import { testIds } from '../../src/testIds';

interface EventMark {
  kind: string;
  time: number;
}

test('ctr-decline: the drift panel ranks the renamed feature first, drifting from the data change on', async ({
  page,
}) => {
  const playground = new PlaygroundPage(page);
  await playground.open('ctr-decline', 'drift', 'dark');
  const panel = playground.panel('drift');
  await expect(panel.getByTestId(testIds.problem)).toHaveCount(0);
  const rows = panel.getByTestId(testIds.featureRow);
  await expect(rows.first()).toHaveAttribute('data-feature', 'user_recent_categories_count');
  await expect(rows.first()).toHaveAttribute('data-drifted', 'true');

  const windowMs = Number(await panel.getAttribute('data-window-ms'));
  const events = JSON.parse((await panel.getAttribute('data-annotations')) ?? '[]') as EventMark[];
  const dataChange = events.filter((event) => event.kind === 'data').sort((a, b) => a.time - b.time)[0];
  expect(dataChange).toBeDefined();
  const driftStart = Number(await rows.first().getAttribute('data-drift-start'));
  expect(driftStart).toBeGreaterThan(0);
  // The window holding the data change, or the next one.
  expect(Math.abs(driftStart - dataChange.time)).toBeLessThanOrEqual(windowMs);

  // The top feature opens with its detail: the method and why it was used. Enter closes and reopens it.
  await expect(panel.getByTestId(testIds.featureDetail)).toHaveCount(1);
  await rows.first().focus();
  await page.keyboard.press('Enter');
  await expect(panel.getByTestId(testIds.featureDetail)).toHaveCount(0);
  await page.keyboard.press('Enter');
  await expect(panel.getByTestId(testIds.featureDetail)).toHaveAttribute(
    'data-feature',
    'user_recent_categories_count'
  );
  await expect(panel.getByTestId(testIds.reason)).toContainText('Why');
  expect(playground.consoleErrors).toEqual([]);
});

test('the bucket drift kernel compiles on the page main thread, where the drift panel scores', async ({ page }) => {
  // Chromium compiles WebAssembly synchronously on the main thread only for modules under 4 KB.
  const binarySource = readFileSync(path.join(__dirname, '../../src/analysis/drift/bucketKernelBinary.ts'), 'utf8');
  const base64 = Array.from(binarySource.matchAll(/'([A-Za-z0-9+/=]+)'/g), (match) => match[1]).join('');
  const playground = new PlaygroundPage(page);
  await playground.open('ctr-decline', 'drift', 'dark');
  const compiled = await page.evaluate((text) => {
    const bytes = Uint8Array.from(atob(text), (character) => character.charCodeAt(0));
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {});
    return { size: bytes.length, exports: Object.keys(instance.exports).sort() };
  }, base64);
  expect(compiled.exports).toEqual(['memory', 'score']);
  expect(compiled.size).toBeLessThan(4096);
});

test('chatbot-outage: a feature badged Stable reads stable in its row and its detail, never "drifting since"', async ({
  page,
}) => {
  const playground = new PlaygroundPage(page);
  await playground.open('chatbot-outage', 'drift', 'dark');
  const panel = playground.panel('drift');
  const row = panel.locator(`[data-testid="${testIds.featureRow}"][data-feature="prompt_tokens"]`);
  await expect(row).toHaveAttribute('data-drifted', 'false');
  await expect(row).toContainText('Stable');
  await expect(row).toHaveAttribute('data-drift-start', '');
  // Its windows did cross the threshold now and then: the row says how often, as part of the stable verdict.
  const crossed = Number(await row.getAttribute('data-windows-crossed'));
  expect(crossed).toBeGreaterThan(0);
  await expect(row).toHaveAttribute(
    'data-verdict',
    new RegExp(`^Stable over the whole window; crossed the threshold in ${crossed} of \\d+ windows, last at `)
  );
  await expect(row.getByTestId(testIds.verdictNote)).toHaveText(new RegExp(`^crossed ${crossed}/\\d+$`));
  await expect(row).not.toContainText(/drift(ing|ed) since/i);

  // The top feature opens with its detail; open this one if it is not that one.
  if ((await row.getAttribute('aria-expanded')) !== 'true') {
    await row.click();
  }
  await expect(row).toHaveAttribute('aria-expanded', 'true');
  const detail = panel.locator(`[data-testid="${testIds.featureDetail}"][data-feature="prompt_tokens"]`);
  await expect(detail.getByTestId(testIds.verdict)).toHaveText(/^Stable over the whole window; crossed the threshold/);
  await expect(detail).not.toContainText(/drift(ing|ed) since/i);
  await expect(detail).toHaveAttribute('data-drift-start', '');
  expect(playground.consoleErrors).toEqual([]);
});
