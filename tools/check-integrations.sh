#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Checks hvdetect's formats against the real tools that read them, from Debian's packages: Ansible (facts.d and the
# example playbook), Facter (external facts), promtool (the textfile collector's metrics) and headless Chromium (the
# HTML report, rendered to a screenshot).
# Usage: tools/check-integrations.sh BUILD_DIR
set -euo pipefail
build=$(cd "${1:-build}" && pwd)
here=$(cd "$(dirname "$0")/.." && pwd)
hvdetect="$build/hvdetect"
"$here/tools/install-deps.sh" ansible-core facter prometheus chromium
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
fail() { echo "check-integrations: $*" >&2; exit 1; }

# Ansible: hvdetect as a facts.d executable.
mkdir "$scratch/facts.d"
printf '#!/bin/sh\nexec "%s" --format facts\n' "$hvdetect" > "$scratch/facts.d/hvdetect.fact"
chmod +x "$scratch/facts.d/hvdetect.fact"
ansible localhost -c local -m setup -a "filter=ansible_local fact_path=$scratch/facts.d" > "$scratch/ansible.out"
grep -q '"hvdetect_tier"' "$scratch/ansible.out" || fail "Ansible did not read the facts: $(cat "$scratch/ansible.out")"
echo "ansible: ansible_local.hvdetect read ($(grep -o '"hvdetect_technology": "[a-z]*"' "$scratch/ansible.out"))"

# Ansible: the example playbook, against localhost.
ansible-playbook -i localhost, -c local "$here/contrib/ansible/hvdetect-report.yml" \
    -e "hvdetect=$hvdetect" -e "report=$scratch/report.csv" > "$scratch/playbook.out" ||
    fail "the playbook failed: $(cat "$scratch/playbook.out")"
grep -q '^localhost,' "$scratch/report.csv" || fail "the playbook's report has no row for localhost"
echo "ansible-playbook: $(tail -n 1 "$scratch/report.csv")"

# Facter: hvdetect as an external fact.
mkdir "$scratch/facter"
printf '#!/bin/sh\nexec "%s" --format facts\n' "$hvdetect" > "$scratch/facter/hvdetect"
chmod +x "$scratch/facter/hvdetect"
tier=$(facter --external-dir "$scratch/facter" hvdetect_tier)
[ -n "$tier" ] || fail "Facter did not read hvdetect_tier"
echo "facter: hvdetect_tier = $tier"

# Prometheus: metrics written atomically to a .prom file, checked by promtool.
"$hvdetect" --format prometheus --output "$scratch/hvdetect.prom" || [ $? -le 2 ]
promtool check metrics < "$scratch/hvdetect.prom" || fail "promtool rejected the metrics"
echo "promtool: $(grep -c '^hvdetect_' "$scratch/hvdetect.prom") metrics accepted"

# Chromium: the HTML report loads, self-contained, and renders.
"$hvdetect" --format html --output "$scratch/report.html" || [ $? -le 2 ]
chromium --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
    --disable-sync --no-first-run --user-data-dir="$scratch/chromium" --window-size=1280,2400 \
    --screenshot="$scratch/report.png" "file://$scratch/report.html" > "$scratch/chromium.out" 2>&1 ||
    fail "Chromium failed: $(tail -n 5 "$scratch/chromium.out")"
[ -s "$scratch/report.png" ] || fail "no screenshot"
echo "chromium: report rendered ($(stat -c %s "$scratch/report.png") bytes of PNG)"
if [ -n "${HVD_KEEP_SCREENSHOT:-}" ]; then cp "$scratch/report.png" "$HVD_KEEP_SCREENSHOT"; fi
