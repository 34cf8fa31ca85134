/* SPDX-License-Identifier: MIT */
/* The public API as an inventory agent sees it: only <hvdetect.h>. Every enum-to-name table round-trips, every
 * function tolerates NULL, the header version agrees with the library, and the built-in database loads. */

#include <check.h>

#include "keep_output.h"

#include "check_run.h"
#include <stdlib.h>
#include <string.h>

#include "hvdetect.h"

START_TEST(test_version_agrees)
{
    ck_assert_str_eq(hvd_version(), HVD_VERSION_STRING);
    ck_assert(HVD_VERSION_CHECK(0, 0, 0));
    ck_assert(!HVD_VERSION_CHECK(HVD_VERSION_MAJOR + 1, 0, 0));
}
END_TEST

START_TEST(test_every_error_code_has_a_message)
{
    for (int code = HVD_ERROR_CODE_MIN; code <= 0; code++) {
        ck_assert_ptr_nonnull(hvd_strerror(code));
        ck_assert_str_ne(hvd_strerror(code), "unknown error");
    }
    ck_assert_str_eq(hvd_strerror(1), "unknown error");
    ck_assert_str_eq(hvd_strerror(HVD_ERROR_CODE_MIN - 1), "unknown error");
}
END_TEST

/* Every public enum with names (systemd's test-tables): a value has a name exactly when it is in range, the name
 * leads back to the value, names are distinct lowercase ids, and an unknown, empty or NULL name has no value. */
