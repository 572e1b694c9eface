#!/bin/sh
# What printing to PDF needs from Debian: Pango and HarfBuzz (WeasyPrint draws text with
# them) and a font to embed; with --tests, poppler-utils too (pdftotext and pdfinfo read
# the PDFs back in the tests). Installed when missing and we may install packages;
# otherwise stop with the command to run.
set -eu
packages=""
has_library() { ldconfig -p | grep -q "$1"; }
has_library libpango-1.0.so.0 || packages="$packages libpango-1.0-0"
has_library libpangoft2-1.0.so.0 || packages="$packages libpangoft2-1.0-0"
has_library libharfbuzz-subset.so.0 || packages="$packages libharfbuzz-subset0"
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || packages="$packages fonts-dejavu-core"
if [ "${1:-}" = "--tests" ]; then
    command -v pdftotext >/dev/null 2>&1 || packages="$packages poppler-utils"
fi
[ -z "$packages" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Debian's$packages for printing to PDF (once)..."
    # shellcheck disable=SC2086  # one word per package
    exec "$(dirname "$0")/apt-install.sh" $packages
fi
echo "Printing to PDF needs:$packages. Install them with: sudo apt-get install$packages" >&2
exit 1
