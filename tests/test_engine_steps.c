/* SPDX-License-Identifier: MIT */
/* The engine's decision steps: for each step, a machine that step decides (its answer names it as the basis), and
 * the same machine with that step left out gets another answer. A step that could be removed without changing any
 * answer would be a rule nothing guards. */

#include <check.h>

#include "check_run.h"
#include <stdlib.h>
#include <string.h>

#include "engine/identify.h"
#include "hvdetect.h"

/* The steps that run (src/engine/identify.c): bit i is the i-th step of the decision. */
extern unsigned hvd__identify_steps;

typedef struct observation {
    const char *source, *key, *value;
} observation;

typedef struct step_case {
    unsigned step;          /* its index in the decision */
    const char *basis;      /* what the answer names */
    const char *technology; /* the answer with every step, NULL for none */
    hvd_virtualized virtualized;
    observation evidence[6];
} step_case;

/* Each machine is built from facts a real one of its kind shows (tests/machines/ and the shared corpus). */
static const step_case cases[] = {
    {0, "host-partition", "xen", HVD_VIRTUALIZED_NO,
     {{"platform", "proc/xen/capabilities", "control_d"}, {"platform", "sys/hypervisor/type", "xen"}}},
    {1, "firmware", "parallels", HVD_VIRTUALIZED_YES,
     {{"dmi", "sys_vendor", "Parallels Software International Inc."}, {"dmi", "product_name", "Parallels Virtual Platform"},
      {"cpuid", "hypervisor_bit", "1"}, {"cpuid", "0x40000000.signature", "KVMKVMKVM"}}},
    {2, "platform", "xen", HVD_VIRTUALIZED_YES,
     {{"platform", "sys/hypervisor/type", "xen"}, {"platform", "proc/xen/capabilities", ""},
      {"cpuid", "hypervisor_bit", "1"}, {"cpuid", "0x40000000.signature", "VMwareVMware"}}},
    {3, "cpuid", "vmware", HVD_VIRTUALIZED_YES,
     {{"cpuid", "hypervisor_bit", "1"}, {"cpuid", "0x40000000.signature", "VMwareVMware"}}},
    {4, "interface", "hyperv", HVD_VIRTUALIZED_YES,
     {{"cpuid", "hypervisor_bit", "1"}, {"cpuid", "0x40000000.signature", "Microsoft Hv"}}},
    {5, "hypervisor-bit", NULL, HVD_VIRTUALIZED_YES,
     {{"cpuid", "hypervisor_bit", "1"}, {"cpuid", "0x40000000.signature", "NoSuchHvNoSu"}}},
    {6, "physical-firmware", NULL, HVD_VIRTUALIZED_NO,
     {{"dmi", "sys_vendor", "Dell Inc."}, {"dmi", "product_name", "PowerEdge R740"}}},
    {6, "cpuid-clear", NULL, HVD_VIRTUALIZED_NO, {{"cpuid", "hypervisor_bit", "0"}, {"cpuid", "vendor", "GenuineIntel"}}},
    {7, "cannot-tell", NULL, HVD_VIRTUALIZED_UNKNOWN, {{"dmi", "sys_vendor", "Unheard Of Systems"}}},
};

#define COUNT(array) (sizeof(array) / sizeof((array)[0]))

/* The observations given (up to count, or the first without a source) as an evidence set. */
static hvd_evidence *evidence_of(const observation *observations, size_t count)
{
    hvd_evidence *evidence = NULL;
    ck_assert_int_eq(hvd_evidence_new(&evidence), HVD_OK);
    for (size_t i = 0; i < count && observations[i].source; i++)
        ck_assert_int_eq(hvd_evidence_add(evidence, observations[i].source, observations[i].key, observations[i].value,
                                          HVD_STATUS_OK, NULL),
                         HVD_OK);
    return evidence;
}

/* The answer for the observations given, with only the steps set. */
static hvd_result *identify(hvd_vendor_db *db, const observation *observations, size_t count, unsigned steps)
{
    hvd_evidence *evidence = evidence_of(observations, count);
    hvd_result *result = NULL;
    hvd__identify_steps = steps;
    ck_assert_int_eq(hvd_identify(&result, evidence, db), HVD_OK);
    hvd__identify_steps = ~0u;
    hvd_evidence_free(evidence);
    return result;
}

