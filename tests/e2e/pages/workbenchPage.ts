import { expect, Locator, Page } from '@playwright/test';
import { evidenceItems } from '../playgroundPage';
import { testIds } from '../../../src/testIds';

export type EvidenceSection = 'sequence' | 'changes' | 'drift' | 'predictions' | 'pinned';

/**
 * Where each check finds its item, asserting that every one is found and that they come in the checks' order:
 * "what changed first" read as the scenario tells it.
 */
export function expectInOrder<T extends { text: string }>(items: T[], checks: Array<[string, (item: T) => boolean]>) {
  const found = checks.map(([name, check]) => ({ name, at: items.findIndex(check) }));
  const listed = items.map((item) => item.text).join(' | ');
  found
    .filter(({ at }) => at < 0)
    .forEach(({ name }) => expect.soft(-1, `${name} in: ${listed}`).toBeGreaterThanOrEqual(0));
  const positions = found.map(({ at }) => at);
  expect(positions.every((at) => at >= 0) && positions.every((at, i) => i === 0 || at > positions[i - 1]), listed).toBe(
    true
  );
  return positions;
}

/** The workbench of one incident: its tabs, and the evidence as the Evidence tab lists it. */
export class WorkbenchPage {
  constructor(readonly page: Page) {}

  get root(): Locator {
    return this.page.getByTestId(testIds.workbench);
  }

  async openTab(tab: 'evidence' | 'whys' | 'fishbone' | 'postmortem') {
    await this.page.getByTestId(testIds.tab(tab)).click();
  }

  section(section: EvidenceSection): Locator {
    return this.page.getByTestId(testIds.evidenceSection(section));
  }

  /** Waits until every query of the evidence has ended, and returns them as listed. */
  async queries(): Promise<Array<{ state: string; text: string }>> {
    await expect(this.page.getByTestId(testIds.evidence)).toBeVisible({ timeout: 60_000 });
    await this.page.getByTestId(testIds.evidence).locator('details summary').click();
    return this.page
      .getByTestId(testIds.evidenceQuery)
      .evaluateAll((nodes) =>
        nodes.map((node) => ({ state: node.getAttribute('data-state') ?? '', text: node.textContent ?? '' }))
      );
  }

  /** The evidence items of a section, top to bottom, once it is shown. */
  async items(section: EvidenceSection) {
    await expect(this.section(section)).toBeVisible({ timeout: 60_000 });
    return evidenceItems(this.section(section));
  }
}
