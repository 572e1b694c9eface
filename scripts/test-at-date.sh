#!/bin/sh
# Run the test suite as if today were DATE, e.g.
#   scripts/test-at-date.sh 2027-01-01
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/clientele scripts/test-at-date.sh '2030-02-28 23:59:50' tests
# DATE is anything `date -d` reads; the clock starts there and runs. Extra arguments go to
# pytest. Debian's libfaketime fakes the wall clock of pytest and of every process it starts;
# the monotonic clock stays real (timeouts keep working), and so does the database server's
# own clock: dates are taken from Python, never from the database's now().
set -eu
cd "$(dirname "$0")/.."
if [ $# -lt 1 ]; then
    echo "usage: $0 DATE [pytest arguments]" >&2
    exit 2
fi
when=$1
shift
if ! command -v faketime >/dev/null; then
    sudo=$([ "$(id -u)" -eq 0 ] || echo sudo)
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq faketime >/dev/null
fi
./scripts/install.sh
# time.sleep under this libfaketime needs a shim: see scripts/faketime/sitecustomize.py.
PYTHONPATH="$PWD/scripts/faketime${PYTHONPATH:+:$PYTHONPATH}"
export PYTHONPATH
exec faketime -m --exclude-monotonic "$when" .venv/bin/pytest "$@"
