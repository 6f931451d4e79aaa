#!/bin/bash
# A throwaway PostgreSQL/PostGIS cluster for tests and `make postgis-load`.
#
#   scripts/postgis_server.sh start|stop|status
#
# Data in build/pgdata, owned by the `postgres` OS user (PostgreSQL refuses to
# run as root), listening on 127.0.0.1:$PGPORT only. Password authentication
# (scram) over TCP, so wrong credentials are really refused. The role and
# password below belong to this disposable cluster only.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
# The newest installed PostgreSQL that has PostGIS (15 on bookworm, 17 on trixie, 18 on forky).
default_pgbin() {
  local control version
  for control in /usr/share/postgresql/*/extension/postgis.control; do
    [ -e "$control" ] || continue
    version="${control#/usr/share/postgresql/}"
    version="${version%%/*}"
    [ -x "/usr/lib/postgresql/$version/bin/pg_ctl" ] && echo "$version"
  done | sort -n | tail -n 1 | sed 's|.*|/usr/lib/postgresql/&/bin|'
}
PGBIN="${PGBIN:-$(default_pgbin)}"
PGBIN="${PGBIN:-/usr/lib/postgresql/15/bin}"
PGPORT="${PGPORT:-55432}"
DB_NAME="hengyang"
DB_USER="hengyang"
DB_PASSWORD="hengyang-test"

as_postgres() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# build/pgdata when the postgres user can reach the checkout; a checkout under a
# private directory (mktemp -d is mode 700) gets a per-checkout folder in /tmp.
default_pgdata() {
  mkdir -p "$ROOT/build"
  if as_postgres test -x "$ROOT/build" 2>/dev/null; then
    echo "$ROOT/build/pgdata"
  else
    echo "/tmp/hengyang-pgdata-$(printf '%s' "$ROOT" | md5sum | cut -c1-12)"
  fi
}

PGDATA_DIR="${PGDATA_DIR:-$(default_pgdata)}"
SOCKET_DIR="$PGDATA_DIR/socket"

psql_admin() {
  PGOPTIONS="-c client_min_messages=warning" as_postgres "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$SOCKET_DIR" -p "$PGPORT" -U postgres "$@"
}

port_in_use() {
  # bash's /dev/tcp: no extra tool needed to see whether anything accepts on the port.
  (exec 3<>"/dev/tcp/127.0.0.1/$PGPORT") 2>/dev/null
}

is_running() {
  [ -f "$PGDATA_DIR/postmaster.pid" ] && as_postgres "$PGBIN/pg_ctl" -D "$PGDATA_DIR" status >/dev/null 2>&1
}

init_cluster() {
  mkdir -p "$PGDATA_DIR"
  chown postgres:postgres "$PGDATA_DIR" 2>/dev/null || true
  chmod 700 "$PGDATA_DIR"
  if ! as_postgres test -w "$PGDATA_DIR"; then
    # The postgres user must be able to reach the checkout (every parent directory searchable).
    echo "error: the postgres user cannot write $PGDATA_DIR; set PGDATA_DIR to a directory it can reach" >&2
    exit 1
  fi
  as_postgres "$PGBIN/initdb" -D "$PGDATA_DIR" -U postgres --auth-local=trust \
    --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  as_postgres mkdir -p "$SOCKET_DIR"
}

start() {
  if is_running; then
    echo "postgis: already running on 127.0.0.1:$PGPORT"
    return 0
  fi
  if port_in_use; then
    # Most often another checkout's test cluster (one per checkout, same default port).
    echo "error: 127.0.0.1:$PGPORT is already in use by another server; stop it" \
      "(scripts/postgis_server.sh stop in the checkout that started it) or set PGPORT" >&2
    exit 1
  fi
  [ -f "$PGDATA_DIR/PG_VERSION" ] || init_cluster
  if ! as_postgres "$PGBIN/pg_ctl" -D "$PGDATA_DIR" -l "$PGDATA_DIR/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PGPORT -c unix_socket_directories=$SOCKET_DIR -c fsync=off" start >/dev/null; then
    echo "error: PostgreSQL did not start; the end of $PGDATA_DIR/server.log:" >&2
    tail -n 15 "$PGDATA_DIR/server.log" >&2 || true
    exit 1
  fi
  # Role, database and extension: idempotent, so a restarted cluster is reused.
  if ! psql_admin -d postgres -tAc "SELECT 1 FROM pg_roles WHERE rolname = '$DB_USER'" | grep -q 1; then
    psql_admin -d postgres -c "CREATE ROLE $DB_USER LOGIN PASSWORD '$DB_PASSWORD' CREATEDB"
  fi
  if ! psql_admin -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'" | grep -q 1; then
    psql_admin -d postgres -c "CREATE DATABASE $DB_NAME OWNER $DB_USER"
  fi
  psql_admin -d "$DB_NAME" -c "CREATE EXTENSION IF NOT EXISTS postgis"
  echo "postgis: running on 127.0.0.1:$PGPORT (dbname=$DB_NAME user=$DB_USER)"
}

stop() {
  if is_running; then
    as_postgres "$PGBIN/pg_ctl" -D "$PGDATA_DIR" -m fast -w stop >/dev/null
    echo "postgis: stopped"
  else
    echo "postgis: not running"
  fi
}

status() {
  if is_running; then
    echo "postgis: running on 127.0.0.1:$PGPORT"
  else
    echo "postgis: not running"
    return 3
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
