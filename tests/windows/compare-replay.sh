#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Replays evidence with the Linux hvdetect and with hvdetect.exe under Wine, and requires byte-for-byte the same
# JSON report (and exit status) from both:
#   * every Linux fixture (tests/fixtures/<name>): the Linux build collects its evidence from the saved root and
#     CPUID dump, and both builds replay that bundle;
#   * every Windows fixture (tests/fixtures-windows/<name>/evidence.json);
#   * this machine's evidence as hvdetect.exe collects it under Wine (a bundle saved on Windows, replayed on Linux).
# Usage: tests/windows/compare-replay.sh LINUX-BUILD-DIR WINDOWS-BUILD-DIR
set -euo pipefail
cd "$(dirname "$0")/../.."
linux=$1/hvdetect
windows=$2/hvdetect.exe
wine=${WINE:-$(command -v wine64 || echo /usr/lib/wine/wine64)}
export WINEDEBUG=${WINEDEBUG:--all}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
as_of=2026-11-25

# Wine reaches the Linux file system through drive Z:.
windows_path() { printf 'Z:%s' "$(realpath "$1")"; }

compared=0
failed=0
compare() { # name bundle
    local name=$1 bundle=$2 linux_status=0 windows_status=0
    "$linux" --evidence "$bundle" --format json --no-timestamp --as-of "$as_of" >"$work/linux.json" || linux_status=$?
    "$wine" "$windows" --evidence "$(windows_path "$bundle")" --format json --no-timestamp --as-of "$as_of" \
        >"$work/windows.json" 2>"$work/windows.err" || windows_status=$?
    compared=$((compared + 1))
    if [ "$linux_status" != "$windows_status" ] || ! cmp -s "$work/linux.json" "$work/windows.json"; then
        failed=$((failed + 1))
        echo "DIFFERENT: $name (exit status $linux_status on Linux, $windows_status on Windows)"
        diff "$work/linux.json" "$work/windows.json" | head -20 || true
        cat "$work/windows.err"
    fi
}

for directory in tests/fixtures/*/; do
    name=$(basename "$directory")
    [ -f "$directory/expected.json" ] || continue
    arguments=(--root "$directory/root" --save-evidence "$work/$name.json" -q)
    [ -f "$directory/cpuid.txt" ] && arguments+=(--cpuid-dump "$directory/cpuid.txt")
    "$linux" "${arguments[@]}" || true
    compare "$name" "$work/$name.json"
done
for directory in tests/fixtures-windows/*/; do
    compare "$(basename "$directory") (Windows)" "$directory/evidence.json"
done
"$wine" "$windows" --save-evidence "$(windows_path "$work")/wine-live.json" -q || true
compare "this machine under Wine" "$work/wine-live.json"

echo "$compared replays compared, $failed different"
[ "$failed" -eq 0 ]