static int same_text(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

/* Observations a bundle files under the engine's own cpuid_signature source are facts keyed by their base, or by
 * their whole key when it is shorter (an empty key was once read ten bytes long, past its end; the sanitizer
 * builds see that). */
START_TEST(test_cpuid_signature_observations_of_any_length)
{
    hvd_vendor_db *db = NULL;
    ck_assert_int_eq(hvd_vendor_db_load_default(&db), HVD_OK);
    static const char *const keys[] = {"", "0x4", "0x40000000", "0x40000000.signature"};
    for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
        hvd_evidence *evidence = NULL;
        ck_assert_int_eq(hvd_evidence_new(&evidence), HVD_OK);
        ck_assert_int_eq(hvd_evidence_add(evidence, "cpuid_signature", keys[i], "KVMKVMKVM", HVD_STATUS_OK, NULL),
                         HVD_OK);
        hvd_result *result = NULL;
        ck_assert_int_eq(hvd_identify(&result, evidence, db), HVD_OK);
        /* The base 0x40000000 is where KVM's signature is read; a shorter key names no base. */
        int at_base = strlen(keys[i]) >= 10;
        ck_assert_msg(same_text(hvd_result_technology(result), at_base ? "kvm" : NULL), "key \"%s\": %s", keys[i],
                      hvd_result_technology(result) ? hvd_result_technology(result) : "(none)");
        hvd_result_free(result);
        hvd_evidence_free(evidence);
    }
    hvd_vendor_db_free(db);
}
END_TEST

/* The reasons that say why nothing was identified quote the unknown signature and its key whole, however long and
 * whatever characters they hold: cut at a fixed length, a reason once ended inside a UTF-8 character, and every
 * report then held invalid UTF-8. */
START_TEST(test_unknown_signature_quoted_whole)
{
    hvd_vendor_db *db = NULL;
    ck_assert_int_eq(hvd_vendor_db_load_default(&db), HVD_OK);
    char long_value[701] = "";
    for (size_t i = 0; i + 2 < sizeof(long_value); i += 2)
        memcpy(long_value + i, "\xc3\xa9", 2); /* "é" over and over, past any fixed buffer */
    /* Not a base: the ninth and tenth bytes are one character ("\xcf\x9b", a Greek stigma). */
    static const char odd_key[] = "0x400000\xcf\x9b" "0";
    const observation machine[] = {{"cpuid_signature", odd_key, "NoSuchHvNoSu"},
                                   {"cpuid_signature", "0x40000100", long_value}};
    hvd_result *result = identify(db, machine, COUNT(machine), ~0u);
    int odd_key_quoted = 0, long_value_quoted = 0;
    for (size_t i = 0; i < hvd_result_finding_count(result); i++) {
        const hvd_finding *finding = hvd_result_finding(result, i);
        if (finding->kind != HVD_FINDING_REASON)
            continue;
        odd_key_quoted |= strstr(finding->text, "\"NoSuchHvNoSu\" at 0x400000\xcf\x9b" "0 is not") != NULL;
        long_value_quoted |=
            strstr(finding->text, long_value) != NULL && strstr(finding->text, "at 0x40000100 is") != NULL;
    }
    ck_assert_msg(odd_key_quoted, "the key 0x400000\u03db0 is not quoted whole");
    ck_assert_msg(long_value_quoted, "the %zu-byte signature is not quoted whole", strlen(long_value));
    hvd_result_free(result);
    hvd_vendor_db_free(db);
}
END_TEST

START_TEST(test_step_decides)
{
    const step_case *c = &cases[_i];
    hvd_vendor_db *db = NULL;
    ck_assert_int_eq(hvd_vendor_db_load_default(&db), HVD_OK);
    hvd_result *result = identify(db, c->evidence, COUNT(c->evidence), ~0u);
    ck_assert_str_eq(hvd_result_basis(result), c->basis);
    ck_assert_msg(same_text(hvd_result_technology(result), c->technology), "%s: technology %s", c->basis,
                  hvd_result_technology(result));
    ck_assert_int_eq(hvd_result_virtualized(result), c->virtualized);
    hvd_result_free(result);
    hvd_vendor_db_free(db);
}
END_TEST

