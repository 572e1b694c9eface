#!/bin/sh
# Create .venv and install the locked dependencies; a no-op when nothing changed.
set -eu
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || {
    echo "Python 3.11 or newer is needed (found $("$PYTHON" --version))." >&2; exit 1; }
./scripts/install-print.sh
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
stamp=.venv/.installed-$(cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)
if [ ! -f "$stamp" ]; then
    .venv/bin/python -m pip install --quiet --upgrade pip
    .venv/bin/python -m pip install --quiet -r requirements.lock
    .venv/bin/python -m pip install --quiet --no-deps --no-build-isolation -e . 2>/dev/null \
        || .venv/bin/python -m pip install --quiet --no-deps -e .
    rm -f .venv/.installed-*
    touch "$stamp"
fi
