import { expect, Locator, Page } from '@playwright/test';
import { testIds } from '../../src/testIds';

export type PanelKind = 'drift' | 'predictions' | 'timeline';
export const SCENARIOS = ['ctr-decline', 'latency-gc', 'chatbot-outage'] as const;
export const PANELS: PanelKind[] = ['drift', 'predictions', 'timeline'];

/** The playground as a page object: opens a scenario and collects console errors and failed requests. */
export class PlaygroundPage {
  readonly consoleErrors: string[] = [];
  readonly failedRequests: string[] = [];

  constructor(readonly page: Page) {
    page.on('console', (message) => {
      if (message.type() === 'error') {
        this.consoleErrors.push(message.text());
      }
    });
    page.on('pageerror', (error) => this.consoleErrors.push(error.message));
    page.on('response', (response) => {
      if (response.status() >= 400) {
        this.failedRequests.push(`${response.status()} ${response.url()}`);
      }
    });
    page.on('requestfailed', (request) => {
      // A request the browser dropped because the page navigated away (a reload, a link) is not a failure
      // of the page; a resource that is missing still shows as its 404 above.
      if (request.failure()?.errorText !== 'net::ERR_ABORTED') {
        this.failedRequests.push(`failed ${request.url()}`);
      }
    });
  }

  /** `extra`: more of the playground's URL parameters, e.g. `input=histograms&role=viewer`. */
  async open(scenario: string, panel: PanelKind | 'all', theme: 'dark' | 'light', extra = '') {
    await this.page.goto(`/?scenario=${scenario}&panel=${panel}&theme=${theme}${extra ? `&${extra}` : ''}`);
    await expect(this.page.locator('body')).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
  }

  panel(kind: PanelKind) {
    return this.page.getByTestId(testIds.panel(kind));
  }
}

/** The evidence items of a workbench section, top to bottom, as the page lists them. */
export async function evidenceItems(section: Locator) {
  return section.getByTestId(testIds.evidenceItem).evaluateAll(
    (nodes, linkSelector) =>
      nodes.map((node) => ({
        id: node.getAttribute('data-evidence-id') ?? '',
        type: node.getAttribute('data-evidence-type') ?? '',
        kind: node.getAttribute('data-kind'),
        time: Number(node.getAttribute('data-time')),
        text: node.textContent ?? '',
        exonerated: node.getAttribute('data-exonerated') === 'true',
        link: node.querySelector(linkSelector)?.getAttribute('href') ?? '',
      })),
    `[data-testid="${testIds.evidenceLink}"]`
  );
}
