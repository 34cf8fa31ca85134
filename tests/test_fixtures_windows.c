/* SPDX-License-Identifier: MIT */
/* Every recorded Windows guest under tests/fixtures-windows (evidence bundles as the Windows probes record them),
 * replayed through the public API and compared with what the machine is and the support tier it gets
 * (expected.json, agreement unknown, on 2026-11-25). */

#include <check.h>

#include "keep_output.h"

#include "check_run.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture_list_windows.h"
#include "fixture_support.h"
#include "hvdetect.h"

START_TEST(test_windows_fixture)
{
    const char *name = fixture_names[_i];
    cJSON *expected = fixture_expected(name);
    ck_assert_msg(expected != NULL, "%s: expected.json missing or invalid", name);
    char path[1024];
    snprintf(path, sizeof(path), "%s/%s/evidence.json", HVD_FIXTURES_DIR, name);
    hvd_vendor_db *db = NULL;
    ck_assert_int_eq(hvd_vendor_db_load_default(&db), HVD_OK);
    hvd_evidence *evidence = NULL;
    ck_assert_msg(hvd_evidence_load(&evidence, path) == HVD_OK, "%s: %s", name, hvd_error_last());
    ck_assert_str_eq(hvd_evidence_meta(evidence, "os"), "Windows");
    hvd_result *result = NULL;
    ck_assert_int_eq(hvd_identify(&result, evidence, db), HVD_OK);
    hvd_policy_options options = HVD_POLICY_OPTIONS_INIT;
    ck_assert_int_eq(hvd_policy_options_set_date(&options, "2026-11-25"), HVD_OK);
    hvd_policy_result *policy = NULL;
    ck_assert_int_eq(hvd_policy_evaluate(&policy, result, db, &options), HVD_OK);
    char *text = NULL;
    ck_assert_int_eq(hvd_report_render(&text, HVD_FORMAT_JSON, HVD_REPORT_NO_TIMESTAMP, result, policy, evidence),
                     HVD_OK);
    keep_json_output("windows-report", text);
    cJSON *report = cJSON_Parse(text);
    ck_assert_ptr_nonnull(report);
    const char *difference = fixture_compare(expected, report);
    ck_assert_msg(difference == NULL, "%s: %s", name, difference);
    const cJSON *tier = cJSON_GetObjectItem(expected, "tier");
    ck_assert_msg(cJSON_IsString(tier), "%s: expected.json has no tier", name);
    ck_assert_msg(strcmp(hvd_tier_name(hvd_policy_tier(policy)), tier->valuestring) == 0, "%s: tier %s, expected %s",
                  name, hvd_tier_name(hvd_policy_tier(policy)), tier->valuestring);
    /* Hyper-V's data exchange names identify machines: redacted by default. */
    ck_assert_ptr_null(strstr(text, "HV-HOST-07"));
    ck_assert_ptr_null(strstr(text, "APP-SERVER-12"));
    cJSON_Delete(report);
    hvd_free(text);
    hvd_policy_result_free(policy);
    hvd_result_free(result);
    hvd_evidence_free(evidence);
    hvd_vendor_db_free(db);
    cJSON_Delete(expected);
}
END_TEST

int main(void)
{
    size_t count = 0;
    while (fixture_names[count])
        count++;
    Suite *suite = suite_create("fixtures_windows");
    TCase *tc = tcase_create("windows guests");
    tcase_add_loop_test(tc, test_windows_fixture, 0, (int)count);
    suite_add_tcase(suite, tc);
    int failed = hvd_test_run(suite);
    return count > 0 && failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
