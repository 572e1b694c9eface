#!/bin/sh
# What the browser tests need: Debian's Chromium (Playwright drives it). Installed when it is
# missing and we may install packages; otherwise stop with the command to run.
set -eu
command -v chromium >/dev/null 2>&1 && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Debian's chromium for the browser tests (once)..."
    exec "$(dirname "$0")/apt-install.sh" chromium fonts-dejavu-core
fi
echo "The browser tests need Chromium. Install it with: sudo apt-get install chromium" >&2
exit 1
