/* SPDX-License-Identifier: MIT */
/* The support policy's decision tables, through recorded machines: every tier, for each agreement, under each
 * revision of KB 897615, at dates before and after a vendor joined or left the partner list; the software in
 * question; the revisions' own words, exclusions and caveats; and the configuration file. Expected tiers and words
 * come from the policy texts (docs: the revisions as recorded in vendors/policy.json's sources), not from runs. */

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
#define NOT_SUPPORTED HVD_TIER_NOT_SUPPORTED
#define INVESTIGATE HVD_TIER_INVESTIGATE
#define JOINT_WS HVD_TIER_JOINT_SUPPORT_WINDOWS_SERVER
#define LISTED HVD_TIER_LISTED_SERVER_SOFTWARE

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
    assert_tiers("kvm-hyperv-enlightened", "2026-11-25", INVESTIGATE, NOT_SUPPORTED, NOT_SUPPORTED);
    assert_tiers("xen-viridian", "2026-11-25", UNDETERMINED, UNDETERMINED, UNDETERMINED);
    /* Joint support in the current text needs a support agreement: with the agreement unknown, it may not hold. */
    assert_tiers("nutanix-ahv", "2026-11-25", JOINT_WS, JOINT_WS, NOT_SUPPORTED);
}
END_TEST

START_TEST(test_partner_before_and_after_joining)
{
    /* Red Hat joined on 2009-02-16, under the 2008 text (no tier without Premier, "will investigate"). */
    assert_tiers("kvm-rhel-rhv", "2009-01-31", INVESTIGATE, NOT_SUPPORTED, NOT_SUPPORTED);
    assert_tiers("kvm-rhel-rhv", "2009-03-01", JOINT, JOINT, JOINT);
    /* Citrix from the program's opening on 2008-06-11 (revision 3.0 then); its Windows-update device pins XenServer. */
    assert_tiers("xenserver", "2008-01-01", EFFORTS, REPRODUCE, REPRODUCE);
    assert_tiers("xenserver", "2008-07-01", JOINT, JOINT, JOINT);
    assert_tiers("xenserver", "2026-11-25", JOINT_WS, JOINT_WS, NOT_SUPPORTED);
    /* Nutanix is on the 2020/2021 list only. */
    assert_tiers("nutanix-ahv", "2019-06-01", INVESTIGATE, NOT_SUPPORTED, NOT_SUPPORTED);
}
END_TEST

/* The first day of each dated fact, from the fact's own source in vendors/: a relationship is in force from its since
 * date (Red Hat's SVVP listing, 2009-02-16) to the day before its until date, a partner-list version applies from its first day (the legacy list,
 * 2008-06-11; the 2020/2021 list, 2020-09-18), a revision of KB 897615 from its first day in force (the Microsoft
 * Docs text, 2020-10-13), and a renamed vendor's new name from the rename (Broadcom's purchase of VMware,
 * 2023-11-22), the day before each still the old one. */
