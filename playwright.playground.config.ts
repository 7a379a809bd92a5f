import { debianChromium } from './tests/chromium';
import { defineConfig } from '@playwright/test';

// Browser tests against the playground, in Debian's Chromium (never a downloaded browser).
const port = Number(process.env.PLAYGROUND_PORT || 3011);

export default defineConfig({
  testDir: './tests/e2e',
  fullyParallel: false,
  workers: 2,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  outputDir: 'test-results/e2e-artifacts',
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    viewport: { width: 1400, height: 1000 },
    launchOptions: debianChromium,
  },
  webServer: {
    command: 'node playground/serve.mjs',
    url: `http://127.0.0.1:${port}/`,
    env: { PORT: String(port) },
    reuseExistingServer: false,
    timeout: 120_000,
  },
});
