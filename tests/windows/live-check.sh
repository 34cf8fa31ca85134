#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A live run of hvdetect.exe under Wine: its JSON report must show the CPUID hypervisor signature that the Linux
# build sees on this machine (CPUID runs natively under Wine), Windows as the system, and the SMBIOS table that Wine
# provides through GetSystemFirmwareTable('RSMB'), parsed. Wine implements no ACPI firmware tables: that must be an
# observation, not a failure.
# Usage: tests/windows/live-check.sh LINUX-BUILD-DIR WINDOWS-BUILD-DIR
set -euo pipefail
cd "$(dirname "$0")/../.."
wine=${WINE:-$(command -v wine64 || echo /usr/lib/wine/wine64)}
export WINEDEBUG=${WINEDEBUG:--all}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
"$1/hvdetect" --format json --no-timestamp >"$work/linux.json" || true
"$wine" "$2/hvdetect.exe" --format json --no-timestamp >"$work/windows.json" || status=$?
if [ "$status" -gt 2 ]; then
    echo "hvdetect.exe exited with $status"
    exit 1
fi
python3 - "$work/linux.json" "$work/windows.json" "$status" <<'PYTHON'
import json
import sys

linux = json.load(open(sys.argv[1], encoding="utf-8"))
windows = json.load(open(sys.argv[2], encoding="utf-8"))


def evidence(report, source, key):
    for item in report["evidence"]:
        if item["source"] == source and item["key"] == key:
            return item
    return None


problems = []
signature = evidence(linux, "cpuid", "0x40000000.signature")
seen = evidence(windows, "cpuid", "0x40000000.signature")
if signature is None:
    print("the Linux build sees no hypervisor signature at 0x40000000 on this machine")
    if seen is not None:
        problems.append("hvdetect.exe sees a signature the Linux build does not: %s" % seen["value"])
elif seen is None or seen["value"] != signature["value"]:
    problems.append("CPUID 0x40000000 signature: Linux %r, Windows %r" % (signature["value"],
                                                                        seen and seen["value"]))
if windows["collection"].get("os") != "Windows":
    problems.append("collection.os is %r" % windows["collection"].get("os"))
version = evidence(windows, "smbios", "version")
table = [item for item in windows["evidence"] if item["source"] == "smbios" and item["key"] != "version"
         and item["status"] == "ok"]
if version is None or version["status"] != "ok":
    problems.append("no SMBIOS version from GetSystemFirmwareTable('RSMB')")
if not table:
    problems.append("no SMBIOS table fields parsed")
acpi = [item for item in windows["evidence"] if item["source"] == "acpi"]
if not acpi:
    problems.append("no ACPI observation (tables or why there are none)")
print("hvdetect.exe (live, under Wine): exit status %s, virtualized %s, technology %s" % (
    sys.argv[3], json.dumps(windows["virtualized"]), windows["hypervisor"]["technology"]))
if seen:
    print("  cpuid 0x40000000.signature = %s" % seen["value"])
if version:
    print("  smbios version = %s (%s)" % (version["value"], version.get("detail", "")))
for item in table:
    print("  smbios %s = %s" % (item["key"], item["value"]))
for item in acpi:
    print("  acpi %s: %s %s" % (item["key"], item["status"], item.get("detail", "")))
for problem in problems:
    print("PROBLEM: " + problem)
sys.exit(1 if problems else 0)
PYTHON
