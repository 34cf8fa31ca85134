#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Benchmarks hvdetect on this machine, side by side with systemd-detect-virt (and virt-what where it is installed and
# this runs as root, which virt-what needs) in the same run:
#  1. the machine: CPU model, hypervisor, kernel, load;
#  2. whole live detections round-robin (bench_live): each round runs every command once in a rotating order; the
#     figure is the median of the per-round ratios hvdetect / peer, with their interquartile range;
#  3. the CPUIDs hvdetect executes (libcount_cpuid.so, through which every one of them goes on Linux);
#  4. the system calls each command makes (strace -f -c);
#  5. observations: hvdetect's evidence count, and the files systemd-detect-virt looks at (its CPUID reads are not
#     visible to strace);
#  6. in-process (bench_engine): loading the built-in vendor database, a live collection alone, and classifying one
#     evidence set, with proof that the classification makes no system call (strace between begin/end markers).
# Usage: bench/run.sh [build-dir] [rounds]   (rounds: at least 200 for a figure to quote)
set -euo pipefail
build=${1:-build}
rounds=${2:-200}
hvdetect=$build/hvdetect
peer=$(command -v systemd-detect-virt || true)
if [ -z "$peer" ] || ! command -v strace >/dev/null; then
    echo "bench/run.sh needs systemd-detect-virt (package systemd) and strace (package strace)" >&2
    exit 1
fi
for file in "$hvdetect" "$build/bench/bench_live" "$build/bench/bench_engine"; do
    [ -x "$file" ] || { echo "bench/run.sh: $file: not built (cmake --build $build)" >&2; exit 1; }
done
virt_what=$(command -v virt-what || true)
if [ -n "$virt_what" ] && [ "$(id -u)" != 0 ]; then
    echo "(virt-what is installed but needs root: left out)"
    virt_what=
fi
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

echo "== machine"
echo "CPU model:  $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1) ($(nproc) CPUs)"
"$hvdetect" --save-evidence "$scratch/evidence.json" -q || true
echo "hypervisor: $("$hvdetect" 2>/dev/null | sed -n "s/^Hypervisor: *//p" | head -1 || true) (hvdetect)"
echo "kernel:     $(uname -sr); load average $(cut -d' ' -f1-3 /proc/loadavg)"

echo
echo "== live detection, round-robin"
commands=("$hvdetect -q" "$peer --quiet")
[ -n "$virt_what" ] && commands+=("$virt_what")
"$build/bench/bench_live" "$rounds" "${commands[@]}"

echo
echo "== CPUIDs executed by one live detection"
if [ -e "$build/bench/libcount_cpuid.so" ]; then
    HVD_COUNT_CPUID_OUT="$scratch/cpuid" LD_PRELOAD="$build/bench/libcount_cpuid.so" "$hvdetect" -q || true
    echo "hvdetect: $(cat "$scratch/cpuid")"
    echo "(counted through libcpuid's cpu_exec_cpuid*, which libcpuid's own cpuid_get_hypervisor also calls: it reads"
    echo " leaf 0x40000000 itself once more; glibc's CPUIDs at start-up are not hvdetect's and are not counted)"
else
    echo "(no libcount_cpuid.so: this build has no libcpuid)"
fi

echo
echo "== system calls of one live detection"
count_syscalls() {
    strace -f -c -o "$scratch/trace" "$@" >/dev/null 2>&1 || true
    awk '$NF == "total" { print $(NF-2) }' "$scratch/trace"
}
for command in "${commands[@]}"; do
    # shellcheck disable=SC2086 # a command line split at spaces, as bench_live does
    printf '%-44s %s system calls\n' "$command" "$(count_syscalls $command)"
done

echo
echo "== observations"
observations=$(python3 -c 'import json,sys
e = json.load(open(sys.argv[1]))["evidence"]
print(sum(len(keys) for keys in e.values()))' "$scratch/evidence.json")
echo "hvdetect:            $observations observations in its evidence"
strace -f -e trace=%file -o "$scratch/peer-files" "$peer" --quiet >/dev/null 2>&1 || true
# What the peer looks at for its answer: every path it opens, stats or reads a link of, less its own executable and
# what the dynamic loader and its libraries read at start-up (libselinux: /proc/filesystems and the SELinux mounts;
# libcap: cap_last_cap).
grep -o '"/[^"]*"' "$scratch/peer-files" | tr -d '"' | grep -vxF "$peer" |
    grep -vE '^/(etc/ld\.so|lib|usr/lib|usr/share/locale|etc/localtime|proc/self/(maps|mountinfo|status)|proc/filesystems|proc/sys/kernel/cap_last_cap|etc/selinux|selinux|sys/fs/selinux)' |
    sort -u >"$scratch/peer-paths" || true
echo "systemd-detect-virt: $(wc -l <"$scratch/peer-paths") paths looked at (its CPUID reads, if any, are not visible here):"
sed 's/^/    /' "$scratch/peer-paths"

echo
echo "== in-process: database load, live collection, classification"
"$build/bench/bench_engine" "$scratch/evidence.json" 20000 200 2> >(grep -v '^identify: ' >&2)
strace -o "$scratch/engine-trace" "$build/bench/bench_engine" "$scratch/evidence.json" 2000 0 >/dev/null 2>&1
inside=$(awk '/identify: begin/ {on = 1; next} /identify: end/ {on = 0} on' "$scratch/engine-trace" | wc -l)
echo "system calls made while classifying 2000 times: $inside"
