#!/usr/bin/env bash
# What `--metrics-listen` costs (docs/operations.md, "Cost"): INSTANCES instances x 1 resource,
# one cycle (`poll --once`) with and without the endpoint, alternating, RUNS times; then the
# loop with the endpoint, scraped three times after its first cycle (time, size, series).
#
#   benches/metrics.sh                  # INSTANCES=1000 RUNS=3
# Needs jq and curl, like benches/scale.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
INSTANCES=${INSTANCES:-1000}
RUNS=${RUNS:-3}
work=$(mktemp -d)
lpid=
[ -n "${NO_BUILD:-}" ] || cargo build --release --quiet --bin pollctl --example bench_server
bin=target/release/pollctl
target/release/examples/bench_server --records 100 > "$work/server.out" 2>/dev/null &
spid=$!
trap 'kill $spid 2>/dev/null; [ -n "$lpid" ] && kill $lpid 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 200); do [ -s $work/server.out ] && break; sleep 0.05; done
url=$(head -1 $work/server.out)
mkdir -p $work/instances
for i in $(seq -w 1 $INSTANCES); do
  jq --arg n "bench-$i" '.name = $n' benches/bench-instance.json > $work/instances/i$i.json
done
export POLLCTL_USER_SECRET=u POLLCTL_ORG_SECRET=o POLLCTL_ELEMENT_TOKEN=t
for run in $(seq "$RUNS"); do
  for mode in plain metrics; do
    extra=(); [ $mode = metrics ] && extra=(--metrics-listen 127.0.0.1:0)
    rm -rf $work/state
    s=$(date +%s.%N)
    $bin -q poll $work/instances/*.json --once --from-start --concurrency 32 --state $work/state --base-url $url "${extra[@]}" > $work/events.jsonl
    e=$(date +%s.%N)
    echo "$mode run $run: $(echo "$e $s" | awk '{printf "%.2f", $1 - $2}') s, $(wc -l < $work/events.jsonl) events"
  done
done
rm -rf $work/state
$bin poll $work/instances/*.json --from-start --interval 1h --concurrency 32 --state $work/state --base-url $url --metrics-listen 127.0.0.1:0 > /dev/null 2> $work/loop.err &
lpid=$!
for _ in $(seq 600); do grep -q "metrics on" $work/loop.err && break; sleep 0.05; done
addr=$(grep -o 'http://[0-9.:]*' $work/loop.err | head -1)
for _ in $(seq 600); do [ "$(grep -c 'delivered to' $work/loop.err)" -ge $INSTANCES ] && break; sleep 0.1; done
for i in 1 2 3; do curl -s -o $work/m.txt -w "scrape: %{time_total} s, %{size_download} bytes\n" $addr/metrics; done
echo "series: $(grep -vc '^#' $work/m.txt)"
