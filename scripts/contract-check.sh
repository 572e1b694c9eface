#!/bin/sh
# The API against its own OpenAPI document: schemathesis sends each operation valid and
# invalid requests (every check: no 5xx, only documented statuses, answers matching their
# schemas, invalid input refused, valid input accepted, auth enforced…) and fails on the
# first kind of problem it proves.
#
# It runs the real server (gunicorn) on a throwaway database of its own, migrated and
# seeded: a SQLite file under var/contract/, or with DATABASE_URL the PostgreSQL database
# it names, DROPPED AND CREATED AGAIN (its name must contain "contract", a guard against
# pointing it at real data). The fuzzing deletes, merges and renames what it finds.
# Schemathesis lives in .venv-contract/, apart from the app's dependencies.
#
# Environment: CONTRACT_PORT (8765), CONTRACT_EXAMPLES (examples per operation, 10).
# Extra arguments go to `schemathesis run` (e.g. --include-path-regex customers).
set -eu
cd "$(dirname "$0")/.."
SCHEMATHESIS=4.32.5
PORT=${CONTRACT_PORT:-8765}
EXAMPLES=${CONTRACT_EXAMPLES:-10}

./scripts/install.sh
venv=.venv-contract
if [ ! -f "$venv/.installed-$SCHEMATHESIS" ]; then
    rm -rf "$venv"
    "${PYTHON:-python3}" -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet "schemathesis==$SCHEMATHESIS"
    touch "$venv/.installed-$SCHEMATHESIS"
fi

CLIENTELE_VAR_DIR=$(pwd)/var/contract
export CLIENTELE_VAR_DIR
rm -rf "$CLIENTELE_VAR_DIR"
mkdir -p "$CLIENTELE_VAR_DIR"
if [ -n "${DATABASE_URL:-}" ]; then
    .venv/bin/python - <<'PY'
import os
from urllib.parse import urlsplit

import psycopg

url = urlsplit(os.environ["DATABASE_URL"])
name = url.path.lstrip("/")
if "contract" not in name:
    raise SystemExit(f"contract-check: refusing to drop {name!r} (its name lacks 'contract').")
with psycopg.connect(url._replace(path="/postgres").geturl(), autocommit=True) as db:
    db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    db.execute(f'CREATE DATABASE "{name}"')
PY
fi
.venv/bin/clientele migrate --noinput -v0
.venv/bin/clientele seed >/dev/null
.venv/bin/clientele ensure_admin >/dev/null
TOKEN=$(.venv/bin/clientele token admin --label contract-check)

.venv/bin/clientele serve --port "$PORT" --workers 2 >"$CLIENTELE_VAR_DIR/server.log" 2>&1 &
server=$!
trap 'kill -TERM "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true' EXIT INT TERM
url=http://127.0.0.1:$PORT/api/v1/openapi.json
for _ in $(seq 60); do
    if .venv/bin/python -c "import sys, urllib.request; urllib.request.urlopen(urllib.request.Request(sys.argv[1], headers={'Authorization': 'Bearer $TOKEN'}), timeout=2)" "$url" 2>/dev/null; then
        break
    fi
    kill -0 "$server" 2>/dev/null || { cat "$CLIENTELE_VAR_DIR/server.log" >&2; exit 1; }
    sleep 1
done

started=$(date +%s)
status=0
"$venv/bin/schemathesis" --config-file scripts/schemathesis.toml run "$url" \
    --checks all \
    --max-examples "$EXAMPLES" \
    --header "Authorization: Bearer $TOKEN" \
    --seed 1 \
    --generation-database none \
    "$@" || status=$?
echo "contract-check: schemathesis ran $(( $(date +%s) - started )) s, exit status $status"
if grep -q "Traceback" "$CLIENTELE_VAR_DIR/server.log"; then
    echo "contract-check: the server logged errors ($CLIENTELE_VAR_DIR/server.log):" >&2
    grep -B2 -A30 "Traceback" "$CLIENTELE_VAR_DIR/server.log" | head -200 >&2
fi
exit "$status"
