import { defineConfig } from '@playwright/test';
import { debianChromium } from './tests/chromium';
import type { GrafanaLine } from './tests/dist-load/distLoad.spec';

/**
 * dist/ loaded as Grafana loads it, on each Grafana line the plugin supports: the 12.4 line (React 18, the
 * root's packages) and the newest 13.x line (React 19, compat/grafana-13). Run after `npm run build`.
 */
export default defineConfig<{ line: GrafanaLine }>({
  testDir: './tests/dist-load',
  fullyParallel: false,
  workers: 2,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 90_000,
  outputDir: 'test-results/dist-load-artifacts',
  use: { viewport: { width: 1400, height: 1000 }, launchOptions: debianChromium },
  projects: [
    { name: 'Grafana 12.4 (React 18)', use: { line: 'grafana-12' } },
    { name: 'Grafana 13 (React 19)', use: { line: 'grafana-13' } },
  ],
});
