/* SPDX-License-Identifier: MIT */
/* The support policy's decision table, through recorded machines: every tier, for each agreement, at dates before
 * and after a vendor joined or left the partner list; and the configuration file. */

#include <check.h>

#include "check_run.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fixture_support.h"
#include "hvdetect.h"

static hvd_vendor_db *db;

static void load_db(void)
{
    ck_assert_int_eq(hvd_vendor_db_load_default(&db), HVD_OK);
}

static void free_db(void)
{
    hvd_vendor_db_free(db);
}

static hvd_result *identify_fixture(const char *name)
{
    hvd_evidence *evidence = fixture_collect(name);
    ck_assert_msg(evidence != NULL, "%s: %s", name, hvd_error_last());
    hvd_result *result = NULL;
    ck_assert_int_eq(hvd_identify(&result, evidence, db), HVD_OK);
    hvd_evidence_free(evidence);
    return result;
}

static hvd_policy_result *evaluate(const hvd_result *result, hvd_agreement agreement, const char *date)
{
    hvd_policy_options options = HVD_POLICY_OPTIONS_INIT;
    options.agreement = agreement;
    ck_assert_int_eq(hvd_policy_options_set_date(&options, date), HVD_OK);
    hvd_policy_result *policy = NULL;
    ck_assert_int_eq(hvd_policy_evaluate(&policy, result, db, &options), HVD_OK);
    return policy;
}

/* The tiers a machine gets on a date: with a Premier agreement, without, and with the agreement unknown. */
static void assert_tiers(const char *fixture, const char *date, hvd_tier premier, hvd_tier standard,
                         hvd_tier unknown)
{
    hvd_result *result = identify_fixture(fixture);
    static const hvd_agreement agreements[] = {HVD_AGREEMENT_PREMIER, HVD_AGREEMENT_STANDARD, HVD_AGREEMENT_UNKNOWN};
    const hvd_tier expected[] = {premier, standard, unknown};
    for (int i = 0; i < 3; i++) {
        hvd_policy_result *policy = evaluate(result, agreements[i], date);
        ck_assert_msg(hvd_policy_tier(policy) == expected[i], "%s on %s, agreement %s: got %s, expected %s", fixture,
                      date, hvd_agreement_name(agreements[i]), hvd_tier_name(hvd_policy_tier(policy)),
                      hvd_tier_name(expected[i]));
        ck_assert_ptr_nonnull(hvd_policy_meaning(policy));
        ck_assert_ptr_nonnull(hvd_policy_what_to_do(policy));
        ck_assert_uint_ge(hvd_policy_reason_count(policy), 4);
        hvd_policy_result_free(policy);
    }
    hvd_result_free(result);
}

#define NOT_VIRTUALIZED HVD_TIER_NOT_VIRTUALIZED
#define MICROSOFT HVD_TIER_MICROSOFT
#define JOINT HVD_TIER_JOINT_SUPPORT
#define EFFORTS HVD_TIER_COMMERCIALLY_REASONABLE_EFFORTS
#define REPRODUCE HVD_TIER_REPRODUCE_INDEPENDENTLY
#define UNDETERMINED HVD_TIER_UNDETERMINED

START_TEST(test_physical_and_hosts)
{
    assert_tiers("bare-metal", "2026-11-25", NOT_VIRTUALIZED, NOT_VIRTUALIZED, NOT_VIRTUALIZED);
    assert_tiers("hyperv-root-partition", "2026-11-25", NOT_VIRTUALIZED, NOT_VIRTUALIZED, NOT_VIRTUALIZED);
    assert_tiers("surface-laptop", "2026-11-25", NOT_VIRTUALIZED, NOT_VIRTUALIZED, NOT_VIRTUALIZED);
    assert_tiers("aws-nitro--metal", "2026-11-25", NOT_VIRTUALIZED, NOT_VIRTUALIZED, NOT_VIRTUALIZED);
}
END_TEST

