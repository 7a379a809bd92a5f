import { expect, Locator, Page } from '@playwright/test';
import { testIds } from '../../../src/testIds';

export const APP_BASE = '/a/driftline-aiobs-app';

/** The incidents page of the app as the playground serves it: the list, declaring, opening a workbench. */
export class IncidentsPage {
  constructor(readonly page: Page) {}

  /** Opens the list; `search` carries the playground's connection and any panel context. */
  async open(search: string) {
    await this.page.goto(`${APP_BASE}/incidents?${search}`);
    await expect(this.page.getByTestId(testIds.incidents)).toBeVisible({ timeout: 30_000 });
  }

  /** Declares an incident and waits until Grafana has it and the list shows it. */
  async declare(incident: { title: string; dashboardUID?: string }) {
    await this.page.getByTestId(testIds.declareOpen).click();
    if (incident.dashboardUID !== undefined) {
      await this.page.getByTestId(testIds.declareDashboard).fill(incident.dashboardUID);
    }
    await this.page.getByTestId(testIds.declareTitle).fill(incident.title);
    await this.page.getByTestId(testIds.declareSubmit).click();
    await expect(this.row(incident.title)).toHaveCount(1, { timeout: 20_000 });
  }

  row(title: string): Locator {
    return this.page.getByTestId(testIds.incidentRow).filter({ hasText: title });
  }

  /** Opens the workbench of the incident with this title. */
  async openWorkbench(title: string) {
    await this.row(title).getByTestId(testIds.incidentLink).click();
    await expect(this.page.getByTestId(testIds.workbench)).toContainText(title, { timeout: 30_000 });
  }
}
