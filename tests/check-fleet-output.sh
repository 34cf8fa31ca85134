#!/bin/sh
# SPDX-License-Identifier: MIT
# Fleet output stays what it was: every recorded machine's bundle (tests/fixtures) analysed as a fleet, in each
# fleet format and with a few policy choices, must print byte for byte the lines in tests/fleet/, which were
# recorded from hvdetect before fleet replay was made faster. The same bundles appended to one NDJSON file (with
# --save-evidence FILE --append) must give the same lines, the sources named by file and line instead; appended by
# many processes at once, every line must be a whole bundle; a line cut short must not take the next with it.
#
# Usage: tests/check-fleet-output.sh HVDETECT FIXTURES_DIR EXPECTED_DIR
#        HVD_FIX_GOLDENS=1 ... rewrites EXPECTED_DIR from this build (only after checking the change is wanted).
set -u
hvdetect=$1
fixtures=$2
expected=$3
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
failures=0

fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}

# One bundle per recorded machine, named after it; listed in a fixed order so that the lines come in that order.
mkdir "$scratch/bundles"
for fixture in $(ls -d "$fixtures"/*/ | LC_ALL=C sort); do
    name=$(basename "$fixture")
    [ -d "$fixture/root" ] || continue
    if [ -f "$fixture/cpuid.txt" ]; then
        set -- --cpuid-dump "$fixture/cpuid.txt"
    else
        set --
    fi
    "$hvdetect" --root "$fixture/root" "$@" --save-evidence "$scratch/bundles/$name.json" -q
    [ -f "$scratch/bundles/$name.json" ] || fail "$name: no bundle saved"
    # The same machines' bundles appended to one NDJSON file, written while this runs: in parallel, to the
    # first file, in order, to the second.
    "$hvdetect" --root "$fixture/root" "$@" --save-evidence "$scratch/parallel.ndjson" --append -q &
    "$hvdetect" --root "$fixture/root" "$@" --save-evidence "$scratch/fleet.ndjson" --append -q
done
wait
cd "$scratch" || exit 1
bundles=$(ls bundles/*.json | LC_ALL=C sort)

# The runs: a name, then hvdetect's options (the date is fixed so that the partner list and revision are).
runs='ndjson|--format ndjson --as-of 2026-12-06
csv|--format csv --as-of 2026-12-06 --no-redact --agreement premier
summary|--summary --as-of 2026-12-06
ndjson-revision-3.0|--format ndjson --as-of 2026-12-06 --policy-revision 3.0 --agreement standard
csv-2008|--format csv --as-of 2012-05-01 --software server-app'

fleet() { # fleet OUTPUT OPTIONS PATHS...: the fleet's standard output into OUTPUT; fails on any other status than 0
    output=$1
    options=$2
    shift 2
    set -- $options "$@"
    for path in $bundle_paths; do
        set -- "$@" --evidence "$path"
    done
    "$hvdetect" "$@" > "$output" 2> "$scratch/err" || fail "$output: exit status $? ($(cat "$scratch/err"))"
}

echo "$runs" > "$scratch/runs" # read from a file, not a pipe: a loop in a pipe runs in a subshell, losing failures
while IFS='|' read -r name options; do
    bundle_paths=$bundles
    fleet "$scratch/$name.out" "$options"
    if [ "${HVD_FIX_GOLDENS:-}" = 1 ]; then
        cp "$scratch/$name.out" "$expected/$name.txt"
    elif ! cmp -s "$scratch/$name.out" "$expected/$name.txt"; then
        fail "$name: the fleet's output differs from $expected/$name.txt:"
        diff "$expected/$name.txt" "$scratch/$name.out" | head -20 >&2
    fi
done < "$scratch/runs"
# The NDJSON file gives the same lines, each machine named by the file and its line: line N is the Nth fixture
# in the order above.
number=0
for bundle in $bundles; do
    number=$((number + 1))
    echo "s|$bundle|fleet.ndjson:$number|g"
done > "$scratch/rename.sed"
while IFS='|' read -r name options; do
    bundle_paths=fleet.ndjson
    fleet "$scratch/$name.ndjson.out" "$options"
    sed -f "$scratch/rename.sed" "$expected/$name.txt" > "$scratch/$name.ndjson.expected"
    if ! cmp -s "$scratch/$name.ndjson.out" "$scratch/$name.ndjson.expected"; then
        fail "$name: the fleet's output from fleet.ndjson differs from $expected/$name.txt (sources renamed):"
        diff "$scratch/$name.ndjson.expected" "$scratch/$name.ndjson.out" | head -20 >&2
    fi
done < "$scratch/runs"

# Appended at once by as many processes as there are machines, every line is one whole bundle.
[ "$(wc -l < parallel.ndjson)" -eq "$(echo "$bundles" | wc -l)" ] ||
    fail "parallel.ndjson: $(wc -l < parallel.ndjson) lines for $(echo "$bundles" | wc -l) appends"
bundle_paths=parallel.ndjson
fleet "$scratch/parallel.out" "--summary --as-of 2026-12-06"
grep -q "^Machines: $(echo "$bundles" | wc -l) analysed, 0 bundles skipped" "$scratch/parallel.out" ||
    fail "parallel.ndjson: $(head -1 "$scratch/parallel.out")"

# A line cut short (a crash while appending) is named with its line and skipped; the next append starts a line of
# its own, so the bundles around it still count.
head -c 100 bundles/azure.json | tr -d '\n' > cut.ndjson
set -- "$fixtures/azure"
"$hvdetect" --root "$1/root" --cpuid-dump "$1/cpuid.txt" --save-evidence cut.ndjson --append -q
"$hvdetect" --evidence cut.ndjson --format csv --as-of 2026-12-06 > cut.out 2> cut.err
status=$?
[ "$status" -eq 3 ] || fail "cut.ndjson: exit status $status, not 3 (a bundle skipped)"
grep -q "^hvdetect: skipped: cut.ndjson:1: invalid JSON" cut.err || fail "cut.ndjson: the cut line is not named: $(cat cut.err)"
grep -q "^hvdetect-csv/1,cut.ndjson:2,true,hyperv,azure," cut.out || fail "cut.ndjson: the bundle after the cut line is lost"

[ "$failures" -eq 0 ] || exit 1
echo "fleet output: $(echo "$runs" | wc -l) runs over $(echo "$bundles" | wc -l) bundles and their NDJSON file as recorded"
