#!/bin/sh
# Install, migrate, load reference data and serve on http://127.0.0.1:8000 (SQLite by default;
# set DATABASE_URL for PostgreSQL), with one job worker (imports, exports, merges) beside the
# server, stopped with it. Extra arguments go to `clientele serve` (--host, --port).
set -eu
cd "$(dirname "$0")"
./scripts/install.sh
.venv/bin/clientele migrate --noinput -v0
.venv/bin/clientele seed
.venv/bin/clientele ensure_admin
.venv/bin/clientele worker &
worker=$!
trap 'kill -TERM "$worker" 2>/dev/null || true; wait "$worker" 2>/dev/null || true' EXIT INT TERM
.venv/bin/clientele serve "$@"
