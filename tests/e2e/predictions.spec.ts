import { expect, Locator, test } from '@playwright/test';
import { PlaygroundPage } from './playgroundPage';
import { testIds } from '../../src/testIds';

async function p50(panel: Locator, window: 'baseline' | 'current'): Promise<number> {
  const cell = panel.locator(`[data-testid="${testIds.quantile}"][data-window="${window}"][data-q="50"]`);
  return Number(await cell.getAttribute('data-value'));
}

test('ctr-decline: the score median falls and the score distribution drifts', async ({ page }) => {
  const playground = new PlaygroundPage(page);
  await playground.open('ctr-decline', 'predictions', 'dark');
  const panel = playground.panel('predictions');
  await expect(panel.getByTestId(testIds.problem)).toHaveCount(0);
  await expect(panel.getByTestId(testIds.quantiles)).toBeVisible();
  expect(await p50(panel, 'current')).toBeLessThan(await p50(panel, 'baseline'));
  await expect(panel.getByTestId(testIds.scoreDrift)).toHaveAttribute('data-drifted', 'true');
  expect(playground.consoleErrors).toEqual([]);
});

test('chatbot-outage: output length shifts short in the incident window, during saturation', async ({ page }) => {
  const playground = new PlaygroundPage(page);
  await playground.open('chatbot-outage', 'predictions', 'dark');
  const panel = playground.panel('predictions');
  await expect(panel.getByTestId(testIds.problem)).toHaveCount(0);
  await expect(panel.getByTestId(testIds.field)).toContainText('output_tokens');
  // The current window is the incident region from the annotations (saturation and load shedding run through it),
  // the baseline the first quarter of the range, before the viral traffic.
  await expect(panel).toHaveAttribute('data-current-source', 'incident');
  const baseline = await p50(panel, 'baseline');
  const current = await p50(panel, 'current');
  expect(current).toBeLessThan(baseline * 0.75);
  await expect(panel.getByTestId(testIds.scoreDrift)).toHaveAttribute('data-drifted', 'true');
  expect(playground.consoleErrors).toEqual([]);
});
