// Tests that run real processes: the simulator's own tests (promtool, payload schemas) and the
// integration test against a real Prometheus (tests/integration). `npm run test:integration`.
process.env.TZ = 'UTC';

const base = require('./.config/jest.config');

module.exports = {
  moduleNameMapper: base.moduleNameMapper,
  modulePaths: base.modulePaths,
  transform: {
    ...base.transform,
    '^.+\\.mjs$': ['@swc/jest'],
  },
  transformIgnorePatterns: base.transformIgnorePatterns,
  // The demo scenarios and the data layer import @grafana/data, whose CommonJS build touches `window`
  // and `document` on import, so the suites run in jsdom; they talk HTTP with node:http, not fetch.
  testEnvironment: 'jest-environment-jsdom',
  testMatch: ['<rootDir>/simulator/**/*.test.ts', '<rootDir>/tests/integration/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  // Prometheus needs real seconds to scrape a replayed incident.
  testTimeout: 180_000,
};
