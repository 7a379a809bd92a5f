import { expect, test } from '@playwright/test';
import { PlaygroundPage } from './playgroundPage';

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
  await expect(panel.getByTestId('driftline-problem')).toHaveCount(0);
  const rows = panel.getByTestId('driftline-feature-row');
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
  await expect(panel.getByTestId('driftline-feature-detail')).toHaveCount(1);
  await rows.first().focus();
  await page.keyboard.press('Enter');
  await expect(panel.getByTestId('driftline-feature-detail')).toHaveCount(0);
  await page.keyboard.press('Enter');
  await expect(panel.getByTestId('driftline-feature-detail')).toHaveAttribute(
    'data-feature',
    'user_recent_categories_count'
  );
  await expect(panel.getByTestId('driftline-reason')).toContainText('Why');
  expect(playground.consoleErrors).toEqual([]);
});