START_TEST(test_without_the_step_the_answer_changes)
{
    const step_case *c = &cases[_i];
    hvd_vendor_db *db = NULL;
    ck_assert_int_eq(hvd_vendor_db_load_default(&db), HVD_OK);
    hvd_result *result = identify(db, c->evidence, COUNT(c->evidence), ~0u & ~(1u << c->step));
    int changed = !same_text(hvd_result_basis(result), c->basis) ||
                  !same_text(hvd_result_technology(result), c->technology) ||
                  hvd_result_virtualized(result) != c->virtualized;
    ck_assert_msg(changed, "%s: the same answer without its step", c->basis);
    ck_assert_msg(!same_text(hvd_result_basis(result), c->basis), "%s: still named as the basis", c->basis);
    hvd_result_free(result);
    hvd_vendor_db_free(db);
}
END_TEST

/* Identified without findings (for a caller that prints none, a fleet), each step's machine gets the same answer
 * as with them, and no findings. */
START_TEST(test_without_findings_the_same_answer)
{
    const step_case *c = &cases[_i];
    hvd_vendor_db *db = NULL;
    ck_assert_int_eq(hvd_vendor_db_load_default(&db), HVD_OK);
    hvd_evidence *evidence = evidence_of(c->evidence, COUNT(c->evidence));
    hvd_result *with = NULL, *without = NULL;
    ck_assert_int_eq(hvd__identify(&with, evidence, db, HVD__WITH_FINDINGS), HVD_OK);
    ck_assert_int_eq(hvd__identify(&without, evidence, db, HVD__WITHOUT_FINDINGS), HVD_OK);
    ck_assert_uint_gt(hvd_result_finding_count(with), 0);
    ck_assert_uint_eq(hvd_result_finding_count(without), 0);
    ck_assert_str_eq(hvd_result_basis(without), hvd_result_basis(with));
    ck_assert_int_eq(hvd_result_virtualized(without), hvd_result_virtualized(with));
    ck_assert_int_eq(hvd_result_confidence(without), hvd_result_confidence(with));
    ck_assert(same_text(hvd_result_technology(without), hvd_result_technology(with)));
    ck_assert(same_text(hvd_result_product(without), hvd_result_product(with)));
    ck_assert_uint_eq(hvd_result_candidate_count(without), hvd_result_candidate_count(with));
    ck_assert_uint_eq(hvd_result_layer_count(without), hvd_result_layer_count(with));
    ck_assert_str_eq(hvd_result_systemd_id(without), hvd_result_systemd_id(with));
    hvd_result_free(with);
    hvd_result_free(without);
    hvd_evidence_free(evidence);
    hvd_vendor_db_free(db);
}
END_TEST

/* A KVM guest in a z/VM guest in an LPAR (util-linux's recorded s390 dump, tests/machines/arch/
 * ul-s390x-kvm-in-zvm-2964.json): /proc/sysinfo's VM00 is KVM, VM01 z/VM, and the LPAR block PR/SM beneath. */
START_TEST(test_ibm_z_layers_in_order)
{
    static const step_case nested = {2, "platform", "kvm", HVD_VIRTUALIZED_YES,
                                     {{"platform", "proc/sysinfo.LPAR Number", "22"},
                                      {"platform", "proc/sysinfo.VM00 Control Program", "KVM/Linux"},
                                      {"platform", "proc/sysinfo.VM01 Control Program", "z/VM    6.4.0"}}};
    static const char *const layers[] = {"kvm", "zvm", "prsm"};
    hvd_vendor_db *db = NULL;
    ck_assert_int_eq(hvd_vendor_db_load_default(&db), HVD_OK);
    hvd_result *result = identify(db, nested.evidence, COUNT(nested.evidence), ~0u);
    ck_assert_str_eq(hvd_result_technology(result), "kvm");
    ck_assert_uint_eq(hvd_result_layer_count(result), 3);
    for (size_t i = 0; i < 3; i++)
        ck_assert_str_eq(hvd_result_layer(result, i)->technology, layers[i]);
    hvd_result_free(result);
    hvd_vendor_db_free(db);
}
END_TEST

/* ---- the confidential step, after the decision ----
 *
 * It runs when the bit after the decision's eight steps is set. For each kind, a guest that shows it gets that kind,
 * and without the step the same guest is "none" with the same hypervisor: the step names the kind and never changes
 * what was identified. The facts are those of the records in tests/machines/cvm/ (NEW.md) and of the sources
 * vendors/confidential.json cites for each signature. */
enum { CONFIDENTIAL_STEP = 8 };

