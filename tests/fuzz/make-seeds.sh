#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Rebuilds tests/fuzz/seeds/ from the project's own data: firmware tables and CPUID dumps of tests/fixtures/,
# evidence bundles that the CLI saves from those fixtures, and files of vendors/.
#
#   tests/fuzz/make-seeds.sh BUILD_DIR      (BUILD_DIR holds a built hvdetect CLI)
#
# The seeds are committed; run this again only when the fixtures or the input formats change. The seed names are
# fixture names, so the same fixtures always give the same seeds (evidence bundles carry a collection time).
set -euo pipefail

if [ $# -ne 1 ]; then
    echo "usage: $0 BUILD_DIR" >&2
    exit 2
fi
build=$1
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
fixtures=$top/tests/fixtures
seeds=$here/seeds
cli=$build/hvdetect
[ -x "$cli" ] || { echo "$0: no hvdetect CLI in $build" >&2; exit 2; }

# Machines chosen to cover SMBIOS 2.x and 3.x, OEM strings, the FADT hypervisor id, Xen, Hyper-V, VMware, KVM.
machines=(kvm-qemu-generic vmware-esxi bhyve--old-smbios hyperv aws-nitro xen-hvm virtualbox cloud-hypervisor)

# Only the corpora made here are rebuilt; fuzz_pci_id's and fuzz_config's seeds are written by hand.
made=(fuzz_smbios_entry fuzz_smbios_table fuzz_acpi fuzz_cpuid_dump fuzz_evidence fuzz_vendor_db fuzz_proc_text
    fuzz_render)
for h in "${made[@]}"; do
    rm -rf "${seeds:?}/$h"
    mkdir -p "$seeds/$h"
done

for m in "${machines[@]}"; do
    dmi=$fixtures/$m/root/sys/firmware/dmi/tables
    if [ -f "$dmi/smbios_entry_point" ]; then
        cp "$dmi/smbios_entry_point" "$seeds/fuzz_smbios_entry/$m"
        # fuzz_smbios_table: mode byte 0 (no entry point) + table; mode 2 (real entry point) + length + it + table.
        { printf '\000'; cat "$dmi/DMI"; } >"$seeds/fuzz_smbios_table/$m-no-ep"
        ep_length=$(stat -c %s "$dmi/smbios_entry_point")
        { printf '\002'; printf '%b' "\\$(printf '%03o' "$ep_length")"; cat "$dmi/smbios_entry_point" "$dmi/DMI"; } \
            >"$seeds/fuzz_smbios_table/$m-ep"
    fi
    acpi=$fixtures/$m/root/sys/firmware/acpi/tables
    for table in FACP DSDT; do
        [ -f "$acpi/$table" ] && cp "$acpi/$table" "$seeds/fuzz_acpi/$m-$table"
    done
    [ -f "$fixtures/$m/cpuid.txt" ] && cp "$fixtures/$m/cpuid.txt" "$seeds/fuzz_cpuid_dump/$m"
    cpuid=()
    [ -f "$fixtures/$m/cpuid.txt" ] && cpuid=(--cpuid-dump "$fixtures/$m/cpuid.txt")
    "$cli" --root "$fixtures/$m/root" "${cpuid[@]}" --save-evidence "$seeds/fuzz_evidence/$m.json" -q || true
    if ! [ -s "$seeds/fuzz_evidence/$m.json" ]; then
        echo "$0: warning: the CLI saved no evidence bundle for $m; no fuzz_evidence seed from it" >&2
        rm -f "$seeds/fuzz_evidence/$m.json"
    fi
done

# Bundles as hvdetect 0.1 saved them (format 1: one object per observation), which are still read: written from
# two of the bundles above by restating format 2's observations one object each.
for m in kvm-qemu-generic hyperv; do
    [ -f "$seeds/fuzz_evidence/$m.json" ] || continue
    python3 - "$seeds/fuzz_evidence/$m.json" "$seeds/fuzz_evidence/$m-format1.json" <<'PY'
import json, sys
bundle = json.load(open(sys.argv[1]))
observations = []
for source, members in bundle["evidence"].items():
    for key, value in members.items():
        item = {"source": source, "key": key}
        item.update({"value": value} if isinstance(value, str) else value)
        observations.append(item)
bundle.update({"hvdetect_evidence": 1, "evidence": observations})
json.dump(bundle, open(sys.argv[2], "w"), indent="\t")
PY
done

# fuzz_smbios_table mode 1: a made-up entry point (2.8, 32-bit, table length 0x100, 5 structures) + a table.
{ printf '\001\002\010\000\000\001\000\000\005\000'
  cat "$fixtures/kvm-qemu-generic/root/sys/firmware/dmi/tables/DMI"; } \
    >"$seeds/fuzz_smbios_table/kvm-qemu-generic-made-up-ep"

# ACPI tables other than FACP/DSDT, once each.
for t in APIC HPET MCFG WAET XSDT SRAT OEM0; do
    for f in "$fixtures"/*/root/sys/firmware/acpi/tables/"$t"; do
        [ -f "$f" ] && cp "$f" "$seeds/fuzz_acpi/$t" && break
    done
done

# fuzz_vendor_db: "NAME\n" + document (see fuzz_vendor_db.c).
vendor_seed() { # name-line file seed-name
    { printf '%s\n' "$1"; cat "$top/vendors/$2"; } >"$seeds/fuzz_vendor_db/$3"
}
vendor_seed "" kubevirt.json alone-kubevirt
vendor_seed "" technologies.json alone-technologies
vendor_seed "partial" qemu-project.json partial-qemu-project
for f in technologies.json containers.json policy.json qemu-project.json vmware.json microsoft.json xen-project.json \
    amazon.json; do
    [ -f "$top/vendors/$f" ] && vendor_seed "$f" "$f" "full-${f%.json}"
done
# Inputs that once crashed the loader (a NULL id compared, a product of an unknown technology used as an index).
printf '%s\n' 'partial' \
    '{"id":"v","name":"V","kind":"company","names":[{"name":"V"}],' \
    ' "products":[{"id":"p","name":"P","technology":"no-such-technology","kind":"server"}],' \
    ' "signatures":[{"id":"s","when":[{"source":"cpuid_signature","key":"0x40000000","op":"exact","value":"X"}],' \
    '   "products":["p"],"strength":"strong","why":"w","ref":"r"}]}' \
    >"$seeds/fuzz_vendor_db/regression-signature-product-unknown-technology"
printf '%s\n' 'partial' \
    '{"id":"v","name":"V","kind":"company","names":[{"name":"V"}],' \
    ' "products":[{"name":"P","technology":"kvm","kind":"server"}]}' \
    >"$seeds/fuzz_vendor_db/regression-product-without-id"
printf '%s\n' 'technologies.json' '{"technologies":[{"name":"No id","unpinned":[]}]}' \
    >"$seeds/fuzz_vendor_db/regression-technology-without-id"

# fuzz_proc_text: a byte choosing the file (its index in fuzz_proc_text.c's files[], the same list as here), then a
# recorded copy of that file from a fixture's tree or a recorded machine (tests/machines/*/*.json), at most two each.
python3 - "$top" "$seeds/fuzz_proc_text" <<'PY'
import glob, json, os, sys
top, out = sys.argv[1], sys.argv[2]
files = ["proc/cpuinfo", "proc/sysinfo", "proc/ppc64/lparcfg", "proc/self/status", "proc/1/environ", "proc/1/cgroup",
         "proc/self/cgroup", "proc/device-tree/compatible", "proc/device-tree/model",
         "proc/device-tree/hypervisor/compatible", "proc/device-tree/ibm,partition-name",
         "proc/device-tree/fw-cfg@9020000/compatible", "proc/xen/capabilities", "proc/version", "sys/hypervisor/type",
         "sys/bus/vmbus/devices/242ff919-07db-4180-9c2e-b86cb68c8c55/class_id", "run/systemd/container",
         "proc/sys/kernel/hostname", "etc/machine-id", "proc/user_beancounters"]
