#!/bin/sh
# SPDX-License-Identifier: MIT
# The command as cron jobs, fact scripts, monitoring systems and pipes use it, on recorded machines:
#   --output in every mode (or a usage error), "-" for standard input and output, --check's plugin statuses,
#   fact scripts' exit status, strict dates, --list and --id as JSON, stable Prometheus series, and the
#   machine's identity in bundles and fleet lines.
# Every JSON document printed or written is kept in $HVD_TEST_OUTPUT_DIR (when set) for tests/check-schemas.py.
#
# Usage: tests/check-cli.sh HVDETECT FIXTURES_DIR
set -u
hvdetect=$1
fixtures=$2
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
failures=0
checks=0

fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}
pass() {
    checks=$((checks + 1))
}
# expect_status WANT DESCRIPTION COMMAND...: runs the command, stdout to $scratch/out, stderr to $scratch/err.
expect_status() {
    want=$1
    what=$2
    shift 2
    "$@" > "$scratch/out" 2> "$scratch/err" < /dev/null
    got=$?
    if [ "$got" -ne "$want" ]; then
        fail "$what: exit status $got, expected $want; stderr: $(cat "$scratch/err")"
        return 1
    fi
    pass
}
# expect_file FILE DESCRIPTION: FILE exists and is not empty.
expect_file() {
    if [ -s "$1" ]; then pass; else fail "$2: $1 was not written"; fi
}
expect_grep() {
    if grep -q -- "$1" "$2"; then pass; else fail "$3: '$1' not in $(head -c 600 "$2")"; fi
}
keep_json() {
    [ -n "${HVD_TEST_OUTPUT_DIR:-}" ] || return 0
    mkdir -p "$HVD_TEST_OUTPUT_DIR"
    cp "$1" "$HVD_TEST_OUTPUT_DIR/check-cli-$2"
}
machine() {
    set -- "$fixtures/$1"
    if [ -f "$1/cpuid.txt" ]; then
        echo "--root $1/root --cpuid-dump $1/cpuid.txt"
    else
        echo "--root $1/root"
    fi
}
esxi=$(machine vmware-esxi)
bare=$(machine bare-metal)
empty=$(machine empty)
kvm=$(machine kvm-qemu-generic)
xenserver=$(machine xenserver)
hyperv=$(machine hyperv)

