import { defineConfig } from '@playwright/test';
import playground from './playwright.playground.config';

// `npm run screenshots`: the README's screenshots, from the playground in Debian's Chromium.
export default defineConfig({ ...playground, testDir: './tests/screenshots', workers: 1 });
