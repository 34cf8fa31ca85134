#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Benchmarks hvdetect on this machine, side by side with systemd-detect-virt in the same run:
#  1. a whole live detection, median wall time of each and their ratio;
#  2. the system calls each makes (strace -c);
#  3. in-process: loading the built-in vendor database and classifying one evidence set, and proof that the
#     classification makes no system call (strace between the begin/end markers).
# Usage: bench/run.sh [build-dir] [runs]
set -euo pipefail
build=${1:-build}
runs=${2:-100}
peer=$(command -v systemd-detect-virt || true)
if [ -z "$peer" ] || ! command -v strace >/dev/null; then
    echo "bench/run.sh needs systemd-detect-virt (package systemd) and strace (package strace)" >&2
    exit 1
fi
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

echo "== live detection, $runs runs each, alternating"
"$build/bench/bench_live" "$build/hvdetect" "$peer" "$runs"

echo
echo "== system calls of one live detection"
count_syscalls() {
    strace -f -c -o "$scratch/trace" "$@" >/dev/null 2>&1 || true
    awk '$NF == "total" { print $4 }' "$scratch/trace"
}
ours=$(count_syscalls "$build/hvdetect" -q)
theirs=$(count_syscalls "$peer" --quiet)
echo "hvdetect:            $ours system calls"
echo "systemd-detect-virt: $theirs system calls"

echo
echo "== in-process: database load and classification"
"$build/hvdetect" --save-evidence "$scratch/evidence.json" -q || true
strace -o "$scratch/engine-trace" "$build/bench/bench_engine" "$scratch/evidence.json" 20000
inside=$(awk '/identify: begin/ {on = 1; next} /identify: end/ {on = 0} on' "$scratch/engine-trace" | wc -l)
echo "system calls made while classifying 20000 times: $inside"
