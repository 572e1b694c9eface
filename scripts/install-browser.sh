#!/bin/sh
# What the browser tests need: Debian's Chromium (Playwright drives it). Installed when it is
# missing and we may install packages; otherwise stop with the command to run.
set -eu
command -v chromium >/dev/null 2>&1 && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    # Another install running (a second checkout installing at the same time) holds
    # dpkg's lock: wait for it rather than fail.
    echo "Installing Debian's chromium for the browser tests (once)..."
    apt-get -o DPkg::Lock::Timeout=600 update -qq
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq chromium fonts-dejavu-core >/dev/null
    exit 0
fi
echo "The browser tests need Chromium. Install it with: sudo apt-get install chromium" >&2
exit 1