typedef struct cvm_case {
    const char *kind, *systemd_id; /* hvd_result_confidential, hvd_result_cvm_systemd_id */
    const char *technology, *cloud;
    int paravisor;
    observation evidence[9];
} cvm_case;

#define AZURE_DMI                                                                                                      \
    {"dmi", "sys_vendor", "Microsoft Corporation"}, {"dmi", "product_name", "Virtual Machine"},                        \
        {"dmi", "chassis_asset_tag", "7783-7084-3265-9085-8269-3286-77"},                                              \
        {"cpuid", "hypervisor_bit", "1"}, {"cpuid", "0x40000000.signature", "Microsoft Hv"}
/* 0x40000003 EBX bit 22: the partition is isolated (Linux's HV_ISOLATION), which makes leaf 0x4000000C count. */
#define HYPERV_ISOLATED {"cpuid", "leaf.0x40000003", "eax=0x00000000 ebx=0x00400000 ecx=0x00000000 edx=0x00000000"}
#define KVM_GUEST {"cpuid", "hypervisor_bit", "1"}, {"cpuid", "0x40000000.signature", "KVMKVMKVM"}

static const cvm_case cvm_cases[] = {
    /* Azure SNP CVM: "Hyper-V: Isolation Config: Group A 0x1, Group B 0xba2" (microsoft/lisa's CVM suite): EAX bit 0
     * a paravisor, EBX bits 3:0 isolation type 2 (SNP). */
    {"hyperv-snp", "sev-snp", "hyperv", "azure", 1,
     {AZURE_DMI, HYPERV_ISOLATED,
      {"cpuid", "leaf.0x4000000c", "eax=0x00000001 ebx=0x00000ba2 ecx=0x00000000 edx=0x00000000"}}},
    /* Azure TDX: EBX 0xbe3, isolation type 3 (klauspost/cpuid #137, on Azure's TDX preview); EAX not recorded. */
    {"hyperv-tdx", "tdx", "hyperv", "azure", 0,
     {AZURE_DMI, HYPERV_ISOLATED,
      {"cpuid", "leaf.0x4000000c", "eax=0x00000000 ebx=0x00000be3 ecx=0x00000000 edx=0x00000000"}}},
    /* VBS isolation, type 1: "Group A 0x0, Group B 0x1"; systemd-detect-virt --cvm does not report it. */
    {"hyperv-vbs", "none", "hyperv", "azure", 0,
     {AZURE_DMI, HYPERV_ISOLATED,
      {"cpuid", "leaf.0x4000000c", "eax=0x00000000 ebx=0x00000001 ecx=0x00000000 edx=0x00000000"}}},
    /* A TD under KVM (canonical/tdx): leaf 0x21 spells IntelTDX, and the attestation device exists. */
    {"tdx", "tdx", "kvm", NULL, 0,
     {KVM_GUEST, {"cpuid", "0x00000021.signature", "IntelTDX"}, {"platform", "dev/tdx_guest", "present"}}},
    /* The kernel lists every level it runs with: an SNP guest shows sev, sev_es and sev_snp. */
    {"sev-snp", "sev-snp", "kvm", NULL, 0,
     {KVM_GUEST, {"platform", "proc/cpuinfo.flags.sev", "1"}, {"platform", "proc/cpuinfo.flags.sev_es", "1"},
      {"platform", "proc/cpuinfo.flags.sev_snp", "1"}}},
    {"sev-es", "sev-es", "kvm", NULL, 0,
     {KVM_GUEST, {"platform", "proc/cpuinfo.flags.sev", "1"}, {"platform", "proc/cpuinfo.flags.sev_es", "1"}}},
    {"sev", "sev", "kvm", NULL, 0, {KVM_GUEST, {"platform", "proc/cpuinfo.flags.sev", "1"}}},
    /* A configfs-tsm report entry names the guest driver that made it (Linux Documentation/ABI/testing/configfs-tsm):
     * a GCE TD's entries read tdx_guest (tests/machines/cvm/antisource-nutch-gce-c3-tdx.json); the SNP driver's read
     * sev_guest, a realm's arm_cca_guest (KBUILD_MODNAME of drivers/virt/coco/sev-guest and arm-cca-guest). Only a
     * guest driver registers a provider, so the entry alone makes the machine a guest, of no hypervisor it names. */
    {"tdx", "tdx", "kvm", NULL, 0, {KVM_GUEST, {"platform", "sys/kernel/config/tsm/report/r0/provider", "tdx_guest"}}},
    {"sev-snp", "sev-snp", "kvm", NULL, 0,
     {KVM_GUEST, {"platform", "sys/kernel/config/tsm/report/r0/provider", "sev_guest"}}},
    {"cca", "cca", NULL, NULL, 0, {{"platform", "sys/kernel/config/tsm/report/r0/provider", "arm_cca_guest"}}},
    /* IBM Secure Execution under KVM on IBM Z (openshift-docs #104685): prot_virt_guest reads 1. */
    {"protvirt", "protvirt", "kvm", NULL, 0,
     {{"platform", "proc/sysinfo.VM00 Control Program", "KVM/Linux"},
      {"platform", "sys/firmware/uv/prot_virt_guest", "1"}}},
    /* A realm whose kernel has no arm-cca-dev: the arm_cca_guest auxiliary device under arm-smccc
     * (tests/machines/cvm/linux-coco-cca-aux-device-realm.json). */
    {"cca", "cca", NULL, NULL, 0,
     {{"platform", "sys/devices/platform/arm-smccc/arm_cca_guest.arm-rsi-dev.0", "present"}}},
};

