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
    suite_add_tcase(suite, tc);
    int failed = hvd_test_run(suite);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
