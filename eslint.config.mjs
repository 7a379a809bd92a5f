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
  // Data-sized work never goes through the call stack: spreading an array into a call pushes every element
  // as an argument, and past some 100,000 elements (a category per user, a lane of raw points) the call
  // overflows the stack. Spread only literal lists; loop, or use reduce, for anything else. Tests spread
  // their own small fixtures and are left out.
  {
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/**/*.test.{ts,tsx}'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: ":matches(CallExpression, NewExpression) > SpreadElement:not([argument.type='ArrayExpression'])",
          message:
            'Do not spread an array into a call (Math.max(...values), push(...rows)): a data-sized array overflows the stack. Use a loop or reduce.',
        },
        {
          selector: ':matches(CallExpression, NewExpression) > SpreadElement > ArrayExpression > SpreadElement',
          message:
            'Do not spread an array into a call, even inside a literal: a data-sized array overflows the stack. Use a loop.',
        },
        {
          selector:
            "CallExpression[callee.property.name='apply'][arguments.length=2]:not([arguments.1.type='ArrayExpression'])",
          message: 'fn.apply(this, array) passes every element as an argument, like a spread: use a loop.',
        },
      ],
    },
  },
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
