#!/bin/sh
# Documents as PDF (sunshine.documents, WeasyPrint) need Debian's pango and HarfBuzz's subsetter (a 20 MB CJK font
# is subset in ~0.1 s instead of ~5 s by fontTools), and Chinese fonts (fonts-noto-cjk), or Chinese text would be
# empty boxes. Install them with apt-get when missing and we are root; otherwise say what to install.
set -eu
command -v dpkg-query >/dev/null 2>&1 || { echo "PDF documents need pango, harfbuzz-subset and Noto CJK fonts" >&2; exit 0; }
missing=""
for package in libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing="$missing $package"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing:$missing"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
else
    echo "PDF documents need:$missing (Debian: sudo apt-get install$missing)" >&2
    [ "${CI:-}" = "true" ] && exit 1
fi
exit 0
