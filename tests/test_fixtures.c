/* SPDX-License-Identifier: MIT */
/* Every recorded machine under tests/fixtures, run through the public API exactly as the CLI runs it (collect with
 * --root and --cpuid-dump, identify, render JSON), and compared with what the machine is (expected.json). */

#include <check.h>

#include "keep_output.h"

#include "check_run.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture_list.h"
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
    db = NULL;
}

static cJSON *report_for(const char *name)
{
    hvd_evidence *evidence = fixture_collect(name);
    ck_assert_msg(evidence != NULL, "%s: %s", name, hvd_error_last());
    hvd_result *result = NULL;
    ck_assert_int_eq(hvd_identify(&result, evidence, db), HVD_OK);
    char *text = NULL;
    ck_assert_int_eq(hvd_report_render(&text, HVD_FORMAT_JSON, HVD_REPORT_NO_TIMESTAMP, result, NULL, evidence), HVD_OK);
    keep_json_output("fixture-report", text);
    cJSON *report = cJSON_Parse(text);
    hvd_free(text);
    hvd_result_free(result);
    hvd_evidence_free(evidence);
    ck_assert_ptr_nonnull(report);
    return report;
}

START_TEST(test_fixture)
{
    const char *name = fixture_names[_i];
    cJSON *expected = fixture_expected(name);
    ck_assert_msg(expected != NULL, "%s: expected.json missing or invalid", name);
    cJSON *report = report_for(name);
    const char *difference = fixture_compare(expected, report);
    ck_assert_msg(difference == NULL, "%s: %s", name, difference);
    cJSON_Delete(report);
    cJSON_Delete(expected);
}
END_TEST

/* A report must never give the Microsoft technology to a machine whose expected platform is someone else's. */
START_TEST(test_no_false_microsoft)
{
    const char *name = fixture_names[_i];
    cJSON *expected = fixture_expected(name);
    const cJSON *technology = cJSON_GetObjectItem(expected, "technology");
    if (cJSON_IsString(technology) && strcmp(technology->valuestring, "hyperv") != 0 &&
        strcmp(technology->valuestring, "virtualpc") != 0) {
        cJSON *report = report_for(name);
        const cJSON *got = cJSON_GetObjectItem(cJSON_GetObjectItem(report, "hypervisor"), "technology");
        ck_assert_msg(!cJSON_IsString(got) || strcmp(got->valuestring, "hyperv") != 0,
                      "%s reported as Hyper-V", name);
        cJSON_Delete(report);
    }
    cJSON_Delete(expected);
}
END_TEST

/* Every report of one fixture, from one database: each format, with the policy on dates under two revisions. */
static char *all_reports(const char *name, const hvd_vendor_db *database)
{
    static const char *const dates[] = {"2008-06-01", "2026-01-01"};
    hvd_evidence *evidence = fixture_collect(name);
    ck_assert_msg(evidence != NULL, "%s: %s", name, hvd_error_last());
    hvd_result *result = NULL;
    ck_assert_int_eq(hvd_identify(&result, evidence, database), HVD_OK);
    size_t length = 0;
    char *all = NULL;
    for (size_t d = 0; d < sizeof(dates) / sizeof(dates[0]); d++) {
        hvd_policy_options options = HVD_POLICY_OPTIONS_INIT;
        options.agreement = HVD_AGREEMENT_PREMIER;
        ck_assert_int_eq(hvd_policy_options_set_date(&options, dates[d]), HVD_OK);
        hvd_policy_result *policy = NULL;
        ck_assert_int_eq(hvd_policy_evaluate(&policy, result, database, &options), HVD_OK);
        for (int format = 0; format < HVD_FORMAT_COUNT_; format++) {
            char *text = NULL;
            ck_assert_int_eq(hvd_report_render(&text, (hvd_format)format, HVD_REPORT_NO_TIMESTAMP, result, policy,
                                               evidence), HVD_OK);
            size_t added = strlen(text);
            all = realloc(all, length + added + 1);
            ck_assert_ptr_nonnull(all);
            memcpy(all + length, text, added + 1);
            length += added;
            hvd_free(text);
        }
        hvd_policy_result_free(policy);
    }
    hvd_result_free(result);
    hvd_evidence_free(evidence);
    return all;
}

/* The built-in database is vendors/ compiled at build time: loaded from the directory at run time, it must give
 * every fixture the same reports, byte for byte, and the same fingerprint. */
START_TEST(test_builtin_matches_vendor_dir)
{
    hvd_vendor_db *from_dir = NULL;
    ck_assert_int_eq(hvd_vendor_db_load_dir(&from_dir, HVD_VENDORS_DIR), HVD_OK);
    ck_assert_str_eq(hvd_vendor_db_fingerprint(db), hvd_vendor_db_fingerprint(from_dir));
    const char *name = fixture_names[_i];
    char *builtin = all_reports(name, db);
    char *loaded = all_reports(name, from_dir);
    ck_assert_msg(strcmp(builtin, loaded) == 0, "%s: the built-in database and vendors/ give different reports",
                  name);
    free(builtin);
    free(loaded);
    hvd_vendor_db_free(from_dir);
}
END_TEST

static size_t fixture_count(void)
{
    size_t count = 0;
    while (fixture_names[count])
        count++;
    return count;
}

int main(void)
{
    Suite *suite = suite_create("fixtures");
    TCase *tc = tcase_create("recorded machines");
    tcase_add_unchecked_fixture(tc, load_db, free_db);
    int count = (int)fixture_count();
    tcase_add_loop_test(tc, test_fixture, 0, count);
    tcase_add_loop_test(tc, test_no_false_microsoft, 0, count);
    tcase_add_loop_test(tc, test_builtin_matches_vendor_dir, 0, count);
    suite_add_tcase(suite, tc);
    int failed = hvd_test_run(suite);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