START_TEST(test_microsoft_at_any_date)
{
    assert_tiers("hyperv", "2026-11-25", MICROSOFT, MICROSOFT, MICROSOFT);
    assert_tiers("azure", "2012-01-01", MICROSOFT, MICROSOFT, MICROSOFT);
    assert_tiers("wsl2", "2026-11-25", MICROSOFT, MICROSOFT, MICROSOFT);
    assert_tiers("virtual-server", "2007-12-01", MICROSOFT, MICROSOFT, MICROSOFT);
}
END_TEST

/* Enlightened KVM shows "Microsoft Hv": it must never get Microsoft's tier. */
START_TEST(test_enlightened_kvm_is_not_microsoft)
{
    assert_tiers("kvm-hyperv-enlightened", "2026-11-25", EFFORTS, REPRODUCE, REPRODUCE);
    assert_tiers("xen-viridian", "2026-11-25", UNDETERMINED, UNDETERMINED, UNDETERMINED);
    assert_tiers("nutanix-ahv", "2026-11-25", JOINT, JOINT, JOINT);
}
END_TEST

START_TEST(test_partner_before_and_after_joining)
{
    /* Red Hat joined on 2009-02-16. */
    assert_tiers("kvm-rhel-rhv", "2009-01-31", EFFORTS, REPRODUCE, REPRODUCE);
    assert_tiers("kvm-rhel-rhv", "2009-03-01", JOINT, JOINT, JOINT);
    /* Citrix from the program's opening on 2008-06-11; its Windows-update device pins XenServer. */
    assert_tiers("xenserver", "2008-01-01", EFFORTS, REPRODUCE, REPRODUCE);
    assert_tiers("xenserver", "2026-11-25", JOINT, JOINT, JOINT);
    /* Nutanix is on the 2020/2021 list only. */
    assert_tiers("nutanix-ahv", "2019-06-01", EFFORTS, REPRODUCE, REPRODUCE);
}
END_TEST

START_TEST(test_partner_before_during_and_after_leaving)
{
    /* Oracle: on the legacy list from 2009-02-17, gone from the 2020/2021 list. */
    assert_tiers("oracle-vm", "2008-12-01", EFFORTS, REPRODUCE, REPRODUCE);
    assert_tiers("oracle-vm", "2015-06-01", JOINT, JOINT, JOINT);
    assert_tiers("oracle-vm", "2022-01-01", EFFORTS, REPRODUCE, REPRODUCE);
}
END_TEST

START_TEST(test_no_relationship)
{
    assert_tiers("kvm-qemu-generic", "2026-11-25", EFFORTS, REPRODUCE, REPRODUCE);
    assert_tiers("aws-nitro", "2026-11-25", EFFORTS, REPRODUCE, REPRODUCE);
    assert_tiers("virtualbox", "2026-11-25", EFFORTS, REPRODUCE, REPRODUCE);
    assert_tiers("firecracker", "2026-11-25", EFFORTS, REPRODUCE, REPRODUCE);
}
END_TEST

START_TEST(test_undetermined_lists_candidates_and_floor)
{
    hvd_result *result = identify_fixture("vmware-workstation");
    hvd_policy_result *policy = evaluate(result, HVD_AGREEMENT_UNKNOWN, "2026-11-25");
    ck_assert_int_eq(hvd_policy_tier(policy), HVD_TIER_UNDETERMINED);
    ck_assert_int_eq(hvd_policy_floor(policy), HVD_TIER_REPRODUCE_INDEPENDENTLY);
    ck_assert_ptr_nonnull(hvd_policy_to_decide(policy));
    int saw_esxi = 0, saw_workstation = 0;
    for (size_t i = 0; i < hvd_policy_candidate_count(policy); i++) {
        const hvd_policy_candidate *candidate = hvd_policy_candidate_at(policy, i);
        if (strcmp(candidate->product, "vmware-esxi") == 0) {
            saw_esxi = 1;
            ck_assert_int_eq(candidate->if_standard, HVD_TIER_JOINT_SUPPORT);
            ck_assert(candidate->has_relationship);
        }
        if (strcmp(candidate->product, "vmware-workstation") == 0) {
            saw_workstation = 1; /* a partner's desktop product is not covered */
            ck_assert_int_eq(candidate->if_standard, HVD_TIER_REPRODUCE_INDEPENDENTLY);
            ck_assert_int_eq(candidate->if_premier, HVD_TIER_COMMERCIALLY_REASONABLE_EFFORTS);
        }
    }
    ck_assert(saw_esxi && saw_workstation);
    hvd_policy_result_free(policy);
    /* Before VMware joined, every candidate gets the same tier: the answer is determined after all. */
    policy = evaluate(result, HVD_AGREEMENT_STANDARD, "2008-01-01");
    ck_assert_int_eq(hvd_policy_tier(policy), HVD_TIER_REPRODUCE_INDEPENDENTLY);
    hvd_policy_result_free(policy);
    hvd_result_free(result);

    assert_tiers("xen-hvm", "2026-11-25", UNDETERMINED, UNDETERMINED, UNDETERMINED);
    assert_tiers("kubevirt", "2026-11-25", UNDETERMINED, UNDETERMINED, UNDETERMINED);
    assert_tiers("empty", "2026-11-25", UNDETERMINED, UNDETERMINED, UNDETERMINED);
}
END_TEST

