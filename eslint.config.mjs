import { defineConfig } from 'eslint/config';
import baseConfig from './.config/eslint.config.mjs';

export default defineConfig([
  {
    ignores: [
      '**/logs',
      '**/*.log',
      '**/npm-debug.log*',
      '**/yarn-debug.log*',
      '**/yarn-error.log*',
      '**/.pnpm-debug.log*',
      '**/node_modules/',
      '.yarn/cache',
      '.yarn/unplugged',
      '.yarn/build-state.yml',
      '.yarn/install-state.gz',
      '**/.pnp.*',
      '**/pids',
      '**/*.pid',
      '**/*.seed',
      '**/*.pid.lock',
      '**/lib-cov',
      '**/coverage',
      '**/dist/',
      '**/artifacts/',
      '**/work/',
      '**/ci/',
      'test-results/',
      'playwright-report/',
      'blob-report/',
      'playwright/.cache/',
      'playwright/.auth/',
      '**/.idea',
      '**/.eslintcache',
      '.config/',
      '.tmp/',
      'playground/dist/',
      'bench/.out/',
      'test-results/',
    ],
  },
  // Lint every TypeScript file, not only src/: the playground, tests, benchmarks and scripts too.
  { files: ['**/*.{ts,tsx}'] },
  ...baseConfig,
  // Pages are thin shells over hooks: what a panel finds is in src/findings (shared with the panels), and demo
  // incidents reach the pages through the demo data source like any other data source.
  {
    files: ['src/pages/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+(demo|panels)(/|$)',
              message:
                'Pages do not import src/demo or src/panels: shared analysis lives in src/findings, and demo data comes through the demo data source.',
            },
          ],
        },
      ],
    },
  },
]);
