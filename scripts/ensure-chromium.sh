#!/bin/sh
# Browser tests drive Debian's Chromium (/usr/bin/chromium) with Chinese fonts (fonts-noto-cjk).
# Install them with apt-get when missing and we are root; otherwise say what to install.
set -eu
missing=""
[ -x /usr/bin/chromium ] || missing="$missing chromium"
[ -d /usr/share/fonts/opentype/noto ] || [ -n "$(fc-list 2>/dev/null | grep -i 'Noto Sans CJK' | head -n 1)" ] || missing="$missing fonts-noto-cjk"
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing:$missing"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
else
    echo "browser tests need:$missing (Debian: sudo apt-get install$missing)" >&2
    [ "${CI:-}" = "true" ] && exit 1
fi
exit 0
