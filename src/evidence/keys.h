/* SPDX-License-Identifier: MIT */
#ifndef HVD_EVIDENCE_KEYS_H
#define HVD_EVIDENCE_KEYS_H

/* The evidence vocabulary: every source and key an observation can have, declared once. Probes take their keys from
 * here, the engine refers to keys through here, the vendor database is checked against it (a signature whose key no
 * probe produces is an error, not a rule that silently never matches), redaction reads its identifier flag, and
 * vendors/README.md's key table is rendered from it (tests/test_keys.c keeps the two equal). */

#include <stddef.h>

/* The evidence sources; facts are grouped by them. */
typedef enum hvd__source {
    HVD__SOURCE_CPUID,
    HVD__SOURCE_CPUID_SIGNATURE,
    HVD__SOURCE_DMI,
    HVD__SOURCE_SMBIOS,
    HVD__SOURCE_PCI,
    HVD__SOURCE_ACPI,
    HVD__SOURCE_NET,
    HVD__SOURCE_PLATFORM,
    HVD__SOURCE_CONTAINER,
    HVD__SOURCE_WINDOWS,
    HVD__SOURCE_HOST,
    HVD__SOURCE_OTHER, /* recorded, but no signature can name it */
    HVD__SOURCE_COUNT_
} hvd__source;

/* The index of a source name (HVD__SOURCE_OTHER when it is none of the known ones), and the known names. */
hvd__source hvd__source_index(const char *name);
extern const char *const hvd__source_names[HVD__SOURCE_OTHER + 1];

/* Where a key is produced. */
enum { HVD__ON_LINUX = 1u, HVD__ON_WINDOWS = 2u, HVD__ON_ANY = 3u };

/* What a key is: one set of bits, declared together so that no two kinds share one.
 *  - IDENTIFIER: the value identifies the machine (reports redact it);
 *  - STATUS: the key only ever says why something was not read (its observations carry no value), or, for a
 *    CONTAINER_SOURCE, that it was;
 *  - DERIVED: made by the engine from other observations, never recorded;
 *  - FILE: a platform key that is a file under the root, recorded as its content (the platform probe reads each);
 *  - MARKER: a platform key that is a path whose existence is the fact, recorded as `present` (a device node, never
 *    opened, or a directory);
 *  - KEY_IDENTIFIER: what the pattern's '*' stands for identifies the machine (a VMBus device's instance GUID):
 *    reports redact that part of the key itself;
 *  - CONTAINER_SOURCE: a file that must have been read before the containers found (none, or some) are all there
 *    are: PID 1's
 *    environment (where LXC, systemd-nspawn and Podman name themselves) and this process's mounts (where Docker,
 *    containerd and CRI-O bind the container's own files). Cgroup paths and status lines are not of this kind: under
 *    a cgroup namespace a container's cgroups read "/" like a host's. A STATUS key of this kind is recorded as `read`
 *    when its file was read. */
enum {
    HVD__KIND_VALUE = 0u,
    HVD__KIND_IDENTIFIER = 1u,
    HVD__KIND_STATUS = 2u,
    HVD__KIND_DERIVED = 4u,
    HVD__KIND_FILE = 8u,
    HVD__KIND_MARKER = 16u,
    HVD__KIND_KEY_IDENTIFIER = 32u,
    HVD__KIND_CONTAINER_SOURCE = 64u,
};

/* X(ID, source, pattern, probe, systems, kind, meaning). A pattern has at most one '*', standing for the part a
 * probe fills in (a PCI slot, a CPUID base, an ACPI table name, a path component). Identifiers (serial numbers,
 * UUIDs, asset tags, host names) are redacted in reports unless asked not to. */
