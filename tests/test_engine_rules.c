/* SPDX-License-Identifier: MIT */
/* The engine's precedence rules (src/engine/identify.c), one machine per rule: the facts a recorded machine shows
 * (tests/machines/, tests/fixtures/; each case names its record) and what that machine is, from the record's own
 * context. Each case is a machine on which breaking its rule changes the answer; tests/mutation/catalogue.toml
 * breaks each rule and requires this test (or another) to notice. */

#include <check.h>

#include "check_run.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hvdetect.h"

enum { EVIDENCE_MAX = 12, ANY = -1 };

typedef struct observation {
    const char *source, *key, *value;
} observation;

typedef struct rule_case {
    const char *rule;        /* the rule, as the catalogue states it */
    const char *record;      /* where the facts are from */
    observation evidence[EVIDENCE_MAX];
    hvd_virtualized virtualized;
    int role;                /* an hvd_role, or ANY */
    const char *technology;  /* NULL for none, "*" for no check */
    int confidence;          /* an hvd_confidence, or ANY */
    const char *signature;   /* a finding to check, or NULL */
    int finding_kind;        /* that finding's hvd_finding_kind */
    const char *container;   /* the containers, comma-separated in the answer's order, "" for none, or NULL for no
                              * check */
    const char *basis;       /* the deciding step, or NULL for no check */
    int unpinned;            /* the product must not be pinned: candidates instead */
} rule_case;

/* The recorded facts shared by several cases. */
#define PARALLELS_FIRMWARE                                                                                            \
    {"dmi", "sys_vendor", "Parallels Software International Inc."}, {"dmi", "product_name", "Parallels Virtual Platform"}
/* tests/fixtures/hyperv-root-partition: a Windows host with Hyper-V (root partition), CreatePartitions and
 * CpuManagement granted in 0x40000003 EBX. */
#define HYPERV_ROOT_CPUID                                                                                             \
    {"cpuid", "hypervisor_bit", "1"}, {"cpuid", "0x40000000.signature", "Microsoft Hv"},                               \
        {"cpuid", "leaf.0x40000003", "eax=0x00003fff ebx=0x002bb9ff ecx=0x00000000 edx=0x00000000"}