# ---- --output in every mode: the file is written, nothing goes to standard output ----
# shellcheck disable=SC2086
{
expect_status 0 "report -o" "$hvdetect" $esxi -f json -o "$scratch/report.json" &&
    expect_file "$scratch/report.json" "report -o" && keep_json "$scratch/report.json" report.json
[ ! -s "$scratch/out" ] && pass || fail "report -o also printed on standard output"
expect_status 0 "--id -o" "$hvdetect" $esxi --id -o "$scratch/id.txt"
[ "$(cat "$scratch/id.txt")" = vmware ] && pass || fail "--id -o wrote '$(cat "$scratch/id.txt")', expected vmware"
[ ! -s "$scratch/out" ] && pass || fail "--id -o also printed on standard output"
expect_status 0 "--list -o" "$hvdetect" --list -o "$scratch/list.txt" && expect_grep vmware-esxi "$scratch/list.txt" "--list -o"
mkdir -p "$scratch/bundles"
"$hvdetect" $esxi --save-evidence "$scratch/bundles/esxi.json" -q
"$hvdetect" $bare --save-evidence "$scratch/bundles/bare.json" -q --label "rack 4, slot 2"
"$hvdetect" $kvm --save-evidence "$scratch/bundles/kvm.json" -q
keep_json "$scratch/bundles/bare.json" bundle-bare.json
expect_status 0 "fleet -o (ndjson)" "$hvdetect" --evidence "$scratch/bundles" -o "$scratch/fleet.ndjson" &&
    expect_file "$scratch/fleet.ndjson" "fleet -o"
[ ! -s "$scratch/out" ] && pass || fail "fleet -o also printed on standard output"
[ "$(wc -l < "$scratch/fleet.ndjson")" -eq 3 ] && pass || fail "fleet -o: $(wc -l < "$scratch/fleet.ndjson") lines, expected 3"
expect_status 0 "fleet -o (csv)" "$hvdetect" --evidence "$scratch/bundles" -f csv -o "$scratch/fleet.csv" &&
    expect_grep '^format,source,virtualized,' "$scratch/fleet.csv" "fleet csv header"
expect_status 0 "--summary -o" "$hvdetect" --evidence "$scratch/bundles" --summary -o "$scratch/summary.txt" &&
    expect_grep "Machines: 3 analysed" "$scratch/summary.txt" "--summary -o"
[ ! -s "$scratch/out" ] && pass || fail "--summary -o also printed on standard output"
expect_status 0 "-q -o" "$hvdetect" $esxi -q -o "$scratch/quiet.txt" && expect_file "$scratch/quiet.txt" "-q -o"
# A mode that prints to a terminal or a monitoring system refuses -o instead of ignoring it.
for mode in --help --version "--check-vendors $fixtures/../../vendors" --check; do
    expect_status $([ "$mode" = --check ] && echo 3 || echo 64) "$mode -o is refused" "$hvdetect" $mode -o "$scratch/x"
    [ ! -e "$scratch/x" ] && pass || fail "$mode -o wrote a file"
done
expect_status 0 "-o - is standard output" "$hvdetect" $esxi --id -o -
[ "$(cat "$scratch/out")" = vmware ] && pass || fail "-o - printed '$(cat "$scratch/out")'"
[ ! -e ./- ] && pass || fail "-o - created a file named -"

# ---- "-": a bundle through a pipe ----
"$hvdetect" $esxi --save-evidence - > "$scratch/piped.json" 2> "$scratch/err"
status=$?
[ "$status" -eq 0 ] && pass || fail "--save-evidence -: exit status $status"
expect_grep '"hvdetect_evidence"' "$scratch/piped.json" "--save-evidence - prints the bundle (and only it)"
keep_json "$scratch/piped.json" piped-bundle.json
"$hvdetect" $esxi --save-evidence - | "$hvdetect" --evidence - --id > "$scratch/out"
[ "$(cat "$scratch/out")" = vmware ] && pass || fail "--save-evidence - | --evidence -: '$(cat "$scratch/out")'"
"$hvdetect" $esxi --save-evidence - --no-timestamp -f json -o "$scratch/beside.json" > "$scratch/piped2.json"
expect_grep '"hvdetect_evidence"' "$scratch/piped2.json" "--save-evidence - with -o FILE"
expect_grep '"hvdetect-report/1"' "$scratch/beside.json" "the report beside a bundle on standard output"
"$hvdetect" --evidence - --no-timestamp -f json < "$scratch/piped.json" > "$scratch/replayed.json"
"$hvdetect" $esxi --no-timestamp -f json > "$scratch/direct.json"
cmp -s "$scratch/replayed.json" "$scratch/direct.json" && pass || fail "a bundle read from standard input gives another report"
expect_status 64 "--save-evidence - with -o -" "$hvdetect" $esxi --save-evidence - -o -
echo '{"hvdetect_evidence": 2, "evidence": ' > "$scratch/broken.json"
"$hvdetect" --evidence - < "$scratch/broken.json" > /dev/null 2> "$scratch/err"
[ $? -eq 3 ] && grep -q "standard input" "$scratch/err" && pass || fail "a broken bundle on standard input: $(cat "$scratch/err")"

# ---- --format facts exits 0 whenever it printed the facts (Ansible and Facter fail a script otherwise) ----
for name in bare-metal empty vmware-esxi; do
    expect_status 0 "facts on $name" "$hvdetect" $(machine $name) -f facts &&
        expect_grep '"hvdetect_format":' "$scratch/out" "facts on $name" && keep_json "$scratch/out" "facts-$name.json"
done
expect_status 1 "json on bare metal keeps exit status 1" "$hvdetect" $bare -f json
expect_status 2 "json on the empty machine keeps exit status 2" "$hvdetect" $empty -f json

# ---- --check: monitoring-plugins guidelines, https://www.monitoring-plugins.org/doc/guidelines.html:
# 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN; one line "SERVICE STATUS: text | perfdata" ----
# Under the text in force today joint support is for Windows Server, with a support agreement (KB 897615, 2020).
expect_status 0 "--check OK: XenServer is joint support" "$hvdetect" $xenserver --agreement standard --check \
    --expect-tier joint-support-windows-server &&
    expect_grep '^HVDETECT OK - xen' "$scratch/out" "--check OK line"
expect_grep '| virtualized=1;' "$scratch/out" "--check performance data"
[ "$(wc -l < "$scratch/out")" -eq 1 ] && pass || fail "--check printed more than one line"
expect_status 0 "--check OK: technology as expected" "$hvdetect" $hyperv --check --expect-technology hyperv
expect_status 0 "--check OK: bare metal expected" "$hvdetect" $bare --check --expect-technology none
expect_status 1 "--check WARNING: ESXi or Workstation, joint support expected" \
    "$hvdetect" $esxi --agreement standard --check --expect-tier joint-support-windows-server && expect_grep '^HVDETECT WARNING' "$scratch/out" "WARNING line"
expect_status 1 "--check WARNING: cannot tell" "$hvdetect" $empty --check --expect-technology vmware
expect_status 2 "--check CRITICAL: KVM is not joint support" "$hvdetect" $kvm --check --expect-tier joint-support &&
    expect_grep '^HVDETECT CRITICAL.*expected joint-support' "$scratch/out" "CRITICAL line"
expect_status 2 "--check CRITICAL: Hyper-V, VMware expected" "$hvdetect" $hyperv --check --expect-technology vmware
expect_status 2 "--check CRITICAL: ESXi or Workstation, no candidate is microsoft" \
    "$hvdetect" $esxi --check --expect-tier microsoft
expect_status 3 "--check UNKNOWN: no evidence" "$hvdetect" --check --evidence "$scratch/missing.json" &&
    expect_grep '^HVDETECT UNKNOWN' "$scratch/out" "UNKNOWN line"
expect_status 3 "--check UNKNOWN: a usage error" "$hvdetect" --check --expect-tier gold
expect_status 64 "--expect-tier without --check" "$hvdetect" $esxi --expect-tier joint-support

# ---- dates: a usage error, like a bad --agreement ----
for date in 2026-02-30 "2020- 9-30" 2026-13-01 2026-1-01 2025-02-29 yesterday; do
    expect_status 64 "--as-of '$date'" "$hvdetect" $esxi --as-of "$date" &&
        expect_grep "as-of" "$scratch/err" "--as-of '$date' names the option"
done
expect_status 0 "--as-of 2024-02-29 (a leap day)" "$hvdetect" $esxi --as-of 2024-02-29 -q

# ---- --list and --id as JSON ----
expect_status 0 "--list -f json" "$hvdetect" --list -f json && keep_json "$scratch/out" list.json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert any(p["id"]=="vmware-esxi" and p["vendor"] for p in d)' \
    "$scratch/out" && pass || fail "--list -f json is not a JSON array of products"
expect_status 0 "--list --id" "$hvdetect" --list --id && expect_grep '^vm-other$' "$scratch/out" "--list --id"
for id in none kvm microsoft oracle amazon vmware xen docker wsl; do
    grep -qx "$id" "$scratch/out" && pass || fail "--list --id lacks $id"
done
expect_status 0 "--list --id -f json" "$hvdetect" --list --id -f json && keep_json "$scratch/out" list-id.json
expect_status 0 "--id -f json" "$hvdetect" $esxi --id -f json && keep_json "$scratch/out" id.json &&
    { python3 -c 'import json,sys; assert json.load(open(sys.argv[1])) == {"systemd_id": "vmware", "containers_known": False}' "$scratch/out" &&
      pass || fail "--id -f json is not {\"systemd_id\": \"vmware\", \"containers_known\": false} (a saved tree without /proc)"; }
expect_status 64 "--id -f csv" "$hvdetect" $esxi --id -f csv

# ---- Prometheus: the same machine a day apart gives the same series (labels), only values move ----
"$hvdetect" $esxi -f prometheus --as-of 2026-11-25 > "$scratch/day1.prom"
"$hvdetect" $esxi -f prometheus --as-of 2026-11-26 > "$scratch/day2.prom"
series() { grep -v '^#' "$1" | sed 's/ [^ ]*$//'; }
[ "$(series "$scratch/day1.prom")" = "$(series "$scratch/day2.prom")" ] && pass ||
    fail "Prometheus series differ a day apart: $(series "$scratch/day1.prom" | diff - "$scratch/day2.prom")"
expect_grep 'hvdetect_policy_as_of_timestamp_seconds 1795564800$' "$scratch/day1.prom" "as-of gauge (2026-11-25)"
expect_grep 'hvdetect_build_info{version=".*",format="hvdetect-prometheus/1"} 1' "$scratch/day1.prom" "build info"

# ---- identity: host name and machine id redacted by default, the label never ----
mkdir -p "$scratch/named"
cp -r "$fixtures/kvm-qemu-generic/root" "$scratch/named/root"
mkdir -p "$scratch/named/root/etc" "$scratch/named/root/proc/sys/kernel"
echo 4c4c4544004d3510804ab4c04f564433 > "$scratch/named/root/etc/machine-id"
echo db-eu-7 > "$scratch/named/root/proc/sys/kernel/hostname"
"$hvdetect" --root "$scratch/named/root" --cpuid-dump "$fixtures/kvm-qemu-generic/cpuid.txt" -q \
    --label "billing DB" --save-evidence "$scratch/named.json"
keep_json "$scratch/named.json" bundle-named.json
expect_grep '"machine_id":[[:space:]]*"4c4c4544004d3510804ab4c04f564433"' "$scratch/named.json" "the bundle keeps the machine id"
expect_grep '"label":[[:space:]]*"billing DB"' "$scratch/named.json" "the bundle keeps the label"
"$hvdetect" --evidence "$scratch/named.json" --evidence "$scratch/bundles/bare.json" -f csv > "$scratch/named.csv"
expect_grep ',\[redacted\],\[redacted\],billing DB' "$scratch/named.csv" "fleet csv: identity redacted, label kept"
expect_grep ',,,"rack 4, slot 2"' "$scratch/named.csv" "fleet csv: a bare-metal fixture without identity files"
"$hvdetect" --evidence "$scratch/named.json" --evidence "$scratch/bundles/bare.json" --no-redact > "$scratch/named.ndjson"
expect_grep '"hvdetect_host":"db-eu-7"' "$scratch/named.ndjson" "fleet ndjson --no-redact: host name"
expect_grep '"hvdetect_machine_id":"4c4c4544004d3510804ab4c04f564433"' "$scratch/named.ndjson" "ndjson machine id"
head -n 1 "$scratch/named.ndjson" > "$scratch/line.json" && keep_json "$scratch/line.json" fleet-line.json
expect_status 0 "facts show the label" "$hvdetect" --evidence "$scratch/named.json" -f facts &&
    expect_grep '"hvdetect_label":	"billing DB"' "$scratch/out" "facts label"
expect_grep '"hvdetect_host":	"\[redacted\]"' "$scratch/out" "facts host redacted"
expect_status 64 "--label with --evidence" "$hvdetect" --evidence "$scratch/named.json" --label x

# ---- the default text answer fits 80 columns (a word longer than a line aside), candidates listed once ----
for name in vmware-esxi xen-hvm kvm-qemu-generic hyperv bare-metal empty wsl2 azure; do
    "$hvdetect" $(machine $name) --as-of 2026-11-25 > "$scratch/text.txt"
    long=$(awk 'length($0) > 80 { sub(/^ +/, ""); if (index($0, " ")) print }' "$scratch/text.txt")
    [ -z "$long" ] && pass || fail "$name: text lines over 80 columns: $long"
done
"$hvdetect" $esxi > "$scratch/text.txt"
[ "$(grep -c 'VMware Fusion' "$scratch/text.txt")" -eq 1 ] && pass ||
    fail "the text lists VMware Fusion $(grep -c 'VMware Fusion' "$scratch/text.txt") times"

# ---- the "run as root" hint only where running as root would help ----
for privileged in true false; do
    printf '{"hvdetect_evidence": 2, "collection": {"mode": "live", "privileged": "%s"}, "evidence": {"container":
        {"proc/1/environ": {"status": "denied", "detail": "Permission denied"}}}}' "$privileged" > "$scratch/denied.json"
    keep_json "$scratch/denied.json" "bundle-denied-$privileged.json"
    # The text is wrapped at 80 columns: the hint is read as one line.
    "$hvdetect" --evidence "$scratch/denied.json" | tr '\n' ' ' | tr -s ' ' > "$scratch/out"
    if [ "$privileged" = true ]; then
        grep -q "run as root" "$scratch/out" && fail "a run as root is told to run as root" || pass
        expect_grep "denied to root" "$scratch/out" "the hint as root"
    else
        expect_grep "run as root to read them" "$scratch/out" "the hint without root"
    fi
done
}

echo "check-cli: $checks checks passed, $failures failed"
[ "$failures" -eq 0 ]