#define HVD__EVIDENCE_KEYS(X)                                                                                          \
    X(CPUID_VENDOR, CPUID, "vendor", "cpuid", HVD__ON_ANY, HVD__KIND_VALUE, "CPU vendor from leaf 0 (`GenuineIntel`)") \
    X(CPUID_BRAND, CPUID, "brand", "cpuid", HVD__ON_ANY, HVD__KIND_VALUE, "brand string of leaves 0x80000002..4")     \
    X(CPUID_HYPERVISOR_BIT, CPUID, "hypervisor_bit", "cpuid", HVD__ON_ANY, HVD__KIND_VALUE,                            \
      "`1` or `0`: leaf 1 ECX bit 31, hypervisor present")                                                             \
    X(CPUID_BASE_SIGNATURE, CPUID, "*.signature", "cpuid", HVD__ON_ANY, HVD__KIND_VALUE,                               \
      "the 12-byte signature of a hypervisor base (`0x40000000.signature`), NULs removed (`KVMKVMKVM`)")               \
    X(CPUID_BASE_MAX, CPUID, "*.max", "cpuid", HVD__ON_ANY, HVD__KIND_VALUE, "a hypervisor base's highest leaf")      \
    X(CPUID_BASE_INTERFACE, CPUID, "*.interface", "cpuid", HVD__ON_ANY, HVD__KIND_VALUE,                               \
      "EAX of base+1 as four characters (`Hv#1`)")                                                                     \
    X(CPUID_LEAF, CPUID, "leaf.*", "cpuid", HVD__ON_ANY, HVD__KIND_VALUE,                                              \
      "`eax=0x... ebx=0x... ecx=0x... edx=0x...` of leaves 0 and 1, of the confidential-computing leaves 0x21 and "   \
      "0x8000001f where the CPU has them, and of every leaf in a base's range")                                       \
    X(CPUID_TDX_SIGNATURE, CPUID, "0x00000021.signature", "cpuid", HVD__ON_ANY, HVD__KIND_VALUE,                       \
      "leaf 0x21's signature (EBX, EDX, ECX), `IntelTDX` in an Intel TDX trust domain")                              \
    X(CPUID_LIBCPUID_HYPERVISOR, CPUID, "libcpuid_hypervisor", "cpuid", HVD__ON_LINUX, HVD__KIND_VALUE,                \
      "libcpuid's own opinion (`cpuid_get_hypervisor`), live runs only")                                              \
    X(CPUID_DUMP, CPUID, "dump", "cpuid", HVD__ON_ANY, HVD__KIND_STATUS, "a CPUID dump that could not be read")        \
    X(CPUID_NOT_READ, CPUID, "cpuid", "cpuid", HVD__ON_ANY, HVD__KIND_STATUS, "why CPUID was not read")               \
    X(CPUID_SIGNATURE_AT, CPUID_SIGNATURE, "*", "engine", HVD__ON_ANY, HVD__KIND_DERIVED,                              \
      "the signature at a base (`0x40000100`): matches signatures at any base")                                       \
    X(DMI_DIRECTORY, DMI, "sys/class/dmi/id", "smbios", HVD__ON_LINUX, HVD__KIND_STATUS, "no DMI in sysfs")            \
    X(DMI_BIOS_VENDOR, DMI, "bios_vendor", "smbios", HVD__ON_ANY, HVD__KIND_VALUE, "BIOS vendor (type 0)")             \
    X(DMI_BIOS_VERSION, DMI, "bios_version", "smbios", HVD__ON_ANY, HVD__KIND_VALUE, "BIOS version (type 0)")          \
    X(DMI_BIOS_DATE, DMI, "bios_date", "smbios", HVD__ON_ANY, HVD__KIND_VALUE, "BIOS release date (type 0)")           \
    X(DMI_BIOS_RELEASE, DMI, "bios_release", "smbios", HVD__ON_LINUX, HVD__KIND_VALUE, "BIOS release (type 0)")       \
    X(DMI_EC_FIRMWARE_RELEASE, DMI, "ec_firmware_release", "smbios", HVD__ON_LINUX, HVD__KIND_VALUE,                   \
      "embedded controller firmware release (type 0)")                                                                 \
    X(DMI_SYS_VENDOR, DMI, "sys_vendor", "smbios", HVD__ON_ANY, HVD__KIND_VALUE, "system manufacturer (type 1)")      \
    X(DMI_PRODUCT_NAME, DMI, "product_name", "smbios", HVD__ON_ANY, HVD__KIND_VALUE, "product name (type 1)")         \
    X(DMI_PRODUCT_VERSION, DMI, "product_version", "smbios", HVD__ON_ANY, HVD__KIND_VALUE, "product version (type 1)") \
    X(DMI_PRODUCT_SERIAL, DMI, "product_serial", "smbios", HVD__ON_ANY, HVD__KIND_IDENTIFIER,                          \
      "system serial number (type 1)")                                                                                 \
    X(DMI_PRODUCT_UUID, DMI, "product_uuid", "smbios", HVD__ON_ANY, HVD__KIND_IDENTIFIER, "system UUID (type 1)")     \
    X(DMI_PRODUCT_SKU, DMI, "product_sku", "smbios", HVD__ON_ANY, HVD__KIND_VALUE, "SKU number (type 1)")             \
    X(DMI_PRODUCT_FAMILY, DMI, "product_family", "smbios", HVD__ON_ANY, HVD__KIND_VALUE, "product family (type 1)")   \
    X(DMI_BOARD_VENDOR, DMI, "board_vendor", "smbios", HVD__ON_ANY, HVD__KIND_VALUE, "baseboard manufacturer (type 2)") \
    X(DMI_BOARD_NAME, DMI, "board_name", "smbios", HVD__ON_ANY, HVD__KIND_VALUE, "baseboard product (type 2)")        \
    X(DMI_BOARD_VERSION, DMI, "board_version", "smbios", HVD__ON_ANY, HVD__KIND_VALUE, "baseboard version (type 2)")   \
    X(DMI_BOARD_SERIAL, DMI, "board_serial", "smbios", HVD__ON_ANY, HVD__KIND_IDENTIFIER,                              \
      "baseboard serial number (type 2)")                                                                              \
    X(DMI_BOARD_ASSET_TAG, DMI, "board_asset_tag", "smbios", HVD__ON_ANY, HVD__KIND_IDENTIFIER,                        \
      "baseboard asset tag (type 2)")                                                                                  \
    X(DMI_CHASSIS_VENDOR, DMI, "chassis_vendor", "smbios", HVD__ON_ANY, HVD__KIND_VALUE, "chassis manufacturer (type 3)") \
    X(DMI_CHASSIS_TYPE, DMI, "chassis_type", "smbios", HVD__ON_ANY, HVD__KIND_VALUE,                                   \
      "chassis type as its SMBIOS number (`1` Other, `23` Rack Mount Chassis)")                                       \
    X(DMI_CHASSIS_VERSION, DMI, "chassis_version", "smbios", HVD__ON_ANY, HVD__KIND_VALUE, "chassis version (type 3)") \
    X(DMI_CHASSIS_SERIAL, DMI, "chassis_serial", "smbios", HVD__ON_ANY, HVD__KIND_IDENTIFIER,                          \
      "chassis serial number (type 3)")                                                                                \
    X(DMI_CHASSIS_ASSET_TAG, DMI, "chassis_asset_tag", "smbios", HVD__ON_ANY, HVD__KIND_IDENTIFIER,                    \
      "chassis asset tag (type 3); Azure's fixed public tag is kept")                                                 \
    X(DMI_MODALIAS, DMI, "modalias", "smbios", HVD__ON_LINUX, HVD__KIND_VALUE, "the kernel's DMI modalias")            \
    X(SMBIOS_VERSION, SMBIOS, "version", "smbios", HVD__ON_ANY, HVD__KIND_VALUE, "the entry point's SMBIOS version (`3.0`)") \
    X(SMBIOS_OEM_STRING, SMBIOS, "oem_string.*", "smbios", HVD__ON_ANY, HVD__KIND_VALUE,                               \
      "SMBIOS type 11 OEM strings, numbered from 1")                                                                  \
    X(SMBIOS_VM_BIT, SMBIOS, "vm_bit", "smbios", HVD__ON_ANY, HVD__KIND_VALUE,                                         \
      "`1` or `0`: BIOS characteristics extension byte 2 bit 4, \"system is a virtual machine\"")                    \
    X(SMBIOS_ENTRY_POINT, SMBIOS, "entry_point", "smbios", HVD__ON_ANY, HVD__KIND_STATUS, "the SMBIOS entry point")    \
    X(SMBIOS_TABLE, SMBIOS, "table", "smbios", HVD__ON_ANY, HVD__KIND_STATUS, "the raw SMBIOS table")                  \
    X(PCI_DIRECTORY, PCI, "sys/bus/pci/devices", "pci", HVD__ON_LINUX, HVD__KIND_STATUS, "no PCI bus in sysfs")         \
    X(PCI_LIST, PCI, "PCI", "pci", HVD__ON_WINDOWS, HVD__KIND_STATUS, "no PCI device list")                           \
    X(PCI_SUBSYSTEM, PCI, "*.subsystem", "pci", HVD__ON_ANY, HVD__KIND_VALUE, "a device's subsystem `vendor:device`")  \
    X(PCI_CLASS, PCI, "*.class", "pci", HVD__ON_ANY, HVD__KIND_VALUE, "a device's class, six hex digits")             \
    X(PCI_DEVICE, PCI, "*", "pci", HVD__ON_ANY, HVD__KIND_VALUE,                                                       \
      "the device in a slot (`0000:00:03.0`): `vendor:device`, lowercase hex (`1af4:1041`)")                          \
    X(ACPI_DIRECTORY, ACPI, "sys/firmware/acpi/tables", "acpi", HVD__ON_LINUX, HVD__KIND_STATUS, "no ACPI tables")     \
    X(ACPI_TABLES, ACPI, "tables", "acpi", HVD__ON_WINDOWS, HVD__KIND_STATUS, "no ACPI table list")                   \
    X(ACPI_SIGNATURE, ACPI, "*.signature", "acpi", HVD__ON_ANY, HVD__KIND_VALUE, "a table's signature")               \
    X(ACPI_OEM_ID, ACPI, "*.oem_id", "acpi", HVD__ON_ANY, HVD__KIND_VALUE, "a table's OEM id (`FACP.oem_id`)")        \
    X(ACPI_OEM_TABLE_ID, ACPI, "*.oem_table_id", "acpi", HVD__ON_ANY, HVD__KIND_VALUE, "a table's OEM table id")      \
    X(ACPI_OEM_REVISION, ACPI, "*.oem_revision", "acpi", HVD__ON_ANY, HVD__KIND_VALUE, "a table's OEM revision")      \
    X(ACPI_CREATOR_ID, ACPI, "*.creator_id", "acpi", HVD__ON_ANY, HVD__KIND_VALUE, "a table's creator id")            \
    X(ACPI_CREATOR_REVISION, ACPI, "*.creator_revision", "acpi", HVD__ON_ANY, HVD__KIND_VALUE,                          \
      "a table's creator revision")                                                                                    \
    X(ACPI_REVISION, ACPI, "*.revision", "acpi", HVD__ON_ANY, HVD__KIND_VALUE, "a table's revision")                  \
    X(ACPI_HYPERVISOR_VENDOR_ID, ACPI, "*.hypervisor_vendor_id", "acpi", HVD__ON_ANY, HVD__KIND_VALUE,                 \
      "the FADT \"hypervisor vendor identity\" (`FACP.hypervisor_vendor_id` = `FIRECKVM`)")                          \
    X(ACPI_TABLE, ACPI, "*", "acpi", HVD__ON_ANY, HVD__KIND_STATUS, "a table that could not be read")                 \
    X(NET_DIRECTORY, NET, "sys/class/net", "net", HVD__ON_LINUX, HVD__KIND_STATUS, "no network interfaces in sysfs")   \
    X(NET_ADAPTERS, NET, "adapters", "net", HVD__ON_WINDOWS, HVD__KIND_STATUS, "no network adapters")                 \
    X(NET_OUI, NET, "*.oui", "net", HVD__ON_ANY, HVD__KIND_VALUE, "the first three octets of an interface's MAC")     \
    X(NET_LOCAL, NET, "*.local", "net", HVD__ON_ANY, HVD__KIND_VALUE, "`1` when the MAC is locally administered")     \
    X(NET_ADDRESS, NET, "*.address", "net", HVD__ON_LINUX, HVD__KIND_STATUS, "an unreadable MAC address")             \
    X(PLATFORM_HYPERVISOR_TYPE, PLATFORM, "sys/hypervisor/type", "platform", HVD__ON_LINUX, HVD__KIND_VALUE | HVD__KIND_FILE,           \
      "the hypervisor the kernel runs on (`xen`)")                                                                     \
    X(PLATFORM_XEN_GUEST_TYPE, PLATFORM, "sys/hypervisor/guest_type", "platform", HVD__ON_LINUX, HVD__KIND_VALUE | HVD__KIND_FILE,      \
      "how Xen virtualizes this domain: `PV`, `HVM`, `PVH`")                                                          \
    X(PLATFORM_HYPERVISOR_UUID, PLATFORM, "sys/hypervisor/uuid", "platform", HVD__ON_LINUX, HVD__KIND_IDENTIFIER | HVD__KIND_FILE,      \
      "the domain's UUID")                                                                                             \
    X(PLATFORM_XEN_MAJOR, PLATFORM, "sys/hypervisor/version/major", "platform", HVD__ON_LINUX, HVD__KIND_VALUE | HVD__KIND_FILE,        \
      "Xen's major version")                                                                                           \
    X(PLATFORM_XEN_MINOR, PLATFORM, "sys/hypervisor/version/minor", "platform", HVD__ON_LINUX, HVD__KIND_VALUE | HVD__KIND_FILE,        \
      "Xen's minor version")                                                                                           \
    X(PLATFORM_XEN_EXTRA, PLATFORM, "sys/hypervisor/version/extra", "platform", HVD__ON_LINUX, HVD__KIND_VALUE | HVD__KIND_FILE,        \
      "Xen's version suffix (`.0-xs`, `-amazon`)")                                                                    \
    X(PLATFORM_XEN_PROPERTY, PLATFORM, "sys/hypervisor/properties/*", "platform", HVD__ON_LINUX, HVD__KIND_VALUE,      \
      "Xen's properties (`features`: the XENFEAT bits, `capabilities`)")                                              \
    X(PLATFORM_XEN_CAPABILITIES, PLATFORM, "proc/xen/capabilities", "platform", HVD__ON_LINUX, HVD__KIND_VALUE | HVD__KIND_FILE,        \
      "`control_d` in Xen's control domain, empty in a domU")                                                          \
    X(PLATFORM_XEN_BUS, PLATFORM, "sys/bus/xen", "platform", HVD__ON_LINUX, HVD__KIND_VALUE | HVD__KIND_MARKER,         \
      "`present`: the kernel's Xen bus, which it registers only in a Xen domain")                                     \
    X(PLATFORM_OSRELEASE, PLATFORM, "proc/sys/kernel/osrelease", "platform", HVD__ON_LINUX, HVD__KIND_VALUE | HVD__KIND_FILE,           \
      "the kernel release (`...-microsoft-standard-WSL2`)")                                                           \
    X(PLATFORM_KERNEL_VERSION, PLATFORM, "proc/sys/kernel/version", "platform", HVD__ON_LINUX,                        \
      HVD__KIND_VALUE | HVD__KIND_FILE, "the kernel's build version, `uname -v` (`#1 SMP Sun Jan 10 15:06:54 PST 2016` under gVisor)") \
    X(PLATFORM_DT_HYPERVISOR, PLATFORM, "proc/device-tree/hypervisor/compatible", "platform", HVD__ON_LINUX,         \
      HVD__KIND_VALUE | HVD__KIND_FILE, "the device tree's hypervisor node (NUL separators written as `,`)")                            \
    X(PLATFORM_DT_COMPATIBLE, PLATFORM, "proc/device-tree/compatible", "platform", HVD__ON_LINUX, HVD__KIND_VALUE | HVD__KIND_FILE,     \
      "the device tree's machine compatible strings (`linux,dummy-virt`)")                                             \
    X(PLATFORM_DT_MODEL, PLATFORM, "proc/device-tree/model", "platform", HVD__ON_LINUX, HVD__KIND_VALUE | HVD__KIND_FILE,               \
      "the device tree's model (`IBM pSeries (emulated by qemu)`)")                                                   \
    X(PLATFORM_DT_PARTITION_NAME, PLATFORM, "proc/device-tree/ibm,partition-name", "platform", HVD__ON_LINUX,        \
      HVD__KIND_IDENTIFIER | HVD__KIND_FILE, "a POWER partition's name")                                                                 \
    X(PLATFORM_DT_FW_CFG, PLATFORM, "proc/device-tree/fw-cfg@*", "platform", HVD__ON_LINUX, HVD__KIND_VALUE,         \
      "the compatible of a top-level fw-cfg device-tree node (`qemu,fw-cfg-mmio`), keyed by its address")            \
    X(PLATFORM_DT_HMC_MANAGED, PLATFORM, "proc/device-tree/hmc-managed?", "platform", HVD__ON_LINUX, HVD__KIND_VALUE | HVD__KIND_FILE,  \
      "present on a POWER partition managed by an HMC")                                                                \
    X(PLATFORM_VMBUS_CLASS, PLATFORM, "sys/bus/vmbus/devices/*", "platform", HVD__ON_LINUX, HVD__KIND_KEY_IDENTIFIER,           \
      "a VMBus device's class GUID (`sys/bus/vmbus/devices/<id>/class_id`; the id is redacted)")                      \
    X(PLATFORM_VMBUS_COUNT, PLATFORM, "sys/bus/vmbus/devices.count", "platform", HVD__ON_LINUX, HVD__KIND_VALUE,       \
      "how many VMBus devices there are")                                                                              \
    X(PLATFORM_CPUINFO, PLATFORM, "proc/cpuinfo", "platform", HVD__ON_LINUX, HVD__KIND_STATUS, "an unreadable cpuinfo") \
    X(PLATFORM_CPUINFO_HYPERVISOR_FLAG, PLATFORM, "proc/cpuinfo.hypervisor_flag", "platform", HVD__ON_LINUX,          \
      HVD__KIND_VALUE, "`1` or `0`: the `hypervisor` flag of /proc/cpuinfo (CPUID's bit as the kernel saw it)")        \
    X(PLATFORM_CPUINFO_VENDOR_ID, PLATFORM, "proc/cpuinfo.vendor_id", "platform", HVD__ON_LINUX, HVD__KIND_VALUE,      \
      "cpuinfo's `vendor_id`")                                                                                         \
    X(PLATFORM_CPUINFO_MODEL_NAME, PLATFORM, "proc/cpuinfo.model_name", "platform", HVD__ON_LINUX, HVD__KIND_VALUE,    \
      "cpuinfo's `model name` (`QEMU Virtual CPU version 2.5+`)")                                                     \
    X(PLATFORM_CPUINFO_PLATFORM, PLATFORM, "proc/cpuinfo.platform", "platform", HVD__ON_LINUX, HVD__KIND_VALUE,        \
      "cpuinfo's `platform` on POWER (`pSeries`, `PowerNV`)")                                                         \
    X(PLATFORM_CPUINFO_MACHINE, PLATFORM, "proc/cpuinfo.machine", "platform", HVD__ON_LINUX, HVD__KIND_VALUE,          \
      "cpuinfo's `machine` on POWER (`CHRP IBM pSeries (emulated by qemu)`)")                                         \
    X(PLATFORM_CPUINFO_CPU, PLATFORM, "proc/cpuinfo.cpu", "platform", HVD__ON_LINUX, HVD__KIND_VALUE,                  \
      "cpuinfo's `cpu` (POWER, SPARC)")                                                                                \
    X(PLATFORM_CPUINFO_MODEL, PLATFORM, "proc/cpuinfo.model", "platform", HVD__ON_LINUX, HVD__KIND_VALUE,              \
      "cpuinfo's `model` (POWER: `IBM pSeries (emulated by qemu)`)")                                                  \
    X(PLATFORM_CPUINFO_TYPE, PLATFORM, "proc/cpuinfo.type", "platform", HVD__ON_LINUX, HVD__KIND_VALUE,                \
      "cpuinfo's `type` on SPARC (`sun4v`)")                                                                          \
    X(PLATFORM_CPUINFO_HARDWARE, PLATFORM, "proc/cpuinfo.hardware", "platform", HVD__ON_LINUX, HVD__KIND_VALUE,        \
      "cpuinfo's `Hardware` on ARM: the board's machine name (`BCM2835`)")                                            \
    X(PLATFORM_CPUINFO_UARCH, PLATFORM, "proc/cpuinfo.uarch", "platform", HVD__ON_LINUX, HVD__KIND_VALUE,              \
      "cpuinfo's `uarch` on RISC-V: the core's device-tree compatible (`sifive,u74-mc`)")                            \
    X(PLATFORM_CPUINFO_ISA, PLATFORM, "proc/cpuinfo.isa", "platform", HVD__ON_LINUX, HVD__KIND_VALUE,                  \
      "cpuinfo's `isa` on RISC-V: the hart's ISA string (`rv64imafdc_zicsr_zifencei`)")                              \
    X(PLATFORM_CPUINFO_ISA_LETTERS, PLATFORM, "proc/cpuinfo.isa_letters", "platform", HVD__ON_LINUX, HVD__KIND_VALUE,  \
      "the single-letter extensions of that ISA string, between `rv64` and the first `_` (`imafdch`)")              \
    X(PLATFORM_CPUINFO_FEATURES, PLATFORM, "proc/cpuinfo.features", "platform", HVD__ON_LINUX, HVD__KIND_VALUE,        \
      "cpuinfo's `Features` (ARM, LoongArch: `lvz`) or `features` (IBM Z)")                                          \
    X(PLATFORM_CPUINFO_S390_PROCESSOR, PLATFORM, "proc/cpuinfo.processor 0", "platform", HVD__ON_LINUX,               \
      HVD__KIND_VALUE, "IBM Z's first CPU line (`version = FF` on a virtual CPU, `00` in an LPAR)")                 \
    X(PLATFORM_CPUINFO_SYSTEM_TYPE, PLATFORM, "proc/cpuinfo.system_type", "platform", HVD__ON_LINUX, HVD__KIND_VALUE,  \
      "cpuinfo's `system type` (LoongArch, MIPS)")                                                                     \
    X(PLATFORM_CPUINFO_CLOCK, PLATFORM, "proc/cpuinfo.clock", "platform", HVD__ON_LINUX, HVD__KIND_VALUE,              \
      "cpuinfo's `clock` on POWER, from the device tree's CPU clock-frequency (`3425.000000MHz`)")                     \
    X(PLATFORM_CPUINFO_CPU_IMPLEMENTER, PLATFORM, "proc/cpuinfo.cpu_implementer", "platform", HVD__ON_LINUX,          \
      HVD__KIND_VALUE, "cpuinfo's `CPU implementer` on ARM: MIDR's implementer code (`0x41` Arm, `0x61` Apple)")      \
    X(PLATFORM_CPUINFO_CPU_PART, PLATFORM, "proc/cpuinfo.cpu_part", "platform", HVD__ON_LINUX, HVD__KIND_VALUE,        \
      "cpuinfo's `CPU part` on ARM: MIDR's part number (`0xd0c` Neoverse N1)")                                        \
    X(PLATFORM_PROC_VERSION, PLATFORM, "proc/version", "platform", HVD__ON_LINUX, HVD__KIND_VALUE | HVD__KIND_FILE,  \
      "the kernel's version line (`... Microsoft ...` under WSL 1, `BrandZ` in an LX zone)")                        \
    X(PLATFORM_SYSINFO, PLATFORM, "proc/sysinfo.*", "platform", HVD__ON_LINUX, HVD__KIND_VALUE,                        \
      "a line of IBM Z's /proc/sysinfo (`proc/sysinfo.VM00 Control Program`); serials and plants left out")           \
    X(PLATFORM_SYSINFO_VM_NAME, PLATFORM, "proc/sysinfo.VM* Name", "platform", HVD__ON_LINUX, HVD__KIND_IDENTIFIER,  \
      "a z/VM or KVM guest's name in /proc/sysinfo (`VM00 Name`, `VM01 Extended Name`)")                             \
    X(PLATFORM_SYSINFO_VM_UUID, PLATFORM, "proc/sysinfo.VM* UUID", "platform", HVD__ON_LINUX, HVD__KIND_IDENTIFIER,  \
      "a guest's UUID in /proc/sysinfo")                                                                               \
    X(PLATFORM_SYSINFO_LPAR_NAME, PLATFORM, "proc/sysinfo.LPAR *Name", "platform", HVD__ON_LINUX,                    \
      HVD__KIND_IDENTIFIER, "the LPAR's name and extended name in /proc/sysinfo")                                     \
    X(PLATFORM_SYSINFO_LPAR_UUID, PLATFORM, "proc/sysinfo.LPAR UUID", "platform", HVD__ON_LINUX, HVD__KIND_IDENTIFIER, \
      "the LPAR's UUID in /proc/sysinfo")                                                                              \
    X(PLATFORM_LPARCFG, PLATFORM, "proc/ppc64/lparcfg.*", "platform", HVD__ON_LINUX, HVD__KIND_VALUE,                 \
      "a line of POWER's lparcfg (`proc/ppc64/lparcfg.shared_processor_mode`)")                                       \
    X(PLATFORM_CPUINFO_FLAG, PLATFORM, "proc/cpuinfo.flags.*", "platform", HVD__ON_LINUX, HVD__KIND_VALUE,            \
      "`1` for each flag of evidence cpuinfo lists (`proc/cpuinfo.flags.sev_snp`): the confidential-computing `sev`, " \
      "`sev_es`, `sev_snp`, `tdx_guest`; `lm` (an x86-64 CPU); `pse`, `pge`, which only a Xen PV domain lacks")      \
    X(PLATFORM_SEV_GUEST_DEVICE, PLATFORM, "dev/sev-guest", "platform", HVD__ON_LINUX, HVD__KIND_VALUE | HVD__KIND_MARKER, \
      "`present`: the SEV-SNP guest driver's attestation device")                                                     \
    X(PLATFORM_TDX_GUEST_DEVICE, PLATFORM, "dev/tdx_guest", "platform", HVD__ON_LINUX, HVD__KIND_VALUE | HVD__KIND_MARKER, \
      "`present`: the TDX guest driver's attestation device")                                                         \
    X(PLATFORM_TSM_REPORT, PLATFORM, "sys/kernel/config/tsm/report", "platform", HVD__ON_LINUX,                       \
      HVD__KIND_VALUE | HVD__KIND_MARKER, "`present`: configfs's attestation-report interface, which a confidential " \
      "guest driver provides")                                                                                         \
    X(PLATFORM_TSM_PROVIDER, PLATFORM, "sys/kernel/config/tsm/report/*", "platform", HVD__ON_LINUX, HVD__KIND_VALUE,  \
      "the guest driver named by a configfs-tsm report entry that exists "                                             \
      "(`sys/kernel/config/tsm/report/<entry>/provider`): `tdx_guest`, `sev_guest`, `arm_cca_guest`")                  \
    X(PLATFORM_PROT_VIRT_GUEST, PLATFORM, "sys/firmware/uv/prot_virt_guest", "platform", HVD__ON_LINUX,               \
      HVD__KIND_VALUE | HVD__KIND_FILE, "`1` in an IBM Secure Execution guest, `0` in other s390 guests")              \
    X(PLATFORM_ARM_CCA_DEVICE, PLATFORM, "sys/devices/platform/arm-cca-dev", "platform", HVD__ON_LINUX,               \
      HVD__KIND_VALUE | HVD__KIND_MARKER, "`present`: the Arm CCA realm guest's platform device")                     \
    X(PLATFORM_ARM_CCA_RSI_DEVICE, PLATFORM, "sys/devices/platform/arm-smccc/arm_cca_guest.arm-rsi-dev.0", "platform", \
      HVD__ON_LINUX, HVD__KIND_VALUE | HVD__KIND_MARKER,                                                               \
      "`present`: the Arm CCA realm guest's RSI device, where a kernel has it instead of arm-cca-dev")               \
    X(PLATFORM_KVM_AMD_SEV, PLATFORM, "sys/module/kvm_amd/parameters/sev", "platform", HVD__ON_LINUX,               \
      HVD__KIND_VALUE | HVD__KIND_FILE, "KVM's AMD module runs SEV guests (`Y` or `1`): this machine is a SEV host")   \
    X(PLATFORM_KVM_AMD_SEV_ES, PLATFORM, "sys/module/kvm_amd/parameters/sev_es", "platform", HVD__ON_LINUX,         \
      HVD__KIND_VALUE | HVD__KIND_FILE, "KVM's AMD module runs SEV-ES guests (`Y` or `1`)")                          \
    X(PLATFORM_KVM_AMD_SEV_SNP, PLATFORM, "sys/module/kvm_amd/parameters/sev_snp", "platform", HVD__ON_LINUX,       \
      HVD__KIND_VALUE | HVD__KIND_FILE, "KVM's AMD module runs SEV-SNP guests (`Y` or `1`)")                         \
    X(PLATFORM_FILE, PLATFORM, "*", "platform", HVD__ON_LINUX, HVD__KIND_STATUS, "a platform file that could not be read") \
    X(CONTAINER_DOCKERENV, CONTAINER, ".dockerenv", "container", HVD__ON_LINUX, HVD__KIND_VALUE,                       \
      "`present`: Docker's marker file")                                                                               \
    X(CONTAINER_CONTAINERENV, CONTAINER, "run/.containerenv", "container", HVD__ON_LINUX, HVD__KIND_VALUE,             \
      "`present`: Podman's marker file")                                                                               \
    X(CONTAINER_SYSTEMD, CONTAINER, "run/systemd/container", "container", HVD__ON_LINUX, HVD__KIND_VALUE,              \
      "the manager's name, written by systemd-style container managers")                                             \
    X(CONTAINER_CGROUP, CONTAINER, "proc/1/cgroup", "container", HVD__ON_LINUX, HVD__KIND_VALUE, "PID 1's cgroups")   \
    X(CONTAINER_SELF_CGROUP, CONTAINER, "proc/self/cgroup", "container", HVD__ON_LINUX, HVD__KIND_VALUE,             \
      "this process's cgroups")                                                                                        \
    X(CONTAINER_STATUS, CONTAINER, "proc/self/status", "container", HVD__ON_LINUX, HVD__KIND_STATUS,                   \
      "this process's status: `read`, or why it could not be")                                                       \
    X(CONTAINER_VXID, CONTAINER, "proc/self/status.VxID", "container", HVD__ON_LINUX, HVD__KIND_VALUE,                \
      "Linux-VServer's context id of this process")                                                                   \
    X(CONTAINER_S_CONTEXT, CONTAINER, "proc/self/status.s_context", "container", HVD__ON_LINUX, HVD__KIND_VALUE,      \
      "Linux-VServer 2.1's context id of this process, before `VxID` (0 on the host)")                                \
    X(CONTAINER_TRACER_COMM, CONTAINER, "proc/TracerPid/comm", "container", HVD__ON_LINUX, HVD__KIND_VALUE,         \
      "the command name of the process tracing this one (`/proc/<TracerPid>/comm`): `proot` under PRoot")           \
    X(CONTAINER_ENVID, CONTAINER, "proc/self/status.envID", "container", HVD__ON_LINUX, HVD__KIND_VALUE,              \
      "OpenVZ's container id of this process (0 on the host)")                                                        \
    X(CONTAINER_PROC_VZ, CONTAINER, "proc/vz", "container", HVD__ON_LINUX, HVD__KIND_VALUE,                           \
      "`present`: OpenVZ/Virtuozzo's /proc/vz (a container has it without /proc/bc)")                                 \
    X(CONTAINER_PROC_BC, CONTAINER, "proc/bc", "container", HVD__ON_LINUX, HVD__KIND_VALUE,                           \
      "`present`: OpenVZ's beancounters, on the host only")                                                           \
    X(CONTAINER_BEANCOUNTERS, CONTAINER, "proc/user_beancounters", "container", HVD__ON_LINUX, HVD__KIND_STATUS,      \
      "why OpenVZ's beancounters could not be read (a file that is not there is not recorded)")                      \
    X(CONTAINER_BEANCOUNTER_IDS, CONTAINER, "proc/user_beancounters.ids", "container", HVD__ON_LINUX, HVD__KIND_VALUE, \
      "the ids `/proc/user_beancounters` lists, one a line: inside an OpenVZ container its own only, on the "          \
      "hardware node 0 and every container's")                                                                         \
    X(CONTAINER_HOST_MANAGER, CONTAINER, "run/host/container-manager", "container", HVD__ON_LINUX, HVD__KIND_VALUE,    \
      "the manager that ran this container: `systemd-nspawn`, `flatpak`, `pressure-vessel`, `mkosi`")                  \
    X(CONTAINER_ENVIRON, CONTAINER, "proc/1/environ", "container", HVD__ON_LINUX,                                   \
      HVD__KIND_STATUS | HVD__KIND_CONTAINER_SOURCE, "PID 1's environment: `read`, or why it could not be")            \
    X(CONTAINER_ENVIRON_VARIABLE, CONTAINER, "proc/1/environ.container", "container", HVD__ON_LINUX, HVD__KIND_VALUE,  \
      "the `container=` variable of PID 1's environment")                                                             \
    X(CONTAINER_ENVIRON_KUBERNETES, CONTAINER, "proc/1/environ.KUBERNETES_SERVICE_HOST", "container", HVD__ON_LINUX,    \
      HVD__KIND_VALUE, "`present`: PID 1's environment has the `KUBERNETES_SERVICE_HOST` the kubelet gives every "       \
      "container")                                                                                                     \
    X(CONTAINER_MOUNTINFO, CONTAINER, "proc/self/mountinfo", "container", HVD__ON_LINUX,                             \
      HVD__KIND_STATUS | HVD__KIND_CONTAINER_SOURCE, "this process's mounts: `read`, or why they could not be")        \
    X(CONTAINER_MOUNT, CONTAINER, "proc/self/mountinfo.*", "container", HVD__ON_LINUX, HVD__KIND_VALUE,                 \
      "the mount at a path container managers bind (`/etc/hostname`, `/etc/hosts`, `/etc/resolv.conf`, the service "  \
      "account's `/run/secrets/kubernetes.io/serviceaccount`): its root in the source file system, its type and "      \
      "source (`/var/lib/docker/containers/<id>/hostname ext4 /dev/sda1`)")                                           \
    X(HOST_NAME, HOST, "hostname", "identity", HVD__ON_ANY, HVD__KIND_IDENTIFIER,                                    \
      "the machine's host name (Linux: the kernel's; Windows: the DNS host name)")                                     \
    X(HOST_MACHINE_ID, HOST, "machine_id", "identity", HVD__ON_ANY, HVD__KIND_IDENTIFIER,                            \
      "the installation's id: /etc/machine-id (or D-Bus's copy), Windows' MachineGuid")                                \
    X(WINDOWS_VERSION, WINDOWS, "version", "windows", HVD__ON_WINDOWS, HVD__KIND_VALUE, "Windows version (`10.0`)")   \
    X(WINDOWS_BUILD, WINDOWS, "build", "windows", HVD__ON_WINDOWS, HVD__KIND_VALUE, "Windows build number")           \
    X(WINDOWS_PRODUCT_NAME, WINDOWS, "product_name", "windows", HVD__ON_WINDOWS, HVD__KIND_VALUE,                      \
      "Windows product name")                                                                                          \
    X(WINDOWS_EDITION, WINDOWS, "edition", "windows", HVD__ON_WINDOWS, HVD__KIND_VALUE, "Windows edition id")         \
    X(WINDOWS_INSTALLATION_TYPE, WINDOWS, "installation_type", "windows", HVD__ON_WINDOWS, HVD__KIND_VALUE,            \
      "`Server`, `Client`, `Server Core`")                                                                             \
    X(WINDOWS_DISPLAY_VERSION, WINDOWS, "display_version", "windows", HVD__ON_WINDOWS, HVD__KIND_VALUE,                \
      "Windows display version (`23H2`)")                                                                              \
    X(WINDOWS_GUEST_PARAMETERS, WINDOWS, "guest_parameters", "windows", HVD__ON_WINDOWS, HVD__KIND_STATUS,             \
      "Hyper-V's data exchange key, when absent")                                                                      \
    X(WINDOWS_HOST_NAME, WINDOWS, "guest_parameters.HostName", "windows", HVD__ON_WINDOWS, HVD__KIND_IDENTIFIER,       \
      "Hyper-V data exchange: the host's name")                                                                       \
    X(WINDOWS_PHYSICAL_HOST, WINDOWS, "guest_parameters.PhysicalHostName", "windows", HVD__ON_WINDOWS,                \
      HVD__KIND_IDENTIFIER, "Hyper-V data exchange: the physical host's name")                                         \
    X(WINDOWS_PHYSICAL_HOST_FQ, WINDOWS, "guest_parameters.PhysicalHostNameFullyQualified", "windows",                \
      HVD__ON_WINDOWS, HVD__KIND_IDENTIFIER, "Hyper-V data exchange: the physical host's full name")                  \
    X(WINDOWS_VM_NAME, WINDOWS, "guest_parameters.VirtualMachineName", "windows", HVD__ON_WINDOWS,                    \
      HVD__KIND_IDENTIFIER, "Hyper-V data exchange: the virtual machine's name")                                      \
    X(WINDOWS_VM_ID, WINDOWS, "guest_parameters.VirtualMachineId", "windows", HVD__ON_WINDOWS, HVD__KIND_IDENTIFIER,   \
      "Hyper-V data exchange: the virtual machine's id")                                                              \
    X(WINDOWS_SERVICES, WINDOWS, "services", "windows", HVD__ON_WINDOWS, HVD__KIND_STATUS, "the service manager")     \
    X(WINDOWS_SERVICE, WINDOWS, "service.*", "windows", HVD__ON_WINDOWS, HVD__KIND_VALUE,                              \
      "a guest-tools service's state (`service.VMTools` = `running`), for the services the `windows` signatures name") \
    X(WINDOWS_REGISTRY, WINDOWS, "registry.*", "windows", HVD__ON_WINDOWS, HVD__KIND_VALUE,                            \
      "`present` for a guest-tools registry key the `windows` signatures name (`registry.HKLM\\SOFTWARE\\VMware, Inc.\\VMware Tools`)") \
    X(WINDOWS_VMBUS_COUNT, WINDOWS, "vmbus_devices.count", "windows", HVD__ON_WINDOWS, HVD__KIND_VALUE,                \
      "how many VMBus devices Windows lists")

