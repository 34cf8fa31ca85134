#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Builds the Windows guest fixtures: evidence bundles as hvdetect.exe records them on a live Windows guest.

    python3 tests/fixtures-windows/build-fixtures.py build/hvdetect

The hardware facts (CPUID, SMBIOS, ACPI headers, PCI ids, MAC prefixes) are those of the Linux fixture of the same
platform (tests/fixtures/<platform>, built from the shared corpus): the Linux hvdetect given as argument reads that
fixture's root and CPUID dump, and the observations are rewritten into the shape the Windows probes give them:

  * cpuid: the same leaves; no brand string, and libcpuid_hypervisor "unavailable" (the Windows build executes CPUID
    with the compiler's intrinsic);
  * smbios and dmi: decoded from the RSMB table, so the DMI fields are the table's own fields, and the version comes
    from the RawSMBIOSData header;
  * acpi: the same table headers;
  * pci: keyed by device instance id (PCI\\VEN_..&DEV_..&SUBSYS_..&REV_..\\3&..&0&<devfn>);
  * net: adapters named as Windows names them ("Ethernet", "Ethernet 2");
  * platform, container: none (those are Linux files);
  * windows: the version and edition of the recorded guest, Hyper-V's data exchange parameters where the host
    provides them, and the guest tools each platform's guests usually run (written here, per fixture).

Windows on arm64 has no CPUID and no Linux fixture to start from: its machines (ARM64_RECORDS) are public records of
what Windows showed on them (systeminfo, msinfo32), each linked in its expected.json. Their
bundles hold only the facts the record shows, in the shape hvdetect.exe records them: the SMBIOS fields as dmi and
smbios observations, the Windows version where the record gives it, and CPUID recorded as a build for a non-x86
target records it (absent: this architecture has no CPUID, src/probes/cpuid_live_none.c).

Each <name>/expected.json says what the machine is, and the support tier it gets with the agreement unknown on
2026-11-25. The script needs only the Python 3 standard library and always gives the same bytes.
"""

import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
LINUX_FIXTURES = os.path.join(os.path.dirname(HERE), "fixtures")
COLLECTED_AT = "2026-11-25T10:00:00Z"
DMI_FIELDS = {
    "bios_vendor", "bios_version", "bios_date", "sys_vendor", "product_name", "product_version", "product_serial",
    "product_uuid", "product_sku", "product_family", "board_vendor", "board_name", "board_version", "board_serial",
    "board_asset_tag", "chassis_vendor", "chassis_type", "chassis_version", "chassis_serial", "chassis_asset_tag",
}


def windows_release(version, build, product_name, edition, installation_type, display_version=None):
    facts = [("version", version, "RtlGetVersion"), ("product_name", product_name, None), ("edition", edition, None),
             ("installation_type", installation_type, None)]
    if display_version:
        facts.append(("display_version", display_version, None))
    facts.append(("build", build, None))
    return facts


SERVER_2019 = windows_release("10.0.17763", "17763.5329", "Windows Server 2019 Datacenter", "ServerDatacenter",
                              "Server")
SERVER_2022 = windows_release("10.0.20348", "20348.2227", "Windows Server 2022 Datacenter", "ServerDatacenter",
                              "Server", "21H2")
SERVER_2016 = windows_release("10.0.14393", "14393.6614", "Windows Server 2016 Standard", "ServerStandard", "Server")
WINDOWS_10 = windows_release("10.0.19045", "19045.3930", "Windows 10 Pro", "Professional", "Client", "22H2")
WINDOWS_11 = windows_release("10.0.22631", "22631.3007", "Windows 10 Pro", "Professional", "Client", "23H2")
NO_GUEST_PARAMETERS = [("guest_parameters", None, "absent",
                        "no Hyper-V data exchange parameters (HKLM\\SOFTWARE\\Microsoft\\Virtual Machine\\Guest"
                        "\\Parameters)")]


def guest_parameters(host, fqdn, vm_name, vm_id):
    return [("guest_parameters.HostName", host, "ok", None),
            ("guest_parameters.PhysicalHostName", host, "ok", None),
            ("guest_parameters.PhysicalHostNameFullyQualified", fqdn, "ok", None),
            ("guest_parameters.VirtualMachineName", vm_name, "ok", None),
            ("guest_parameters.VirtualMachineId", vm_id, "ok", None)]


def services(*pairs):
    return [("service." + name, state, "ok", None) for name, state in pairs]


def registry(*paths):
    return [("registry.HKLM\\" + path, "present", "ok", None) for path in paths]


# name: (Linux fixture, Windows release, further windows observations, tier, what the machine is)
FIXTURES = {
    "windows-vmware-esxi": (
        "vmware-esxi", SERVER_2019,
        NO_GUEST_PARAMETERS + services(("VMTools", "running"), ("vmci", "running"))
        + registry("SOFTWARE\\VMware, Inc.\\VMware Tools"),
        "undetermined",
        "Windows Server 2019 guest on ESXi with VMware Tools; as for Linux, ESXi, Workstation and Fusion stay "
        "candidates (the tools are the same on all three)."),
    "windows-hyperv": (
        "hyperv", SERVER_2022,
        guest_parameters("HV-HOST-07", "HV-HOST-07.corp.example.com", "APP-SERVER-12",
                         "5F3C2A91-0B7E-4D1C-9A2B-6E8F0D4C3B21")
        + [("vmbus_devices.count", "14", "ok", None)],
        "microsoft",
        "Windows Server 2022 Generation 2 guest on Hyper-V, with the data exchange parameters the host writes."),
    "windows-kvm": (
        "kvm-qemu-generic", WINDOWS_10,
        NO_GUEST_PARAMETERS + services(("QEMU-GA", "running"), ("vioscsi", "running"), ("netkvm", "running"))
        + services(("viostor", "stopped")),
        "not-supported",
        "Windows 10 guest on upstream QEMU/KVM (QEMU's own SMBIOS strings) with the virtio-win drivers and the QEMU "
        "guest agent."),
    "windows-virtualbox": (
        "virtualbox", WINDOWS_11,
        NO_GUEST_PARAMETERS + services(("VBoxService", "running"), ("VBoxGuest", "running"))
        + registry("SOFTWARE\\Oracle\\VirtualBox Guest Additions"),
        "not-supported",
        "Windows 11 guest on VirtualBox with the Guest Additions."),
    "windows-xenserver": (
        "xenserver", SERVER_2016,
        NO_GUEST_PARAMETERS + services(("xenbus", "running"), ("xenvbd", "running"), ("xennet", "running"),
                                       ("XenSvc", "running"))
        + registry("SOFTWARE\\Citrix\\XenTools"),
        "not-supported",
        "Windows Server 2016 HVM guest on Citrix XenServer with Citrix VM Tools."),
    "windows-azure": (
        "azure--gen1", SERVER_2019,
        guest_parameters("BL2AAP011140122", "BL2AAP011140122", "7b4c2d51-9e3a-4f60-8d2b-1a5e6c7f8091",
                         "0C1F3D4A-5B6E-4F70-8A9B-C0D1E2F30415")
        + [("vmbus_devices.count", "9", "ok", None)],
        "microsoft",
        "Windows Server 2019 Generation 1 virtual machine on Azure: Hyper-V plus the Azure cloud."),
    "windows-hyperv-root-partition": (
        "hyperv-root-partition", SERVER_2022, NO_GUEST_PARAMETERS,
        "not-virtualized",
        "Windows Server 2022 with the Hyper-V role: the root partition hosts the hypervisor and is not a guest."),
}


# Windows on arm64, from public records. name: the record's link, what it shows, the SMBIOS fields it gives (as the DMI
# keys), the Windows facts it gives, what the machine is (the expected.json fields), the tier, and why.
PHYSICAL = {"virtualized": False, "cloud": None, "concealed": False}
ARM64_RECORDS = {
    "windows-arm64-parallels": (
        "https://github.com/SoftEtherVPN/SoftEtherVPN/issues/2028",
        "systeminfo in Windows 11 Pro (10.0.22631, ARM64-based PC) on an Apple M1 Max Mac",
        [("sys_vendor", "Parallels International GmbH."), ("product_name", "Parallels ARM Virtual Machine")],
        None, [("version", "10.0.22631", "RtlGetVersion")],
        {"virtualized": True, "role": "guest", "technology": "parallels", "product": "parallels-desktop",
         "vendor": "parallels", "cloud": None, "concealed": False},
        "not-supported",
        "Windows 11 on arm64 in Parallels Desktop on Apple silicon: Parallels' arm64 firmware names the product "
        "'Parallels ARM Virtual Machine'. Parallels has no support relationship with Microsoft."),
    "windows-arm64-vmware-fusion": (
        "https://github.com/thebookisclosed/AmperageKit/issues/2",
        "msinfo32 in Windows 11 Enterprise (10.0.26100, ARM64-based PC) on an M1 MacBook Air running VMware Fusion",
        [("bios_vendor", "VMware, Inc."), ("bios_version", "VMW201.00V.21805430.BA64.2305221830"),
         ("sys_vendor", "VMware, Inc."), ("product_name", "VMware20,1"), ("product_sku", "0000000000000001"),
         ("board_vendor", "VMware, Inc."), ("board_name", "VBSA"), ("board_version", "1")],
        "3.2", [("version", "10.0.26100", "RtlGetVersion")],
        {"virtualized": True, "role": "guest", "technology": "vmware", "product": None,
         "candidates": ["vmware-fusion", "vmware-esxi"], "vendor": "vmware", "cloud": None, "concealed": False},
        "undetermined",
        "Windows 11 on arm64 in VMware Fusion on Apple silicon. VMware's arm64 firmware (board 'VBSA', BIOS "
        "'.BA64.') is the same on ESXi-Arm, so from the firmware alone Fusion and ESXi stay candidates, as for the "
        "Linux guest (tests/fixtures/vmware-fusion); their tiers differ."),
    "windows-arm64-surface-laptop-7": (
        "https://github.com/vadimgrn/usbip-win2/issues/145",
        "systeminfo in Windows 11 Pro (10.0.26200, ARM64-based PC) on a Snapdragon X Surface Laptop",
        [("sys_vendor", "Microsoft Corporation"), ("product_name", "Microsoft Surface Laptop, 7th Edition")],
        None, [("version", "10.0.26200", "RtlGetVersion")],
        PHYSICAL, "not-virtualized",
        "Physical Surface Laptop, 7th Edition (Snapdragon X): Microsoft names its arm64 Surfaces 'Microsoft "
        "Surface ...'. Whether Windows ran on the Hyper-V hypervisor (VBS) the record does not say, so only "
        "'not a guest' is expected."),
    "windows-arm64-lenovo-83ed": (
        "https://github.com/dorssel/usbipd-win/issues/1076",
        "systeminfo in Windows 11 Pro (10.0.26100, ARM64-based PC) on a Snapdragon X Elite Lenovo laptop",
        [("sys_vendor", "LENOVO"), ("product_name", "83ED")],
        None, [("version", "10.0.26100", "RtlGetVersion")],
        PHYSICAL, "not-virtualized",
        "Physical Lenovo laptop (machine type 83ED, Snapdragon X Elite). Whether Windows ran on the Hyper-V "
        "hypervisor (VBS) the record does not say, so only 'not a guest' is expected."),
}


def observation(source, key, value, status="ok", detail=None):
    item = {"source": source, "key": key, "value": value if value is not None else "", "status": status}
    if detail:
        item["detail"] = detail
    return item


def pci_instance_id(slot, ids, subsystem):
    vendor, device = ids.split(":")
    subsys = "00000000"
    if subsystem:
        sub_vendor, sub_device = subsystem.split(":")
        subsys = (sub_device + sub_vendor).upper()
    match = re.match(r"^[0-9a-f]{4}:([0-9a-f]{2}):([0-9a-f]{2})\.([0-7])$", slot)
    bus, dev, fn = (int(match.group(i), 16) for i in (1, 2, 3)) if match else (0, 0, 0)
    location = "%x" % ((dev << 3) | fn) if bus == 0 else "%x%02x" % (bus, (dev << 3) | fn)
    return "PCI\\VEN_%s&DEV_%s&SUBSYS_%s&REV_00\\3&267a616a&0&%s" % (vendor.upper(), device.upper(), subsys,
                                                                        location.upper())


def windows_evidence(linux, release, extra):
    evidence = []
    by_key = {(item["source"], item["key"]): item for item in linux}
    for item in linux:
        if item["source"] == "cpuid" and item["key"] != "brand":
            evidence.append(item)
            if item["key"] == "hypervisor_bit":
                evidence.append(observation("cpuid", "libcpuid_hypervisor", None, "unavailable",
                                            "libcpuid is not part of this build; CPUID executed with the "
                                            "compiler's intrinsic"))
    smbios = [item for item in linux if item["source"] == "smbios"]
    for item in smbios:
        if item["key"] in DMI_FIELDS and item["status"] == "ok":
            evidence.append(observation("dmi", item["key"], item["value"], "ok",
                                        "from the SMBIOS table (GetSystemFirmwareTable('RSMB'))"))
    for item in smbios:
        if item["key"] == "version":
            evidence.append(observation("smbios", "version", item["value"], "ok",
                                        "from the RawSMBIOSData header of GetSystemFirmwareTable('RSMB')"))
            continue
        evidence.append(observation("smbios", item["key"], item["value"], item["status"]))
    pci = [item for item in linux if item["source"] == "pci" and item["status"] == "ok" and
           re.match(r"^[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]$", item["key"])]
    for item in pci:
        slot = item["key"]
        subsystem = by_key.get(("pci", slot + ".subsystem"))
        instance = pci_instance_id(slot, item["value"], subsystem["value"] if subsystem else None)
        evidence.append(observation("pci", instance, item["value"]))
        if subsystem:
            evidence.append(observation("pci", instance + ".subsystem", subsystem["value"]))
        klass = by_key.get(("pci", slot + ".class"))
        if klass:
            evidence.append(observation("pci", instance + ".class", klass["value"]))
    if not pci:
        evidence.append(observation("pci", "PCI", None, "absent", "no PCI devices listed by SetupAPI"))
    evidence.extend(item for item in linux if item["source"] == "acpi")
    adapters = {}
    for item in linux:
        if item["source"] == "net" and item["status"] == "ok":
            interface, field = item["key"].rsplit(".", 1)
            if interface not in adapters:
                adapters[interface] = "Ethernet" if not adapters else "Ethernet %d" % (len(adapters) + 1)
            evidence.append(observation("net", adapters[interface] + "." + field, item["value"]))
    for key, value, detail in release:
        evidence.append(observation("windows", key, value, "ok", detail))
    for key, value, status, detail in extra:
        evidence.append(observation("windows", key, value, status, detail))
    return evidence


def arm64_evidence(dmi, smbios_version, release):
    """A record's facts as hvdetect.exe on arm64 records them: no CPUID, the SMBIOS fields from RSMB."""
    evidence = [observation("cpuid", "cpuid", None, "absent", "this architecture has no CPUID")]
    for key, value in dmi:
        evidence.append(observation("dmi", key, value, "ok", "from the SMBIOS table (GetSystemFirmwareTable('RSMB'))"))
    if smbios_version:
        evidence.append(observation("smbios", "version", smbios_version, "ok",
                                    "from the RawSMBIOSData header of GetSystemFirmwareTable('RSMB')"))
    evidence.extend(observation("smbios", key, value) for key, value in dmi)
    evidence.extend(observation("windows", key, value, "ok", detail) for key, value, detail in release)
    return evidence


def linux_evidence(hvdetect, platform):
    directory = os.path.join(LINUX_FIXTURES, platform)
    with tempfile.TemporaryDirectory() as temporary:
        bundle = os.path.join(temporary, "evidence.json")
        arguments = [hvdetect, "--root", os.path.join(directory, "root"), "--save-evidence", bundle, "-q"]
        dump = os.path.join(directory, "cpuid.txt")
        if os.path.exists(dump):
            arguments += ["--cpuid-dump", dump]
        subprocess.run(arguments, check=False)
        with open(bundle, encoding="utf-8") as handle:
            return observations_of(json.load(handle)["evidence"])


def observations_of(sources):
    """The observations of a bundle (format 2: {source: {key: value or {value, status, detail}}}), in order."""
    observations = []
    for source, members in sources.items():
        for key, value in members.items():
            fields = {"value": value} if isinstance(value, str) else value
            observations.append(observation(source, key, fields.get("value"), fields.get("status", "ok"),
                                            fields.get("detail")))
    return observations


def grouped(observations):
    """Observations as a format 2 bundle writes them: a read value alone, an object for a detail or a status."""
    sources = {}
    for item in observations:
        if item["status"] == "ok" and not item.get("detail"):
            value = item["value"]
        elif item["status"] == "ok":
            value = {"value": item["value"], "detail": item["detail"]}
        else:
            value = {"status": item["status"]}
            if item.get("detail"):
                value["detail"] = item["detail"]
        sources.setdefault(item["source"], {})[item["key"]] = value
    return sources


def bundle_of(evidence, arch, cpuid_reader):
    collection = {"tool_version": "0.1.0", "collected_at": COLLECTED_AT, "mode": "live", "cpuid_source": "live",
                  "os": "Windows", "arch": arch}
    if cpuid_reader:
        collection["cpuid_reader"] = cpuid_reader
    return {"hvdetect_evidence": 2, "collection": collection, "evidence": grouped(evidence)}


def windows_expected(expected, tier, why):
    """What every Windows machine's expected.json adds: no containers looked for, no guest type, the tier, why."""
    expected["containers"] = []
    expected["guest_type"] = None  # /sys/hypervisor is Linux's: Windows evidence does not say
    expected["tier"] = tier
    expected["why"] = why
    return expected


def write_fixture(name, bundle, expected):
    os.makedirs(os.path.join(HERE, name), exist_ok=True)
    for filename, content in (("evidence.json", bundle), ("expected.json", expected)):
        with open(os.path.join(HERE, name, filename), "w", encoding="utf-8") as handle:
            json.dump(content, handle, indent=2, ensure_ascii=False)
            handle.write("\n")


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: build-fixtures.py PATH-TO-LINUX-HVDETECT")
    hvdetect = sys.argv[1]
    for name, (platform, release, extra, tier, why) in sorted(FIXTURES.items()):
        evidence = windows_evidence(linux_evidence(hvdetect, platform), release, extra)
        with open(os.path.join(LINUX_FIXTURES, platform, "expected.json"), encoding="utf-8") as handle:
            linux_expected = json.load(handle)
        expected = {"platform": name, "linux_fixture": platform, "corpus": linux_expected.get("corpus")}
        for field in ("virtualized", "role", "technology", "product", "candidates", "vendor", "cloud", "concealed"):
            if field in linux_expected:
                expected[field] = linux_expected[field]
        write_fixture(name, bundle_of(evidence, "x86_64", "compiler intrinsic (__cpuid_count)"),
                      windows_expected(expected, tier, why))
    for name, (link, shows, dmi, smbios_version, release, machine, tier, why) in sorted(ARM64_RECORDS.items()):
        expected = {"platform": name, "record": link, "record_shows": shows, **machine}
        write_fixture(name, bundle_of(arm64_evidence(dmi, smbios_version, release), "aarch64", None),
                      windows_expected(expected, tier, why))


if __name__ == "__main__":
    main()
