#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A live run executes each CPUID leaf once and none past its range's maximum, counted by libcount_cpuid.so. The one
# repeat allowed is libcpuid's own: cpuid_get_hypervisor executes leaf 0x40000000 itself when the hypervisor bit is
# set, and its API takes no registers for it.
# Usage: bench/check-cpuid-reads.sh HVDETECT LIBCOUNT_CPUID
set -euo pipefail
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
HVD_COUNT_CPUID_OUT="$scratch/counts" LD_PRELOAD="$2" "$1" -q || test $? -le 2
counts=$(cat "$scratch/counts")
echo "$counts"
repeats=$(sed 's/.*past a maximum://' <<<"$counts" | tr ' ' '\n' | grep -v '^$' | paste -sd ' ' - || true)
past=$(sed -n 's/.* \([0-9]*\) past a maximum.*/\1/p' <<<"$counts")
if [ "$past" != 0 ]; then
    echo "FAIL: $past CPUID leaves read past their range's maximum" >&2
    exit 1
fi
if [ -n "$repeats" ] && [ "$repeats" != "0x40000000.0 x2" ]; then
    echo "FAIL: leaves executed more than once: $repeats" >&2
    exit 1
fi