typedef enum hvd__key_id {
#define HVD__KEY_ENUM(id, source, pattern, probe, systems, kind, meaning) HVD__K_##id,
    HVD__EVIDENCE_KEYS(HVD__KEY_ENUM)
#undef HVD__KEY_ENUM
    HVD__K_COUNT_
} hvd__key_id;

typedef struct hvd__key_def {
    hvd__source source;
    const char *pattern;
    const char *probe;
    unsigned systems;
    unsigned kind;
    const char *meaning;
} hvd__key_def;

extern const hvd__key_def hvd__keys[HVD__K_COUNT_];

/* The source name of a key, and the key itself when it has no variable part. */
const char *hvd__key_source(hvd__key_id id);
const char *hvd__key(hvd__key_id id);

/* The key with its '*' replaced by part, in buffer (truncated to size). Returns buffer. */
const char *hvd__key_format(hvd__key_id id, const char *part, char *buffer, size_t size);

/* The most specific definition a recorded key falls under (an exact key before a pattern, a longer pattern before a
 * shorter one), or NULL when the vocabulary has none. */
const hvd__key_def *hvd__key_lookup(hvd__source source, const char *key);

/* Whether a signature's condition on (source, key) can ever match: some value-bearing key of the vocabulary fits it.
 * prefix is set when the condition's key ends in '*' (any key starting with key), suffix when it starts with '*'. */
int hvd__key_can_match(hvd__source source, const char *key, int prefix, int suffix);

/* The key as reports show it: the variable part of a key that identifies the machine replaced by "[redacted]" (into
 * buffer) when redact is set; any other key as it is. */
const char *hvd__key_shown(const char *source, const char *key, int redact, char *buffer, size_t size);

/* Where a field of the raw SMBIOS table belongs: HVD__SOURCE_DMI for the fields sysfs also shows (the table's copy
 * of sys_vendor is the same fact), HVD__SOURCE_SMBIOS for what only the table holds (OEM strings, the VM bit). */
hvd__source hvd__key_smbios_field_source(const char *key);

/* Whether an observation's value identifies a machine (reports redact it by default). The raw SMBIOS table's copy
 * of a DMI field is recorded under "smbios" with the field's DMI key, and is looked up as that field. */
int hvd__key_is_identifier(const char *source, const char *key);

#endif
