#!/usr/bin/env bash
# Whole-process comparison, in one invocation:
#   1. `pollctl poll --once` over RECORDS records (pages of 1000) from a loopback server,
#      vs benches/curl_jq.sh producing the same JSON Lines, and vs benches/curl_raw.sh
#      fetching the same pages untouched (the I/O bound); wall time and peak RSS
#      (/usr/bin/time -v);
#   2. forwarding FORWARD_RECORDS events to a loopback receiver (events/s, peak RSS).
#
#   benches/compare.sh                  # RECORDS=1000000 FORWARD_RECORDS=200000
#   RECORDS=100000 benches/compare.sh   # quicker
set -euo pipefail
cd "$(dirname "$0")/.."
RECORDS=${RECORDS:-1000000}
FORWARD_RECORDS=${FORWARD_RECORDS:-200000}
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

[ -n "${NO_BUILD:-}" ] || cargo build --release --quiet --bin pollctl --example bench_server
bin=target/release/pollctl
server=target/release/examples/bench_server

start_server() { # records -> sets $url (not in a subshell: the trap must see the pid)
  "$server" --records "$1" > "$work/server-$1.out" 2>/dev/null &
  pids+=($!)
  for _ in $(seq 200); do
    [ -s "$work/server-$1.out" ] && break
    sleep 0.05
  done
  url=$(head -1 "$work/server-$1.out")
}

rss_mb() { awk -F': ' '/Maximum resident set size/ {printf "%.1f", $2/1024}' "$1"; }
wall_s() { awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; printf "%.2f", s}' "$1"; }

start_server "$RECORDS"
echo "bench server: $url ($RECORDS records, pages of 1000)"
export POLLCTL_USER_SECRET=u POLLCTL_ORG_SECRET=o POLLCTL_ELEMENT_TOKEN=t

/usr/bin/time -v "$bin" -q poll benches/bench-instance.json --once --from-start --reset \
  --state-dir "$work/state" --base-url "$url" > "$work/pollctl.jsonl" 2> "$work/pollctl.time"
/usr/bin/time -v benches/curl_jq.sh "$url" > "$work/curljq.jsonl" 2> "$work/curljq.time"
/usr/bin/time -v benches/curl_raw.sh "$url" "$RECORDS" > "$work/raw.json" 2> "$work/raw.time"

p_lines=$(wc -l < "$work/pollctl.jsonl"); c_lines=$(wc -l < "$work/curljq.jsonl")
p_wall=$(wall_s "$work/pollctl.time"); c_wall=$(wall_s "$work/curljq.time")
echo
printf '%-28s %10s %10s %12s %12s\n' "poll $RECORDS records" "events" "wall s" "events/s" "peak RSS MB"
printf '%-28s %10s %10s %12.0f %12s\n' "pollctl poll --once" "$p_lines" "$p_wall" "$(echo "$p_lines / $p_wall" | bc -l)" "$(rss_mb "$work/pollctl.time")"
printf '%-28s %10s %10s %12.0f %12s\n' "curl + jq" "$c_lines" "$c_wall" "$(echo "$c_lines / $c_wall" | bc -l)" "$(rss_mb "$work/curljq.time")"
r_wall=$(wall_s "$work/raw.time")
printf '%-28s %10s %10s %12s %12s\n' "curl (raw pages, keep-alive)" "-" "$r_wall" "-" "$(rss_mb "$work/raw.time")"
printf 'speed-up over curl + jq: %.1fx; pollctl / raw curl: %.1fx\n' \
  "$(echo "$c_wall / $p_wall" | bc -l)" "$(echo "$p_wall / $r_wall" | bc -l)"

start_server "$FORWARD_RECORDS"
furl=$url
/usr/bin/time -v "$bin" -q poll benches/bench-instance.json --once --from-start --reset \
  --state-dir "$work/state-fwd" --base-url "$furl" --forward-to "$furl/receive" \
  > /dev/null 2> "$work/forward.time"
f_wall=$(wall_s "$work/forward.time")
stats=$(curl -s "$furl/stats")
f_events=$(printf '%s' "$stats" | jq .events)
echo
echo "forwarding: $stats"
printf 'forwarded %s events in %ss: %.0f events/s, peak RSS %s MB\n' "$f_events" "$f_wall" \
  "$(echo "$f_events / $f_wall" | bc -l)" "$(rss_mb "$work/forward.time")"