START_TEST(test_confidential_step_names_the_kind)
{
    const cvm_case *c = &cvm_cases[_i];
    hvd_vendor_db *db = NULL;
    ck_assert_int_eq(hvd_vendor_db_load_default(&db), HVD_OK);
    hvd_result *result = identify(db, c->evidence, COUNT(c->evidence), ~0u);
    ck_assert_str_eq(hvd_result_confidential(result), c->kind);
    ck_assert_str_eq(hvd_result_cvm_systemd_id(result), c->systemd_id);
    ck_assert_int_eq(hvd_result_paravisor(result), c->paravisor);
    ck_assert_int_ne(hvd_result_confidential_confidence(result), HVD_CONFIDENCE_NONE);
    ck_assert_msg(same_text(hvd_result_technology(result), c->technology), "%s: technology %s", c->kind,
                  hvd_result_technology(result));
    ck_assert_msg(same_text(hvd_result_cloud(result), c->cloud), "%s: cloud %s", c->kind, hvd_result_cloud(result));
    int supported = 0;
    for (size_t i = 0; i < hvd_result_finding_count(result); i++) {
        const hvd_finding *finding = hvd_result_finding(result, i);
        supported |= finding->kind == HVD_FINDING_SUPPORTS && same_text(finding->points_to, c->kind);
    }
    ck_assert_msg(supported, "%s: no finding supports the kind", c->kind);
    hvd_result_free(result);
    hvd_vendor_db_free(db);
}
END_TEST

START_TEST(test_without_the_confidential_step_none)
{
    const cvm_case *c = &cvm_cases[_i];
    hvd_vendor_db *db = NULL;
    ck_assert_int_eq(hvd_vendor_db_load_default(&db), HVD_OK);
    hvd_result *result = identify(db, c->evidence, COUNT(c->evidence), ~0u & ~(1u << CONFIDENTIAL_STEP));
    ck_assert_str_eq(hvd_result_confidential(result), "none");
    ck_assert_str_eq(hvd_result_cvm_systemd_id(result), "none");
    ck_assert_msg(same_text(hvd_result_technology(result), c->technology), "%s: technology %s without the step",
                  c->kind, hvd_result_technology(result));
    ck_assert_msg(same_text(hvd_result_cloud(result), c->cloud), "%s: cloud %s without the step", c->kind,
                  hvd_result_cloud(result));
    hvd_result_free(result);
    hvd_vendor_db_free(db);
}
END_TEST

