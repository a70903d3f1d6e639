#!/usr/bin/env bash
# Whole-process figures for start-up and scale (issue "Proof"), in one invocation:
#   1. start-up: `pollctl --version` and `pollctl instance validate` on an example (hyperfine,
#      median of many runs);
#   2. INSTANCES instances × 1 resource in one process, one cycle (`poll --once`), each
#      resource one page of RECORDS_PER records from the loopback bench server: wall time and
#      peak RSS (/usr/bin/time -v).
#
#   benches/scale.sh                    # INSTANCES=1000 RECORDS_PER=100
#   INSTANCES=200 benches/scale.sh      # quicker
#   STATE=postgres://… benches/scale.sh  # part 2 on PostgreSQL state (an empty database)
# Needs hyperfine (Debian package `hyperfine`) for part 1; part 2 runs without it.
set -euo pipefail
cd "$(dirname "$0")/.."
INSTANCES=${INSTANCES:-1000}
RECORDS_PER=${RECORDS_PER:-100}
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

[ -n "${NO_BUILD:-}" ] || cargo build --release --quiet --bin pollctl --example bench_server
bin=target/release/pollctl
server=target/release/examples/bench_server

echo "== start-up"
if command -v hyperfine >/dev/null; then
  hyperfine -N --warmup 20 --runs 300 --export-json "$work/startup.json" \
    "$bin --version" "$bin instance validate examples/egnyte-polling.json" > /dev/null
  jq -r '.results[] | "\(.command)\tmedian \(.median*1000 | .*100 | round / 100) ms\tmean \(.mean*1000 | .*100 | round / 100) ms"' "$work/startup.json"
else
  echo "hyperfine not installed: skipped (apt-get install hyperfine)"
fi

echo
echo "== $INSTANCES instances x 1 resource, one cycle"
"$server" --records "$RECORDS_PER" > "$work/server.out" 2>/dev/null &
pids+=($!)
for _ in $(seq 200); do [ -s "$work/server.out" ] && break; sleep 0.05; done
url=$(head -1 "$work/server.out")
mkdir -p "$work/instances"
for i in $(seq -w 1 "$INSTANCES"); do
  jq --arg n "bench-$i" '.name = $n' benches/bench-instance.json > "$work/instances/i$i.json"
done
export POLLCTL_USER_SECRET=u POLLCTL_ORG_SECRET=o POLLCTL_ELEMENT_TOKEN=t
/usr/bin/time -v "$bin" -q poll "$work"/instances/*.json --once --from-start \
  --concurrency "${CONCURRENCY:-32}" --state "${STATE:-$work/state}" --base-url "$url" \
  > "$work/events.jsonl" 2> "$work/time.txt" || { cat "$work/time.txt"; exit 1; }
events=$(wc -l < "$work/events.jsonl")
wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; printf "%.2f", s}' "$work/time.txt")
rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.1f", $2/1024}' "$work/time.txt")
printf 'instances %s, events %s, wall %s s, peak RSS %s MB\n' "$INSTANCES" "$events" "$wall" "$rss"
