#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Fleet benchmark: classifies many saved evidence bundles in one process, as one file per bundle and as NDJSON
# files of one bundle a line, at two fleet sizes, and a sample with one process per bundle, in the same run.
# Reports bundles per second per core (from the process's CPU time, user + system), the peak memory (maximum
# resident set size, which must not grow with the fleet), and the ratio between one process and one per bundle. Beside
# them, the ceiling under cJSON (bench_parse): reading the bundles alone, and reading and parsing them alone.
# Given another build (the one before a change), it then runs rounds on the same fleet, each timing both builds on
# the single files and on the NDJSON file in a rotating order (and bench_parse once), and prints the median of the
# per-round ratios with their interquartile range (on a shared machine a single figure is noise; a ratio within one
# round is not), and the medians of each figure.
# Usage: bench/fleet.sh [build-dir] [bundles] [bundles-for-one-process-each] [other-build-dir [rounds]]
set -euo pipefail
build=${1:-build}
count=${2:-100000}
single=${3:-1000}
other=${4:-}
rounds=${5:-9}
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
        printf "%-40s %8d bundles  %7.2f s of CPU  %8.0f bundles/s/core  peak memory %6d KiB\n", what, n, cpu, n / cpu, rss }'
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
# The ceiling under cJSON, on the same bundles: reading them alone, then reading and parsing them alone.
parse=$(cd "$build" && pwd)/bench/bench_parse
for input in fleet fleet.ndjson; do
    kind=$([ "$input" = fleet ] && echo "single files" || echo "NDJSON")
    read -r cpu_read _ < <(measure "$parse" --read-only "$scratch/$input")
    report "reading alone, $kind" "$count" "$cpu_read" 0
    read -r cpu_parse _ < <(measure "$parse" "$scratch/$input")
    report "reading and cJSON parsing, $kind" "$count" "$cpu_parse" 0
done
read -r cpu_single _ < <(measure find "$scratch/sample" -name '*.json' -exec "$hvdetect" --evidence {} --format json -q \;)
report "one process per bundle" "$single" "$cpu_single" 0
awk -v n="$count" -v cpu="$cpu" -v s="$single" -v cpu_s="$cpu_single" -v rss="$rss" -v rss_s="$rss_small" \
    -v rss_nd="$rss_nd" -v rss_nd_s="$rss_nd_small" 'BEGIN {
    printf "ratio, one process / one process per bundle: %.1fx\n", (n / cpu) / (s / cpu_s);
    printf "peak memory from %d to %d bundles: single files %+.1f%%, NDJSON %+.1f%%\n", n / 10, n,
           100 * (rss - rss_s) / rss_s, 100 * (rss_nd - rss_nd_s) / rss_nd_s;
}'

[ -n "$other" ] || exit 0
# Round-robin against the other build: in round r, the builds run in the order r, r+1 (mod 2), for each input.
other_hvdetect=$(cd "$other" && pwd)/hvdetect
: >"$scratch/rounds"
for ((r = 0; r < rounds; r++)); do
    for input in fleet fleet.ndjson; do
        for ((k = 0; k < 2; k++)); do
            if (((r + k) % 2 == 0)); then which=this binary=$hvdetect; else which=other binary=$other_hvdetect; fi
            read -r c _ < <(measure "$binary" --evidence "$scratch/$input" --summary)
            echo "$r $input $which $c" >>"$scratch/rounds"
        done
        read -r c _ < <(measure "$parse" "$scratch/$input")
        echo "$r $input parse $c" >>"$scratch/rounds"
    done
done
python3 - "$scratch/rounds" "$count" <<'PYTHON'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
count = int(sys.argv[2])
def quartiles(values):
    values = sorted(values)
    if len(values) < 2:
        return values[0], values[0], values[0]
    q = statistics.quantiles(values, n=4, method="inclusive")
    return q[0], statistics.median(values), q[2]
for input, kind in (("fleet", "single files"), ("fleet.ndjson", "NDJSON")):
    cpu = {}
    for r, i, which, c in rows:
        if i == input:
            cpu.setdefault(int(r), {})[which] = float(c)
    ratios = [c["other"] / c["this"] for c in cpu.values()]
    parse = [count / c["parse"] for c in cpu.values()]
    this = [count / c["this"] for c in cpu.values()]
    other = [count / c["other"] for c in cpu.values()]
    print("%-13s this build %6.0f bundles/s/core (%.0f-%.0f), the other %6.0f (%.0f-%.0f); "
          "speed ratio per round %.3f (%.3f-%.3f) over %d rounds; reading and cJSON parsing alone %.0f (%.0f-%.0f)"
          % (kind, quartiles(this)[1], quartiles(this)[0], quartiles(this)[2], quartiles(other)[1],
             quartiles(other)[0], quartiles(other)[2], quartiles(ratios)[1], quartiles(ratios)[0],
             quartiles(ratios)[2], len(ratios), quartiles(parse)[1], quartiles(parse)[0], quartiles(parse)[2]))
PYTHON
