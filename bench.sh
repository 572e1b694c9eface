#!/bin/sh
# Run `clientele-bench` on SQLite (var/bench.sqlite3) and on PostgreSQL (database
# clientele_bench), each recreated empty first, and print both tables.
# BENCH_PG_SERVER chooses the PostgreSQL server (default postgres://postgres@127.0.0.1:5432).
# Extra arguments go to `clientele-bench` (e.g. --quick, --customers 20000).
set -eu
cd "$(dirname "$0")"
./scripts/install.sh
PG_SERVER=${BENCH_PG_SERVER:-postgres://postgres@127.0.0.1:5432}
PG_DB=clientele_bench
SQLITE_FILE="$PWD/var/bench.sqlite3"

echo "== SQLite: $SQLITE_FILE"
mkdir -p var
rm -f "$SQLITE_FILE" "$SQLITE_FILE-wal" "$SQLITE_FILE-shm"
DATABASE_URL="sqlite:///$SQLITE_FILE" .venv/bin/clientele-bench "$@"

echo "== PostgreSQL: $PG_SERVER/$PG_DB"
.venv/bin/python - "$PG_SERVER" "$PG_DB" <<'PY'
import sys

import psycopg
from psycopg import sql

server, name = sys.argv[1:]
with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
    conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
    conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
PY
DATABASE_URL="$PG_SERVER/$PG_DB" .venv/bin/clientele-bench "$@"