found = {f: [] for f in files}
for fixture in sorted(glob.glob(os.path.join(top, "tests/fixtures/*/root"))):
    for f in files:
        path = os.path.join(fixture, f)
        if os.path.isfile(path):
            found[f].append((os.path.basename(os.path.dirname(fixture)), open(path, "rb").read()))
for record in sorted(glob.glob(os.path.join(top, "tests/machines/*/*.json"))):
    recorded = json.load(open(record)).get("machine", {}).get("files", {})
    for f in files:
        if isinstance(recorded.get(f), str):
            found[f].append((os.path.basename(record)[:-5], recorded[f].encode()))
for index, f in enumerate(files):
    seen = set()
    for name, content in found[f]:
        if content in seen or len(seen) == 2:
            continue
        seen.add(content)
        with open(os.path.join(out, "%s--%s" % (f.replace("/", "_"), name)), "wb") as seed:
            seed.write(bytes([index]) + content)
PY

# fuzz_render: an options byte, then NUL-separated strings: the bundle's file name, then (source, key, value)
# triples (a one-byte source is the index of a known source, the last index being a collection fact). Values that
# once reached a report unescaped: C1 and bidi controls, an ESC sequence, Markdown and HTML markup, a value ending
# in a backslash, a newline in a Prometheus label, CSV quotes.
render_seed() { # name options strings...
    local name=$1 options=$2
    shift 2
    { printf '%b' "\\$(printf '%03o' "$options")"; printf '%s\0' "$@"; } >"$seeds/fuzz_render/$name"
}
render_seed kvm 0 'kvm' $'\x02' sys_vendor QEMU $'\x02' product_name 'Standard PC (Q35 + ICH9, 2009)' \
    $'\x01' 0x40000000 KVMKVMKVM