/* Machines that show a kind's evidence and are no confidential guest: the step answers none and says why. */
static const struct {
    const char *what;
    observation evidence[7];
} not_confidential[] = {
    /* AMDESE/AMDSEV #1: a ThinkPad T495 lists sev and sev_es in /proc/cpuinfo; no hypervisor bit. */
    {"a laptop with SEV flags",
     {{"cpuid", "hypervisor_bit", "0"}, {"cpuid", "vendor", "AuthenticAMD"},
      {"platform", "proc/cpuinfo.flags.sev", "1"}, {"platform", "proc/cpuinfo.flags.sev_es", "1"}}},
    /* kubevirt/project-infra docs/amd-sev-cluster.md: an EPYC 7413 host's cpuinfo ends in 'sev sev_es sev_snp' and
     * has no hypervisor flag; nothing else is recorded. sev_snp is what the CPU can do (Linux keeps it on a host whose
     * firmware enables memory encryption), no sign of a guest. */
    {"a SEV-SNP-capable host, cpuinfo alone",
     {{"platform", "proc/cpuinfo.hypervisor_flag", "0"}, {"platform", "proc/cpuinfo.vendor_id", "AuthenticAMD"},
      {"platform", "proc/cpuinfo.flags.sev", "1"}, {"platform", "proc/cpuinfo.flags.sev_es", "1"},
      {"platform", "proc/cpuinfo.flags.sev_snp", "1"}}},
    /* AMDESE/AMDSEV #159: a SEV-SNP host, kvm_amd's sev parameters on. */
    {"a SEV-SNP host",
     {{"cpuid", "hypervisor_bit", "0"}, {"cpuid", "vendor", "AuthenticAMD"},
      {"platform", "proc/cpuinfo.flags.sev_snp", "1"}, {"platform", "sys/module/kvm_amd/parameters/sev_snp", "Y"}}},
    /* jepio/AMDSEV: an Azure VM that hosts SNP guests itself (kvm_amd's sev_snp on) is their host, not one of them,
     * whatever SNP flag its CPU shows. */
    {"an Azure VM hosting SNP guests",
     {AZURE_DMI, {"platform", "proc/cpuinfo.flags.sev_snp", "1"},
      {"platform", "sys/module/kvm_amd/parameters/sev_snp", "Y"}}},
};

START_TEST(test_not_confidential)
{
    hvd_vendor_db *db = NULL;
    ck_assert_int_eq(hvd_vendor_db_load_default(&db), HVD_OK);
    hvd_result *result = identify(db, not_confidential[_i].evidence, COUNT(not_confidential[_i].evidence), ~0u);
    ck_assert_msg(strcmp(hvd_result_confidential(result), "none") == 0, "%s: %s", not_confidential[_i].what,
                  hvd_result_confidential(result));
    ck_assert_int_eq(hvd_result_confidential_confidence(result), HVD_CONFIDENCE_NONE);
    ck_assert_int_eq(hvd_result_paravisor(result), 0);
    int said_why = 0;
    for (size_t i = 0; i < hvd_result_finding_count(result); i++) {
        const hvd_finding *finding = hvd_result_finding(result, i);
        said_why |= finding->kind == HVD_FINDING_REASON && strstr(finding->text, "not a confidential VM") != NULL;
    }
    ck_assert_msg(said_why, "%s: no reason given", not_confidential[_i].what);
    hvd_result_free(result);
    hvd_vendor_db_free(db);
}
END_TEST

/* ---- after the containers: whether they could be looked for ----
 *
 * The step after the confidential one. The containers found (none, or some) are all there are only when PID 1's
 * environment and this process's mounts were both read (the vocabulary's container sources); cgroups alone, a
 * marker file alone, a record of firmware alone, or a bundle made on Windows, cannot tell. Without the step, no
 * machine could tell. */
enum { CONTAINERS_KNOWN_STEP = CONFIDENTIAL_STEP + 1 };

