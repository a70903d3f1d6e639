#!/usr/bin/env bash
# The poll a user would otherwise script: page through a hub resource with curl, following
# `elements-next-page-token`, and turn every record into a normalized event with jq.
# Same input and same output shape as `pollctl poll --once --from-start` on
# benches/bench-instance.json (jq has no SHA-256, so eventId is objectId:date here; and this
# script does no date parsing, window filtering, dedupe, state, retries or signing).
#
#   benches/curl_jq.sh http://127.0.0.1:PORT > events.jsonl
set -euo pipefail
base=${1:?usage: curl_jq.sh BASE_URL}
page_size=${PAGE_SIZE:-1000}
poll_date=$(date -u +%Y-%m-%dT%H:%M:%SZ)
headers=$(mktemp)
trap 'rm -f "$headers"' EXIT
token=""
while :; do
  url="$base/hubs/documents/events?pageSize=$page_size"
  [ -n "$token" ] && url="$url&nextPage=$token"
  body=$(curl -sS --fail -D "$headers" -H 'Accept: application/json' \
    -H "Authorization: User ${POLLCTL_USER_SECRET:-u}, Organization ${POLLCTL_ORG_SECRET:-o}, Element ${POLLCTL_ELEMENT_TOKEN:-t}" \
    "$url")
  [ "$body" = "[]" ] && break
  printf '%s' "$body" | jq -c --arg poll "$poll_date" '.[] | {
      eventId: "\(.event_object_id):\(.event_date)", instanceId: "bench", elementKey: "egnyte",
      hubKey: "documents", objectType: "events", objectId: .event_object_id,
      eventType: .event_type, date: .event_date, pollDate: $poll, raw: .}'
  token=$(tr -d '\r' < "$headers" | awk -F': ' 'tolower($1) == "elements-next-page-token" {print $2}')
  [ -z "$token" ] && break
done
