#!/usr/bin/env bash
# Runs a command against a throwaway Postgres server:
#   bash scripts/pg-test-server.sh npm run test:integration
# Creates a cluster in a temp directory, starts it on a free 127.0.0.1 port, creates the
# database cartograph_test, runs the command with DATABASE_URL pointing at it, then stops
# the server and deletes the directory. Exits with the command's status, or 90 when
# Postgres could not be started (the command did not run).
set -uo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: $0 COMMAND [ARGS...]" >&2
  exit 2
fi

PG_START_FAILED=90

find_pg_bin() {
  local initdb_path
  if initdb_path=$(command -v initdb 2>/dev/null); then
    dirname "$(readlink -f "$initdb_path")"
    return 0
  fi
  local candidate
  for candidate in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$candidate/initdb" ]; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

if ! PG_BIN=$(find_pg_bin); then
  echo "pg-test-server: no Postgres server binaries (initdb) found; install the postgresql package" >&2
  exit "$PG_START_FAILED"
fi

# initdb refuses to run as root: as root, the cluster belongs to the postgres user.
as_pg_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    su postgres -s /bin/bash -c "cd / && $1"
  else
    bash -c "$1"
  fi
}

PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/cartograph-pg-XXXXXX")
PG_DATA="$PG_DIR/data"
PG_SOCKETS="$PG_DIR/sockets"
PG_LOG="$PG_DIR/server.log"
PG_STARTED=0

cleanup() {
  if [ "$PG_STARTED" -eq 1 ]; then
    as_pg_owner "'$PG_BIN/pg_ctl' -D '$PG_DATA' -m fast -w stop" >/dev/null 2>&1
  fi
  rm -rf "$PG_DIR"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

mkdir -p "$PG_SOCKETS"
chmod 755 "$PG_DIR"
if [ "$(id -u)" -eq 0 ]; then
  chown -R postgres:postgres "$PG_DIR"
fi

PG_PORT=$(node -e '
const server = require("node:net").createServer();
server.listen(0, "127.0.0.1", () => {
  console.log(server.address().port);
  server.close();
});')

fail_start() {
  echo "pg-test-server: $1" >&2
  if [ -f "$PG_LOG" ]; then tail -n 20 "$PG_LOG" >&2; fi
  exit "$PG_START_FAILED"
}

if [ -z "$PG_PORT" ]; then
  fail_start "could not find a free port"
fi

if ! as_pg_owner "'$PG_BIN/initdb' -D '$PG_DATA' -A trust -U postgres -E UTF8" >"$PG_DIR/initdb.log" 2>&1; then
  cat "$PG_DIR/initdb.log" >&2
  fail_start "initdb failed"
fi

if ! as_pg_owner "'$PG_BIN/pg_ctl' -D '$PG_DATA' -l '$PG_LOG' -w -t 60 -o \"-p $PG_PORT -k '$PG_SOCKETS' -c listen_addresses=127.0.0.1\" start" >/dev/null 2>&1; then
  fail_start "the server did not start"
fi
PG_STARTED=1

if ! "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres cartograph_test; then
  fail_start "createdb cartograph_test failed"
fi

export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/cartograph_test"
echo "pg-test-server: Postgres $("$PG_BIN/postgres" --version | awk '{print $3}') at $DATABASE_URL"

"$@"
exit $?
