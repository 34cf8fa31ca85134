#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Fleet benchmark: classifies many saved evidence bundles in one process, as one file per bundle and as NDJSON
# files of one bundle a line, at two fleet sizes, and a sample with one process per bundle, in the same run.
# Reports bundles per second per core (from the process's CPU time, user + system), the peak memory (maximum
# resident set size, which must not grow with the fleet), and the ratio between one process and one per bundle.
# Usage: bench/fleet.sh [build-dir] [bundles] [bundles-for-one-process-each]
set -euo pipefail
build=${1:-build}
count=${2:-100000}
single=${3:-1000}
small=$((count / 10))
hvdetect=$(cd "$build" && pwd)/hvdetect
fixtures=$(cd "$(dirname "$0")/../tests/fixtures" && pwd)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# One bundle per recorded machine, as a file and as a line of machines.ndjson; then a fleet of many machines of
# those kinds: hard links to the files, and NDJSON files repeating the lines.
mkdir "$scratch/machines"
for fixture in "$fixtures"/*/; do
    [ -d "$fixture/root" ] || continue
    name=$(basename "$fixture")
    dump=()
    [ -f "$fixture/cpuid.txt" ] && dump=(--cpuid-dump "$fixture/cpuid.txt")
    "$hvdetect" --root "$fixture/root" "${dump[@]}" --save-evidence "$scratch/machines/$name.json" -q || true
    "$hvdetect" --root "$fixture/root" "${dump[@]}" --save-evidence "$scratch/machines.ndjson" --append -q || true
done
python3 - "$scratch" "$count" "$small" "$single" <<'PYTHON'
import os, sys
scratch, count, small, single = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
machines = sorted(os.path.join(scratch, "machines", n) for n in os.listdir(os.path.join(scratch, "machines")))
lines = open(os.path.join(scratch, "machines.ndjson"), "rb").read().splitlines(keepends=True)
for directory, size in (("fleet", count), ("small", small), ("sample", single)):
    os.mkdir(os.path.join(scratch, directory))
    for i in range(size):
        os.link(machines[i % len(machines)], os.path.join(scratch, directory, "m%07d.json" % i))
for name, size in (("fleet.ndjson", count), ("small.ndjson", small)):
    with open(os.path.join(scratch, name), "wb") as out:
        for i in range(size):
            out.write(lines[i % len(lines)])
PYTHON

measure() { # prints "cpu_seconds max_rss_kb" of a command
    /usr/bin/time -f "%U %S %M" -o "$scratch/time" "$@" >/dev/null 2>&1 || true
    awk '{ printf "%.3f %d\n", $1 + $2, $3 }' "$scratch/time"
}
report() { # report WHAT BUNDLES CPU RSS
    awk -v what="$1" -v n="$2" -v cpu="$3" -v rss="$4" 'BEGIN {
        printf "%-34s %8d bundles  %7.2f s of CPU  %8.0f bundles/s/core  peak memory %6d KiB\n", what, n, cpu, n / cpu, rss }'
}

echo "CPU: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1); bundles of $(ls "$scratch/machines" | wc -l) recorded machines"
read -r cpu rss < <(measure "$hvdetect" --evidence "$scratch/fleet" --summary)
report "one process, single files" "$count" "$cpu" "$rss"
read -r cpu_small rss_small < <(measure "$hvdetect" --evidence "$scratch/small" --summary)
report "one process, single files" "$small" "$cpu_small" "$rss_small"
read -r cpu_nd rss_nd < <(measure "$hvdetect" --evidence "$scratch/fleet.ndjson" --summary)
report "one process, NDJSON" "$count" "$cpu_nd" "$rss_nd"
read -r cpu_nd_small rss_nd_small < <(measure "$hvdetect" --evidence "$scratch/small.ndjson" --summary)
report "one process, NDJSON" "$small" "$cpu_nd_small" "$rss_nd_small"
read -r cpu_single _ < <(measure find "$scratch/sample" -name '*.json' -exec "$hvdetect" --evidence {} --format json -q \;)
report "one process per bundle" "$single" "$cpu_single" 0
awk -v n="$count" -v cpu="$cpu" -v s="$single" -v cpu_s="$cpu_single" -v rss="$rss" -v rss_s="$rss_small" \
    -v rss_nd="$rss_nd" -v rss_nd_s="$rss_nd_small" 'BEGIN {
    printf "ratio, one process / one process per bundle: %.1fx\n", (n / cpu) / (s / cpu_s);
    printf "peak memory from %d to %d bundles: single files %+.1f%%, NDJSON %+.1f%%\n", n / 10, n,
           100 * (rss - rss_s) / rss_s, 100 * (rss_nd - rss_nd_s) / rss_nd_s;
}'
