#!/usr/bin/env bash
# A throw-away PostgreSQL cluster on loopback for the tests of the PostgreSQL state backend.
#
#   eval "$(tools/pg-test-cluster.sh start)"   # prints: export POLLCTL_TEST_PG_URL=postgres://…
#   cargo test --test pg
#   tools/pg-test-cluster.sh stop
#   tools/pg-test-cluster.sh restart            # a crash-style restart (the fleet fault test)
#
# Needs the server binaries (Debian: apt-get install postgresql). PostgreSQL refuses to run as
# root, so as root the cluster belongs to the `postgres` user (created by the package).
# The cluster lives in $POLLCTL_TEST_PG_DIR (default /tmp/pollctl-test-pg), listens on
# 127.0.0.1 only, and requires a password (scram-sha-256) so the tests see one in the URL.
set -euo pipefail
dir=${POLLCTL_TEST_PG_DIR:-/tmp/pollctl-test-pg}
port=${POLLCTL_TEST_PG_PORT:-54329}
password=pollctl-test-secret

bindir=
for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
  [ -x "$d/initdb" ] && { bindir=$d; break; }
done
if [ -z "$bindir" ] && command -v initdb >/dev/null 2>&1; then bindir=$(dirname "$(command -v initdb)"); fi
[ -n "$bindir" ] || { echo "pg-test-cluster: no initdb found (apt-get install postgresql)" >&2; exit 1; }

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
  start)
    if [ -f "$dir/data/postmaster.pid" ] && as_owner "$bindir/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
      :
    else
      rm -rf "$dir"
      mkdir -p "$dir"
      [ "$(id -u)" = 0 ] && chown postgres: "$dir"
      as_owner sh -c "printf '%s\n' '$password' > '$dir/pw' && chmod 600 '$dir/pw'"
      as_owner "$bindir/initdb" -D "$dir/data" -U pollctl --pwfile="$dir/pw" \
        --auth=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
      as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c fsync=off -c max_connections=200" \
        start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    fi
    echo "export POLLCTL_TEST_PG_URL=postgres://pollctl:$password@127.0.0.1:$port/postgres"
    echo "export POLLCTL_TEST_PG_CTL='$bindir/pg_ctl -D $dir/data'"
    echo "export POLLCTL_TEST_PG_DIR='$dir'"
    echo "export POLLCTL_TEST_PG_PORT='$port'"
    ;;
  restart)
    # Immediate shutdown (no checkpoint, connections cut: what a crash looks like to clients),
    # then start again with the options it was started with.
    [ -d "$dir/data" ] || { echo "pg-test-cluster: no cluster in $dir" >&2; exit 1; }
    as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 -m immediate restart \
      >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    ;;
  stop)
    if [ -d "$dir/data" ]; then
      as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
      rm -rf "$dir"
    fi
    ;;
  *)
    echo "usage: $0 start|stop|restart" >&2
    exit 2
    ;;
esac
