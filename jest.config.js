// force timezone to UTC to allow tests to work regardless of local timezone
// generally used by snapshots, but can affect specific tests
process.env.TZ = 'UTC';

const base = require('./.config/jest.config');

module.exports = {
  // Jest configuration provided by Grafana scaffolding
  ...base,
  // d3-color and friends ship only ES modules as .mjs; run them through swc like the sources.
  transform: {
    ...base.transform,
    '^.+\\.mjs$': ['@swc/jest'],
  },
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/tests/', '/playground/'],
  // Slice-computed panels on a loaded two-core machine: see jest-setup.js.
  testTimeout: 30_000,
};
