#!/usr/bin/env bash
# Posts one Grafana annotation for a change event (deploy, model, data, config…), tagged per Driftline's
# taxonomy so the panels colour and order it. Needs bash and curl only.
#
# Environment:
#   GRAFANA_URL      Grafana base URL, e.g. https://grafana.example.com (required)
#   GRAFANA_TOKEN    service-account token with the annotations:create permission (required)
#   KIND             deploy | model | data | config | incident | mitigation | business (required);
#                    sent as the first tag, which is the kind's default tag in Driftline's settings
#   TEXT             what changed (required unless running in GitHub Actions, which gets a default)
#   TAGS             extra tags, comma-separated, e.g. "service:checkout,env:prod,version:1.4.2"
#   DASHBOARD_UID    attach to one dashboard; without it the annotation is organisation-wide and
#                    dashboards find it by tag
#   PANEL_ID         with DASHBOARD_UID, attach to one panel
#   TIME_MS          event time in epoch milliseconds (default: now); TIME_END_MS makes a region
#   ANNOTATE_TIMEOUT seconds per request (default 10); ANNOTATE_RETRIES attempts on 5xx or no answer (default 3)
#
# Prints the new annotation's id. Exits 1 when it could not be posted (use `|| true` or the CI's
# continue-on-error if a missing annotation must not fail a deploy), 2 on bad input.
set -euo pipefail

fail() {
  echo "annotate: $*" >&2
  exit 2
}

json_string() {
  local value=$1
  value=${value//\\/\\\\}
  value=${value//\"/\\\"}
  value=${value//$'\n'/\\n}
  value=${value//$'\r'/\\r}
  value=${value//$'\t'/\\t}
  printf '"%s"' "$value"
}

: "${GRAFANA_URL:?set GRAFANA_URL to the Grafana base URL}"
: "${GRAFANA_TOKEN:?set GRAFANA_TOKEN to a service-account token}"
: "${KIND:?set KIND to deploy, model, data, config, incident, mitigation or business}"
case "$KIND" in
  deploy | model | data | config | incident | mitigation | business) ;;
  *) fail "KIND must be deploy, model, data, config, incident, mitigation or business, not \"$KIND\"" ;;
esac

TEXT=${TEXT:-}
if [[ -z "$TEXT" && -n "${GITHUB_SHA:-}" ]]; then
  TEXT="${KIND^} ${GITHUB_REPOSITORY:-}@${GITHUB_SHA:0:12} by ${GITHUB_ACTOR:-unknown} (${GITHUB_WORKFLOW:-workflow} run ${GITHUB_RUN_ID:-?})"
fi
[[ -n "$TEXT" ]] || fail "set TEXT to what changed"
((${#TEXT} <= 10000)) || fail "TEXT is ${#TEXT} characters long; the limit is 10000"

if [[ -n "${TIME_MS:-}" ]]; then
  [[ "$TIME_MS" =~ ^[0-9]+$ ]] || fail "TIME_MS must be epoch milliseconds, not \"$TIME_MS\""
else
  TIME_MS=$(date +%s%3N 2>/dev/null || true)
  # BSD date (macOS) has no %N: fall back to whole seconds.
  [[ "$TIME_MS" =~ ^[0-9]+$ ]] || TIME_MS=$(($(date +%s) * 1000))
fi

tags_json=$(json_string "$KIND")
seen=",$KIND,"
IFS=',' read -r -a extra_tags <<<"${TAGS:-}"
for tag in "${extra_tags[@]}"; do
  tag="${tag#"${tag%%[![:space:]]*}"}"
  tag="${tag%"${tag##*[![:space:]]}"}"
  [[ -n "$tag" && "$seen" != *",$tag,"* ]] || continue
  ((${#tag} <= 50)) || fail "tag \"$tag\" is longer than 50 characters"
  seen+="$tag,"
  tags_json+=",$(json_string "$tag")"
done

body="{\"time\":$TIME_MS"
if [[ -n "${TIME_END_MS:-}" ]]; then
  [[ "$TIME_END_MS" =~ ^[0-9]+$ ]] || fail "TIME_END_MS must be epoch milliseconds"
  body+=",\"timeEnd\":$TIME_END_MS"
fi
if [[ -n "${DASHBOARD_UID:-}" ]]; then
  body+=",\"dashboardUID\":$(json_string "$DASHBOARD_UID")"
  [[ -z "${PANEL_ID:-}" ]] || body+=",\"panelId\":$((PANEL_ID))"
fi
body+=",\"tags\":[$tags_json],\"text\":$(json_string "$TEXT")}"

attempts=${ANNOTATE_RETRIES:-3}
response_file=$(mktemp)
trap 'rm -f "$response_file"' EXIT
for ((attempt = 1; attempt <= attempts; attempt++)); do
  status=$(curl --silent --show-error --output "$response_file" --write-out '%{http_code}' \
    --max-time "${ANNOTATE_TIMEOUT:-10}" -X POST "${GRAFANA_URL%/}/api/annotations" \
    -H "Authorization: Bearer $GRAFANA_TOKEN" -H 'Content-Type: application/json' \
    --data-binary "$body" 2>/dev/null) || status=000
  if [[ "$status" == 2* ]]; then
    id=$(sed -n 's/.*"id":[[:space:]]*\([0-9][0-9]*\).*/\1/p' "$response_file")
    echo "$id"
    exit 0
  fi
  case "$status" in
    000 | 500 | 502 | 503 | 504 | 429)
      echo "annotate: attempt $attempt/$attempts: Grafana answered ${status/#000/nothing}" >&2
      ((attempt == attempts)) || sleep $((attempt * 2))
      ;;
    401 | 403)
      echo "annotate: HTTP $status: the token may not create annotations; give the service account the annotations:create permission" >&2
      exit 1
      ;;
    *)
      echo "annotate: HTTP $status: $(cat "$response_file")" >&2
      exit 1
      ;;
  esac
done
echo "annotate: gave up after $attempts attempts; the annotation was not posted" >&2
exit 1
