#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Runs every libFuzzer harness of a build for a while and fails on any finding.
#
#   tests/fuzz/run-fuzzers.sh BUILD_DIR SECONDS_PER_HARNESS [HARNESS...]
#
# BUILD_DIR was configured with CC=clang -DHVD_BUILD_FUZZERS=ON and built (target "fuzzers"). Each harness starts
# from a copy of tests/fuzz/seeds/<harness>/ in a temporary directory (the repository is never written) with its
# dictionary from tests/fuzz/dict/ when there is one, and runs for SECONDS_PER_HARNESS seconds. A crash, leak,
# timeout (10 s per input), memory blow-up (2048 MB) or sanitizer report is a finding: its input is kept under
# BUILD_DIR/fuzz-findings/<harness>/ and the log under BUILD_DIR/fuzz-logs/. One line per harness:
#
#   <harness>: <executions> executions, <findings> findings
#
# The exit status is 0 when no harness found anything, 1 when one did, 2 on a usage or setup error. A CI run uses a
# minute per harness; a longer campaign is the same command with a bigger number (1800).
set -uo pipefail

if [ $# -lt 2 ] || ! [[ $2 =~ ^[1-9][0-9]*$ ]]; then
    echo "usage: $0 BUILD_DIR SECONDS_PER_HARNESS [HARNESS...]" >&2
    exit 2
fi
build=$(cd "$1" 2>/dev/null && pwd) || { echo "$0: no build directory $1" >&2; exit 2; }
seconds=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
bin_dir=$build/tests/fuzz

harnesses=("$@")
if [ ${#harnesses[@]} -eq 0 ]; then
    harnesses=(fuzz_smbios_entry fuzz_smbios_table fuzz_acpi fuzz_cpuid_dump fuzz_evidence fuzz_vendor_db fuzz_pci_id
        fuzz_config fuzz_proc_text fuzz_render)
fi
for h in "${harnesses[@]}"; do
    if ! [ -x "$bin_dir/$h" ]; then
        echo "$0: $bin_dir/$h is not built (CC=clang, -DHVD_BUILD_FUZZERS=ON, target fuzzers)" >&2
        exit 2
    fi
done

work=$(mktemp -d "${TMPDIR:-/tmp}/hvd-fuzz-run.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT
findings_root=$build/fuzz-findings
logs=$build/fuzz-logs
mkdir -p "$findings_root" "$logs" || exit 2

# The sanitizers stop at the first report; the harness's own temporary files go under the work directory.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

status=0
for h in "${harnesses[@]}"; do
    corpus=$work/corpus/$h
    artifacts=$work/artifacts/$h
    mkdir -p "$corpus" "$artifacts" "$work/tmp/$h"
    if [ -d "$here/seeds/$h" ]; then
        cp -R "$here/seeds/$h/." "$corpus/"
    fi
    dict=()
    [ -f "$here/dict/$h.dict" ] && dict=("-dict=$here/dict/$h.dict")
    log=$logs/$h.log
    rm -rf "${findings_root:?}/$h"

    TMPDIR=$work/tmp/$h "$bin_dir/$h" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="$artifacts/" "${dict[@]}" "$corpus" >"$log" 2>&1
    rc=$?

    executions=$(sed -n 's/^stat::number_of_executed_units: *\([0-9][0-9]*\).*/\1/p' "$log" | tail -n 1)
    findings=$(find "$artifacts" -type f | wc -l)
    reported=0
    if grep -qE '==[0-9]+== ?ERROR: |runtime error:|^SUMMARY: ' "$log"; then
        reported=1
    fi
    # A report or a failing exit without a saved input is still one finding.
    if [ "$findings" -eq 0 ] && { [ "$rc" -ne 0 ] || [ "$reported" -ne 0 ]; }; then
        findings=1
    fi
    echo "$h: ${executions:-0} executions, $findings findings"
    if [ "$findings" -ne 0 ]; then
        status=1
        mkdir -p "$findings_root/$h"
        find "$artifacts" -type f -exec cp {} "$findings_root/$h/" \;
        echo "  exit status $rc; inputs in $findings_root/$h/, log in $log:" >&2
        grep -E -m 8 'ERROR:|runtime error:|SUMMARY:|Test unit written|deadly signal|^fuzz check failed:|^fuzz_[a-z_]*: ' "$log" |
            sed 's/^/    /' >&2
        # The inputs themselves, so that a finding on a machine whose files are gone can be replayed from the log:
        # base64 -d >input, then BUILD_DIR/tests/fuzz/<harness> input.
        for input in "$findings_root/$h"/*; do
            [ -f "$input" ] || continue
            echo "    input $(basename "$input") ($(wc -c <"$input") bytes, base64):" >&2
            head -c 65536 "$input" | base64 -w 100 | sed 's/^/      /' >&2
        done
    fi
done
exit $status
