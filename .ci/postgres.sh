# shellcheck shell=bash
# Sourced by .ci/run: start a throwaway PostgreSQL 15 for the tests that need
# one (package postgres, the worker end-to-end test).
#
#   source .ci/postgres.sh
#   pg_start            # exports MARSAD_TEST_DATABASE_URL
#   trap pg_stop EXIT   # (pg_start installs this trap itself)
#
# The server runs as the `postgres` user (initdb refuses root), in a
# temporary folder, on 127.0.0.1 and a free port, with trust authentication
# on that address only. pg_stop stops it and removes the folder; it is safe
# to call more than once.

PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"

pg_start() {
  if [ ! -x "$PG_BIN/initdb" ]; then
    echo "== installing postgresql-15"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 >/dev/null
  fi
  PG_DIR="$(mktemp -d /tmp/marsad-pg.XXXXXX)"
  export PG_DIR
  chown postgres:postgres "$PG_DIR" 2>/dev/null || true
  chmod 700 "$PG_DIR"
  # A free port: ask the kernel for one.
  PG_PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo $((20000 + RANDOM % 20000)))"
  export PG_PORT
  local as=(); if [ "$(id -u)" = 0 ]; then as=(runuser -u postgres --); fi
  "${as[@]}" "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 \
    || { cat "$PG_DIR/initdb.log"; return 1; }
  "${as[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 start \
    -o "-h 127.0.0.1 -p $PG_PORT -k $PG_DIR -c fsync=off -c synchronous_commit=off -c max_connections=200" >/dev/null \
    || { cat "$PG_DIR/server.log"; return 1; }
  trap pg_stop EXIT
  "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres marsad_test
  export MARSAD_TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/marsad_test?sslmode=disable"
  echo "== PostgreSQL 15 on 127.0.0.1:$PG_PORT ($PG_DIR)"
}

pg_stop() {
  if [ -n "${PG_DIR:-}" ] && [ -d "$PG_DIR/data" ]; then
    local as=(); if [ "$(id -u)" = 0 ]; then as=(runuser -u postgres --); fi
    "${as[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
  fi
  PG_DIR=""
}
