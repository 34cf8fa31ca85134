#!/bin/sh
# SPDX-License-Identifier: MIT
# Checks the Debian packages end to end, as root or through sudo: builds them (tools/build-deb.sh), runs lintian on
# the binary and source packages (any error fails), installs them with dpkg -i, runs the installed hvdetect (exit
# status 0, 1 or 2: virtual, not virtual or cannot tell; anything else fails), builds a program against the installed
# libhvdetect-dev with pkg-config and with CMake (shared and static), and purges the packages again, whether the checks passed or not.
#
# Usage: tools/check-deb.sh
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
out=$root/build-deb
packages="hvdetect libhvdetect1 libhvdetect-dev"

if [ "$(id -u)" -eq 0 ]; then
    run=""
else
    run="sudo"
fi
apt_get() {
    DEBIAN_FRONTEND=noninteractive $run apt-get "$@"
}
installed() {
    dpkg-query -W -f='${Status}\n' "$1" 2>/dev/null | grep -q "install ok installed"
}

# The check installs and then purges the packages: it must not purge a copy that someone installed on purpose.
for package in $packages; do
    if installed "$package"; then
        echo "check-deb: $package is already installed; remove it first (dpkg --purge $packages)" >&2
        exit 1
    fi
done

"$root/tools/build-deb.sh"

echo "check-deb: lintian"
if ! command -v lintian >/dev/null 2>&1; then
    apt_get update -qq
    apt_get install -y -qq --no-install-recommends lintian
fi
# --fail-on error: warnings and notes are shown but do not fail the check.
lintian --fail-on error --display-info "$out"/hvdetect_*.changes "$out"/hvdetect_*.dsc
echo "check-deb: lintian found no error"

scratch=$(mktemp -d)
purge() {
    rm -rf "$scratch"
    echo "check-deb: purging $packages"
    $run dpkg --purge $packages >/dev/null
}
trap purge EXIT

echo "check-deb: installing"
debs=$(ls "$out"/hvdetect_*.deb "$out"/libhvdetect1_*.deb "$out"/libhvdetect-dev_*.deb)
# shellcheck disable=SC2086
if ! $run dpkg -i $debs; then
    # What dpkg could not configure for want of a dependency, apt-get completes.
    apt_get update -qq
    apt_get install -f -y -qq --no-install-recommends
fi
for package in $packages; do
    installed "$package" || { echo "check-deb: $package did not install" >&2; exit 1; }
done

echo "check-deb: running /usr/bin/hvdetect"
status=0
/usr/bin/hvdetect || status=$?
case $status in
0 | 1 | 2) echo "check-deb: hvdetect exited with $status (0 virtual, 1 not virtual, 2 cannot tell)" ;;
*) echo "check-deb: hvdetect failed with exit status $status" >&2; exit 1 ;;
esac
version=$(dpkg-query -W -f='${Version}' hvdetect)
[ "$(/usr/bin/hvdetect --version)" = "hvdetect ${version%%-*}" ] ||
    { echo "check-deb: hvdetect --version does not say ${version%%-*}" >&2; exit 1; }
status=0
/usr/bin/hvdetect --format json --output "$scratch/report.json" || status=$?
[ "$status" -le 2 ] && grep -q '"schema":[[:space:]]*"hvdetect-report/1"' "$scratch/report.json" ||
    { echo "check-deb: hvdetect --format json failed ($status)" >&2; exit 1; }
for file in /usr/share/man/man1/hvdetect.1.gz /usr/share/man/man3/libhvdetect.3.gz \
            /usr/share/bash-completion/completions/hvdetect; do
    [ -f "$file" ] || { echo "check-deb: $file is missing" >&2; exit 1; }
done

echo "check-deb: building against the installed libhvdetect-dev"
# shellcheck disable=SC2046
cc "$root/tests/consumer/consumer.c" -o "$scratch/consumer-pc" $(pkg-config --cflags --libs hvdetect)
"$scratch/consumer-pc"
cmake -S "$root/tests/consumer" -B "$scratch/consumer-cmake" >/dev/null
cmake --build "$scratch/consumer-cmake" >/dev/null
"$scratch/consumer-cmake/consumer"
cmake -S "$root/tests/consumer" -B "$scratch/consumer-static" -DHVD_CONSUMER_STATIC=ON >/dev/null
cmake --build "$scratch/consumer-static" >/dev/null
"$scratch/consumer-static/consumer"

echo "check-deb: passed"