static const rule_case cases[] = {
    {"only a definitive CPUID signature (one technology alone produces it) overrides the firmware's technology: "
     "another hypervisor's strong signature does not",
     "a Firecracker microVM on KVM, from hvdetect's live run on it: Firecracker's ACPI tables (FADT hypervisor vendor "
     "FIRECKVM, APIC OEM id FIRECK) while CPUID leaf 0x40000000 (maximum leaf 0x40000000) reads 'bhyve bhyve '",
     {{"cpuid", "hypervisor_bit", "1"}, {"cpuid", "0x40000000.signature", "bhyve bhyve"},
      {"acpi", "FACP.hypervisor_vendor_id", "FIRECKVM"}, {"acpi", "APIC.oem_id", "FIRECK"}},
     HVD_VIRTUALIZED_YES, HVD_ROLE_GUEST, "kvm", ANY, NULL, 0, NULL, "firmware", 0},
    {"Xen's firmware names Xen in the enclosure too: a chassis manufacturer of 'Xen' alone is a Xen guest",
     "tests/machines/cloud/atomic-red-team-2948-ec2-xen-chassis.json (an EC2 Xen instance whose record shows only the "
     "chassis vendor; Xen's hvmloader writes 'Xen' there by default)",
     {{"dmi", "chassis_vendor", "Xen"}},
     HVD_VIRTUALIZED_YES, HVD_ROLE_GUEST, "xen", ANY, "xen-dmi-chassis-vendor", HVD_FINDING_SUPPORTS, NULL, NULL, 1},
    {"Microsoft's arm64 Surfaces name themselves 'Microsoft Surface ...': physical hardware, not a Hyper-V guest",
     "tests/fixtures-windows/windows-arm64-surface-laptop-7 (systeminfo on a Snapdragon X Surface Laptop, "
     "https://github.com/vadimgrn/usbip-win2/issues/145)",
     {{"dmi", "sys_vendor", "Microsoft Corporation"}, {"dmi", "product_name", "Microsoft Surface Laptop, 7th Edition"}},
     HVD_VIRTUALIZED_NO, ANY, NULL, ANY, "physical-microsoft-surface-full-name", HVD_FINDING_SUPPORTS, NULL,
     "physical-firmware", 0},
    {"Parallels names the product too: a product name of Parallels alone is a Parallels guest",
     "tests/machines/guests/systemd-1117-parallels-product-name.json ('dmidecode -s system-product-name' alone)",
     {{"dmi", "product_name", "Parallels Virtual Platform"}},
     HVD_VIRTUALIZED_YES, HVD_ROLE_GUEST, "parallels", ANY, "parallels-dmi-product", HVD_FINDING_SUPPORTS, NULL, NULL,
     0},
    {"QEMU's machine-type description as the SMBIOS product is a QEMU guest, whatever the vendor field shows; QEMU "
     "writes it under KVM and TCG alike, so without CPUID both stay candidates",
     "tests/machines/kvm/github-ansible-9381-qemu-kvm-sandybridge-i440fx-1-4.json (the product name alone)",
     {{"dmi", "product_name", "Standard PC (i440FX + PIIX, 1996)"}},
     HVD_VIRTUALIZED_YES, HVD_ROLE_GUEST, NULL, ANY, "qemu-dmi-product-i440fx", HVD_FINDING_SUPPORTS, NULL, NULL, 1},
    {"SeaBIOS's own SMBIOS tables ('Bochs' everywhere) are a virtual machine's, whose hypervisor they do not name",
     "tests/machines/kvm/linuxhw-bochs-strings-seabios-2011.json (SMBIOS 2.4 written by SeaBIOS: Bochs as BIOS, "
     "system and chassis vendor)",
     {{"dmi", "sys_vendor", "Bochs"}, {"dmi", "product_name", "Bochs"}, {"dmi", "bios_vendor", "Bochs"},
      {"smbios", "vm_bit", "0"}},
     HVD_VIRTUALIZED_YES, HVD_ROLE_GUEST, NULL, ANY, "virtual-seabios-smbios", HVD_FINDING_SUPPORTS, NULL,
     "virtual-hardware", 0},
    {"host vs guest: a host whose firmware is a virtual machine's is a nested host inside a guest",
     "tests/fixtures/hyperv-root-partition's CPUID (a Hyper-V root partition) in tests/fixtures/vmware-esxi's "
     "firmware: Windows with Hyper-V or VBS in a VMware virtual machine (VMware documents VBS in ESXi guests)",
     {HYPERV_ROOT_CPUID, {"dmi", "sys_vendor", "VMware, Inc."}, {"dmi", "product_name", "VMware Virtual Platform"}},
     HVD_VIRTUALIZED_YES, HVD_ROLE_GUEST, "vmware", ANY, "hyperv-root-partition", HVD_FINDING_SUPPORTS, NULL, NULL, 0},
    {"interface vs identity: an interface signature another hypervisor presents is explained, not a contradiction",
     "tests/fixtures/parallels (Parallels Desktop guest: Parallels firmware, KVMKVMKVM in CPUID)",
     {PARALLELS_FIRMWARE, {"cpuid", "hypervisor_bit", "1"}, {"cpuid", "0x40000000.signature", "KVMKVMKVM"}},
     HVD_VIRTUALIZED_YES, HVD_ROLE_GUEST, "parallels", ANY, "kvm-cpuid-signature", HVD_FINDING_EXPLAINED, NULL, NULL, 0},
    {"host vs guest: a host's outer layer is judged from firmware only virtual machines have, not from strings a "
     "cloud's bare metal carries too",
     "tests/machines/cloud/virt-what-aws-i3-metal.json's firmware (an EC2 i3.metal bare-metal instance) with "
     "tests/fixtures/hyperv-root-partition's CPUID: Hyper-V running on EC2 bare metal, which AWS supports",
     {HYPERV_ROOT_CPUID, {"dmi", "sys_vendor", "Amazon EC2"}, {"dmi", "product_name", "i3.metal"},
      {"dmi", "bios_vendor", "Amazon EC2"}, {"smbios", "vm_bit", "0"}},
     HVD_VIRTUALIZED_NO, HVD_ROLE_HOST, "hyperv", ANY, NULL, 0, NULL, NULL, 0},
    {"a set hypervisor bit rules out a vendor's bare metal (Intel SDM: CPUID.1:ECX[31] is set under a hypervisor)",
     "tests/machines/kvm/virt-what-nutanix-ahv.json (an AHV guest: CPUID's hypervisor bit set, SMBIOS VM bit clear), "
     "as a probe without the product name reads it",
     {{"dmi", "sys_vendor", "Nutanix"}, {"smbios", "vm_bit", "0"}, {"cpuid", "hypervisor_bit", "1"}},
     HVD_VIRTUALIZED_YES, HVD_ROLE_GUEST, "kvm", ANY, NULL, 0, NULL, NULL, 0},
    {"the SMBIOS 'virtual machine' bit rules out a vendor's bare metal (DSP0134 7.1.2.2: 'system is a virtual machine')",
     "Nutanix's name as tests/machines/kvm/virt-what-nutanix-ahv.json shows it, with the VM bit that DSP0134 defines set",
     {{"dmi", "sys_vendor", "Nutanix"}, {"smbios", "vm_bit", "1"}},
     HVD_VIRTUALIZED_YES, HVD_ROLE_GUEST, "kvm", ANY, NULL, 0, NULL, NULL, 0},
    {"cannot-tell vs not-virtual: a vendor's strings that its bare metal carries too are a guest's without physical "
     "evidence",
     "tests/machines/cloud/cloud-init-5105-aws-t3-small.json (an EC2 t3.small virtual machine, no CPUID recorded)",
     {{"dmi", "sys_vendor", "Amazon EC2"}, {"dmi", "product_name", "t3.small"}},
     HVD_VIRTUALIZED_YES, HVD_ROLE_GUEST, "kvm", ANY, NULL, 0, NULL, NULL, 0},
    {"only strings marked bare_metal_too may be bare metal's: AHV's product name makes it a guest",
     "tests/machines/kvm/github-uyuni-2112-nutanix-ahv-hv-enlightened.json (an AHV guest, SMBIOS VM bit clear)",
     {{"dmi", "sys_vendor", "Nutanix"}, {"dmi", "product_name", "AHV"}, {"smbios", "vm_bit", "0"}},
     HVD_VIRTUALIZED_YES, HVD_ROLE_GUEST, "kvm", ANY, NULL, 0, NULL, NULL, 0},
    {"'not virtual' from physical firmware alone, without CPUID, is medium confidence",
     "tests/machines/bare-metal/glpi-dell-poweredge-r640.json (a Dell PowerEdge R640 server)",
     {{"dmi", "sys_vendor", "Dell Inc."}, {"dmi", "product_name", "PowerEdge R640"}},
     HVD_VIRTUALIZED_NO, HVD_ROLE_NONE, NULL, HVD_CONFIDENCE_MEDIUM, NULL, 0, NULL, NULL, 0},
    {"interface vs identity: KVMKVMKVM is an interface (VirtualBox and Parallels present it too): alone it names the "
     "technology at the interface step, not as a hypervisor's own signature",
     "tests/fixtures/kvm-qemu-generic's CPUID alone (its firmware not read)",
     {{"cpuid", "hypervisor_bit", "1"}, {"cpuid", "0x40000000.signature", "KVMKVMKVM"}},
     HVD_VIRTUALIZED_YES, HVD_ROLE_GUEST, "kvm", ANY, NULL, 0, NULL, "interface", 0},
    {"hints add up to no more than a hint, and each kind of evidence counts once: a product named by hints only is "
     "not pinned, and seven virtio devices weigh as one",
     "tests/fixtures/kvm-qemu-generic (a QEMU/KVM guest: KVMKVMKVM, QEMU's MAC prefix, seven devices under the "
     "virtio subsystem id 1af4:1100), its DMI not read",
     {{"cpuid", "hypervisor_bit", "1"}, {"cpuid", "0x40000000.signature", "KVMKVMKVM"}, {"net", "enp1s0.oui", "52:54:00"},
      {"pci", "0000:00:00.0.subsystem", "1af4:1100"}, {"pci", "0000:00:01.0.subsystem", "1af4:1100"},
      {"pci", "0000:00:1f.0.subsystem", "1af4:1100"}, {"pci", "0000:00:1f.2.subsystem", "1af4:1100"},
      {"pci", "0000:00:1f.3.subsystem", "1af4:1100"}, {"pci", "0000:01:00.0.subsystem", "1af4:1100"},
      {"pci", "0000:02:00.0.subsystem", "1af4:1100"}},
     HVD_VIRTUALIZED_YES, HVD_ROLE_GUEST, "kvm", HVD_CONFIDENCE_MEDIUM, NULL, 0, NULL, NULL, 1},
    {"a technology named by hints only is not identified: guest tools anyone can install do not make a machine "
     "virtual (the signature's own 'why')",
     "VirtualBox Guest Additions' service as tests/fixtures-windows/windows-virtualbox records it, left in an image "
     "that runs on tests/machines/bare-metal/glpi-dell-poweredge-r640.json's server, CPUID's hypervisor bit clear",
     {{"windows", "service.VBoxService", "running"}, {"dmi", "sys_vendor", "Dell Inc."},
      {"dmi", "product_name", "PowerEdge R640"}, {"cpuid", "hypervisor_bit", "0"}},
     HVD_VIRTUALIZED_NO, ANY, NULL, ANY, NULL, 0, NULL, NULL, 0},
    {"a hypervisor that hides its CPUID signature is found at medium confidence at most; a contested answer is not "
     "high, and QEMU's two ACPI ids count as one kind of evidence",
     "tests/fixtures/kvm-hidden (QEMU/KVM with kvm=off: hypervisor bit set, no signature at any base)",
     {{"dmi", "sys_vendor", "QEMU"}, {"dmi", "chassis_vendor", "QEMU"}, {"acpi", "APIC.oem_id", "BOCHS"},
      {"acpi", "APIC.creator_id", "BXPC"}, {"pci", "0000:00:00.0.subsystem", "1af4:1100"},
      {"net", "enp1s0.oui", "52:54:00"}, {"cpuid", "hypervisor_bit", "1"}, {"cpuid", "vendor", "GenuineIntel"}},
     HVD_VIRTUALIZED_YES, HVD_ROLE_GUEST, "kvm", HVD_CONFIDENCE_MEDIUM, NULL, 0, NULL, NULL, 0},
    {"issue 20 #3: a tie goes to the technology CPUID names with its own signature: QEMU's ACPI ids speak for KVM "
     "and TCG alike, and KVM's own Hyper-V vendor string names KVM",
     "the rule as identify.c states it (rank_technologies), on facts from two sources, as no single record shows "
     "them: QEMU's ACPI ids BOCHS/BXPC (tests/fixtures/kvm-qemu-generic) and the vendor string KVM's Hyper-V "
     "emulation reports, 'Linux KVM Hv' (linux arch/x86/kvm/hyperv.c; the kvm-cpuid-linux-kvm-hv signature's ref)",
     {{"acpi", "APIC.oem_id", "BOCHS"}, {"acpi", "APIC.creator_id", "BXPC"}, {"cpuid", "hypervisor_bit", "1"},
      {"cpuid", "0x40000000.signature", "Linux KVM Hv"}},
     HVD_VIRTUALIZED_YES, HVD_ROLE_GUEST, "kvm", ANY, NULL, 0, NULL, NULL, 0},
    {"a contested answer is not high confidence: another technology's firmware string at half the winner's weight "
     "or more, which names nothing of the winner's, keeps the answer at medium",
     "facts of two records, as no single record shows such a contest: a VMware guest's system vendor and CPUID leaf "
     "(tests/fixtures/vmware-esxi) and a VirtualBox guest's board strings "
     "(tests/machines/guests/chef-dmidecode-virtualbox-5.2.json)",
     {{"dmi", "sys_vendor", "VMware, Inc."}, {"dmi", "board_vendor", "Oracle Corporation"},
      {"dmi", "board_name", "VirtualBox"}, {"cpuid", "hypervisor_bit", "1"},
      {"cpuid", "0x40000000.signature", "VMwareVMware"}},
     HVD_VIRTUALIZED_YES, HVD_ROLE_GUEST, "vmware", HVD_CONFIDENCE_MEDIUM, NULL, 0, NULL, NULL, 0},
    {"a runner-up all of whose evidence names the answer too contests nothing: QEMU's system vendor, which KVM and "
     "TCG share, beside the product name only TCG writes",
     "tests/fixtures/qemu-tcg--arm64-virt (an arm64 QEMU 'virt' machine under TCG: no CPUID)",
     {{"dmi", "sys_vendor", "QEMU"}, {"dmi", "product_name", "QEMU Virtual Machine"},
      {"acpi", "APIC.oem_id", "BOCHS"}, {"acpi", "APIC.creator_id", "BXPC"},
      {"pci", "0000:00:00.0.subsystem", "1af4:1100"}, {"net", "ens3.oui", "52:54:00"}},
     HVD_VIRTUALIZED_YES, HVD_ROLE_GUEST, "qemu", HVD_CONFIDENCE_HIGH, NULL, 0, NULL, NULL, 0},
    {"each kind of evidence counts once, at its strongest: two ACPI ids of one table are one kind of evidence",
     "tests/fixtures/bochs (a Bochs guest: Bochs' ACPI ids BOCHS/BXPC, 'Bochs' in sys_vendor)",
     {{"dmi", "sys_vendor", "Bochs"}, {"acpi", "APIC.oem_id", "BOCHS"}, {"acpi", "APIC.creator_id", "BXPC"}},
     HVD_VIRTUALIZED_YES, HVD_ROLE_GUEST, "bochs", HVD_CONFIDENCE_LOW, NULL, 0, NULL, NULL, 0},
    {"physical hardware's firmware speaks against a guest",
     "tests/machines/guests/systemd-13429-virtualbox-host-dmi.json (a VirtualBox guest given its host's Lenovo DMI; "
     "the reporter's systemd-detect-virt printed 'kvm', VirtualBox's KVMKVMKVM interface)",
     {{"dmi", "product_name", "20N2S00600"}, {"dmi", "sys_vendor", "LENOVO"},
      {"dmi", "board_vendor", "Oracle Corporation"}, {"dmi", "bios_vendor", "LENOVO"},
      {"cpuid", "hypervisor_bit", "1"}, {"cpuid", "0x40000000.signature", "KVMKVMKVM"}},
     HVD_VIRTUALIZED_YES, HVD_ROLE_GUEST, "*", ANY, "physical-lenovo", HVD_FINDING_CONTRADICTS, NULL, NULL, 0},
    {"'container-other' stands only for a container no specific signature recognised",
     "tests/machines/containers/rex-1184-lxc-pid1-environ.json (PID 1's environment names lxc)",
     {{"container", "proc/1/environ.container", "lxc"}},
     HVD_VIRTUALIZED_UNKNOWN, ANY, NULL, ANY, NULL, 0, "lxc", NULL, 0},
    {"hardware only a virtual machine has makes it virtual, hypervisor unknown: QEMU's and Bochs' emulated VGA "
     "(1234:1111) is no physical card",
     "tests/machines/arch/ul-ppc-qemu-powermac-g3.json (a 32-bit PowerPC guest of qemu-system-ppc, no CPUID, no DMI)",
     {{"pci", "0000:00:00.0", "1057:0002"}, {"pci", "0000:00:01.0", "1234:1111"}, {"pci", "0000:00:03.0", "106b:0010"}},
     HVD_VIRTUALIZED_YES, HVD_ROLE_GUEST, NULL, ANY, NULL, 0, NULL, "virtual-hardware", 0},
    {"interface vs identity: the kernel's Xen files name Xen where CPUID presents only Xen's Viridian interface "
     "('Microsoft Hv')",
     "tests/machines/guests/systemd-8844-xen-guest-viridian.json (an Ubuntu HVM guest on Xen that systemd 237 "
     "called 'microsoft')",
     {{"dmi", "sys_vendor", "Xen"}, {"cpuid", "0x40000000.signature", "Microsoft Hv"},
      {"platform", "sys/hypervisor/properties/features", "00002705"}},
     HVD_VIRTUALIZED_YES, HVD_ROLE_GUEST, "xen", ANY, "hyperv-cpuid-signature", HVD_FINDING_EXPLAINED, NULL, "platform",
     0},
    {"the kernel's Xen bus names Xen where neither CPUID nor firmware was read",
     "tests/machines/arch/vw-ia64-rhel5-xen-hvm-guest.json (a RHEL 5 Xen HVM guest on IA-64, no SMBIOS, /sys/bus/xen "
     "with the vbd and vif drivers)",
     {{"platform", "sys/bus/xen", "present"}},
     HVD_VIRTUALIZED_YES, HVD_ROLE_GUEST, "xen", ANY, NULL, 0, NULL, "platform", 0},
    {"an x86-64 CPU whose cpuinfo flags lack pse and pge is a Xen PV domain's: only a paravirtualized kernel runs "
     "without them (Linux required-features.h, NEED_PSE and NEED_PGE under CONFIG_PARAVIRT_XXL)",
     "tests/machines/guests/linuxhw-lscpu-xen-pv-core2-t6400.json (a Xen PV guest; lscpu's flags with 'hypervisor' "
     "and 'lm' but without 'pse' and 'pge')",
     {{"platform", "proc/cpuinfo.hypervisor_flag", "1"}, {"platform", "proc/cpuinfo.flags.lm", "1"}},
     HVD_VIRTUALIZED_YES, HVD_ROLE_GUEST, "xen", ANY, "xen-pv-cpuinfo-flags", HVD_FINDING_SUPPORTS, NULL, "platform", 0},
    {"an x86-64 CPU that shows pse and pge is no Xen PV domain, whatever else runs it",
     "tests/machines/kvm/github-ch-cpuinfo-52-dsm-on-proxmox-ve.json (a KVM guest on Proxmox VE; cpuinfo with "
     "'hypervisor', 'lm', 'pse' and 'pge')",
     {{"platform", "proc/cpuinfo.hypervisor_flag", "1"}, {"platform", "proc/cpuinfo.flags.lm", "1"},
      {"platform", "proc/cpuinfo.flags.pse", "1"}, {"platform", "proc/cpuinfo.flags.pge", "1"}},
     HVD_VIRTUALIZED_YES, HVD_ROLE_GUEST, NULL, ANY, NULL, 0, NULL, "hypervisor-bit", 0},
    {"a vCPU of Apple's Hypervisor.framework (implementer Apple, part 0x000: MIDR 0x610f0000 on every Mac) is a guest's",
     "tests/machines/arch/cpufetch-issue229-aarch64-apple-m3-max-vm.json (a Fedora VM on an M3 Max Mac, /proc/cpuinfo "
     "only)",
     {{"platform", "proc/cpuinfo.cpu_implementer", "0x61"}, {"platform", "proc/cpuinfo.cpu_part", "0x000"}},
     HVD_VIRTUALIZED_YES, HVD_ROLE_GUEST, NULL, ANY, "virtual-apple-hypervisor-framework-cpu", HVD_FINDING_SUPPORTS,
     NULL, "virtual-hardware", 0},
    {"an Apple core's own part number is no evidence of a guest (KVM on Asahi Linux passes it to its guests too)",
     "tests/machines/arch/archspec-aarch64-asahi-m1.json (an M1 Mac running Asahi Linux, part 0x022)",
     {{"platform", "proc/cpuinfo.cpu_implementer", "0x61"}, {"platform", "proc/cpuinfo.cpu_part", "0x022"}},
     HVD_VIRTUALIZED_UNKNOWN, ANY, NULL, ANY, NULL, 0, NULL, "cannot-tell", 0},
    {"a server board maker's name on the baseboard is a physical machine's",
     "tests/machines/cloud/depenguin-hetzner-ax102.json (a Hetzner AX102 dedicated server, ASRockRack B665D4U-1L)",
     {{"dmi", "board_vendor", "ASRockRack"}, {"dmi", "board_name", "B665D4U-1L"}},
     HVD_VIRTUALIZED_NO, HVD_ROLE_NONE, NULL, ANY, "physical-asrock-rack", HVD_FINDING_SUPPORTS, NULL,
     "physical-firmware", 0},
    {"QEMU's pseries machine under TCG gives its CPUs a clock of exactly 1 GHz (hw/ppc/spapr.c): QEMU's emulator, "
     "not KVM",
     "tests/machines/arch/py-cpuinfo-26-ppc64-qemu-tcg-pseries.json (Debian on an emulated POWER7 at 1000.000000MHz)",
     {{"platform", "proc/cpuinfo.cpu", "POWER7 (raw), altivec supported"}, {"platform", "proc/cpuinfo.clock",
       "1000.000000MHz"}, {"platform", "proc/cpuinfo.platform", "pSeries"},
      {"platform", "proc/cpuinfo.model", "IBM pSeries (emulated by qemu)"},
      {"platform", "proc/cpuinfo.machine", "CHRP IBM pSeries (emulated by qemu)"}},
     HVD_VIRTUALIZED_YES, HVD_ROLE_GUEST, "qemu", ANY, "qemu-pseries-tcg-clock", HVD_FINDING_SUPPORTS, NULL,
     "platform", 0},
    {"QEMU's pseries machine under KVM passes the host POWER processor's clock (hw/ppc/spapr.c): KVM",
     "tests/machines/arch/sys-info-rs-25-ppc64-kvm-power8.json (a KVM guest on POWER8 at 3425.000000MHz)",
     {{"platform", "proc/cpuinfo.cpu", "POWER8 (architected), altivec supported"},
      {"platform", "proc/cpuinfo.clock", "3425.000000MHz"}, {"platform", "proc/cpuinfo.platform", "pSeries"},
      {"platform", "proc/cpuinfo.model", "IBM pSeries (emulated by qemu)"},
      {"platform", "proc/cpuinfo.machine", "CHRP IBM pSeries (emulated by qemu)"}},
     HVD_VIRTUALIZED_YES, HVD_ROLE_GUEST, "kvm", ANY, "qemu-pseries-kvm-clock", HVD_FINDING_SUPPORTS, NULL,
     "platform", 0},
    {"Linux on a POWER5 or later processor in the pSeries platform runs in a partition a hypervisor gives it "
     "(PowerNV on the bare processor)",
     "tests/machines/arch/py-cpuinfo-55-ppc64le-copr-builder.json (a POWER8 build machine, cpuinfo cut after its "
     "platform line)",
     {{"platform", "proc/cpuinfo.cpu", "POWER8E (raw), altivec supported"}, {"platform", "proc/cpuinfo.clock",
       "3425.000000MHz"}, {"platform", "proc/cpuinfo.platform", "pSeries"}},
     HVD_VIRTUALIZED_YES, HVD_ROLE_GUEST, NULL, ANY, "virtual-power-papr-partition", HVD_FINDING_SUPPORTS, NULL,
     "virtual-hardware", 0},
    {"QEMU 0.x's CPU with the hypervisor bit and no signature at 0x40000000 is its emulator's: under KVM it always "
     "wrote KVMKVMKVM there (kvm=off came with QEMU 2.1)",
     "tests/machines/kvm/virt-what-qemu-tcg-0-13-bochs-bios.json (virt-what's QEMU 0.13 TCG guest)",
     {{"dmi", "sys_vendor", "Bochs"}, {"cpuid", "vendor", "AuthenticAMD"}, {"cpuid", "hypervisor_bit", "1"},
      {"platform", "proc/cpuinfo.model_name", "QEMU Virtual CPU version 0.13.0"}},
     HVD_VIRTUALIZED_YES, HVD_ROLE_GUEST, "qemu", ANY, "qemu-tcg-old-cpu-without-kvm-leaf", HVD_FINDING_SUPPORTS, NULL,
     NULL, 0},
    {"QEMU 0.x's CPU with KVM's signature at 0x40000000 is KVM's",
     "tests/machines/kvm/virt-what-kvm-qemu-0-13-bochs-bios.json (virt-what's QEMU 0.13 KVM guest)",
     {{"dmi", "sys_vendor", "Bochs"}, {"cpuid", "vendor", "GenuineIntel"}, {"cpuid", "hypervisor_bit", "1"},
      {"cpuid", "0x40000000.signature", "KVMKVMKVM"},
      {"platform", "proc/cpuinfo.model_name", "QEMU Virtual CPU version 0.13.0"}},
     HVD_VIRTUALIZED_YES, HVD_ROLE_GUEST, "kvm", ANY, NULL, 0, NULL, NULL, 0},
    {"a container manager's bind mount names it where a cgroup namespace hides the cgroup path (Docker's "
     "<data-root>/containers/<id>/hostname)",
     "tests/machines/containers/elastic-apm-docker-cgroupv2-ubuntu.json (a Docker container on cgroup v2: "
     "/proc/self/cgroup is '0::/')",
     {{"container", "proc/self/cgroup", "0::/"},
      {"container", "proc/self/mountinfo./etc/hostname",
       "/var/lib/docker/containers/6548c6863fb748e72d1e2a4f824fde92f720952d062dede1318c2d6219a672d6/hostname ext4 "
       "/dev/mapper/vgubuntu-root"}},
     HVD_VIRTUALIZED_UNKNOWN, ANY, NULL, ANY, NULL, 0, "docker", NULL, 0},
    {"the kubelet's KUBERNETES_SERVICE_HOST in PID 1's environment shows a pod whatever the runtime",
     "tests/machines/containers/virtwhat-crio-openshift-pod.json's environment without its container= variable",
     {{"container", "proc/1/environ.KUBERNETES_SERVICE_HOST", "present"}},
     HVD_VIRTUALIZED_UNKNOWN, ANY, NULL, ANY, NULL, 0, "kubernetes", NULL, 0},
    {"LXC's /lxc/<name> cgroup path names LXC",
     "tests/machines/containers/newrelic-ubuntu1404-lxc-p1.json (an LXC container named p1 on Ubuntu 14.04)",
     {{"container", "proc/self/cgroup", "4:cpu:/lxc/p1\n3:cpuset:/lxc/p1\n2:name=systemd:/user/1000.user/1.session"}},
     HVD_VIRTUALIZED_UNKNOWN, ANY, NULL, ANY, NULL, 0, "lxc", NULL, 0},
    {"/run/.containerenv in a Kubernetes pod is CRI-O's (CRI-O mounts Podman's marker file in each container)",
     "tests/machines/containers/otel-java-crio-openshift-rhcos-cgroupv2.json (an OpenShift pod on CRI-O whose "
     "mountinfo shows /run/.containerenv and the kubelet's hosts file)",
     {{"container", "run/.containerenv", ""},
      {"container", "proc/self/mountinfo./etc/hosts",
       "/ostree/deploy/rhcos/var/lib/kubelet/pods/0a947273-7214-4824-8411-875ebd7626e4/etc-hosts xfs /dev/vda4"}},
     HVD_VIRTUALIZED_UNKNOWN, ANY, "*", ANY, NULL, 0, "crio,kubernetes", NULL, 0},
    {"/run/.containerenv outside a pod is Podman's",
     "tests/machines/containers/kachick-dotfiles-601-podman-empty-containerenv.json (an empty .containerenv)",
     {{"container", "run/.containerenv", ""}},
     HVD_VIRTUALIZED_UNKNOWN, ANY, "*", ANY, NULL, 0, "podman", NULL, 0},
    {"containerd's CRI plugin names itself in the hostname file it bind-mounts, where a cgroup namespace hides the "
     "cgroup path",
     "tests/machines/containers/otel-java-containerd-k8s-cgroupv1-ubuntu-lvm.json (a Kubernetes pod on containerd)",
     {{"container", "proc/self/mountinfo./etc/hostname",
       "/var/lib/containerd/io.containerd.grpc.v1.cri/sandboxes/"
       "b136f3d296b4c2024b3e7ad816f2a804a47cf1acc3d445075c6d78cf159ef58d/hostname xfs /dev/mapper/ubuntu--vg-root"}},
     HVD_VIRTUALIZED_UNKNOWN, ANY, "*", ANY, NULL, 0, "containerd", NULL, 0},
    {"LXC 4.0's attach leaf cgroup '.lxc' names LXC",
     "tests/machines/containers/lxc-3373-lxc-attach-lxc-4-0-1-dot-lxc-leaf.json (lxc-attach under LXC 4.0.1)",
     {{"container", "proc/self/cgroup", "1:cpuset:/\n0::/.lxc\n"}},
     HVD_VIRTUALIZED_UNKNOWN, ANY, "*", ANY, NULL, 0, "lxc", NULL, 0},
    {"an early WSL 2 kernel's release ('-microsoft-standard', before '-WSL2' was added) is WSL 2's",
     "tests/machines/containers/git-open-158-wsl2-insider-4-19-81.json (kernel 4.19.81-microsoft-standard)",
     {{"platform", "proc/sys/kernel/osrelease", "4.19.81-microsoft-standard"}},
     HVD_VIRTUALIZED_YES, HVD_ROLE_GUEST, "hyperv", ANY, "wsl2-kernel-release", HVD_FINDING_SUPPORTS, "wsl", NULL, 0},
    {"a Parallels guest on Apple silicon names Parallels in its device tree's model",
     "tests/machines/arch/lkml-parallels-desktop-m1-adelie-arm64-dt-model.json (the kernel's machine model on an M1)",
     {{"platform", "proc/device-tree/model", "Parallels ARM Virtual Machine"}},
     HVD_VIRTUALIZED_YES, HVD_ROLE_GUEST, "parallels", ANY, "parallels-devicetree-model", HVD_FINDING_SUPPORTS, NULL,
     NULL, 0},
    {"a board maker's name as the system vendor is physical firmware",
     "tests/machines/arch/sbc-bench-3y4f-solidrun-cex7-16x-cortex-a72.json (a SolidRun CEX7 board)",
     {{"dmi", "bios_vendor", "EFI Development Kit II / SolidRun"}, {"dmi", "sys_vendor", "SolidRun Ltd."},
      {"dmi", "product_name", "SolidRun CEX7 Platform"}},
     HVD_VIRTUALIZED_NO, HVD_ROLE_NONE, NULL, ANY, "physical-solidrun", HVD_FINDING_SUPPORTS, NULL,
     "physical-firmware", 0},
    {"an OpenVZ container id other than the hardware node's 0 in the process's status names OpenVZ",
     "tests/machines/containers/fusioninventory-openvz-envid-999.json (a process of container 999)",
     {{"container", "proc/self/status", "read"}, {"container", "proc/self/status.envID", "999"}},
     HVD_VIRTUALIZED_UNKNOWN, ANY, NULL, ANY, NULL, 0, "openvz", NULL, 0},
    {"on the OpenVZ hardware node the container id is 0: no container",
     "tests/machines/containers/fusioninventory-openvz-envid-999.json, its id made the node's",
     {{"container", "proc/self/status", "read"}, {"container", "proc/self/status.envID", "0"}},
     HVD_VIRTUALIZED_UNKNOWN, ANY, NULL, ANY, NULL, 0, "", NULL, 0},
    {"OpenVZ's beancounters listing only ids other than the hardware node's 0 are a container's",
     "tests/machines/containers/ohai-openvz-beancounters-852638.json (the file of container 852638)",
     {{"container", "proc/user_beancounters.ids", "852638"}},
     HVD_VIRTUALIZED_UNKNOWN, ANY, NULL, ANY, NULL, 0, "openvz", NULL, 0},
    {"the hardware node's beancounters list its own id 0 besides its containers': no container",
     "tests/machines/containers/ohai-openvz-beancounters-852638.json, with the node's 0 and a second container",
     {{"container", "proc/self/status", "read"}, {"container", "proc/user_beancounters.ids", "101\\x0a0\\x0a852638"}},
     HVD_VIRTUALIZED_UNKNOWN, ANY, NULL, ANY, NULL, 0, "", NULL, 0},
    {"beancounters of several containers are a hardware node's even where its own 0 is not among the ids kept",
     "tests/machines/containers/ohai-openvz-beancounters-852638.json, with a second container's block",
     {{"container", "proc/self/status", "read"}, {"container", "proc/user_beancounters.ids", "852638\\x0a852639"}},
     HVD_VIRTUALIZED_UNKNOWN, ANY, NULL, ANY, NULL, 0, "", NULL, 0},
    {"Linux-VServer 2.1's s_context other than the host's 0 names VServer",
     "tests/machines/containers/facter-vserver-2-1-guest-s-context-40074.json (guest context 40074)",
     {{"container", "proc/self/status", "read"}, {"container", "proc/self/status.s_context", "40074"}},
     HVD_VIRTUALIZED_UNKNOWN, ANY, NULL, ANY, NULL, 0, "vserver", NULL, 0},
    {"gVisor's fixed kernel build version in /proc/version names the gVisor sandbox",
     "tests/machines/containers/agently-345-gvisor-runsc.json (a container run with runsc)",
     {{"platform", "proc/version", "Linux version 4.19.0-gvisor #1 SMP Sun Jan 10 15:06:54 PST 2016"}},
     HVD_VIRTUALIZED_UNKNOWN, ANY, NULL, ANY, NULL, 0, "gvisor", NULL, 0},
    {"a cgroup at /lxc/<64 hex digits> is Docker's LXC exec driver (lxc-start named by the container's id), not LXC",
     "tests/machines/containers/newrelic-docker-1-1-2-lxc-driver.json (a Docker 1.1.2 container on the LXC driver)",
     {{"container", "proc/self/cgroup",
       "11:hugetlb:/lxc/cb8c113e5f3cf8332f5231f8154adc429ea910f7c29995372de4f571c55d3159\n"
       "7:name=systemd:/lxc/cb8c113e5f3cf8332f5231f8154adc429ea910f7c29995372de4f571c55d3159\n"
       "2:cpuset:/lxc/cb8c113e5f3cf8332f5231f8154adc429ea910f7c29995372de4f571c55d3159"}},
     HVD_VIRTUALIZED_UNKNOWN, ANY, NULL, ANY, NULL, 0, "docker", NULL, 0},
    {"a cgroup named by a 64-hex-digit id at a hierarchy's root is Docker's with its cgroup parent at the root",
     "tests/machines/containers/neuvector-docker-debian-bare-id.json (a Docker container on Debian)",
     {{"container", "proc/self/cgroup",
       "10:net_prio:/4f797c539e6c745de61a93ca3ff892358ecbcaccd8414d5db545c38428142970\n"
       "2:cpu:/4f797c539e6c745de61a93ca3ff892358ecbcaccd8414d5db545c38428142970"}},
     HVD_VIRTUALIZED_UNKNOWN, ANY, NULL, ANY, NULL, 0, "docker", NULL, 0},
    {"gVisor's fixed build version in uname's version field names the gVisor sandbox, whatever release it gives",
     "tests/machines/containers/mstelles-cks-gvisor-kubernetes-pod.json (uname -a in a Kubernetes pod of RuntimeClass "
     "gvisor)",
     {{"platform", "proc/sys/kernel/osrelease", "4.4.0"},
      {"platform", "proc/sys/kernel/version", "#1 SMP Sun Jan 10 15:06:54 PST 2016"}},
     HVD_VIRTUALIZED_UNKNOWN, ANY, NULL, ANY, NULL, 0, "gvisor", NULL, 0},
    {"systemd-machined's scope machine.slice/machine-<name>.scope in PID 1's cgroups names a systemd-nspawn container",
     "tests/machines/containers/libwhereami-nspawn-machine-scope.json (libwhereami's nspawn fixture)",
     {{"container", "proc/1/cgroup",
       "11:cpu,cpuacct:/machine.slice/machine-name.scope\n10:hugetlb:/\n"
       "1:name=systemd:/machine.slice/machine-name.scope"}},
     HVD_VIRTUALIZED_UNKNOWN, ANY, NULL, ANY, NULL, 0, "systemd-nspawn", NULL, 0},
    {"the name a manager writes to /run/host/container-manager names it, as container= does",
     "systemd docs/CONTAINER_INTERFACE.md (the manager writes its name there; no recorded machine shows the file yet)",
     {{"container", "run/host/container-manager", "systemd-nspawn"}},
     HVD_VIRTUALIZED_UNKNOWN, ANY, NULL, ANY, NULL, 0, "systemd-nspawn", NULL, 0},
    {"an lx-branded zone's uname version 'BrandZ virtual linux' names the zone, whatever release it emulates",
     "tests/machines/containers/rust-vfsstat-lx-zone-plex.json (uname -a in the SmartOS lx zone 'plex')",
     {{"platform", "proc/sys/kernel/osrelease", "4.3.0"}, {"platform", "proc/sys/kernel/version", "BrandZ virtual linux"}},
     HVD_VIRTUALIZED_UNKNOWN, ANY, NULL, ANY, NULL, 0, "lx-zone", NULL, 0},
    {"an Arm CCA realm's RSI device under arm-smccc, which the kernel creates only in a realm, makes the machine a "
     "virtual one, of no hypervisor it names",
     "tests/machines/cvm/linux-coco-cca-aux-device-realm.json (a realm running the linux-coco series that replaces "
     "arm-cca-dev with an arm_cca_guest auxiliary device)",
     {{"platform", "sys/devices/platform/arm-smccc/arm_cca_guest.arm-rsi-dev.0", "present"}},
     HVD_VIRTUALIZED_YES, HVD_ROLE_GUEST, NULL, ANY, "virtual-arm-cca-rsi-device", HVD_FINDING_SUPPORTS, NULL,
     "virtual-hardware", 0},
    {"an Apple laptop's model in a PowerMac kernel's cpuinfo is physical: QEMU's Mac firmware (OpenBIOS) names only "
     "'Power Macintosh' and 'PowerMac3,1'",
     "tests/machines/arch/cpufetch-351-ppc-powerbook-g4.json (a PowerBook G4 15\" its owner runs Linux on)",
     {{"platform", "proc/cpuinfo.cpu", "7447A, altivec supported"}, {"platform", "proc/cpuinfo.platform", "PowerMac"},
      {"platform", "proc/cpuinfo.model", "PowerBook5,8"}, {"platform", "proc/cpuinfo.machine", "PowerBook5,8"},
      {"platform", "proc/cpuinfo.clock", "1666.666000MHz"}},
     HVD_VIRTUALIZED_NO, HVD_ROLE_NONE, NULL, ANY, "physical-apple-powerbook", HVD_FINDING_SUPPORTS, NULL,
     "physical-firmware", 0},
    {"a PowerMac3,1 with a PowerPC 970 is QEMU's mac99: Apple's PowerMac3,1 is a G4",
     "tests/machines/arch/qemu-devel-ppc64-mac99-powermac3-1.json (Debian ppc64 on QEMU's mac99 with a 970)",
     {{"platform", "proc/cpuinfo.cpu", "PPC970, altivec supported"}, {"platform", "proc/cpuinfo.clock",
       "900.000000MHz"}, {"platform", "proc/cpuinfo.platform", "PowerMac"},
      {"platform", "proc/cpuinfo.model", "PowerMac3,1"}, {"platform", "proc/cpuinfo.machine", "PowerMac3,1"}},
     HVD_VIRTUALIZED_YES, HVD_ROLE_GUEST, NULL, ANY, "virtual-qemu-mac99-g5-cpu", HVD_FINDING_SUPPORTS, NULL,
     "virtual-hardware", 0},
    {"a linux,dummy-virt machine whose vCPUs carry the host's implementer, which no emulated CPU of QEMU has, is KVM",
     "tests/machines/arch/vw-aarch64-kvmtool-guest.json (kvmtool on an Applied Micro X-Gene host)",
     {{"platform", "proc/device-tree/compatible", "linux,dummy-virt"},
      {"platform", "proc/cpuinfo.cpu_implementer", "0x50"}, {"platform", "proc/cpuinfo.cpu_part", "0x000"},
      {"platform", "proc/cpuinfo.features", "fp asimd evtstrm"}},
     HVD_VIRTUALIZED_YES, HVD_ROLE_GUEST, "kvm", ANY, "kvm-arm-dummy-virt-host-cpu", HVD_FINDING_SUPPORTS, NULL,
     "platform", 0},
    {"QEMU's own aarch64 CPUs (Arm's implementer 0x41 here) under linux,dummy-virt may be emulated: no technology",
     "tests/machines/cloud/virt-what-gce.json's Neoverse N1 vCPU (implementer 0x41) in the device tree of "
     "tests/machines/arch/vw-aarch64-kvmtool-guest.json",
     {{"platform", "proc/device-tree/compatible", "linux,dummy-virt"},
      {"platform", "proc/cpuinfo.cpu_implementer", "0x41"}, {"platform", "proc/cpuinfo.cpu_part", "0xd0c"}},
     HVD_VIRTUALIZED_YES, HVD_ROLE_GUEST, NULL, ANY, "virtual-arm-dummy-virt", HVD_FINDING_SUPPORTS, NULL,
     "virtual-hardware", 0},
    {"a platform every machine of which runs on one hypervisor, host and guests alike (sun4v), names that technology "
     "and leaves open whether the machine is virtual",
     "tests/machines/arch/fastfetch-1529-sparc64-t4-1-all-strands.json (a SPARC T4-1's control domain)",
     {{"platform", "proc/cpuinfo.cpu", "UltraSparc T4 (Niagara4)"}, {"platform", "proc/cpuinfo.type", "sun4v"}},
     HVD_VIRTUALIZED_UNKNOWN, HVD_ROLE_NONE, "ldoms", ANY, "ldoms-cpuinfo-sun4v", HVD_FINDING_SUPPORTS, NULL,
     "cannot-tell", 0},
    {"a LoongArch CPU that offers lvz runs on the bare hardware (KVM does not pass lvz on), in a paste without the "
     "system type line too",
     "tests/machines/arch/phoronix-823-loongarch64-3c6000.json (one processor block of a Loongson-3C6000 machine)",
     {{"platform", "proc/cpuinfo.features",
       "cpucfg lam ual fpu lsx lasx crc32 complex crypto lspw lvz lbt_x86 lbt_arm lbt_mips"}},
     HVD_VIRTUALIZED_NO, HVD_ROLE_NONE, NULL, ANY, "physical-loongarch-lvz", HVD_FINDING_SUPPORTS, NULL,
     "physical-firmware", 0},
    {"Hyper-V's Generation 1 BIOS of 2012 and later (090006 to 090008) postdates Virtual PC and Virtual Server: with "
     "Microsoft's virtual machine identity it is Hyper-V",
     "tests/machines/guests/go-smbios-hyperv-gen1-2018-bios.json (a Hyper-V guest, BIOS 090008 of 12/07/2018)",
     {{"dmi", "sys_vendor", "Microsoft Corporation"}, {"dmi", "product_name", "Virtual Machine"},
      {"dmi", "product_version", "7.0"}, {"dmi", "bios_vendor", "American Megatrends Inc."},
      {"dmi", "bios_version", "090008"}, {"dmi", "bios_date", "12/07/2018"}},
     HVD_VIRTUALIZED_YES, HVD_ROLE_GUEST, "hyperv", ANY, "hyperv-dmi-bios-2012-on", HVD_FINDING_SUPPORTS, NULL,
     "firmware", 0},
    {"Hyper-V 2008 R2's Generation 1 BIOS, 090004 of 03/19/2009, is of another day than Windows Virtual PC's: with "
     "Microsoft's virtual machine identity it is Hyper-V",
     "tests/machines/guests/fusioninventory-windows-hyperv-2009-bios.json (a Windows guest of Hyper-V, BIOS 090004)",
     {{"dmi", "sys_vendor", "Microsoft Corporation"}, {"dmi", "product_name", "Virtual Machine"},
      {"dmi", "product_version", "7.0"}, {"dmi", "bios_vendor", "American Megatrends Inc."},
      {"dmi", "bios_version", "090004 "}, {"dmi", "bios_date", "03/19/2009"}},
     HVD_VIRTUALIZED_YES, HVD_ROLE_GUEST, "hyperv", ANY, "hyperv-dmi-bios-2008r2", HVD_FINDING_SUPPORTS, NULL,
     "firmware", 0},
    {"the same BIOS version of another day (Windows Virtual PC's firmware is of 2009 too) does not name Hyper-V alone",
     "tests/machines/guests/fusioninventory-windows-hyperv-2009-bios.json, its date changed to one of Windows Virtual "
     "PC's (Microsoft Deployment Toolkit's 'A M I  - 6000901')",
     {{"dmi", "sys_vendor", "Microsoft Corporation"}, {"dmi", "product_name", "Virtual Machine"},
      {"dmi", "product_version", "7.0"}, {"dmi", "bios_vendor", "American Megatrends Inc."},
      {"dmi", "bios_version", "090004 "}, {"dmi", "bios_date", "06/01/2009"}},
     HVD_VIRTUALIZED_YES, HVD_ROLE_GUEST, NULL, ANY, NULL, HVD_FINDING_SUPPORTS, NULL, NULL, 0},
    {"a PC maker's OEM id in the FADT, which every hypervisor writes with its own, is physical firmware",
     "tests/machines/bare-metal/redhat-cip-hardware-dmesg-supermicro-sys-1027r-wrf4.json (a Supermicro server's ACPI "
     "tables in its boot log)",
     {{"acpi", "FACP.oem_id", "SUPERM"}, {"acpi", "FACP.oem_table_id", "SMCI--MB"}, {"acpi", "FACP.creator_id", "AMI"}},
     HVD_VIRTUALIZED_NO, HVD_ROLE_NONE, NULL, ANY, "physical-acpi-fadt-supermicro", HVD_FINDING_SUPPORTS, NULL,
     "physical-firmware", 0},
    {"physical evidence never outweighs a hypervisor's CPUID signature: a FADT with Dell's id (a guest's firmware made "
     "to look like its host's) under KVM's leaf is a KVM guest",
     "tests/machines/bare-metal/lhw-dell-xps-15-9510.json's FADT id, with tests/fixtures/kvm-qemu-generic's CPUID",
     {{"acpi", "FACP.oem_id", "DELL"}, {"cpuid", "hypervisor_bit", "1"},
      {"cpuid", "0x40000000.signature", "KVMKVMKVM"}},
     HVD_VIRTUALIZED_YES, HVD_ROLE_GUEST, "kvm", ANY, NULL, 0, NULL, NULL, 0},
    {"vmd's guests name OpenBSD's hypervisor in their SMBIOS system strings",
     "tests/machines/guests/facterdb-openbsd-7-5-vmm-guest-atom-c2750.json (an OpenBSD 7.5 guest of vmd)",
     {{"dmi", "sys_vendor", "OpenBSD"}, {"dmi", "product_name", "VMM"}},
     HVD_VIRTUALIZED_YES, HVD_ROLE_GUEST, "vmm", ANY, "openbsd-vmm-dmi", HVD_FINDING_SUPPORTS, NULL, "firmware", 0},
    {"OmniOS's bhyve zones name OmniOS in the SMBIOS system strings beside bhyve's BIOS vendor: OmniOS's bhyve",
     "tests/machines/guests/bsdhw-dmi-omnios-bhyve-hvm-a0da27dbc3a8.json (a BSD guest of an OmniOS bhyve zone)",
     {{"dmi", "bios_vendor", "BHYVE"}, {"dmi", "sys_vendor", "OmniOS"}, {"dmi", "product_name", "OmniOS HVM"},
      {"smbios", "vm_bit", "1"}},
     HVD_VIRTUALIZED_YES, HVD_ROLE_GUEST, "bhyve", ANY, "omnios-bhyve-dmi", HVD_FINDING_SUPPORTS, NULL, "firmware", 0},
    {"a Raspberry Pi's device tree names the board: a board, not a guest",
     "tests/machines/arch/dlibox-8-raspberry-pi-3-model-b-rev-1-2.json (the device tree of a Raspberry Pi 3)",
     {{"platform", "proc/device-tree/compatible", "brcm,bcm2710\\x00brcm,bcm2709"},
      {"platform", "proc/device-tree/model", "Raspberry Pi 3 Model B Rev 1.2"}},
     HVD_VIRTUALIZED_NO, HVD_ROLE_NONE, NULL, ANY, "physical-raspberry-pi-model", HVD_FINDING_SUPPORTS, NULL,
     "physical-firmware", 0},
    {"Google Cloud's bare-metal machine types keep GCE's product name: with the '-BM-' serial they are its bare metal",
     "tests/machines/bare-metal/sparecores-gcp-c3-standard-192-metal.json (a c3-standard-192-metal instance)",
     {{"dmi", "sys_vendor", "Google"}, {"dmi", "product_name", "Google Compute Engine"},
      {"dmi", "product_serial", "GoogleCloud-BM-6DFFF405C4C5461C1C9DFA74D261B730"}, {"dmi", "board_name", "izumi"}},
     HVD_VIRTUALIZED_NO, HVD_ROLE_NONE, NULL, ANY, "physical-gce-metal-serial", HVD_FINDING_SUPPORTS, NULL,
     "vendor-bare-metal", 0},
    {"without root (no serial), GCE's product name on a board of its own with the hypervisor bit clear is its bare "
     "metal",
     "tests/machines/bare-metal/sparecores-gcp-c4-standard-288-metal.json as a user reads it, with the clear bit its "
     "lscpu shows (no 'hypervisor' flag)",
     {{"dmi", "sys_vendor", "Google"}, {"dmi", "product_name", "Google Compute Engine"},
      {"dmi", "board_name", "imperia"}, {"cpuid", "hypervisor_bit", "0"}},
     HVD_VIRTUALIZED_NO, HVD_ROLE_NONE, NULL, ANY, NULL, 0, NULL, "vendor-bare-metal", 0},
    {"GCE's virtual machines leave the SMBIOS VM bit clear: their serial and board name make them guests all the same",
     "tests/machines/cloud/virt-what-gce.json (a GCE virtual machine, VM bit clear)",
     {{"dmi", "sys_vendor", "Google"}, {"dmi", "product_name", "Google Compute Engine"},
      {"dmi", "product_serial", "GoogleCloud-957EDC416C53B28F6DA35168B6F8648D"},
      {"dmi", "board_name", "Google Compute Engine"}, {"smbios", "vm_bit", "0"}},
     HVD_VIRTUALIZED_YES, HVD_ROLE_GUEST, "kvm", ANY, "gce-dmi-serial", HVD_FINDING_SUPPORTS, NULL, "firmware", 0},
    {"a GCE virtual machine read without root (no serial, no VM bit) is a guest by its board name",
     "tests/machines/cloud/virt-what-gce.json as a user reads it",
     {{"dmi", "sys_vendor", "Google"}, {"dmi", "product_name", "Google Compute Engine"},
      {"dmi", "board_name", "Google Compute Engine"}, {"cpuid", "hypervisor_bit", "0"}},
     HVD_VIRTUALIZED_YES, HVD_ROLE_GUEST, "kvm", ANY, "gce-dmi-board", HVD_FINDING_SUPPORTS, NULL, "firmware", 0},
    {"SmartOS's 'Joyent' / 'SmartDC HVM' names its KVM and its bhyve machines alike: both are candidates",
     "tests/machines/kvm/smartos-live-456-kvm-guest-smbios-type1.json (a SmartOS KVM machine)",
     {{"dmi", "sys_vendor", "Joyent"}, {"dmi", "product_name", "SmartDC HVM"},
      {"dmi", "product_family", "Virtual Machine"}},
     HVD_VIRTUALIZED_YES, HVD_ROLE_GUEST, NULL, ANY, "smartos-hvm-dmi", HVD_FINDING_SUPPORTS, NULL, NULL, 1},
    {"with bhyve's CPUID leaf the same strings are SmartOS's bhyve",
     "tests/machines/guests/smartos-live-pr940-bhyve-guest-smbios-type1.json, with the leaf illumos bhyve presents",
     {{"dmi", "sys_vendor", "Joyent"}, {"dmi", "product_name", "SmartDC HVM"}, {"cpuid", "hypervisor_bit", "1"},
      {"cpuid", "0x40000000.signature", "bhyve bhyve"}},
     HVD_VIRTUALIZED_YES, HVD_ROLE_GUEST, "bhyve", ANY, "smartos-hvm-dmi", HVD_FINDING_SUPPORTS, NULL, NULL, 0},
    {"with KVM's CPUID leaf, which bhyve does not present, the same strings are SmartOS's KVM",
     "tests/machines/kvm/smartos-live-456-kvm-guest-smbios-type1.json, with the leaf SmartOS's KVM presents since 2018",
     {{"dmi", "sys_vendor", "Joyent"}, {"dmi", "product_name", "SmartDC HVM"}, {"cpuid", "hypervisor_bit", "1"},
      {"cpuid", "0x40000000.signature", "KVMKVMKVM"}},
     HVD_VIRTUALIZED_YES, HVD_ROLE_GUEST, "kvm", ANY, "smartos-hvm-dmi", HVD_FINDING_SUPPORTS, NULL, NULL, 0},
    {"a board on Intel's reference platform under AMI's firmware is physical: VMware's Intel board runs Phoenix's or "
     "VMware's firmware",
     "tests/machines/bare-metal/linuxhw-nbx-ahv-huronriver-notebook.json (a notebook on Intel's HURONRIVER platform whose "
     "product name happens to be 'AHV')",
     {{"dmi", "bios_vendor", "American Megatrends Inc."}, {"dmi", "bios_version", "1.04.NEW Test"},
      {"dmi", "sys_vendor", "NBX"}, {"dmi", "product_name", "AHV"}, {"dmi", "board_vendor", "INTEL Corporation"},
      {"dmi", "board_name", "HURONRIVER"}, {"smbios", "vm_bit", "0"}},
     HVD_VIRTUALIZED_NO, HVD_ROLE_NONE, NULL, ANY, "physical-intel-board-ami-firmware", HVD_FINDING_SUPPORTS, NULL,
     "physical-firmware", 0},
    {"KVM's AMD module with SEV enabled runs on the physical processor: the kernel keeps the SEV feature only with "
     "memory-encryption bits in model-specific registers that hypervisors do not emulate",
     "tests/machines/cvm/sevctl-203-epyc-3151-sev-es-host.json (an EPYC Embedded 3151 running KVM with SEV-ES on)",
     {{"platform", "sys/module/kvm_amd/parameters/sev_es", "Y"}},
     HVD_VIRTUALIZED_NO, HVD_ROLE_NONE, NULL, ANY, "physical-kvm-amd-sev-es-host", HVD_FINDING_SUPPORTS, NULL,
     "physical-firmware", 0},
    {"on RISC-V, 'linux,dummy-virt' is a KVM VMM's (kvmtool, crosvm): QEMU's RISC-V board says 'riscv-virtio'",
     "tests/machines/arch/tjeznach-riscv64-crosvm-guest-nested.json (a crosvm guest on RISC-V)",
     {{"platform", "proc/device-tree/compatible", "linux,dummy-virt"},
      {"platform", "proc/cpuinfo.isa", "rv64iafdc_smaia_ssaia"}},
     HVD_VIRTUALIZED_YES, HVD_ROLE_GUEST, "kvm", ANY, "kvm-riscv-dummy-virt", HVD_FINDING_SUPPORTS, NULL, NULL, 1},
    {"a RISC-V SoC's own PCIe root complex is physical: a guest sees its hypervisor's bridges and VFIO assigns no "
     "bridge",
     "tests/machines/arch/ul-riscv64-milkv-pioneer.json (Milk-V Pioneer, Sophgo SG2042)",
     {{"platform", "proc/cpuinfo.isa", "rv64imafdcv"}, {"pci", "0000:00:00.0", "1e30:2042"},
      {"pci", "0000:c1:00.0", "1b21:2824"}},
     HVD_VIRTUALIZED_NO, HVD_ROLE_NONE, NULL, ANY, "physical-riscv-pcie-root-sophgo-sg2042", HVD_FINDING_SUPPORTS, NULL,
     "physical-firmware", 0},
    {"a board built for OVHcloud's dedicated servers ('/OVH') puts the machine at OVHcloud without making it virtual",
     "tests/machines/bare-metal/lhw-asrockrack-e3c252d4u-2t-ovh.json (an OVHcloud dedicated server)",
     {{"dmi", "bios_vendor", "American Megatrends International, LLC."}, {"dmi", "bios_version", "4.01.OV01"},
      {"dmi", "sys_vendor", "To Be Filled By O.E.M."}, {"dmi", "product_name", "E3C252D4U-2T"},
      {"dmi", "board_vendor", "ASRockRack"}, {"dmi", "board_name", "E3C252D4U-2T/OVH"}, {"smbios", "vm_bit", "0"}},
     HVD_VIRTUALIZED_NO, HVD_ROLE_NONE, NULL, ANY, "ovhcloud-dedicated-board", HVD_FINDING_SUPPORTS, NULL, NULL, 0},
    {"IBM SoftLayer's asset tag puts a bare-metal server at IBM Cloud without making it virtual",
     "tests/machines/bare-metal/chef-dmidecode-ibmcloud-softlayer-supermicro-x10slh.json (an IBM Cloud bare-metal "
     "Supermicro server)",
     {{"dmi", "bios_vendor", "American Megatrends Inc."}, {"dmi", "sys_vendor", "Supermicro"},
      {"dmi", "product_name", "X10SLH-N6-ST031"}, {"dmi", "board_vendor", "Supermicro"},
      {"dmi", "chassis_asset_tag", "IBM SoftLayer"}, {"smbios", "vm_bit", "0"}},
     HVD_VIRTUALIZED_NO, HVD_ROLE_NONE, NULL, ANY, "ibm-cloud-softlayer-asset-tag", HVD_FINDING_SUPPORTS, NULL, NULL, 0},
    {"Intel's own BIOS is physical: no hypervisor's virtual firmware names Intel",
     "tests/machines/bare-metal/lhw-ovh-sp-intel-dg31pr.json (an Intel DG31PR board in an OVH-built server)",
     {{"dmi", "bios_vendor", "Intel Corp."}, {"dmi", "bios_version", "PRG3110H.86A.0071.2010.0318.1704"},
      {"dmi", "sys_vendor", "OVH"}, {"dmi", "product_name", "SP"}, {"dmi", "board_vendor", "Intel Corporation"},
      {"dmi", "board_name", "DG31PR"}, {"smbios", "vm_bit", "0"}},
     HVD_VIRTUALIZED_NO, HVD_ROLE_NONE, NULL, ANY, "physical-intel-own-firmware", HVD_FINDING_SUPPORTS, NULL,
     "physical-firmware", 0},
    {"'VS2005R2' is the Virtual PC family's: Virtual Server 2005 R2 and Virtual PC 2007 both report it",
     "tests/machines/guests/ohai-dmidecode-vs2005r2-virtual-machine.json (a dmidecode sample of such a guest)",
     {{"dmi", "sys_vendor", "Microsoft Corporation"}, {"dmi", "product_name", "Virtual Machine"},
      {"dmi", "product_version", "VS2005R2"}},
     HVD_VIRTUALIZED_YES, HVD_ROLE_GUEST, "virtualpc", ANY, "virtualpc-dmi-version-vs2005r2", HVD_FINDING_SUPPORTS,
     NULL, NULL, 1},
    {"QEMU's RISC-V board with harts that have the hypervisor extension is QEMU's emulator: KVM never gives its vCPUs "
     "H",
     "tests/machines/arch/tjeznach-riscv64-qemu-tcg-virt-aia-8.0.json (QEMU virt, '-cpu rv64', running a crosvm guest)",
     {{"platform", "proc/device-tree/model", "riscv-virtio,qemu"}, {"platform", "proc/cpuinfo.isa_letters", "imafdch"}},
     HVD_VIRTUALIZED_YES, HVD_ROLE_GUEST, "qemu", ANY, "qemu-tcg-riscv-virt-hart-with-hypervisor-extension",
     HVD_FINDING_SUPPORTS, NULL, NULL, 0},
    {"without the hypervisor extension QEMU's RISC-V board may run under KVM or the emulator: no technology is named",
     "tests/machines/arch/tjeznach-riscv64-qemu-tcg-virt-aia-8.0.json, less the 'h' of its ISA",
     {{"platform", "proc/device-tree/model", "riscv-virtio,qemu"}, {"platform", "proc/cpuinfo.isa_letters", "imafdc"}},
     HVD_VIRTUALIZED_YES, HVD_ROLE_GUEST, NULL, ANY, "qemu-devicetree-riscv-virt", HVD_FINDING_SUPPORTS, NULL, NULL, 1},
};

