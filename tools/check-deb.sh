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
packages="hvdetect libhvdetect2 libhvdetect-dev"

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
lintian --fail-on error --display-info "$out"/hvdetect_*.changes "$out"/hvdetect_*.dsc | tee "$out/lintian.log"
echo "check-deb: lintian found no error"
# The licence is stated in machine-readable form: lintian has nothing to say about copyright.
if grep -i 'copyright' "$out/lintian.log"; then
    echo "check-deb: lintian has copyright tags (above)" >&2
    exit 1
fi
echo "check-deb: lintian shows no copyright tag"

scratch=$(mktemp -d)
mkdir "$scratch/json"
purge() {
    rm -rf "$scratch"
    echo "check-deb: purging $packages"
    $run dpkg --purge $packages >/dev/null
}
trap purge EXIT

echo "check-deb: installing"
debs=$(ls "$out"/hvdetect_*.deb "$out"/libhvdetect2_*.deb "$out"/libhvdetect-dev_*.deb)
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
            /usr/share/bash-completion/completions/hvdetect /usr/share/zsh/vendor-completions/_hvdetect \
            /usr/share/fish/vendor_completions.d/hvdetect.fish /usr/share/doc/hvdetect/README.md.gz \
            /lib/systemd/system/hvdetect.service /lib/systemd/system/hvdetect.timer /etc/cron.d/hvdetect \
            /usr/libexec/hvdetect/hvdetect-collect /usr/share/hvdetect/schemas/hvdetect-report-1.schema.json \
            /usr/share/hvdetect/schemas/hvdetect-evidence.schema.json; do
    [ -f "$file" ] || { echo "check-deb: $file is missing" >&2; exit 1; }
done
# The manual page names the README as the package installs it (dh_installdocs compresses it), and nothing else.
readmes=$(MANWIDTH=200 man /usr/share/man/man1/hvdetect.1.gz 2>/dev/null | grep -o '/usr/share/doc/hvdetect/README\(\.[a-z][a-z]*\)*' | sort -u)
[ "$readmes" = /usr/share/doc/hvdetect/README.md.gz ] ||
    { echo "check-deb: hvdetect(1) points at '$readmes', not the installed README.md.gz" >&2; exit 1; }

echo "check-deb: the scheduled collection: installed, verified, disabled"
if command -v systemd-analyze >/dev/null 2>&1; then
    systemd-analyze verify /lib/systemd/system/hvdetect.service /lib/systemd/system/hvdetect.timer ||
        { echo "check-deb: systemd-analyze verify rejected the installed units" >&2; exit 1; }
    echo "check-deb: systemd-analyze verify accepts hvdetect.service and hvdetect.timer"
fi
if command -v systemctl >/dev/null 2>&1; then
    state=$(systemctl is-enabled hvdetect.timer 2>/dev/null || true)
    [ "$state" = disabled ] || { echo "check-deb: hvdetect.timer is '$state', not disabled" >&2; exit 1; }
    echo "check-deb: hvdetect.timer is $state"
fi
grep -Eq '^[0-9*]' /etc/cron.d/hvdetect && { echo "check-deb: /etc/cron.d/hvdetect has an active job" >&2; exit 1; }
HVDETECT_STATE_DIR="$scratch/state" HVDETECT_TEXTFILE_DIR="$scratch" /usr/libexec/hvdetect/hvdetect-collect ||
    { echo "check-deb: hvdetect-collect failed" >&2; exit 1; }
[ -s "$scratch/state/hvdetect.fact" ] && [ -s "$scratch/hvdetect.prom" ] ||
    { echo "check-deb: hvdetect-collect wrote no facts or metrics" >&2; exit 1; }

echo "check-deb: the installed hvdetect's JSON against the installed schemas"
/usr/bin/hvdetect --save-evidence "$scratch/json/bundle.json" -f json -o "$scratch/json/report.json" || [ $? -le 2 ]
/usr/bin/hvdetect -f facts > "$scratch/json/facts.json"
/usr/bin/hvdetect --evidence "$scratch/json/bundle.json" --evidence "$scratch/json/bundle.json" > "$scratch/json/lines.json" ||
    true
/usr/bin/hvdetect --list -f json > "$scratch/json/list.json"
/usr/bin/python3 "$root/tests/check-schemas.py" /usr/share/hvdetect/schemas "$scratch/json"

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
