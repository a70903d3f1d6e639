#!/usr/bin/env bash
# Serve a hub resource's pages as static files with nginx, so that the poll benchmarks measure
# pollctl and not an in-repo server. Sourced by benches/compare.sh; usable alone:
#
#   benches/nginx.sh DIR RECORDS     # prepares DIR, starts nginx, prints its base URL
#
# DIR/pages/page-N.json hold the records of page N (pages of PAGE_SIZE, the last one empty,
# as the platform sends a token even with the empty page); `elements-next-page-token: N+1`
# comes with page N. The files are generated once by examples/bench_server (same records as
# the in-repo server) and reused while RECORDS and PAGE_SIZE do not change.
# `POST /receive` answers 200 and logs one line per notification to DIR/receive.log.
set -euo pipefail

nginx_bin() {
  if command -v nginx > /dev/null 2>&1; then command -v nginx; return; fi
  for p in /usr/sbin/nginx /usr/local/sbin/nginx; do [ -x "$p" ] && { echo "$p"; return; }; done
  if [ "$(id -u)" = 0 ] && command -v apt-get > /dev/null 2>&1; then
    echo "nginx.sh: nginx is missing; installing nginx-light from the distribution" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light > /dev/null 2>&1 ||
      { apt-get update -qq > /dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light > /dev/null; }
    command -v nginx || echo /usr/sbin/nginx
    return
  fi
  echo "nginx.sh: nginx is missing: install it (apt-get install nginx-light)" >&2
  return 1
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# nginx_prepare DIR RECORDS SERVER_BIN: generate the page files (cached by RECORDS/PAGE_SIZE).
nginx_prepare() {
  local dir=$1 records=$2 server=$3 size=${PAGE_SIZE:-1000}
  local stamp="$records/$size"
  mkdir -p "$dir/pages"
  if [ "$(cat "$dir/pages/.stamp" 2> /dev/null)" = "$stamp" ]; then return; fi
  rm -f "$dir"/pages/page-*.json
  local out; out=$(mktemp)
  "$server" --records "$records" > "$out" 2> /dev/null &
  local spid=$!
  for _ in $(seq 200); do [ -s "$out" ] && break; sleep 0.05; done
  local url; url=$(head -1 "$out")
  local pages=$(((records + size - 1) / size))
  local cfg; cfg=$(mktemp)
  {
    for ((p = 0; p <= pages; p++)); do
      echo "url = \"$url/hubs/documents/events?pageSize=$size&nextPage=$p\""
      echo "output = \"$dir/pages/page-$p.json\""
    done
  } > "$cfg"
  curl -sS --fail -K "$cfg"
  kill "$spid" 2> /dev/null || true
  wait "$spid" 2> /dev/null || true
  rm -f "$out" "$cfg"
  echo "$stamp" > "$dir/pages/.stamp"
}

# nginx_start DIR RECORDS: write DIR/nginx.conf, start nginx; sets NGINX_URL and NGINX_PID.
nginx_start() {
  local dir=$1 records=$2 size=${PAGE_SIZE:-1000}
  local bin; bin=$(nginx_bin)
  local port; port=$(free_port)
  local pages=$(((records + size - 1) / size))
  mkdir -p "$dir/tmp"
  {
    [ "$(id -u)" = 0 ] && echo "user root;"
    echo "worker_processes 1; daemon off; pid $dir/nginx.pid; error_log $dir/error.log warn;"
    echo "events { worker_connections 1024; }"
    echo "http {"
    echo "  access_log off; sendfile on; tcp_nopush on; tcp_nodelay on;"
    echo "  keepalive_requests 1000000; keepalive_timeout 300s;"
    echo "  client_body_temp_path $dir/tmp/body; proxy_temp_path $dir/tmp/proxy;"
    echo "  fastcgi_temp_path $dir/tmp/fcgi; uwsgi_temp_path $dir/tmp/uwsgi; scgi_temp_path $dir/tmp/scgi;"
    echo "  types { } default_type application/json; client_max_body_size 64m;"
    echo "  map \$arg_nextPage \$page { \"\" 0; default \$arg_nextPage; }"
    echo "  map \$page \$next_token {"
    for ((p = 0; p <= pages; p++)); do echo "    $p $((p + 1));"; done
    echo "  }"
    echo "  server {"
    echo "    listen 127.0.0.1:$port;"
    echo "    location = /hubs/documents/events {"
    echo "      root $dir/pages; add_header elements-next-page-token \$next_token always;"
    echo "      try_files /page-\$page.json =404;"
    echo "    }"
    echo "    location = /receive {"
    echo "      access_log $dir/receive.log; client_body_buffer_size 1m;"
    echo "      return 200;"
    echo "    }"
    echo "  }"
    echo "}"
  } > "$dir/nginx.conf"
  : > "$dir/receive.log"
  "$bin" -c "$dir/nginx.conf" -p "$dir" &
  NGINX_PID=$!
  NGINX_URL="http://127.0.0.1:$port"
  for _ in $(seq 200); do
    curl -sf -o /dev/null "$NGINX_URL/hubs/documents/events" && return
    sleep 0.05
  done
  echo "nginx.sh: nginx did not start; see $dir/error.log" >&2
  return 1
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  dir=${1:?usage: nginx.sh DIR RECORDS}
  records=${2:?usage: nginx.sh DIR RECORDS}
  cd "$(dirname "$0")/.."
  cargo build --release --quiet --example bench_server
  nginx_prepare "$dir" "$records" target/release/examples/bench_server
  nginx_start "$dir" "$records"
  echo "$NGINX_URL"
  wait "$NGINX_PID"
fi