static const struct {
    const char *what;
    int known;
    observation evidence[3];
} container_cases[] = {
    /* The container probe records these two as read when they were, whatever it found in them. */
    {"PID 1's environment and this process's mounts", 1,
     {{"container", "proc/1/environ", "read"}, {"container", "proc/self/mountinfo", "read"}}},
    {"the environment, the mounts and the cgroups", 1,
     {{"container", "proc/1/environ", "read"},
      {"container", "proc/self/mountinfo", "read"},
      {"container", "proc/1/cgroup", "0::/init.scope"}}},
    /* A container found by its marker file is listed, but may not be the only one (Docker running gVisor's runsc
     * shows both, tests/machines/containers/agently-345-gvisor-runsc.json): all there are once both were read. */
    {"Docker's marker file alone", 0, {{"container", ".dockerenv", "present"}}},
    {"Docker's marker file, the environment and the mounts", 1,
     {{"container", ".dockerenv", "present"},
      {"container", "proc/1/environ", "read"},
      {"container", "proc/self/mountinfo", "read"}}},
    /* Under a cgroup namespace, a container's PID 1 (here LXC's on Proxmox VE, tests/machines/containers/
     * tailscale-1633-proxmox-lxc-cgroupns.json) reads "/" and "/init.scope" like a host's: cgroups alone cannot tell. */
    {"PID 1's cgroup alone", 0, {{"container", "proc/1/cgroup", "0::/init.scope"}}},
    {"this process's cgroup alone", 0,
     {{"container", "proc/self/cgroup", "0::/user.slice/user-1000.slice/session-2.scope"}}},
    /* Docker names itself in neither the environment nor the status; LXC in neither the mounts nor the status. */
    {"PID 1's environment alone", 0, {{"container", "proc/1/environ", "read"}}},
    {"this process's mounts alone", 0, {{"container", "proc/self/mountinfo", "read"}}},
    {"this process's status and cgroup", 0,
     {{"container", "proc/self/status", "read"}, {"container", "proc/self/cgroup", "0::/"}}},
    /* tests/machines records of DMI alone, and what a bundle made on Windows holds. */
    {"DMI alone", 0, {{"dmi", "sys_vendor", "QEMU"}, {"dmi", "product_name", "Standard PC (Q35 + ICH9, 2009)"}}},
    {"a Windows bundle", 0,
     {{"windows", "version", "10.0"}, {"windows", "build", "20348"}, {"dmi", "sys_vendor", "Microsoft Corporation"}}},
    /* A file read that is no container source (the kernel release, which names WSL only when it is WSL). */
    {"the kernel release alone", 0, {{"platform", "proc/sys/kernel/osrelease", "6.1.0-13-amd64"}}},
};

START_TEST(test_containers_known_step)
{
    hvd_vendor_db *db = NULL;
    ck_assert_int_eq(hvd_vendor_db_load_default(&db), HVD_OK);
    hvd_result *result = identify(db, container_cases[_i].evidence, COUNT(container_cases[_i].evidence), ~0u);
    ck_assert_msg(hvd_result_containers_known(result) == container_cases[_i].known, "%s: containers_known %d",
                  container_cases[_i].what, hvd_result_containers_known(result));
    hvd_result_free(result);
    result = identify(db, container_cases[_i].evidence, COUNT(container_cases[_i].evidence),
                      ~0u & ~(1u << CONTAINERS_KNOWN_STEP));
    ck_assert_msg(!hvd_result_containers_known(result), "%s: known without the step", container_cases[_i].what);
    hvd_result_free(result);
    hvd_vendor_db_free(db);
}
END_TEST

/* A container source that could not be read (PID 1's environment is root's only; a container's security profile may
 * deny it to root too) says nothing: hvdetect cannot tell. */
START_TEST(test_unread_container_sources_cannot_tell)
{
    hvd_vendor_db *db = NULL;
    ck_assert_int_eq(hvd_vendor_db_load_default(&db), HVD_OK);
    hvd_evidence *evidence = NULL;
    ck_assert_int_eq(hvd_evidence_new(&evidence), HVD_OK);
    ck_assert_int_eq(hvd_evidence_add(evidence, "container", "proc/1/environ", NULL, HVD_STATUS_DENIED,
                                      "Permission denied"),
                     HVD_OK);
    ck_assert_int_eq(hvd_evidence_add(evidence, "container", "proc/self/cgroup", NULL, HVD_STATUS_ERROR, "I/O error"),
                     HVD_OK);
    hvd_result *result = NULL;
    ck_assert_int_eq(hvd_identify(&result, evidence, db), HVD_OK);
    ck_assert_int_eq(hvd_result_containers_known(result), 0);
    ck_assert_uint_eq(hvd_result_container_count(result), 0);
    hvd_result_free(result);
    hvd_evidence_free(evidence);
    ck_assert_int_eq(hvd_result_containers_known(NULL), 0);
    hvd_vendor_db_free(db);
}
END_TEST

/* Evidence that names several technologies alike: the answer lists their products and names none of them, unless
 * other evidence separates them. Facts as recorded machines show them: a Hyper-V 2008 R2 guest's DMI alone
 * (tests/machines/guests/fusioninventory-windows-hyperv-2009-bios.json), the same with Hyper-V's CPUID leaf, and
 * QEMU's pseries machine (tests/fixtures/powervm-lpar--kvm-pseries) with and without KVM's hypervisor node. */
