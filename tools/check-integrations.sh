#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Checks hvdetect's formats against the real tools that read them, from Debian's packages: Ansible (facts.d and the
# example playbook), Facter (external facts), promtool (the textfile collector's metrics) and headless Chromium (the
# HTML report, rendered to screenshots). As root: the fact scripts go where Ansible and Facter read them by default
# (the paths README.md gives), for the length of the check.
# Usage: tools/check-integrations.sh BUILD_DIR
set -euo pipefail
build=$(cd "${1:-build}" && pwd)
here=$(cd "$(dirname "$0")/.." && pwd)
hvdetect="$build/hvdetect"
"$here/tools/install-deps.sh" ansible-core facter prometheus chromium
scratch=$(mktemp -d)
fail() { echo "check-integrations: $*" >&2; exit 1; }

fixtures="$here/tests/fixtures"

# Installs a file at a system path for the length of the check, refusing to replace one already there; the
# directories it had to create go again at the end.
created=""
install_temporarily() { # SOURCE TARGET
    [ ! -e "$2" ] || fail "$2 exists already; this check installs its own there (remove it, or run elsewhere)"
    dir=$(dirname "$2")
    if [ ! -d "$dir" ]; then
        top=$dir
        while [ ! -d "$(dirname "$top")" ]; do top=$(dirname "$top"); done
        mkdir -p "$dir"
        created="$created $top"
    fi
    install -m 0755 "$1" "$2"
    created="$created $2"
}
cleanup() {
    for path in $created; do rm -rf "$path"; done
    rm -rf "$scratch"
}
trap cleanup EXIT

# The paths the README gives, so that the README and this check cannot disagree.
ansible_fact=$(grep -o '/etc/ansible/facts.d/hvdetect.fact' "$here/README.md" | head -n 1)
facter_fact=$(grep -o '/etc/facter/facts.d/hvdetect' "$here/README.md" | head -n 1)
[ -n "$ansible_fact" ] && [ -n "$facter_fact" ] || fail "README.md gives no facts.d path for Ansible or Facter"

# Ansible: hvdetect as a facts.d executable at the default fact_path, on a bare-metal machine (exit status 1 without
# --format facts) and one it cannot tell (2): Ansible fails a fact script that exits otherwise than 0.
for machine in bare-metal empty; do
    printf '#!/bin/sh\nexec "%s" --root "%s" --format facts\n' "$hvdetect" "$fixtures/$machine/root" > "$scratch/fact"
    install_temporarily "$scratch/fact" "$ansible_fact"
    ansible localhost -m setup -a filter=ansible_local > "$scratch/ansible.out" 2>&1 ||
        fail "ansible setup failed on $machine: $(cat "$scratch/ansible.out")"
    grep -q '"hvdetect_tier": "' "$scratch/ansible.out" || fail "Ansible did not read the facts: $(cat "$scratch/ansible.out")"
    echo "ansible ($machine): $(grep -o '"hvdetect_virtualized": [a-z]*' "$scratch/ansible.out"), $(grep -o '"hvdetect_tier": "[a-z-]*"' "$scratch/ansible.out")"
    rm -f "$ansible_fact"
done

# Ansible: the example playbook on an inventory with a host that answers, one that cannot be reached and one
# without hvdetect: each gets a row, and the CSV is written.
cat > "$scratch/inventory" <<INVENTORY
[fleet]
answers ansible_connection=local hvdetect=$hvdetect
unreachable ansible_host=127.0.0.1 ansible_port=1 ansible_connection=ssh
without-hvdetect ansible_connection=local hvdetect=/nonexistent/bin/hvdetect
INVENTORY
ANSIBLE_HOST_KEY_CHECKING=False ansible-playbook -i "$scratch/inventory" "$here/contrib/ansible/hvdetect-report.yml" \
    -e "report=$scratch/report.csv" > "$scratch/playbook.out" 2>&1 ||
    fail "the playbook failed: $(cat "$scratch/playbook.out")"
[ -f "$scratch/report.csv" ] || fail "the playbook wrote no CSV: $(cat "$scratch/playbook.out")"
grep -Eq '^answers,ok,(true|false),' "$scratch/report.csv" || fail "no row for the host that answers"
grep -q '^unreachable,unreachable,' "$scratch/report.csv" || fail "no row for the unreachable host"
grep -q '^without-hvdetect,no-hvdetect,' "$scratch/report.csv" || fail "no row for the host without hvdetect"
grep -q ',True,\|,False,' "$scratch/report.csv" && fail "the CSV writes Python's True/False, not true/false"
echo "ansible-playbook: the CSV report:"
sed 's/^/    /' "$scratch/report.csv"

# Facter: the external fact where Debian's facter looks for it as root (/etc/facter/facts.d; Puppet's own
# packages read /etc/puppetlabs/facter/facts.d), without --external-dir.
printf '#!/bin/sh\nexec "%s" --format facts\n' "$hvdetect" > "$scratch/fact"
install_temporarily "$scratch/fact" "$facter_fact"
tier=$(facter hvdetect_tier)
[ -n "$tier" ] || fail "Facter did not read hvdetect_tier from $facter_fact"
echo "facter: hvdetect_tier = $tier (from $facter_fact)"

# Prometheus: metrics written atomically to a .prom file, checked by promtool; two runs a day apart give the same
# series (names and labels), so a host keeps one series.
for day in 2026-11-25 2026-11-26; do
    "$hvdetect" --format prometheus --as-of "$day" --output "$scratch/$day.prom" || [ $? -le 2 ]
    promtool check metrics < "$scratch/$day.prom" || fail "promtool rejected the metrics of $day"
done
series() { grep -v '^#' "$1" | sed 's/ [^ ]*$//'; }
[ "$(series "$scratch/2026-11-25.prom")" = "$(series "$scratch/2026-11-26.prom")" ] ||
    fail "the series differ a day apart: $(series "$scratch/2026-11-25.prom" | diff - "$scratch/2026-11-26.prom")"
echo "promtool: $(grep -c '^hvdetect_' "$scratch/2026-11-25.prom") metrics accepted, the same series a day apart:"
series "$scratch/2026-11-26.prom" | sed 's/^/    /'

# Chromium: the HTML report of a machine whose product cannot be pinned (the longest tables) and of this one,
# rendered at a desktop width (1200 px) and a phone's (390 px). The screenshots are kept in $HVD_SCREENSHOT_DIR when
# it is set, to be looked at.
"$hvdetect" --root "$fixtures/vmware-esxi/root" --cpuid-dump "$fixtures/vmware-esxi/cpuid.txt" --format html \
    --output "$scratch/esxi.html" || [ $? -le 2 ]
"$hvdetect" --format html --output "$scratch/live.html" || [ $? -le 2 ]
for page in esxi live; do
    for width in 1200 390; do
        chromium --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
            --disable-sync --no-first-run --hide-scrollbars --user-data-dir="$scratch/chromium" \
            --window-size=$width,4000 --screenshot="$scratch/$page-$width.png" "file://$scratch/$page.html" \
            > "$scratch/chromium.out" 2>&1 || fail "Chromium failed: $(tail -n 5 "$scratch/chromium.out")"
        [ -s "$scratch/$page-$width.png" ] || fail "no screenshot of $page at $width px"
        echo "chromium: $page.html rendered at $width px ($(stat -c %s "$scratch/$page-$width.png") bytes of PNG)"
        if [ -n "${HVD_SCREENSHOT_DIR:-}" ]; then mkdir -p "$HVD_SCREENSHOT_DIR"; cp "$scratch/$page-$width.png" "$HVD_SCREENSHOT_DIR/"; fi
    done
done