render_seed markup 1 'a<b>.json' $'\x02' product_name '<img src=x onerror=alert(1)>' $'\x02' sys_vendor \
    '[x](javascript:alert(1)) | cell \' $'\x0b' role '"quoted", and, commas'
render_seed controls 6 $'\e[31mred\e[0m' $'\x02' product_name $'\xc2\x9b31mCSI \xe2\x80\xae reversed \xe2\x81\xa6' \
    $'\x02' board_serial $'serial\nwith newline' $'\x0b' $'host\\name' $'value "with" \\ backslash'
render_seed hyperv 3 'machine,with,commas' $'\x02' sys_vendor 'Microsoft Corporation' $'\x02' product_name \
    'Virtual Machine' $'\x02' chassis_asset_tag '7783-7084-3265-9085-8269-3286-77' $'\x07' \
    'sys/bus/vmbus/devices/242ff919-07db-4180-9c2e-b86cb68c8c55/class_id' '{f8615163-df3e-46c5-913f-f2d2f965ed0e}'
render_seed csv 4 'fleet "row", one' $'\x02' sys_vendor 'VMware, Inc.' $'\x0a' hostname 'host "quoted", name' \
    $'\x0b' label $'label, with "quotes"\r\nand a line'
# Keys and values longer than the renderers' fixed buffers, of two- to four-byte characters: a key redacted in part
# (VMBus), one a signature's prefix matches (TSM), a cpuid_signature key that is no base, a long unknown signature.
long_text=$(printf 'a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80%.0s' {1..40})
render_seed long 1 'long' $'\x07' "sys/bus/vmbus/devices/x/$long_text" "$long_text" \
    $'\x07' "sys/kernel/config/tsm/report/x/$long_text" provider $'\x01' "0x400$long_text" "$long_text"

du -sh "$seeds"
