#!/usr/bin/env bash
# The I/O bound: one curl process fetching the same pages `pollctl poll` reads, over one
# keep-alive connection, writing the bodies out untouched (no parsing, no events).
# The bench server's page tokens are page numbers, so the URLs are known in advance; a real
# script would have to read each `elements-next-page-token` first.
#
#   benches/curl_raw.sh http://127.0.0.1:PORT RECORDS > pages.json
set -euo pipefail
base=${1:?usage: curl_raw.sh BASE_URL RECORDS}
records=${2:?usage: curl_raw.sh BASE_URL RECORDS}
page_size=${PAGE_SIZE:-1000}
pages=$(( (records + page_size - 1) / page_size ))
cfg=$(mktemp)
trap 'rm -f "$cfg"' EXIT
{
  echo 'header = "Accept: application/json"'
  echo "header = \"Authorization: User ${POLLCTL_USER_SECRET:-u}, Organization ${POLLCTL_ORG_SECRET:-o}, Element ${POLLCTL_ELEMENT_TOKEN:-t}\""
  echo "url = \"$base/hubs/documents/events?pageSize=$page_size\""
  for ((p = 1; p <= pages; p++)); do
    echo "url = \"$base/hubs/documents/events?pageSize=$page_size&nextPage=$p\""
  done
} > "$cfg"
curl -sS --fail -K "$cfg"
