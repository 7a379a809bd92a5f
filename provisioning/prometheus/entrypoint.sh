#!/bin/sh
# Starts Prometheus after importing, once, the history the simulator wrote before it began to serve
# (OpenMetrics with timestamps, turned into TSDB blocks by promtool). Without the file, or if the
# import fails, Prometheus starts empty and fills from the live scrapes.
HISTORY=/history/history.om
MARKER=/prometheus/.driftline-backfilled

if [ -f "$HISTORY" ] && [ ! -f "$MARKER" ]; then
  echo "backfilling the simulator's history from $HISTORY"
  if promtool tsdb create-blocks-from openmetrics --max-block-duration=24h "$HISTORY" /prometheus; then
    touch "$MARKER"
  else
    echo "backfill failed; starting without history"
  fi
fi

# The drift rules the simulator wrote: a broken file would only show as a failed rule load in the log.
for RULES in /history/rules/*.yml; do
  [ -f "$RULES" ] && promtool check rules "$RULES"
done

exec /bin/prometheus "$@"
