#!/bin/sh
# The deployment smoke test (tests/test_deploy_nginx.py) starts Debian's nginx in front of `sunshine serve`.
# Install it with apt-get when missing and we are root; otherwise say what to install. The package's own service is
# never needed (the test runs its own nginx with a config of its own); in a container policy-rc.d keeps it stopped.
set -eu
[ -x /usr/sbin/nginx ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing: nginx"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx >/dev/null
else
    echo "the nginx smoke test needs: nginx (Debian: sudo apt-get install nginx)" >&2
    [ "${CI:-}" = "true" ] && exit 1
fi
exit 0
