import { expect, Locator, Page } from '@playwright/test';

export const APP_BASE = '/a/driftline-aiobs-app';

/** The incidents page of the app as the playground serves it: the list, declaring, opening a workbench. */
export class IncidentsPage {
  constructor(readonly page: Page) {}

  /** Opens the list; `search` carries the playground's connection and any panel context. */
  async open(search: string) {
    await this.page.goto(`${APP_BASE}/incidents?${search}`);
    await expect(this.page.getByTestId('driftline-incidents')).toBeVisible({ timeout: 30_000 });
  }

  /** Declares an incident and waits until Grafana has it and the list shows it. */
  async declare(incident: { title: string; dashboardUID?: string }) {
    await this.page.getByTestId('driftline-declare-open').click();
    if (incident.dashboardUID !== undefined) {
      await this.page.getByTestId('driftline-declare-dashboard').fill(incident.dashboardUID);
    }
    await this.page.getByTestId('driftline-declare-title').fill(incident.title);
    await this.page.getByTestId('driftline-declare-submit').click();
    await expect(this.row(incident.title)).toHaveCount(1, { timeout: 20_000 });
  }

  row(title: string): Locator {
    return this.page.getByTestId('driftline-incident-row').filter({ hasText: title });
  }

  /** Opens the workbench of the incident with this title. */
  async openWorkbench(title: string) {
    await this.row(title).getByTestId('driftline-incident-link').click();
    await expect(this.page.getByTestId('driftline-workbench')).toContainText(title, { timeout: 30_000 });
  }
}
