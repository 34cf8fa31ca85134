#!/bin/sh
# SPDX-License-Identifier: MIT
# Fleet output stays what it was: every recorded machine's bundle (tests/fixtures) analysed as a fleet, in each
# fleet format and with a few policy choices, must print byte for byte the lines in tests/fleet/, which were
# recorded from hvdetect before fleet replay was made faster. The same bundles appended to one NDJSON file (with
# --save-evidence FILE --append) must give the same lines, the sources named by file and line instead.
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
for fixture in "$fixtures"/*/; do
    name=$(basename "$fixture")
    [ -d "$fixture/root" ] || continue
    if [ -f "$fixture/cpuid.txt" ]; then
        set -- --cpuid-dump "$fixture/cpuid.txt"
    else
        set --
    fi
    "$hvdetect" --root "$fixture/root" "$@" --save-evidence "$scratch/bundles/$name.json" -q
    [ -f "$scratch/bundles/$name.json" ] || fail "$name: no bundle saved"
done
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
[ "$failures" -eq 0 ] || exit 1
echo "fleet output: $(echo "$runs" | wc -l) runs over $(echo "$bundles" | wc -l) bundles as recorded"
