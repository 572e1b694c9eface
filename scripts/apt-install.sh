#!/bin/sh
# apt-get install of the Debian packages named, one install at a time on this machine: two
# checkouts installing at once would find apt's lists or dpkg's lock taken and fail (dpkg's
# lock timeout does not cover `apt-get update`). Needs root.
set -eu
exec flock /var/lock/clientele-apt.lock sh -c '
    apt-get -o DPkg::Lock::Timeout=600 update -qq
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq "$@" >/dev/null
' apt-install "$@"