START_TEST(test_first_day_of_each_dated_fact)
{
    assert_tiers("kvm-rhel-rhv", "2009-02-15", INVESTIGATE, NOT_SUPPORTED, NOT_SUPPORTED);
    assert_tiers("kvm-rhel-rhv", "2009-02-16", JOINT, JOINT, JOINT);
    /* And a relationship ends on its until date: Oracle's, with the legacy list, on 2020-09-18. */
    assert_tiers("oracle-vm", "2020-09-17", JOINT, JOINT, JOINT);
    assert_tiers("oracle-vm", "2020-09-18", INVESTIGATE, NOT_SUPPORTED, NOT_SUPPORTED);

    hvd_result *result = identify_fixture("hyperv");
    static const struct {
        const char *date, *version, *revision;
    } days[] = {{"2008-06-10", "first version", "3.0"},     {"2008-06-11", "legacy list", "3.0"},
                {"2020-09-17", "legacy list", "2008"},      {"2020-09-18", "2020/2021 list", "2008"},
                {"2020-10-12", "2020/2021 list", "2008"},   {"2020-10-13", "2020/2021 list", "2020"}};
    for (size_t i = 0; i < sizeof(days) / sizeof(days[0]); i++) {
        hvd_policy_result *policy = evaluate(result, HVD_AGREEMENT_UNKNOWN, days[i].date);
        hvd_policy_sources sources = HVD_POLICY_SOURCES_INIT;
        hvd_policy_get_sources(&sources, policy);
        ck_assert_msg(sources.partner_list_version && strstr(sources.partner_list_version, days[i].version),
                      "%s: partner list %s", days[i].date, sources.partner_list_version);
        ck_assert_msg(strcmp(sources.revision, days[i].revision) == 0, "%s: revision %s", days[i].date,
                      sources.revision);
        hvd_policy_result_free(policy);
    }
    hvd_result_free(result);

    result = identify_fixture("vmware-esxi");
    static const struct {
        const char *date, *name;
    } names[] = {{"2023-11-21", "VMware, Inc."}, {"2023-11-22", "Broadcom"}};
    for (size_t i = 0; i < 2; i++) {
        hvd_policy_result *policy = evaluate(result, HVD_AGREEMENT_UNKNOWN, names[i].date);
        ck_assert_msg(strstr(hvd_policy_candidate_at(policy, 0)->vendor_name, names[i].name) != NULL, "%s: %s",
                      names[i].date, hvd_policy_candidate_at(policy, 0)->vendor_name);
        hvd_policy_result_free(policy);
    }
    hvd_result_free(result);
}
END_TEST

START_TEST(test_partner_before_during_and_after_leaving)
{
    /* Oracle: on the legacy list from 2009-02-17, gone from the 2020/2021 list. */
    assert_tiers("oracle-vm", "2008-12-01", INVESTIGATE, NOT_SUPPORTED, NOT_SUPPORTED);
    assert_tiers("oracle-vm", "2015-06-01", JOINT, JOINT, JOINT);
    assert_tiers("oracle-vm", "2022-01-01", INVESTIGATE, NOT_SUPPORTED, NOT_SUPPORTED);
}
END_TEST

START_TEST(test_no_relationship)
{
    assert_tiers("kvm-qemu-generic", "2026-11-25", INVESTIGATE, NOT_SUPPORTED, NOT_SUPPORTED);
    assert_tiers("aws-nitro", "2026-11-25", INVESTIGATE, NOT_SUPPORTED, NOT_SUPPORTED);
    assert_tiers("virtualbox", "2026-11-25", INVESTIGATE, NOT_SUPPORTED, NOT_SUPPORTED);
    assert_tiers("firecracker", "2026-11-25", INVESTIGATE, NOT_SUPPORTED, NOT_SUPPORTED);
    assert_tiers("kvm-qemu-generic", "2008-01-01", EFFORTS, REPRODUCE, REPRODUCE);
}
END_TEST

