import { expect, Page, test } from '@playwright/test';
import { PlaygroundPage } from './playgroundPage';
import { testIds } from '../../src/testIds';

interface Step {
  type: string;
  lane: string | null;
  kind: string | null;
  exonerated: boolean;
  recovery: boolean;
  direction: string | null;
  text: string;
}

/** The panel's "what changed first" list, top to bottom, once the analysis has finished. */
async function changeSteps(page: Page, scenario: string): Promise<Step[]> {
  const playground = new PlaygroundPage(page);
  await playground.open(scenario, 'timeline', 'dark');
  const list = playground.panel('timeline').getByTestId(testIds.whatChangedFirst);
  await expect(list).toHaveAttribute('data-pending', 'false', { timeout: 15_000 });
  const steps = await list.getByTestId(testIds.changeStep).evaluateAll((nodes) =>
    nodes.map((node) => ({
      type: node.getAttribute('data-step-type') ?? '',
      lane: node.getAttribute('data-lane'),
      kind: node.getAttribute('data-kind'),
      exonerated: node.getAttribute('data-exonerated') === 'true',
      recovery: node.getAttribute('data-recovery') === 'true',
      direction: node.getAttribute('data-direction'),
      text: node.textContent ?? '',
    }))
  );
  expect(playground.failedRequests).toEqual([]);
  expect(playground.consoleErrors).toEqual([]);
  return steps;
}

function indexOf(steps: Step[], describe: string, match: (step: Step) => boolean): number {
  const index = steps.findIndex(match);
  if (index < 0) {
    throw new Error(`"${describe}" is not in the list: ${steps.map((s) => s.text).join(' | ')}`);
  }
  return index;
}

const event = (kind: string) => (step: Step) => step.type === 'event' && step.kind === kind;
const onset = (lane: string, direction?: string) => (step: Step) =>
  step.type === 'onset' && !step.recovery && step.lane === lane && (!direction || step.direction === direction);

function expectInOrder(steps: Step[], order: Array<[string, (step: Step) => boolean]>) {
  const positions = order.map(([name, match]) => indexOf(steps, name, match));
  const sorted = [...positions].sort((a, b) => a - b);
  expect(positions, order.map(([name]) => name).join(' → ')).toEqual(sorted);
  expect(new Set(positions).size).toBe(positions.length);
}

test('latency-gc: campaign → input-length drift → GC pauses → p99 latency → errors, deploy exonerated', async ({
  page,
}) => {
  const steps = await changeSteps(page, 'latency-gc');
  expectInOrder(steps, [
    ['campaign', event('business')],
    ['input tokens', onset('input tokens (mean)', 'up')],
    ['GC pause', onset('GC pause (s/s)', 'up')],
    ['p99 latency', onset('p99 latency', 'up')],
    ['504s', onset('HTTP 504 rate', 'up')],
  ]);
  const deploy = steps[indexOf(steps, 'deploy', event('deploy'))];
  expect(deploy.exonerated).toBe(true);
  expect(deploy.text).toContain('no signal moved after it');
  expect(indexOf(steps, 'deploy', event('deploy'))).toBeLessThan(indexOf(steps, 'campaign', event('business')));
});

test('ctr-decline: data change → null rate → prediction mean → CTR, the deploy after the onset', async ({ page }) => {
  const steps = await changeSteps(page, 'ctr-decline');
  expectInOrder(steps, [
    ['data change', event('data')],
    ['null rate', onset('null rate user_recent_categories_count', 'up')],
    ['prediction mean', onset('prediction mean', 'down')],
    ['CTR', onset('CTR', 'down')],
    ['deploy', event('deploy')],
  ]);
});

test('chatbot-outage: traffic → saturation → config change → errors → rollback → recovery', async ({ page }) => {
  const steps = await changeSteps(page, 'chatbot-outage');
  expectInOrder(steps, [
    ['traffic', onset('request rate', 'up')],
    ['saturation', onset('GPU utilisation', 'up')],
    ['config change', event('config')],
    ['errors', onset('5xx rate', 'up')],
    ['rollback', event('deploy')],
    ['recovery', (step) => step.recovery && step.lane === '5xx rate' && step.direction === 'down'],
  ]);
});

test('chatbot-outage: the GenAI spans show length finish reasons jump with the load shedding, before the 5xx errors', async ({
  page,
}) => {
  const steps = await changeSteps(page, 'chatbot-outage');
  expectInOrder(steps, [
    ['traffic', onset('request rate', 'up')],
    ['saturation', onset('GPU utilisation', 'up')],
    ['length finish reasons', onset('finish reason: length', 'up')],
    ['config change', event('config')],
    ['errors', onset('5xx rate', 'up')],
  ]);
  // Choosing the step scrolls its lane into view.
  const panel = new PlaygroundPage(page).panel('timeline');
  await panel.locator(`[data-testid="${testIds.changeStep}"][data-lane="finish reason: length"]`).first().click();
  await expect(panel.locator(`[data-testid="${testIds.lane}"][data-lane="finish reason: length"]`)).toBeVisible();
});

test('clicking a step highlights its lane, and the list works from the keyboard', async ({ page }) => {
  const playground = new PlaygroundPage(page);
  await playground.open('latency-gc', 'timeline', 'dark');
  const panel = playground.panel('timeline');
  await expect(panel.getByTestId(testIds.whatChangedFirst)).toHaveAttribute('data-pending', 'false');
  const step = panel.locator(`[data-testid="${testIds.changeStep}"][data-lane="GC pause (s/s)"]`);
  await step.focus();
  await page.keyboard.press('Enter');
  await expect(step).toHaveAttribute('aria-pressed', 'true');
  await expect(panel.locator(`[data-testid="${testIds.lane}"][data-lane="GC pause (s/s)"]`)).toHaveAttribute(
    'data-highlighted',
    'true'
  );
  await expect(panel.getByTestId(testIds.onsetMarker).first()).toBeVisible();
});

test('log lanes show the top error pattern as text', async ({ page }) => {
  const playground = new PlaygroundPage(page);
  await playground.open('latency-gc', 'timeline', 'dark');
  const errorLane = playground.panel('timeline').locator(`[data-testid="${testIds.lane}"][data-lane="logs: error"]`);
  await expect(errorLane.getByTestId(testIds.laneNote)).toContainText('inference timeout');
});

test('chatbot-outage: onsets in the same sample are marked as the same time, not ordered by noise', async ({
  page,
}) => {
  const playground = new PlaygroundPage(page);
  await playground.open('chatbot-outage', 'timeline', 'dark');
  const list = playground.panel('timeline').getByTestId(testIds.whatChangedFirst);
  await expect(list).toHaveAttribute('data-pending', 'false', { timeout: 15_000 });
  // The 5xx rate and the error logs jump in the same 30 s sample: the data cannot say which came first.
  const errors = list.locator(`[data-testid="${testIds.changeStep}"][data-lane="5xx rate"]`).first();
  const group = await errors.getAttribute('data-simultaneous-group');
  expect(group).not.toBeNull();
  await expect(errors.getByTestId(testIds.sameTime)).toContainText('≈ same time as');
  await expect(errors.getByTestId(testIds.sameTime)).toContainText('logs: error');
  const members = list.locator(`[data-testid="${testIds.changeStep}"][data-simultaneous-group="${group}"]`);
  expect(await members.count()).toBeGreaterThanOrEqual(2);
  expect(playground.consoleErrors).toEqual([]);
});
