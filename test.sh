#!/bin/sh
# Install if needed, then lint, check the import layers, the types and the migrations, and
# run the whole test suite.
# DATABASE_URL chooses the database (SQLite by default). Extra arguments go to pytest.
set -eu
cd "$(dirname "$0")"
./scripts/install.sh
./scripts/install-browser.sh
./scripts/install-print.sh --tests
.venv/bin/ruff check --quiet clientele tests conftest.py
.venv/bin/lint-imports --no-cache >/dev/null || .venv/bin/lint-imports --no-cache
.venv/bin/mypy --no-error-summary  # the modules listed under [tool.mypy] in pyproject.toml
.venv/bin/clientele makemigrations --check --dry-run -v0
exec .venv/bin/pytest "$@"