typedef struct tie_case {
    const char *technology; /* NULL: not told apart */
    const char *product;    /* the product when one is pinned */
    const char *candidates[4]; /* otherwise exactly these, in any order */
    const char *systemd_id;
    observation evidence[4];
} tie_case;

static const tie_case tie_cases[] = {
    {NULL, NULL, {"hyperv", "virtual-pc", "virtual-server"}, "microsoft",
     {{"dmi", "sys_vendor", "Microsoft Corporation"}, {"dmi", "product_name", "Virtual Machine"},
      {"dmi", "product_version", "7.0"}}},
    {"hyperv", "hyperv", {NULL}, "microsoft",
     {{"dmi", "sys_vendor", "Microsoft Corporation"}, {"dmi", "product_name", "Virtual Machine"},
      {"cpuid", "hypervisor_bit", "1"}, {"cpuid", "0x40000000.signature", "Microsoft Hv"}}},
    {NULL, NULL, {"qemu-kvm", "qemu-tcg"}, "vm-other", {{"platform", "proc/device-tree/compatible", "qemu,pseries"}}},
    {"kvm", "qemu-kvm", {NULL}, "kvm",
     {{"platform", "proc/device-tree/compatible", "qemu,pseries"},
      {"platform", "proc/device-tree/hypervisor/compatible", "linux,kvm"}}},
};

static size_t listed(const char *const *names, size_t max)
{
    size_t count = 0;
    while (count < max && names[count])
        count++;
    return count;
}

static int is_candidate(const hvd_result *result, const char *product)
{
    for (size_t i = 0; i < hvd_result_candidate_count(result); i++)
        if (strcmp(hvd_result_candidate(result, i), product) == 0)
            return 1;
    return 0;
}

START_TEST(test_technologies_named_alike)
{
    const tie_case *c = &tie_cases[_i];
    hvd_vendor_db *db = NULL;
    ck_assert_int_eq(hvd_vendor_db_load_default(&db), HVD_OK);
    hvd_result *result = identify(db, c->evidence, COUNT(c->evidence), ~0u);
    ck_assert_int_eq(hvd_result_virtualized(result), HVD_VIRTUALIZED_YES);
    ck_assert_msg(same_text(hvd_result_technology(result), c->technology), "case %d: technology %s", _i,
                  hvd_result_technology(result) ? hvd_result_technology(result) : "(none)");
    ck_assert_msg(same_text(hvd_result_product(result), c->product), "case %d: product %s", _i,
                  hvd_result_product(result) ? hvd_result_product(result) : "(none)");
    size_t expected = listed(c->candidates, COUNT(c->candidates));
    ck_assert_uint_eq(hvd_result_candidate_count(result), expected);
    for (size_t i = 0; i < expected; i++)
        ck_assert_msg(is_candidate(result, c->candidates[i]), "case %d: %s is no candidate", _i, c->candidates[i]);
    ck_assert_str_eq(hvd_result_systemd_id(result), c->systemd_id);
    hvd_result_free(result);
    hvd_vendor_db_free(db);
}
END_TEST

int main(void)
{
    Suite *suite = suite_create("engine steps");
    TCase *tc = tcase_create("steps");
    int count = (int)COUNT(cases);
    tcase_add_loop_test(tc, test_step_decides, 0, count);
    tcase_add_loop_test(tc, test_without_the_step_the_answer_changes, 0, count);
    tcase_add_loop_test(tc, test_without_findings_the_same_answer, 0, count);
    tcase_add_test(tc, test_ibm_z_layers_in_order);
    int cvm_count = (int)COUNT(cvm_cases);
    tcase_add_loop_test(tc, test_confidential_step_names_the_kind, 0, cvm_count);
    tcase_add_loop_test(tc, test_without_the_confidential_step_none, 0, cvm_count);
    tcase_add_loop_test(tc, test_not_confidential, 0, (int)COUNT(not_confidential));
    tcase_add_test(tc, test_cpuid_signature_observations_of_any_length);
    tcase_add_test(tc, test_unknown_signature_quoted_whole);
    tcase_add_loop_test(tc, test_containers_known_step, 0, (int)COUNT(container_cases));
    tcase_add_test(tc, test_unread_container_sources_cannot_tell);
    tcase_add_loop_test(tc, test_technologies_named_alike, 0, (int)COUNT(tie_cases));
    suite_add_tcase(suite, tc);
    return hvd_test_run(suite) == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