START_TEST(test_unknown_hypervisor_floor)
{
    hvd_evidence *evidence = NULL;
    hvd_evidence_new(&evidence);
    hvd_evidence_add(evidence, "cpuid", "hypervisor_bit", "1", HVD_STATUS_OK, NULL);
    hvd_evidence_add(evidence, "cpuid", "0x40000000.signature", "NoSuchVMM", HVD_STATUS_OK, NULL);
    hvd_result *result = NULL;
    ck_assert_int_eq(hvd_identify(&result, evidence, db), HVD_OK);
    ck_assert_int_eq(hvd_result_virtualized(result), HVD_VIRTUALIZED_YES);
    hvd_policy_result *policy = evaluate(result, HVD_AGREEMENT_UNKNOWN, "2026-11-25");
    ck_assert_int_eq(hvd_policy_tier(policy), HVD_TIER_UNDETERMINED);
    ck_assert_int_eq(hvd_policy_floor(policy), HVD_TIER_REPRODUCE_INDEPENDENTLY);
    hvd_policy_result_free(policy);
    hvd_result_free(result);
    hvd_evidence_free(evidence);
}
END_TEST

START_TEST(test_sources_and_partner_list_versions)
{
    hvd_result *result = identify_fixture("hyperv");
    static const struct {
        const char *date;
        const char *version;
    } dates[] = {{"2007-01-01", NULL}, {"2008-01-01", "first version"}, {"2015-01-01", "legacy list"},
                 {"2026-11-25", "2020/2021 list"}};
    for (size_t i = 0; i < sizeof(dates) / sizeof(dates[0]); i++) {
        hvd_policy_result *policy = evaluate(result, HVD_AGREEMENT_UNKNOWN, dates[i].date);
        hvd_policy_sources sources;
        hvd_policy_get_sources(policy, &sources);
        ck_assert_str_eq(sources.article, "KB 897615");
        ck_assert_str_eq(sources.revision, "3.0");
        ck_assert_str_eq(sources.revision_date, "2007-11-10");
        if (dates[i].version)
            ck_assert_ptr_nonnull(strstr(sources.partner_list_version, dates[i].version));
        else
            ck_assert_ptr_null(sources.partner_list_version);
        ck_assert_uint_gt(hvd_policy_caveat_count(policy), 0);
        hvd_policy_result_free(policy);
    }
    hvd_result_free(result);
}
END_TEST

START_TEST(test_vendor_renamed_on_date)
{
    hvd_result *result = identify_fixture("vmware-esxi");
    static const struct {
        const char *date;
        const char *name;
    } dates[] = {{"2020-01-01", "VMware, Inc."}, {"2024-01-01", "Broadcom"}};
    for (size_t d = 0; d < 2; d++) {
        hvd_policy_result *policy = evaluate(result, HVD_AGREEMENT_UNKNOWN, dates[d].date);
        ck_assert_uint_gt(hvd_policy_candidate_count(policy), 0);
        ck_assert_ptr_nonnull(strstr(hvd_policy_candidate_at(policy, 0)->vendor_name, dates[d].name));
        hvd_policy_result_free(policy);
    }
    hvd_result_free(result);
}
END_TEST