START_TEST(test_undetermined_lists_candidates_and_floor)
{
    hvd_result *result = identify_fixture("vmware-workstation");
    hvd_policy_result *policy = evaluate(result, HVD_AGREEMENT_UNKNOWN, "2026-11-25");
    ck_assert_int_eq(hvd_policy_tier(policy), HVD_TIER_UNDETERMINED);
    ck_assert_int_eq(hvd_policy_floor(policy), HVD_TIER_NOT_SUPPORTED);
    ck_assert_ptr_nonnull(hvd_policy_to_decide(policy));
    int saw_esxi = 0, saw_workstation = 0;
    for (size_t i = 0; i < hvd_policy_candidate_count(policy); i++) {
        const hvd_policy_candidate *candidate = hvd_policy_candidate_at(policy, i);
        if (strcmp(candidate->product, "vmware-esxi") == 0) {
            saw_esxi = 1;
            ck_assert_int_eq(candidate->if_standard, HVD_TIER_JOINT_SUPPORT_WINDOWS_SERVER);
            ck_assert_ptr_nonnull(candidate->relationship);
        }
        if (strcmp(candidate->product, "vmware-workstation") == 0) {
            saw_workstation = 1; /* a partner's desktop product is not covered */
            ck_assert_int_eq(candidate->if_standard, HVD_TIER_NOT_SUPPORTED);
            ck_assert_int_eq(candidate->if_premier, HVD_TIER_INVESTIGATE);
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
    /* Before Red Hat's SVVP note for OpenShift Virtualization was dropped (2026-05-19); after it, no candidate has
     * a relationship. */
    assert_tiers("kubevirt", "2026-01-01", UNDETERMINED, UNDETERMINED, UNDETERMINED);
    assert_tiers("kubevirt", "2026-11-25", INVESTIGATE, NOT_SUPPORTED, NOT_SUPPORTED);
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
    ck_assert_int_eq(hvd_policy_floor(policy), HVD_TIER_NOT_SUPPORTED);
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
        const char *revision, *revision_date;
    } dates[] = {{"2007-01-01", NULL, "2.3", "2007-07-30"},
                 {"2008-01-01", "first version", "3.0", "2007-11-10"},
                 {"2015-01-01", "legacy list", "2008", "2008-08-19"},
                 {"2026-11-25", "2020/2021 list", "2020", "2020-10-13"}};
    for (size_t i = 0; i < sizeof(dates) / sizeof(dates[0]); i++) {
        hvd_policy_result *policy = evaluate(result, HVD_AGREEMENT_UNKNOWN, dates[i].date);
        hvd_policy_sources sources = HVD_POLICY_SOURCES_INIT;
        hvd_policy_get_sources(&sources, policy);
        ck_assert_str_eq(sources.article, "KB 897615");
        ck_assert_str_eq(sources.revision, dates[i].revision);
        ck_assert_str_eq(sources.revision_date, dates[i].revision_date);
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


static hvd_policy_result *evaluate_with(const hvd_result *result, hvd_agreement agreement, const char *date,
                                        hvd_software software, const char *revision)
{
    hvd_policy_options options = HVD_POLICY_OPTIONS_INIT;
    options.agreement = agreement;
    options.software = software;
    ck_assert_int_eq(hvd_policy_options_set_date(&options, date), HVD_OK);
    if (revision)
        ck_assert_int_eq(hvd_policy_options_set_revision(&options, revision), HVD_OK);
    hvd_policy_result *policy = NULL;
    ck_assert_msg(hvd_policy_evaluate(&policy, result, db, &options) == HVD_OK, "%s", hvd_error_last());
    return policy;
}

static const hvd_policy_candidate *candidate_named(const hvd_policy_result *policy, const char *product)
{
    for (size_t i = 0; i < hvd_policy_candidate_count(policy); i++)
        if (strcmp(hvd_policy_candidate_at(policy, i)->product, product) == 0)
            return hvd_policy_candidate_at(policy, i);
    ck_abort_msg("no candidate %s", product);
    return NULL;
}

static int has_reason(const hvd_policy_result *policy, const char *text)
{
    for (size_t i = 0; i < hvd_policy_reason_count(policy); i++)
        if (strstr(hvd_policy_reason(policy, i), text))
            return 1;
    return 0;
}

static int has_caveat(const hvd_policy_result *policy, const char *text)
{
    for (size_t i = 0; i < hvd_policy_caveat_count(policy); i++)
        if (strstr(hvd_policy_caveat(policy, i), text))
            return 1;
    return 0;
}

/* The same ESXi guest under each revision: 2.3 (no partner tier), 3.0 (VMware not yet a partner: it joined on
 * 2008-08-19), the 2008 text (joint support) and the current text (joint support for Windows Server only). */
START_TEST(test_esxi_guest_across_revisions)
{
    hvd_result *result = identify_fixture("vmware-esxi");
    static const struct {
        const char *date, *revision;
        hvd_tier esxi_standard, esxi_premier, workstation_standard, workstation_premier;
    } cases[] = {
        {"2007-09-01", "2.3", REPRODUCE, EFFORTS, REPRODUCE, EFFORTS},
        {"2008-01-01", "3.0", REPRODUCE, EFFORTS, REPRODUCE, EFFORTS},
        {"2012-01-01", "2008", JOINT, JOINT, NOT_SUPPORTED, INVESTIGATE},
        {"2026-01-01", "2020", JOINT_WS, JOINT_WS, NOT_SUPPORTED, INVESTIGATE},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        hvd_policy_result *policy = evaluate(result, HVD_AGREEMENT_STANDARD, cases[i].date);
        hvd_policy_revision_info revision = HVD_POLICY_REVISION_INFO_INIT;
        hvd_policy_get_revision(&revision, policy);
        ck_assert_msg(strcmp(revision.id, cases[i].revision) == 0, "%s: revision %s", cases[i].date, revision.id);
        ck_assert_ptr_nonnull(strstr(hvd_policy_revision_why(policy), "in force on"));
        ck_assert_int_eq(candidate_named(policy, "vmware-esxi")->if_standard, cases[i].esxi_standard);
        ck_assert_int_eq(candidate_named(policy, "vmware-esxi")->if_premier, cases[i].esxi_premier);
        ck_assert_int_eq(candidate_named(policy, "vmware-workstation")->if_standard, cases[i].workstation_standard);
        ck_assert_int_eq(candidate_named(policy, "vmware-workstation")->if_premier, cases[i].workstation_premier);
        ck_assert(has_reason(policy, revision.name));
        hvd_policy_result_free(policy);
    }
    hvd_result_free(result);
}
END_TEST

/* Revision 2.3 had no tier for vendors with a relationship: XenServer in July 2008 gets joint support under 3.0,
 * but not when 2.3 is asked for explicitly. */
START_TEST(test_revision_chosen_explicitly)
{
    hvd_result *result = identify_fixture("xenserver");
    hvd_policy_result *policy = evaluate_with(result, HVD_AGREEMENT_STANDARD, "2008-07-01", HVD_SOFTWARE_UNSPECIFIED,
                                              NULL);
    ck_assert_int_eq(hvd_policy_tier(policy), JOINT);
    hvd_policy_result_free(policy);
    policy = evaluate_with(result, HVD_AGREEMENT_STANDARD, "2008-07-01", HVD_SOFTWARE_UNSPECIFIED, "2.3");
    ck_assert_int_eq(hvd_policy_tier(policy), REPRODUCE);
    ck_assert_ptr_nonnull(strstr(hvd_policy_revision_why(policy), "chosen explicitly"));
    hvd_policy_result_free(policy);
    hvd_policy_options options = HVD_POLICY_OPTIONS_INIT;
    ck_assert_int_eq(hvd_policy_options_set_revision(&options, "9.9"), HVD_OK);
    policy = NULL;
    ck_assert_int_eq(hvd_policy_evaluate(&policy, result, db, &options), HVD_EINVALID);
    ck_assert_ptr_null(policy);
    ck_assert_ptr_nonnull(strstr(hvd_error_last(), "\"9.9\" is not known (known: 2.3, 3.0, 2008, 2020)"));
    ck_assert_int_eq(hvd_policy_options_set_revision(&options, ""), HVD_EINVALID);
    hvd_result_free(result);
}
END_TEST

/* A KVM guest with an agreement that is not Premier-level: revision 3.0 asks for a reproduction, the current text
 * has no paragraph for it ("does not test or support"); each reason quotes its own revision. */
START_TEST(test_kvm_standard_agreement_2008_and_2026)
{
    hvd_result *result = identify_fixture("kvm-qemu-generic");
    hvd_policy_result *policy = evaluate(result, HVD_AGREEMENT_STANDARD, "2008-01-01");
    ck_assert_int_eq(hvd_policy_tier(policy), REPRODUCE);
    ck_assert(has_reason(policy, "Microsoft will require that the issue to be reproduced independently from the "
                                 "non-Microsoft hardware virtualization software"));
    ck_assert(!has_reason(policy, "that's run in conjunction"));
    hvd_policy_result_free(policy);
    policy = evaluate(result, HVD_AGREEMENT_STANDARD, "2026-01-01");
    ck_assert_int_eq(hvd_policy_tier(policy), NOT_SUPPORTED);
    ck_assert(has_reason(policy, "Except as described in this article, Microsoft does not test or support Microsoft "
                                 "software that's run in conjunction with non-Microsoft hardware virtualization "
                                 "software."));
    ck_assert(!has_reason(policy, "reproduced independently from"));
    hvd_policy_result_free(policy);
    /* The same guest with Premier: "commercially reasonable efforts" became "will investigate". */
    policy = evaluate(result, HVD_AGREEMENT_PREMIER, "2026-01-01");
    ck_assert_int_eq(hvd_policy_tier(policy), INVESTIGATE);
    ck_assert(has_reason(policy, "Microsoft will investigate potential issues"));
    hvd_policy_result_free(policy);
    hvd_result_free(result);
}
END_TEST

/* Joint support under SVVP leaves memory over-commitment, moving VMs between hosts and VBS-like features to the
 * SVVP vendor (the current text); the 2008 text has no such exclusions. */
START_TEST(test_svvp_joint_support_lists_exclusions)
{
    hvd_result *result = identify_fixture("nutanix-ahv");
    hvd_policy_result *policy = evaluate(result, HVD_AGREEMENT_STANDARD, "2026-01-01");
    ck_assert_int_eq(hvd_policy_tier(policy), JOINT_WS);
    ck_assert(hvd_policy_exclusions_apply(policy));
    static const char *const excluded[] = {
        "memory over-commitment",
        "moving virtual machines from one host system to another",
        "any feature similar to Virtualization Based Security",
    };
    for (size_t i = 0; i < 3; i++)
        ck_assert_msg(has_caveat(policy, excluded[i]), "no caveat names %s", excluded[i]);
    ck_assert_uint_eq(hvd_policy_exclusion_count(policy), 3);
    hvd_policy_result_free(policy);
    /* Without an agreement there is no joint support, so no exclusions either. */
    policy = evaluate(result, HVD_AGREEMENT_NONE, "2026-01-01");
    ck_assert_int_eq(hvd_policy_tier(policy), NOT_SUPPORTED);
    ck_assert(!hvd_policy_exclusions_apply(policy));
    ck_assert(!has_caveat(policy, "memory over-commitment"));
    hvd_policy_result_free(policy);
    hvd_result_free(result);
    result = identify_fixture("kvm-rhel-rhv");
    policy = evaluate(result, HVD_AGREEMENT_STANDARD, "2012-01-01");
    ck_assert_int_eq(hvd_policy_tier(policy), JOINT);
    ck_assert(!hvd_policy_exclusions_apply(policy));
    ck_assert(!has_caveat(policy, "memory over-commitment"));
    hvd_policy_result_free(policy);
    hvd_result_free(result);
}
END_TEST

/* The current text's joint support covers the Windows Server OS; server software follows KB 957006 (Hyper-V and
 * SVVP-validated products); other software gets no joint support. Earlier texts treat all software alike. */
START_TEST(test_software_changes_tier)
{
    hvd_result *result = identify_fixture("nutanix-ahv");
    static const struct {
        hvd_software software;
        hvd_agreement agreement;
        hvd_tier tier;
    } cases[] = {
        {HVD_SOFTWARE_WINDOWS_SERVER, HVD_AGREEMENT_STANDARD, JOINT_WS},
        {HVD_SOFTWARE_UNSPECIFIED, HVD_AGREEMENT_STANDARD, JOINT_WS},
        {HVD_SOFTWARE_SERVER_APP, HVD_AGREEMENT_STANDARD, LISTED},
        {HVD_SOFTWARE_SERVER_APP, HVD_AGREEMENT_NONE, LISTED},
        {HVD_SOFTWARE_OTHER, HVD_AGREEMENT_STANDARD, NOT_SUPPORTED},
        {HVD_SOFTWARE_OTHER, HVD_AGREEMENT_PREMIER, INVESTIGATE},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        hvd_policy_result *policy = evaluate_with(result, cases[i].agreement, "2026-01-01", cases[i].software, NULL);
        ck_assert_msg(hvd_policy_tier(policy) == cases[i].tier, "case %zu: %s", i,
                      hvd_tier_name(hvd_policy_tier(policy)));
        ck_assert_int_eq(hvd_policy_software_is_default(policy), cases[i].software == HVD_SOFTWARE_UNSPECIFIED);
        ck_assert_int_eq(has_caveat(policy, "--software"), cases[i].software == HVD_SOFTWARE_UNSPECIFIED);
        hvd_policy_result_free(policy);
    }
    hvd_policy_result *policy = evaluate_with(result, HVD_AGREEMENT_STANDARD, "2026-01-01", HVD_SOFTWARE_SERVER_APP,
                                              NULL);
    ck_assert(has_reason(policy, "Microsoft supports Microsoft server software that is running in the supported "
                                 "virtualization environments that are listed"));
    hvd_policy_result_free(policy);
    /* Under the 2008 text (Nutanix not yet a partner) the software makes no difference. */
    for (int software = HVD_SOFTWARE_WINDOWS_SERVER; software < HVD_SOFTWARE_COUNT_; software++) {
        policy = evaluate_with(result, HVD_AGREEMENT_STANDARD, "2019-06-01", (hvd_software)software, NULL);
        ck_assert_int_eq(hvd_policy_tier(policy), NOT_SUPPORTED);
        hvd_policy_result_free(policy);
    }
    hvd_result_free(result);
}
END_TEST

START_TEST(test_agreements)
{
    hvd_result *result = identify_fixture("kvm-qemu-generic");
    static const struct {
        hvd_agreement agreement;
        hvd_tier tier;
    } cases[] = {{HVD_AGREEMENT_PREMIER, INVESTIGATE}, {HVD_AGREEMENT_UNIFIED, INVESTIGATE},
                 {HVD_AGREEMENT_STANDARD, NOT_SUPPORTED}, {HVD_AGREEMENT_NONE, NOT_SUPPORTED},
                 {HVD_AGREEMENT_UNKNOWN, NOT_SUPPORTED}};
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        hvd_policy_result *policy = evaluate(result, cases[i].agreement, "2026-01-01");
        ck_assert_int_eq(hvd_policy_tier(policy), cases[i].tier);
        /* Unified as Premier-level is an inference: said where it is used, and only there. */
        ck_assert_int_eq(has_caveat(policy, "Unified Support is evaluated as Premier-level"),
                         cases[i].agreement == HVD_AGREEMENT_UNIFIED);
        hvd_policy_result_free(policy);
    }
    hvd_result_free(result);
    /* Joint support in the current text needs "support agreements"; in 3.0, licences were enough. */
    result = identify_fixture("xenserver");
    hvd_policy_result *policy = evaluate(result, HVD_AGREEMENT_NONE, "2026-01-01");
    ck_assert_int_eq(hvd_policy_tier(policy), NOT_SUPPORTED);
    hvd_policy_result_free(policy);
    policy = evaluate(result, HVD_AGREEMENT_NONE, "2008-07-01");
    ck_assert_int_eq(hvd_policy_tier(policy), JOINT);
    hvd_policy_result_free(policy);
    hvd_result_free(result);
}
END_TEST

/* OpenShift Virtualization: SVVP-certified from April 2020; the note is gone from the 4.22 release notes
 * (2026-05-19), a fact not checked, which the report says. */
START_TEST(test_openshift_virtualization_before_and_after_its_svvp_note)
{
    hvd_result *result = identify_fixture("kubevirt");
    hvd_policy_result *policy = evaluate(result, HVD_AGREEMENT_STANDARD, "2026-01-01");
    ck_assert_int_eq(candidate_named(policy, "openshift-virtualization")->if_standard, JOINT_WS);
    ck_assert_int_eq(candidate_named(policy, "kubevirt")->if_standard, NOT_SUPPORTED);
    ck_assert(!has_caveat(policy, "its end date"));
    hvd_policy_result_free(policy);
    policy = evaluate(result, HVD_AGREEMENT_STANDARD, "2026-06-01");
    ck_assert_int_eq(candidate_named(policy, "openshift-virtualization")->if_standard, NOT_SUPPORTED);
    ck_assert_int_eq(hvd_policy_tier(policy), NOT_SUPPORTED);
    ck_assert(has_caveat(policy, "its end date) is unverified"));
    ck_assert(has_reason(policy, "ended on 2026-05-19"));
    hvd_policy_result_free(policy);
    policy = evaluate(result, HVD_AGREEMENT_STANDARD, "2019-06-01");
    ck_assert_int_eq(candidate_named(policy, "openshift-virtualization")->if_standard, NOT_SUPPORTED);
    hvd_policy_result_free(policy);
    hvd_result_free(result);
}
END_TEST

/* After Broadcom bought VMware (2023-11-22): the vendor is named as on the date, and ESXi keeps joint support (the
 * partner list of 2023-12-26 still names "VMware, Inc"). */
START_TEST(test_broadcom_era_vmware)
{
    hvd_result *result = identify_fixture("vmware-esxi");
    hvd_policy_result *policy = evaluate(result, HVD_AGREEMENT_PREMIER, "2025-03-01");
    const hvd_policy_candidate *esxi = candidate_named(policy, "vmware-esxi");
    ck_assert_ptr_nonnull(strstr(esxi->vendor_name, "Broadcom"));
    ck_assert_int_eq(esxi->if_premier, JOINT_WS);
    ck_assert_ptr_nonnull(esxi->relationship);
    ck_assert_int_eq(candidate_named(policy, "vmware-fusion")->if_premier, INVESTIGATE);
    hvd_policy_result_free(policy);
    hvd_result_free(result);
}
END_TEST

START_TEST(test_azure_caveat)
{
    hvd_result *result = identify_fixture("azure");
    hvd_policy_result *policy = evaluate(result, HVD_AGREEMENT_UNKNOWN, "2026-01-01");
    ck_assert_int_eq(hvd_policy_tier(policy), MICROSOFT);
    ck_assert(has_caveat(policy, "KB 2721672"));
    hvd_policy_result_free(policy);
    hvd_result_free(result);
    result = identify_fixture("hyperv");
    policy = evaluate(result, HVD_AGREEMENT_UNKNOWN, "2026-01-01");
    ck_assert(!has_caveat(policy, "KB 2721672"));
    hvd_policy_result_free(policy);
    hvd_result_free(result);
}
END_TEST

/* Which revision defined each tier, and the revisions with their dates, as the texts give them. */
START_TEST(test_tiers_defined_by_and_revisions)
{
    hvd_result *result = identify_fixture("hyperv");
    hvd_policy_result *policy = evaluate(result, HVD_AGREEMENT_UNKNOWN, "2026-01-01");
    static const char *const defined_by[HVD_TIER_COUNT_] = {
        [HVD_TIER_REPRODUCE_INDEPENDENTLY] = "2.3", [HVD_TIER_COMMERCIALLY_REASONABLE_EFFORTS] = "2.3",
        [HVD_TIER_JOINT_SUPPORT] = "3.0",           [HVD_TIER_NOT_SUPPORTED] = "2008",
        [HVD_TIER_INVESTIGATE] = "2008",            [HVD_TIER_JOINT_SUPPORT_WINDOWS_SERVER] = "2020",
        [HVD_TIER_LISTED_SERVER_SOFTWARE] = "2020",
    };
    for (int tier = 0; tier < HVD_TIER_COUNT_; tier++) {
        const char *got = hvd_policy_tier_defined_by(policy, (hvd_tier)tier);
        ck_assert_msg(defined_by[tier] ? got && strcmp(got, defined_by[tier]) == 0 : got == NULL, "%s: %s",
                      hvd_tier_name((hvd_tier)tier), got ? got : "(none)");
    }
    hvd_policy_result_free(policy);
    hvd_result_free(result);
    static const struct {
        const char *id, *date;
    } revisions[] = {{"2.3", "2007-07-30"}, {"3.0", "2007-11-10"}, {"2008", "2008-08-19"}, {"2020", "2020-10-13"}};
    ck_assert_uint_eq(hvd_vendor_db_policy_revision_count(db), 4);
    for (size_t i = 0; i < 4; i++) {
        hvd_policy_revision_info info = HVD_POLICY_REVISION_INFO_INIT;
        ck_assert_int_eq(hvd_vendor_db_policy_revision(&info, db, i), HVD_OK);
        ck_assert_str_eq(info.id, revisions[i].id);
        ck_assert_str_eq(info.date, revisions[i].date);
        ck_assert_ptr_nonnull(info.baseline);
    }
    hvd_policy_revision_info info = HVD_POLICY_REVISION_INFO_INIT;
    ck_assert_int_eq(hvd_vendor_db_policy_revision(&info, db, 4), HVD_ENOTFOUND);
    hvd_vendor_db_policy_revision(&info, db, 3);
    ck_assert_ptr_nonnull(strstr(info.baseline, "Windows Server 2012 R2 or later"));
    ck_assert_ptr_null(info.in_force_until);
}
END_TEST

/* A caller built against version 1 of the options (agreement and date only) still gets an answer. */
START_TEST(test_options_version_1)
{
    struct {
        unsigned int version;
        hvd_agreement agreement;
        char as_of[11];
    } old = {1, HVD_AGREEMENT_STANDARD, "2008-01-01"};
    hvd_result *result = identify_fixture("kvm-qemu-generic");
    hvd_policy_result *policy = NULL;
    ck_assert_int_eq(hvd_policy_evaluate(&policy, result, db, (const hvd_policy_options *)(const void *)&old), HVD_OK);
    ck_assert_int_eq(hvd_policy_tier(policy), REPRODUCE);
    hvd_policy_result_free(policy);
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
    char *path = write_temporary("# fleet settings\n\nagreement = unified   # Unified since 2020\nas_of=2015-06-01\n"
                                 "software = server-app\npolicy_revision = 3.0\n");
    ck_assert_int_eq(hvd_policy_options_read_config(&options, path), HVD_OK);
    ck_assert_int_eq(options.agreement, HVD_AGREEMENT_UNIFIED);
    ck_assert_str_eq(options.as_of, "2015-06-01");
    ck_assert_int_eq(options.software, HVD_SOFTWARE_SERVER_APP);
    ck_assert_str_eq(options.revision, "3.0");
    unlink(path);

    static const struct {
        const char *text;
        const char *message;
    } bad[] = {
        {"agreement = gold\n", "line 1: agreement \"gold\" is not unknown, premier, standard, unified or none"},
        {"software = sql\n", "line 1: software \"sql\" is not windows-server, server-app or other"},
        {"software = unspecified\n", "line 1: software \"unspecified\""},
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
    tcase_add_test(tc, test_first_day_of_each_dated_fact);
    tcase_add_test(tc, test_partner_before_during_and_after_leaving);
    tcase_add_test(tc, test_no_relationship);
    tcase_add_test(tc, test_undetermined_lists_candidates_and_floor);
    tcase_add_test(tc, test_unknown_hypervisor_floor);
    tcase_add_test(tc, test_sources_and_partner_list_versions);
    tcase_add_test(tc, test_vendor_renamed_on_date);
    tcase_add_test(tc, test_esxi_guest_across_revisions);
    tcase_add_test(tc, test_revision_chosen_explicitly);
    tcase_add_test(tc, test_kvm_standard_agreement_2008_and_2026);
    tcase_add_test(tc, test_svvp_joint_support_lists_exclusions);
    tcase_add_test(tc, test_software_changes_tier);
    tcase_add_test(tc, test_agreements);
    tcase_add_test(tc, test_openshift_virtualization_before_and_after_its_svvp_note);
    tcase_add_test(tc, test_broadcom_era_vmware);
    tcase_add_test(tc, test_azure_caveat);
    tcase_add_test(tc, test_tiers_defined_by_and_revisions);
    tcase_add_test(tc, test_options_version_1);
    tcase_add_test(tc, test_configuration_file);
    suite_add_tcase(suite, tc);
    int failed = hvd_test_run(suite);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
