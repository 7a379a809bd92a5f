import type { FullConfig } from '@playwright/test';
import { GRAFANA_UP_FLAG, grafanaUrl } from './grafana';

/**
 * Asks Grafana's health endpoint once, with a short timeout, and records the answer in an environment
 * variable that the workers inherit. Each spec skips itself when it is not '1', so a machine without
 * Grafana (or without Docker) gets a clean, all-skipped run instead of a wall of connection errors.
 */
export default async function globalSetup(_config: FullConfig): Promise<void> {
  const healthUrl = new URL('/api/health', grafanaUrl).toString();
  let up = false;
  try {
    const response = await fetch(healthUrl, { signal: AbortSignal.timeout(3000) });
    up = response.ok;
  } catch {
    up = false;
  }
  process.env[GRAFANA_UP_FLAG] = up ? '1' : '0';
  if (!up && process.env.DRIFTLINE_REQUIRE_GRAFANA) {
    // The e2e workflow started a Grafana: a suite that skipped every test would pass without testing anything.
    throw new Error(`DRIFTLINE_REQUIRE_GRAFANA is set but nothing answers at ${healthUrl}`);
  }
  if (!up) {
    console.log(`Skipping the Grafana suite: nothing answers at ${healthUrl} (start one with docker compose up).`);
  }
}
