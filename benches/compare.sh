#!/usr/bin/env bash
# Whole-process comparison against the physical reference and against what users would script,
# all in one run, alternating, against nginx serving the same page files (benches/nginx.sh):
#
#   raw curl        one keep-alive curl fetching every page untouched (the wire's speed)
#   curl per page   one curl process per page, following elements-next-page-token
#   jq length       the per-page curl loop, each page parsed by jq (parsing cost only)
#   curl + jq       benches/curl_jq.sh: the script a user would write to produce the events
#   pollctl         pollctl poll --once --from-start: parse, classify, dedupe, state, events
#
# then forwarding: pollctl --forward-to nginx's POST /receive (signed, ≤ 10 events a POST).
# Prints medians over RUNS runs, peak RSS, the ratios, and checks that pollctl's events and the
# curl + jq script's are the same set (objectId, eventType, date).
#
#   benches/compare.sh                           # RECORDS=1000000 RUNS=3
#   RECORDS=100000 RUNS=1 benches/compare.sh     # quicker
#   NO_BUILD=1 KEEP=/tmp/pages benches/compare.sh  # reuse a build and the generated pages
#
# Last, one page of BIG_PAGE_RECORDS records (default 900000: ~200 MB) with
# --max-page-size 1024: wall time and peak RSS (does memory follow the page size?).
# BIG_PAGE_RECORDS=0 skips it.
#
# ONLY=forward runs the forwarding part alone; IN_FLIGHT=N passes --in-flight N to it.
set -euo pipefail
cd "$(dirname "$0")/.."
RECORDS=${RECORDS:-1000000}
FORWARD_RECORDS=${FORWARD_RECORDS:-$RECORDS}
BIG_PAGE_RECORDS=${BIG_PAGE_RECORDS:-900000}
RUNS=${RUNS:-3}
SLOW_RUNS=${SLOW_RUNS:-1} # curl per page / jq / curl + jq are slow: fewer runs
export PAGE_SIZE=${PAGE_SIZE:-1000}
work=$(mktemp -d)
data=${KEEP:-$work/data}
NGINX_PID=
cleanup() { [ -n "$NGINX_PID" ] && kill "$NGINX_PID" 2> /dev/null; rm -rf "$work"; }
trap cleanup EXIT
# shellcheck source=benches/nginx.sh
source benches/nginx.sh

[ -n "${NO_BUILD:-}" ] || cargo build --release --quiet --bin pollctl --example bench_server
bin=$PWD/target/release/pollctl
nginx_prepare "$data" "$RECORDS" target/release/examples/bench_server
nginx_start "$data" "$RECORDS"
url=$NGINX_URL
pages=$(((RECORDS + PAGE_SIZE - 1) / PAGE_SIZE))
echo "nginx $url: $RECORDS records in $pages pages of $PAGE_SIZE ($(du -sh "$data/pages" | cut -f1)); load: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores"
export POLLCTL_USER_SECRET=u POLLCTL_ORG_SECRET=o POLLCTL_ELEMENT_TOKEN=t

wall_s() { awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; printf "%.3f", s}' "$1"; }
rss_mb() { awk -F': ' '/Maximum resident set size/ {printf "%.1f", $2/1024}' "$1"; }
median() { sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else printf "%.3f\n", (a[NR/2]+a[NR/2+1])/2}'; }

per_page_loop() { # $1 = filter command for each page body ("cat" or "jq length")
  local token="" hdr body
  hdr=$(mktemp)
  while :; do
    local u="$url/hubs/documents/events?pageSize=$PAGE_SIZE"
    [ -n "$token" ] && u="$u&nextPage=$token"
    body=$(curl -sS --fail -D "$hdr" "$u")
    [ "$body" = "[]" ] && break
    printf '%s' "$body" | $1
    token=$(tr -d '\r' < "$hdr" | awk -F': ' 'tolower($1) == "elements-next-page-token" {print $2}')
    [ -z "$token" ] && break
  done
  rm -f "$hdr"
}
export -f per_page_loop
export url PAGE_SIZE

run_one() { # name, command...: appends "wall rss" to $work/NAME.times
  local name=$1; shift
  /usr/bin/time -v "$@" > "$work/$name.out" 2> "$work/$name.time"
  echo "$(wall_s "$work/$name.time") $(rss_mb "$work/$name.time")" >> "$work/$name.times"
}

for ((r = 1; r <= RUNS; r++)); do
  [ "${ONLY:-}" = forward ] && break
  run_one raw benches/curl_raw.sh "$url" "$RECORDS"
  rm -rf "$work/state"
  run_one pollctl "$bin" -q poll benches/bench-instance.json --once --from-start --reset \
    --state-dir "$work/state" --base-url "$url"
  if ((r <= SLOW_RUNS)); then
    run_one perpage bash -c 'per_page_loop cat'
    run_one jqlength bash -c 'per_page_loop "jq length"'
    run_one curljq benches/curl_jq.sh "$url"
  fi
