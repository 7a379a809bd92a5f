import type { LaunchOptions } from '@playwright/test';

/** Debian's Chromium, headless, with no calls home; this project never downloads a browser. */
export const debianChromium: LaunchOptions = {
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};