/* Where the evidence cannot pin a product, the products it leaves possible: exactly these are offered. */
typedef struct candidates_case {
    const char *rule;
    const char *record;
    observation evidence[EVIDENCE_MAX];
    const char *offered[4]; /* the candidates, in any order */
} candidates_case;

static const candidates_case candidate_cases[] = {
    {"VMware's arm64 firmware (board 'VBSA') is that of Fusion on Apple silicon and of ESXi-Arm: Workstation, whose "
     "guests are x86, is no candidate",
     "tests/fixtures-windows/windows-arm64-vmware-fusion (msinfo32 in a Windows 11 arm64 guest of VMware Fusion on an "
     "M1 Mac, https://github.com/thebookisclosed/AmperageKit/issues/2)",
     {{"dmi", "sys_vendor", "VMware, Inc."}, {"dmi", "product_name", "VMware20,1"}, {"dmi", "board_name", "VBSA"},
      {"dmi", "bios_version", "VMW201.00V.21805430.BA64.2305221830"}},
     {"vmware-fusion", "vmware-esxi"}},
};

static int same_text(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

static hvd_result *identify_facts(const hvd_vendor_db *db, const observation facts[EVIDENCE_MAX])
{
    hvd_evidence *evidence = NULL;
    ck_assert_int_eq(hvd_evidence_new(&evidence), HVD_OK);
    for (size_t i = 0; i < EVIDENCE_MAX && facts[i].source; i++)
        ck_assert_int_eq(hvd_evidence_add(evidence, facts[i].source, facts[i].key, facts[i].value, HVD_STATUS_OK, NULL),
                         HVD_OK);
    hvd_result *result = NULL;
    ck_assert_int_eq(hvd_identify(&result, evidence, db), HVD_OK);
    hvd_evidence_free(evidence);
    return result;
}

START_TEST(test_rule_holds)
{
    const rule_case *c = &cases[_i];
    hvd_vendor_db *db = NULL;
    ck_assert_int_eq(hvd_vendor_db_load_default(&db), HVD_OK);
    hvd_result *result = identify_facts(db, c->evidence);

    ck_assert_msg(hvd_result_virtualized(result) == c->virtualized, "%s: virtualized %d", c->rule,
                  (int)hvd_result_virtualized(result));
    ck_assert_msg((c->technology && strcmp(c->technology, "*") == 0) ||
                      same_text(hvd_result_technology(result), c->technology),
                  "%s: technology %s", c->rule,
                  hvd_result_technology(result));
    if (c->role != ANY)
        ck_assert_msg((int)hvd_result_role(result) == c->role, "%s: role %s", c->rule,
                      hvd_role_name(hvd_result_role(result)));
    if (c->confidence != ANY)
        ck_assert_msg((int)hvd_result_confidence(result) == c->confidence, "%s: confidence %s", c->rule,
                      hvd_confidence_name(hvd_result_confidence(result)));
    if (c->signature) {
        const hvd_finding *found = NULL;
        for (size_t i = 0; i < hvd_result_finding_count(result) && !found; i++)
            if (same_text(hvd_result_finding(result, i)->signature, c->signature))
                found = hvd_result_finding(result, i);
        ck_assert_msg(found != NULL, "%s: no finding of %s", c->rule, c->signature);
        ck_assert_msg((int)found->kind == c->finding_kind, "%s: %s is %s", c->rule, c->signature,
                      hvd_finding_kind_name(found->kind));
    }
    if (c->basis)
        ck_assert_msg(same_text(hvd_result_basis(result), c->basis), "%s: basis %s", c->rule,
                      hvd_result_basis(result));
    if (c->unpinned)
        ck_assert_msg(hvd_result_product(result) == NULL && hvd_result_candidate_count(result) > 1,
                      "%s: product %s pinned", c->rule, hvd_result_product(result));
    if (c->container) {
        char found[256] = "";
        for (size_t i = 0; i < hvd_result_container_count(result); i++)
            snprintf(found + strlen(found), sizeof(found) - strlen(found), "%s%s", i ? "," : "",
                     hvd_result_container(result, i));
        ck_assert_msg(strcmp(found, c->container) == 0, "%s: containers \"%s\"", c->rule, found);
    }
    hvd_result_free(result);
    hvd_vendor_db_free(db);
}
END_TEST

START_TEST(test_candidates_hold)
{
    const candidates_case *c = &candidate_cases[_i];
    hvd_vendor_db *db = NULL;
    ck_assert_int_eq(hvd_vendor_db_load_default(&db), HVD_OK);
    hvd_result *result = identify_facts(db, c->evidence);
    size_t offered = 0;
    while (offered < sizeof(c->offered) / sizeof(c->offered[0]) && c->offered[offered])
        offered++;
    ck_assert_msg(hvd_result_product(result) == NULL, "%s: product %s pinned", c->rule, hvd_result_product(result));
    for (size_t i = 0; i < hvd_result_candidate_count(result); i++) {
        size_t j = 0;
        while (j < offered && !same_text(c->offered[j], hvd_result_candidate(result, i)))
            j++;
        ck_assert_msg(j < offered, "%s: %s is offered", c->rule, hvd_result_candidate(result, i));
    }
    ck_assert_msg(hvd_result_candidate_count(result) == offered, "%s: %lu candidates, expected %lu", c->rule,
                  (unsigned long)hvd_result_candidate_count(result), (unsigned long)offered);
    hvd_result_free(result);
    hvd_vendor_db_free(db);
}
END_TEST

int main(void)
{
    Suite *suite = suite_create("engine rules");
    TCase *tc = tcase_create("rules");
    tcase_add_loop_test(tc, test_rule_holds, 0, (int)(sizeof(cases) / sizeof(cases[0])));
    tcase_add_loop_test(tc, test_candidates_hold, 0, (int)(sizeof(candidate_cases) / sizeof(candidate_cases[0])));
    suite_add_tcase(suite, tc);
    return hvd_test_run(suite) == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
