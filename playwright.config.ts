import type { PluginOptions } from '@grafana/plugin-e2e';
import { defineConfig, devices } from '@playwright/test';
import { debianChromium } from './tests/chromium';

/**
 * The Grafana-server suite: @grafana/plugin-e2e specs against a Grafana started with `docker compose up`.
 * When nothing answers at GRAFANA_URL, global-setup.ts says so once and every spec skips itself.
 */
const grafanaUrl = process.env.GRAFANA_URL || 'http://localhost:3000';

export default defineConfig<PluginOptions>({
  testDir: './tests/grafana',
  globalSetup: './tests/grafana/global-setup.ts',
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 2 : 0,
  // Never `open` the html report: it would start a server and keep this process alive.
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report/grafana' }]],
  // Playwright empties its output folder first: keep it apart from the other suites' results.
  outputDir: './test-results/grafana',
  use: {
    baseURL: grafanaUrl,
    trace: 'on-first-retry',
    launchOptions: debianChromium,
  },
  projects: [
    // 1. Log in to Grafana as admin and store the cookie for the other specs.
    {
      name: 'auth',
      testMatch: /auth\.setup\.ts$/,
    },
    // 2. Every spec starts logged in as admin.
    {
      name: 'chromium',
      testIgnore: /auth\.setup\.ts$/,
      use: {
        ...devices['Desktop Chrome'],
        storageState: 'playwright/.auth/admin.json',
      },
      dependencies: ['auth'],
    },
  ],
});
