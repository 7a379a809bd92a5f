#!/usr/bin/env bash
# `npm test`: typecheck, lint, unit and component tests, the build, the playground e2e tests in Chromium,
# and the Grafana-server suite (which skips itself when no Grafana answers). Runs every step even when
# one fails, then prints one summary line.
set -u
cd "$(dirname "$0")/.."
mkdir -p test-results
rm -f test-results/*.json test-results/checks.txt

check() {
  local name=$1
  shift
  echo "::: $name"
  if "$@"; then
    echo "$name passed" >>test-results/checks.txt
  else
    echo "$name failed" >>test-results/checks.txt
  fi
}

check typecheck npx tsc --noEmit
check lint npx eslint --cache .
check jest npx jest --ci --maxWorkers 2 --json --outputFile=test-results/jest.json
check "prometheus integration" npx jest -c jest.integration.config.js --ci --maxWorkers 2 \
  --json --outputFile=test-results/integration.json
# Grafana's API compatibility of every plugin module, against the oldest Grafana claimed and the newest 13.x
# (fetches both from the npm registry); each finding must be in scripts/levitate-allowlist.json.
check "levitate (Grafana 12.4 and 13 APIs)" node scripts/levitate.mjs
check build npm run --silent build
check "plugin validator (offline passes)" node scripts/check-dist.mjs
check "dist loading" env PLAYWRIGHT_JSON_OUTPUT_NAME=test-results/dist-load.json \
  npx playwright test -c playwright.dist.config.ts --reporter=list,json
check "playground e2e" env PLAYWRIGHT_JSON_OUTPUT_NAME=test-results/e2e.json \
  npx playwright test -c playwright.playground.config.ts --reporter=list,json
check "grafana e2e" env PLAYWRIGHT_JSON_OUTPUT_NAME=test-results/grafana.json \
  npx playwright test -c playwright.config.ts --reporter=list,json

node scripts/summarize-tests.mjs
