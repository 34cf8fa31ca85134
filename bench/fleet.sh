#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Fleet benchmark: classifies many saved evidence bundles in one process, and the same bundles with one process
# each, in the same run. Reports bundles per second per core (from the process's CPU time), the peak memory at two
# fleet sizes (it must not grow), and the ratio between the two ways.
# Usage: bench/fleet.sh [build-dir] [bundles] [bundles-for-one-process-each]
set -euo pipefail
build=${1:-build}
count=${2:-100000}
single=${3:-1000}
hvdetect=$(cd "$build" && pwd)/hvdetect
fixtures=$(cd "$(dirname "$0")/../tests/fixtures" && pwd)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# One bundle per recorded machine, then hard links to them: a fleet of many machines of those kinds.
mkdir "$scratch/machines" "$scratch/fleet" "$scratch/tenth" "$scratch/sample"
for fixture in "$fixtures"/*/; do
    name=$(basename "$fixture")
    dump=()
    [ -f "$fixture/cpuid.txt" ] && dump=(--cpuid-dump "$fixture/cpuid.txt")
    "$hvdetect" --root "$fixture/root" "${dump[@]}" --save-evidence "$scratch/machines/$name.json" -q || true
done
mapfile -t bundles < <(ls "$scratch"/machines/*.json)
for ((i = 0; i < count; i++)); do
    target=$(printf "m%07d.json" "$i")
    ln "${bundles[i % ${#bundles[@]}]}" "$scratch/fleet/$target"
    ((i < count / 10)) && ln "${bundles[i % ${#bundles[@]}]}" "$scratch/tenth/$target"
    ((i < single)) && ln "${bundles[i % ${#bundles[@]}]}" "$scratch/sample/$target"
done

measure() { # prints "cpu_seconds max_rss_kb" of a command
    /usr/bin/time -f "%U %S %M" -o "$scratch/time" "$@" >/dev/null 2>&1 || true
    awk '{ printf "%.3f %d\n", $1 + $2, $3 }' "$scratch/time"
}

read -r cpu rss < <(measure "$hvdetect" --evidence "$scratch/fleet" --summary)
read -r cpu_tenth rss_tenth < <(measure "$hvdetect" --evidence "$scratch/tenth" --summary)
read -r cpu_single _ < <(measure find "$scratch/sample" -name '*.json' -exec "$hvdetect" --evidence {} --format json -q \;)

awk -v n="$count" -v cpu="$cpu" -v rss="$rss" -v nt=$((count / 10)) -v rss_t="$rss_tenth" \
    -v s="$single" -v cpu_s="$cpu_single" 'BEGIN {
    one = n / cpu; each = s / cpu_s;
    printf "one process, %d bundles: %.2f s of CPU, %.0f bundles per second per core, peak memory %d KiB\n", n, cpu, one, rss;
    printf "one process, %d bundles: peak memory %d KiB\n", nt, rss_t;
    printf "one process per bundle, %d bundles: %.2f s of CPU, %.0f bundles per second per core\n", s, cpu_s, each;
    printf "ratio, one process / one process per bundle: %.1fx\n", one / each;
}'
