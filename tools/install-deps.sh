#!/bin/sh
# SPDX-License-Identifier: MIT
# Installs what building and testing hvdetect needs on Debian 12, as root or through sudo.
set -eu
packages="cmake gcc make pkg-config libcpuid-dev libcjson-dev check scdoc groff-base python3 python3-jsonschema strace"
for extra in "$@"; do
    packages="$packages $extra"
done
missing=""
for package in $packages; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing="$missing $package"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -eq 0 ]; then
    run=""
else
    run="sudo"
fi
$run apt-get update -qq
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $run apt-get install -y -qq --no-install-recommends $missing