done

med() { cut -d' ' -f"$2" "$work/$1.times" | median; }
if [ "${ONLY:-}" != forward ]; then
# The same events: pollctl's and the script's, as (objectId, eventType, record date) sets.
key() { jq -r '[.objectId, .eventType, .raw.event_date] | @tsv' "$1" | sort; }
p_events=$(wc -l < "$work/pollctl.out")
c_events=$(wc -l < "$work/curljq.out")
if [ "$(key "$work/pollctl.out" | md5sum)" = "$(key "$work/curljq.out" | md5sum)" ]; then
  same="identical ($p_events events)"
else
  same="DIFFERENT: pollctl $p_events events, curl + jq $c_events"
fi

printf '\n%-34s %6s %10s %13s %12s\n' "$RECORDS records, median of runs" "runs" "wall s" "records/s" "peak RSS MB"
for n in raw perpage jqlength curljq pollctl; do
  case $n in
    raw) label="raw curl (one keep-alive process)" ;; perpage) label="curl per page (no parsing)" ;;
    jqlength) label="curl per page + jq length" ;; curljq) label="curl + jq script (events)" ;;
    pollctl) label="pollctl poll --once" ;;
  esac
  w=$(med $n 1)
  printf '%-34s %6s %10s %13.0f %12s\n' "$label" "$(wc -l < "$work/$n.times")" "$w" "$(echo "$RECORDS / $w" | bc -l)" "$(med $n 2)"
done
pw=$(med pollctl 1)
printf 'pollctl / raw curl: %.1fx   curl + jq / pollctl: %.1fx   events: %s\n' \
  "$(echo "$pw / $(med raw 1)" | bc -l)" "$(echo "$(med curljq 1) / $pw" | bc -l)" "$same"
fi

# Forwarding to nginx's POST /receive.
if [ "$FORWARD_RECORDS" != "$RECORDS" ]; then
  kill "$NGINX_PID"; wait "$NGINX_PID" 2> /dev/null || true
  nginx_prepare "$data-fwd" "$FORWARD_RECORDS" target/release/examples/bench_server
  nginx_start "$data-fwd" "$FORWARD_RECORDS"
  url=$NGINX_URL
  recv_log=$data-fwd/receive.log
else
  recv_log=$data/receive.log
fi
for ((r = 1; r <= RUNS; r++)); do
  rm -rf "$work/state-fwd"
  : > "$recv_log"
  POLLCTL_SIGNATURE_KEY=bench-signature-key \
    run_one forward "$bin" -q poll benches/bench-instance.json --once --from-start --reset \
    --state-dir "$work/state-fwd" --base-url "$url" --forward-to "$url/receive" \
    ${IN_FLIGHT:+--in-flight "$IN_FLIGHT"}
  echo "$(wc -l < "$recv_log")" >> "$work/forward.posts"
done
fw=$(med forward 1)
printf '\nforwarding %s events, signed, ≤ 10 a POST: median %ss = %.0f events/s, %s POSTs, peak RSS %s MB\n' \
  "$FORWARD_RECORDS" "$fw" "$(echo "$FORWARD_RECORDS / $fw" | bc -l)" "$(median < "$work/forward.posts")" "$(med forward 2)"

# One very large page.
if [ "$BIG_PAGE_RECORDS" != 0 ] && [ "${ONLY:-}" != forward ]; then
  kill "$NGINX_PID"; wait "$NGINX_PID" 2> /dev/null || true
  # The first BIG_PAGE_RECORDS / PAGE_SIZE pages joined into one array (the bench server
  # caps its pages at 100,000 records), then an empty page.
  mkdir -p "$data-big/pages"
  {
    printf '['
    for ((p = 0; p < BIG_PAGE_RECORDS / PAGE_SIZE; p++)); do
      ((p > 0)) && printf ','
      sed -e 's/^\[//' -e 's/\]$//' "$data/pages/page-$p.json"
    done
    printf ']'
  } > "$data-big/pages/page-0.json"
  echo '[]' > "$data-big/pages/page-1.json"
  PAGE_SIZE=$BIG_PAGE_RECORDS nginx_start "$data-big" "$BIG_PAGE_RECORDS"
  big_mb=$(($(stat -c %s "$data-big/pages/page-0.json") / 1048576))
  rm -rf "$work/state-big"
  run_one big "$bin" -q poll benches/bench-instance.json --once --from-start --reset \
    --state-dir "$work/state-big" --base-url "$NGINX_URL" --max-page-size 1024
  printf '\none page of %s records (%s MiB): %ss, peak RSS %s MB, %s events\n' "$BIG_PAGE_RECORDS" \
    "$big_mb" "$(med big 1)" "$(med big 2)" "$(wc -l < "$work/big.out")"
fi
