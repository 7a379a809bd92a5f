import { expect, test } from '@playwright/test';
import { PanelKind, PlaygroundPage } from '../e2e/playgroundPage';
import { testIds } from '../../src/testIds';

/**
 * The README's and the plugin catalog's screenshots, taken from the playground as it renders today:
 * `npm run screenshots` writes them to docs/screenshots/, and the build ships them as img/screenshots/.
 */
const OUT = 'docs/screenshots';
const PANEL_SHOTS: Array<{ kind: PanelKind; scenario: string }> = [
  { kind: 'drift', scenario: 'ctr-decline' },
  { kind: 'predictions', scenario: 'ctr-decline' },
  { kind: 'timeline', scenario: 'latency-gc' },
];

test('the playground on latency-gc', async ({ page }) => {
  const playground = new PlaygroundPage(page);
  await playground.open('latency-gc', 'all', 'dark');
  await page.screenshot({ path: `${OUT}/playground-latency-gc.png` });
  expect(playground.consoleErrors).toEqual([]);
});

for (const { kind, scenario } of PANEL_SHOTS) {
  test(`the ${kind} panel on ${scenario}`, async ({ page }) => {
    const playground = new PlaygroundPage(page);
    await playground.open(scenario, kind, 'dark');
    // The panel with its title bar, as a dashboard shows it.
    await page.getByTestId(testIds.playgroundSlot(kind)).screenshot({ path: `${OUT}/panel-${kind}.png` });
    expect(playground.consoleErrors).toEqual([]);
  });
}
