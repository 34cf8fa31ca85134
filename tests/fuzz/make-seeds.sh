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

rm -rf "$seeds"
mkdir -p "$seeds"/{fuzz_smbios_entry,fuzz_smbios_table,fuzz_acpi,fuzz_cpuid_dump,fuzz_evidence,fuzz_vendor_db}

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

du -sh "$seeds"
