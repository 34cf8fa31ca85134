/* SPDX-License-Identifier: MIT */
/* The engine's decision steps: for each step, a machine that step decides (its answer names it as the basis), and
 * the same machine with that step left out gets another answer. A step that could be removed without changing any
 * answer would be a rule nothing guards. */

#include <check.h>

#include "check_run.h"
#include <stdlib.h>
#include <string.h>

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

static hvd_result *identify(hvd_vendor_db *db, const step_case *c, unsigned steps)
{
    hvd_evidence *evidence = NULL;
    ck_assert_int_eq(hvd_evidence_new(&evidence), HVD_OK);
    for (size_t i = 0; i < 6 && c->evidence[i].source; i++)
        ck_assert_int_eq(hvd_evidence_add(evidence, c->evidence[i].source, c->evidence[i].key, c->evidence[i].value,
                                          HVD_STATUS_OK, NULL),
                         HVD_OK);
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

START_TEST(test_step_decides)
{
    const step_case *c = &cases[_i];
    hvd_vendor_db *db = NULL;
    ck_assert_int_eq(hvd_vendor_db_load_default(&db), HVD_OK);
    hvd_result *result = identify(db, c, ~0u);
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
    hvd_result *result = identify(db, c, ~0u & ~(1u << c->step));
    int changed = !same_text(hvd_result_basis(result), c->basis) ||
                  !same_text(hvd_result_technology(result), c->technology) ||
                  hvd_result_virtualized(result) != c->virtualized;
    ck_assert_msg(changed, "%s: the same answer without its step", c->basis);
    ck_assert_msg(!same_text(hvd_result_basis(result), c->basis), "%s: still named as the basis", c->basis);
    hvd_result_free(result);
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
    hvd_result *result = identify(db, &nested, ~0u);
    ck_assert_str_eq(hvd_result_technology(result), "kvm");
    ck_assert_uint_eq(hvd_result_layer_count(result), 3);
    for (size_t i = 0; i < 3; i++)
        ck_assert_str_eq(hvd_result_layer(result, i)->technology, layers[i]);
    hvd_result_free(result);
    hvd_vendor_db_free(db);
}
END_TEST

int main(void)
{
    Suite *suite = suite_create("engine steps");
    TCase *tc = tcase_create("steps");
    int count = (int)(sizeof(cases) / sizeof(cases[0]));
    tcase_add_loop_test(tc, test_step_decides, 0, count);
    tcase_add_loop_test(tc, test_without_the_step_the_answer_changes, 0, count);
    tcase_add_test(tc, test_ibm_z_layers_in_order);
    tcase_add_test(tc, test_cpuid_signature_observations_of_any_length);
    suite_add_tcase(suite, tc);
    return hvd_test_run(suite) == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