static char *write_temporary(const char *text)
{
    static char path[64];
    strcpy(path, "/tmp/hvdetect-config-XXXXXX");
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    return path;
}

START_TEST(test_configuration_file)
{
    hvd_policy_options options = HVD_POLICY_OPTIONS_INIT;
    char *path = write_temporary("# fleet settings\n\nagreement = premier   # Premier since 2020\nas_of=2015-06-01\n");
    ck_assert_int_eq(hvd_policy_options_read_config(&options, path), HVD_OK);
    ck_assert_int_eq(options.agreement, HVD_AGREEMENT_PREMIER);
    ck_assert_str_eq(options.as_of, "2015-06-01");
    unlink(path);

    static const struct {
        const char *text;
        const char *message;
    } bad[] = {
        {"agreement = gold\n", "line 1: agreement \"gold\""},
        {"\n\nas_of = yesterday\n", "line 3: as_of \"yesterday\" is not a date"},
        {"colour = blue\n", "line 1: unknown setting \"colour\""},
        {"agreement premier\n", "line 1: expected \"key = value\""},
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        hvd_policy_options untouched = HVD_POLICY_OPTIONS_INIT;
        path = write_temporary(bad[i].text);
        ck_assert_int_eq(hvd_policy_options_read_config(&untouched, path), HVD_EBADINPUT);
        ck_assert_msg(strstr(hvd_error_last(), bad[i].message) && strstr(hvd_error_last(), path), "%s",
                      hvd_error_last());
        ck_assert_int_eq(untouched.agreement, HVD_AGREEMENT_UNKNOWN);
        unlink(path);
    }
    ck_assert_int_eq(hvd_policy_options_read_config(&options, "/nonexistent/hvdetect.conf"), HVD_ENOTFOUND);
    ck_assert_int_eq(hvd_policy_options_set_date(&options, "2026-13-01"), HVD_EINVALID);
    ck_assert_str_eq(options.as_of, "2015-06-01");
}
END_TEST

START_TEST(test_tier_and_agreement_names_round_trip)
{
    for (int i = -1; i <= HVD_TIER_COUNT_; i++) {
        const char *name = hvd_tier_name((hvd_tier)i);
        ck_assert((name != NULL) == (i >= 0 && i < HVD_TIER_COUNT_));
        if (name)
            ck_assert_int_eq(hvd_tier_from_name(name), i);
    }
    for (int i = -1; i <= HVD_AGREEMENT_COUNT_; i++) {
        const char *name = hvd_agreement_name((hvd_agreement)i);
        ck_assert((name != NULL) == (i >= 0 && i < HVD_AGREEMENT_COUNT_));
        if (name)
            ck_assert_int_eq(hvd_agreement_from_name(name), i);
    }
    ck_assert_int_eq(hvd_tier_from_name("gold"), -1);
}
END_TEST

int main(void)
{
    Suite *suite = suite_create("policy");
    TCase *tc = tcase_create("decision table");
    tcase_add_unchecked_fixture(tc, load_db, free_db);
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, test_physical_and_hosts);
    tcase_add_test(tc, test_microsoft_at_any_date);
    tcase_add_test(tc, test_enlightened_kvm_is_not_microsoft);
    tcase_add_test(tc, test_partner_before_and_after_joining);
    tcase_add_test(tc, test_partner_before_during_and_after_leaving);
    tcase_add_test(tc, test_no_relationship);
    tcase_add_test(tc, test_undetermined_lists_candidates_and_floor);
    tcase_add_test(tc, test_unknown_hypervisor_floor);
    tcase_add_test(tc, test_sources_and_partner_list_versions);
    tcase_add_test(tc, test_vendor_renamed_on_date);
    tcase_add_test(tc, test_configuration_file);
    tcase_add_test(tc, test_tier_and_agreement_names_round_trip);
    suite_add_tcase(suite, tc);
    int failed = hvd_test_run(suite);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