#define CHECK_NAME_TABLE(prefix, type, count)                                                                   \
    do {                                                                                                         \
        for (int i = -1; i <= (int)(count); i++) {                                                               \
            const char *name = prefix##_name((type)i);                                                           \
            ck_assert_msg((name != NULL) == (i >= 0 && i < (int)(count)), #prefix "_name(%d)", i);               \
            if (!name)                                                                                           \
                continue;                                                                                        \
            ck_assert_msg(prefix##_from_name(name) == i, #prefix "_from_name(\"%s\") != %d", name, i);           \
            ck_assert_msg(name[0] && strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789-") == strlen(name),     \
                          #prefix ": \"%s\" is not a lowercase id", name);                                      \
        }                                                                                                        \
        ck_assert_int_eq(prefix##_from_name("no-such-name"), -1);                                                \
        ck_assert_int_eq(prefix##_from_name(""), -1);                                                            \
        ck_assert_int_eq(prefix##_from_name(NULL), -1);                                                          \
    } while (0)

START_TEST(test_name_tables_round_trip)
{
    CHECK_NAME_TABLE(hvd_status, hvd_status, HVD_STATUS_COUNT_);
    CHECK_NAME_TABLE(hvd_confidence, hvd_confidence, HVD_CONFIDENCE_COUNT_);
    CHECK_NAME_TABLE(hvd_role, hvd_role, HVD_ROLE_COUNT_);
    CHECK_NAME_TABLE(hvd_finding_kind, hvd_finding_kind, HVD_FINDING_KIND_COUNT_);
    CHECK_NAME_TABLE(hvd_tier, hvd_tier, HVD_TIER_COUNT_);
    CHECK_NAME_TABLE(hvd_agreement, hvd_agreement, HVD_AGREEMENT_COUNT_);
    CHECK_NAME_TABLE(hvd_software, hvd_software, HVD_SOFTWARE_COUNT_);
    CHECK_NAME_TABLE(hvd_format, hvd_format, HVD_FORMAT_COUNT_);
    CHECK_NAME_TABLE(hvd_fleet_format, hvd_fleet_format, HVD_FLEET_FORMAT_COUNT_);
    /* policy.json's wildcard for any software is no software. */
    ck_assert_int_eq(hvd_software_from_name("any"), -1);
}
END_TEST

START_TEST(test_null_is_tolerated)
{
    hvd_free(NULL);
    hvd_evidence_free(NULL);
    hvd_vendor_db_free(NULL);
    hvd_result_free(NULL);
    ck_assert_int_eq(hvd_evidence_new(NULL), HVD_EINVALID);
    ck_assert_int_eq(hvd_evidence_add(NULL, "a", "b", "c", HVD_STATUS_OK, NULL), HVD_EINVALID);
    ck_assert_uint_eq(hvd_evidence_count(NULL), 0);
    ck_assert_ptr_null(hvd_evidence_at(NULL, 0));
    ck_assert_ptr_null(hvd_evidence_find(NULL, "a", "b"));
    ck_assert_ptr_null(hvd_evidence_meta(NULL, "mode"));
    ck_assert_int_eq(hvd_evidence_to_json(NULL, NULL), HVD_EINVALID);
    ck_assert_int_eq(hvd_evidence_from_json(NULL, NULL, 0), HVD_EINVALID);
    ck_assert_int_eq(hvd_evidence_load(NULL, NULL), HVD_EINVALID);
    ck_assert_int_eq(hvd_evidence_save(NULL, NULL), HVD_EINVALID);
    ck_assert_int_eq(hvd_collect(NULL, NULL), HVD_EINVALID);
    ck_assert_int_eq(hvd_collect_options_init(NULL, HVD_COLLECT_OPTIONS_VERSION), HVD_EINVALID);
    ck_assert_int_eq(hvd_vendor_db_load_default(NULL), HVD_EINVALID);
    ck_assert_int_eq(hvd_vendor_db_load_dir(NULL, NULL), HVD_EINVALID);
    ck_assert_int_eq(hvd_vendor_db_check_dir(NULL, NULL), HVD_EINVALID);
    ck_assert_uint_eq(hvd_vendor_db_product_count(NULL), 0);
    ck_assert_int_eq(hvd_vendor_db_product(NULL, NULL, 0), HVD_EINVALID);
    ck_assert_int_eq(hvd_vendor_db_find_product(NULL, NULL, "x"), HVD_EINVALID);
    ck_assert_int_eq(hvd_result_product_info(NULL, NULL), HVD_EINVALID);
    ck_assert_int_eq(hvd_result_candidate_info(NULL, NULL, 0), HVD_EINVALID);
    ck_assert_int_eq(hvd_identify(NULL, NULL, NULL), HVD_EINVALID);
    ck_assert_int_eq(hvd_result_virtualized(NULL), HVD_VIRTUALIZED_UNKNOWN);
    ck_assert_int_eq(hvd_result_role(NULL), HVD_ROLE_NONE);
    ck_assert_int_eq(hvd_result_confidence(NULL), HVD_CONFIDENCE_NONE);
    ck_assert_int_eq(hvd_result_concealed(NULL), 0);
    ck_assert_ptr_null(hvd_result_technology(NULL));
    ck_assert_ptr_null(hvd_result_product(NULL));
    ck_assert_ptr_null(hvd_result_vendor(NULL));
    ck_assert_ptr_null(hvd_result_cloud(NULL));
    ck_assert_uint_eq(hvd_result_candidate_count(NULL), 0);
    ck_assert_ptr_null(hvd_result_candidate(NULL, 0));
    ck_assert_uint_eq(hvd_result_layer_count(NULL), 0);
    ck_assert_ptr_null(hvd_result_layer(NULL, 0));
    ck_assert_uint_eq(hvd_result_container_count(NULL), 0);
    ck_assert_ptr_null(hvd_result_container(NULL, 0));
    ck_assert_uint_eq(hvd_result_finding_count(NULL), 0);
    ck_assert_ptr_null(hvd_result_finding(NULL, 0));
    ck_assert_int_eq(hvd_report_render(NULL, HVD_FORMAT_TEXT, 0, NULL, NULL, NULL), HVD_EINVALID);
    ck_assert_int_eq(hvd_report_write(NULL, NULL), HVD_EINVALID);
    hvd_policy_result_free(NULL);
    ck_assert_int_eq(hvd_policy_evaluate(NULL, NULL, NULL, NULL), HVD_EINVALID);
    ck_assert_int_eq(hvd_policy_options_set_revision(NULL, "3.0"), HVD_EINVALID);
    ck_assert_uint_eq(hvd_vendor_db_policy_revision_count(NULL), 0);
    ck_assert_int_eq(hvd_vendor_db_policy_revision(NULL, NULL, 0), HVD_EINVALID);
    ck_assert_int_eq(hvd_policy_get_revision(NULL, NULL), HVD_EINVALID);
    ck_assert_int_eq(hvd_policy_get_sources(NULL, NULL), HVD_EINVALID);
    ck_assert_int_eq(hvd_policy_options_init(NULL, HVD_POLICY_OPTIONS_VERSION), HVD_EINVALID);
    ck_assert_ptr_null(hvd_policy_revision_why(NULL));
    ck_assert_ptr_null(hvd_policy_tier_defined_by(NULL, HVD_TIER_JOINT_SUPPORT));
    ck_assert_int_eq(hvd_policy_software(NULL), HVD_SOFTWARE_UNSPECIFIED);
    ck_assert_uint_eq(hvd_policy_exclusion_count(NULL), 0);
    ck_assert_ptr_null(hvd_policy_exclusion(NULL, 0));
    ck_assert_int_eq(hvd_policy_exclusions_apply(NULL), 0);
    ck_assert_int_eq(hvd_policy_tier_for(NULL, HVD_AGREEMENT_NONE), HVD_TIER_UNDETERMINED);
}
END_TEST

START_TEST(test_collect_options_versions)
{
    hvd_collect_options options;
    ck_assert_int_eq(hvd_collect_options_init(&options, HVD_COLLECT_OPTIONS_VERSION), HVD_OK);
    ck_assert_uint_eq(options.version, HVD_COLLECT_OPTIONS_VERSION);
    ck_assert_ptr_null(options.root);
    ck_assert_int_eq(hvd_collect_options_init(&options, 99), HVD_EINVALID);
    ck_assert_int_eq(hvd_collect_options_init(NULL, HVD_COLLECT_OPTIONS_VERSION), HVD_EINVALID);
    ck_assert_ptr_null(strstr(hvd_error_last(), "unsupported version")); /* the version was fine */
    ck_assert_ptr_nonnull(strstr(hvd_error_last(), "NULL"));
    options.version = 99;
    hvd_evidence *evidence = (hvd_evidence *)1;
    ck_assert_int_eq(hvd_collect(&evidence, &options), HVD_EINVALID);
    ck_assert_ptr_null(evidence);
}
END_TEST

START_TEST(test_policy_options_versions)
{
    hvd_policy_options options;
    memset(&options, 0x5a, sizeof(options));
    ck_assert_int_eq(hvd_policy_options_init(&options, HVD_POLICY_OPTIONS_VERSION), HVD_OK);
    ck_assert_uint_eq(options.version, HVD_POLICY_OPTIONS_VERSION);
    ck_assert_int_eq(options.agreement, HVD_AGREEMENT_UNKNOWN);
    ck_assert_str_eq(options.as_of, "");
    ck_assert_int_eq(options.software, HVD_SOFTWARE_UNSPECIFIED);
    ck_assert_str_eq(options.revision, "");
    /* A version 1 struct ends with as_of: the bytes after it are not the caller's and stay untouched. */
    memset(&options, 0x5a, sizeof(options));
    ck_assert_int_eq(hvd_policy_options_init(&options, 1), HVD_OK);
    ck_assert_uint_eq(options.version, 1);
    ck_assert_int_eq(options.agreement, HVD_AGREEMENT_UNKNOWN);
    ck_assert_str_eq(options.as_of, "");
    ck_assert_int_eq((int)options.software, 0x5a5a5a5a);
    ck_assert_int_eq(hvd_policy_options_init(&options, 0), HVD_EINVALID);
    ck_assert_int_eq(hvd_policy_options_init(&options, HVD_POLICY_OPTIONS_VERSION + 1), HVD_EINVALID);
    ck_assert_ptr_nonnull(strstr(hvd_error_last(), "unsupported version"));
}
END_TEST

/* The structs the caller allocates and the library fills carry the caller's version: a version the library does not
 * know is refused, naming the struct, and the struct is left as it was; a known one is filled and keeps it. */
START_TEST(test_filled_structs_are_versioned)
{
    hvd_vendor_db *db = NULL;
    ck_assert_int_eq(hvd_vendor_db_load_default(&db), HVD_OK);

    hvd_product_info info = HVD_PRODUCT_INFO_INIT;
    ck_assert_uint_eq(info.version, HVD_PRODUCT_INFO_VERSION);
    ck_assert_int_eq(hvd_vendor_db_find_product(&info, db, "vmware-esxi"), HVD_OK);
    ck_assert_uint_eq(info.version, HVD_PRODUCT_INFO_VERSION);
    ck_assert_str_eq(info.id, "vmware-esxi");
    ck_assert_str_eq(info.technology, "vmware");
    hvd_product_info unknown = {HVD_PRODUCT_INFO_VERSION + 1, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL};
    ck_assert_int_eq(hvd_vendor_db_product(&unknown, db, 0), HVD_EINVALID);
    ck_assert_ptr_nonnull(strstr(hvd_error_last(), "hvd_product_info"));
    ck_assert_ptr_null(unknown.id);
    hvd_product_info unset = {0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL};
    ck_assert_int_eq(hvd_vendor_db_find_product(&unset, db, "vmware-esxi"), HVD_EINVALID);
    ck_assert_int_eq(hvd_vendor_db_product(&info, db, hvd_vendor_db_product_count(db)), HVD_ENOTFOUND);
    ck_assert_int_eq(hvd_vendor_db_find_product(&info, db, "no-such-product"), HVD_ENOTFOUND);
    ck_assert_ptr_nonnull(strstr(hvd_error_last(), "no-such-product"));

    hvd_policy_revision_info revision = HVD_POLICY_REVISION_INFO_INIT;
    ck_assert_int_eq(hvd_vendor_db_policy_revision(&revision, db, 0), HVD_OK);
    ck_assert_uint_eq(revision.version, HVD_POLICY_REVISION_INFO_VERSION);
    ck_assert_ptr_nonnull(revision.id);
    revision.version = HVD_POLICY_REVISION_INFO_VERSION + 1;
    ck_assert_int_eq(hvd_vendor_db_policy_revision(&revision, db, 0), HVD_EINVALID);
    ck_assert_ptr_nonnull(strstr(hvd_error_last(), "hvd_policy_revision_info"));

    /* An empty machine: nothing pinned, so no product to describe. */
    hvd_evidence *evidence = NULL;
    hvd_result *result = NULL;
    hvd_policy_result *policy = NULL;
    ck_assert_int_eq(hvd_evidence_new(&evidence), HVD_OK);
    ck_assert_int_eq(hvd_identify(&result, evidence, db), HVD_OK);
    ck_assert_int_eq(hvd_result_product_info(&info, result), HVD_ENOTFOUND);
    ck_assert_int_eq(hvd_result_candidate_info(&info, result, 0), HVD_ENOTFOUND);
    ck_assert_int_eq(hvd_policy_evaluate(&policy, result, db, NULL), HVD_OK);
    hvd_policy_sources sources = HVD_POLICY_SOURCES_INIT;
    ck_assert_int_eq(hvd_policy_get_sources(&sources, policy), HVD_OK);
    ck_assert_uint_eq(sources.version, HVD_POLICY_SOURCES_VERSION);
    ck_assert_str_eq(sources.article, "KB 897615");
    hvd_policy_sources future = {HVD_POLICY_SOURCES_VERSION + 1, NULL, NULL, NULL, NULL, NULL, NULL, NULL};
    ck_assert_int_eq(hvd_policy_get_sources(&future, policy), HVD_EINVALID);
    ck_assert_ptr_null(future.article);
    ck_assert_ptr_nonnull(strstr(hvd_error_last(), "hvd_policy_sources"));
    revision.version = HVD_POLICY_REVISION_INFO_VERSION;
    ck_assert_int_eq(hvd_policy_get_revision(&revision, policy), HVD_OK);
    ck_assert_ptr_nonnull(revision.id);

    hvd_policy_result_free(policy);
    hvd_result_free(result);
    hvd_evidence_free(evidence);
    hvd_vendor_db_free(db);
}
END_TEST

START_TEST(test_default_database_is_complete)
{
    hvd_vendor_db *db = NULL;
    ck_assert_int_eq(hvd_vendor_db_load_default(&db), HVD_OK);
    ck_assert_uint_gt(hvd_vendor_db_product_count(db), 40);
    /* The products the project promises to tell apart. */
    static const char *const required[] = {
        "vmware-esxi", "vmware-workstation", "vmware-fusion", "virtualbox", "oracle-vm", "xenserver", "xcp-ng",
        "xen", "qemu-kvm", "rhel-kvm", "rhv", "ovirt", "proxmox-ve", "openstack", "kubevirt", "nutanix-ahv",
        "hyperv", "azure", "virtual-pc", "virtual-server", "wsl2", "aws-ec2-xen", "aws-nitro", "firecracker",
        "gce", "oci", "alibaba-ecs", "huawei-cloud", "parallels-desktop", "bhyve", "acrn", "qnx-hypervisor",
        "bochs", "qemu-tcg", "apple-virtualization", "powervm", "zvm", "uml",
    };
    for (size_t i = 0; i < sizeof(required) / sizeof(required[0]); i++) {
        hvd_product_info info = HVD_PRODUCT_INFO_INIT;
        ck_assert_msg(hvd_vendor_db_find_product(&info, db, required[i]) == HVD_OK, "missing %s", required[i]);
        ck_assert_ptr_nonnull(info.technology);
        ck_assert_ptr_nonnull(info.vendor);
    }
    hvd_vendor_db_free(db);
}
END_TEST

START_TEST(test_identify_empty_evidence_cannot_tell)
{
    hvd_vendor_db *db = NULL;
    hvd_evidence *evidence = NULL;
    hvd_result *result = NULL;
    ck_assert_int_eq(hvd_vendor_db_load_default(&db), HVD_OK);
    ck_assert_int_eq(hvd_evidence_new(&evidence), HVD_OK);
    ck_assert_int_eq(hvd_identify(&result, evidence, db), HVD_OK);
    ck_assert_int_eq(hvd_result_virtualized(result), HVD_VIRTUALIZED_UNKNOWN);
    ck_assert_ptr_null(hvd_result_technology(result));
    char *text = NULL;
    ck_assert_int_eq(hvd_report_render(&text, HVD_FORMAT_JSON, 0, result, NULL, evidence), HVD_OK);
    keep_json_output("api-report", text);
    ck_assert_ptr_nonnull(strstr(text, "\"virtualized\":\tnull"));
    hvd_free(text);
    hvd_result_free(result);
    hvd_evidence_free(evidence);
    hvd_vendor_db_free(db);
}
END_TEST

/* A path that does not exist is the caller's error (HVD_ENOTFOUND naming it), as documented, not a skipped bundle. */
START_TEST(test_fleet_missing_path)
{
    hvd_vendor_db *db = NULL;
    ck_assert_int_eq(hvd_vendor_db_load_default(&db), HVD_OK);
    hvd_fleet *fleet = NULL;
    ck_assert_int_eq(hvd_fleet_new(&fleet, db, NULL, HVD_FLEET_NDJSON, NULL, NULL, NULL), HVD_OK);
    ck_assert_int_eq(hvd_fleet_add_path(fleet, "/nonexistent/hvdetect-bundles"), HVD_ENOTFOUND);
    ck_assert_ptr_nonnull(strstr(hvd_error_last(), "/nonexistent/hvdetect-bundles"));
    ck_assert_uint_eq(hvd_fleet_machine_count(fleet), 0);
    hvd_fleet_free(fleet);
    hvd_vendor_db_free(db);
}
END_TEST

int main(void)
{
    Suite *suite = suite_create("api");
    TCase *tc = tcase_create("public api");
    tcase_add_test(tc, test_version_agrees);
    tcase_add_test(tc, test_every_error_code_has_a_message);
    tcase_add_test(tc, test_name_tables_round_trip);
    tcase_add_test(tc, test_null_is_tolerated);
    tcase_add_test(tc, test_collect_options_versions);
    tcase_add_test(tc, test_policy_options_versions);
    tcase_add_test(tc, test_filled_structs_are_versioned);
    tcase_add_test(tc, test_fleet_missing_path);
    tcase_add_test(tc, test_default_database_is_complete);
    tcase_add_test(tc, test_identify_empty_evidence_cannot_tell);
    suite_add_tcase(suite, tc);
    int failed = hvd_test_run(suite);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
