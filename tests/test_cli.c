/* The CLI on recorded machines: the real binary with --root and --cpuid-dump, its exit status, and replay of the
 * evidence it saved (a replayed report equals the live one, byte for byte once timestamps are left out). */

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fixture_list.h"
#include "fixture_support.h"

static char scratch[] = "/tmp/hvdetect-cli-XXXXXX";

static int make_scratch(void)
{
    return mkdtemp(scratch) != NULL;
}

static int expected_exit_status(const cJSON *expected)
{
    const cJSON *virtualized = cJSON_GetObjectItem(expected, "virtualized");
    if (cJSON_IsTrue(virtualized))
        return 0;
    if (cJSON_IsFalse(virtualized))
        return 1;
    return 2;
}

START_TEST(test_cli_fixture_and_replay)
{
    const char *name = fixture_names[_i];
    char root[1024], dump[1024], saved[1200];
    fixture_root(name, root, sizeof(root));
    int has_dump = fixture_cpuid_dump(name, dump, sizeof(dump));
    snprintf(saved, sizeof(saved), "%s/%s.json", scratch, name);
    const char *live_args[] = {"--root", root, "--format", "json", "--no-timestamp", "--save-evidence", saved,
                               has_dump ? "--cpuid-dump" : NULL, dump, NULL};
    int status = -1;
    char *live = fixture_run_cli(live_args, &status);
    ck_assert_ptr_nonnull(live);
    cJSON *expected = fixture_expected(name);
    ck_assert_int_eq(status, expected_exit_status(expected));
    cJSON *report = cJSON_Parse(live);
    ck_assert_msg(report != NULL, "%s: output is not JSON", name);
    const char *difference = fixture_compare(expected, report);
    ck_assert_msg(difference == NULL, "%s: %s", name, difference);

    const char *replay_args[] = {"--evidence", saved, "--format", "json", "--no-timestamp", NULL};
    char *replayed = fixture_run_cli(replay_args, &status);
    ck_assert_int_eq(status, expected_exit_status(expected));
    ck_assert_msg(replayed && strcmp(live, replayed) == 0, "%s: replayed report differs from the original", name);
    unlink(saved);
    free(live);
    free(replayed);
    cJSON_Delete(report);
    cJSON_Delete(expected);
}
END_TEST

/* With --root and no --cpuid-dump, CPUID must not be read from the machine running the test. */
START_TEST(test_root_never_reads_live_cpuid)
{
    char root[1024];
    fixture_root("empty", root, sizeof(root));
    const char *args[] = {"--root", root, "--format", "json", NULL};
    int status = -1;
    char *output = fixture_run_cli(args, &status);
    cJSON *report = cJSON_Parse(output);
    ck_assert_ptr_nonnull(report);
    ck_assert_int_eq(status, 2);
    ck_assert(cJSON_IsNull(cJSON_GetObjectItem(report, "virtualized")));
    const cJSON *item;
    int cpuid_unavailable = 0;
    cJSON_ArrayForEach(item, cJSON_GetObjectItem(report, "evidence"))
    {
        const char *source = cJSON_GetObjectItem(item, "source")->valuestring;
        const char *item_status = cJSON_GetObjectItem(item, "status")->valuestring;
        if (strcmp(source, "cpuid") == 0) {
            ck_assert_str_eq(item_status, "unavailable");
            cpuid_unavailable = 1;
        }
    }
    ck_assert(cpuid_unavailable);
    free(output);
    cJSON_Delete(report);
}
END_TEST

START_TEST(test_usage_errors)
{
    static const char *const cases[][4] = {
        {"--format", "yaml", NULL, NULL},
        {"--bogus", NULL, NULL, NULL},
        {"--evidence", "x.json", "--root", "/"},
        {"stray", NULL, NULL, NULL},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const char *args[5] = {cases[i][0], cases[i][1], cases[i][2], cases[i][3], NULL};
        int status = -1;
        free(fixture_run_cli(args, &status));
        ck_assert_int_eq(status, 64);
    }
}
END_TEST

START_TEST(test_bad_evidence_file_is_named)
{
    char path[1200];
    snprintf(path, sizeof(path), "%s/bad.json", scratch);
    FILE *file = fopen(path, "w");
    fputs("{\"hvdetect_evidence\": 1, \"evidence\": [{\"source\": 3}]}", file);
    fclose(file);
    const char *args[] = {"--evidence", path, NULL};
    int status = -1;
    free(fixture_run_cli(args, &status));
    ck_assert_int_eq(status, 3);
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
    if (!make_scratch()) {
        perror("mkdtemp");
        return EXIT_FAILURE;
    }
    Suite *suite = suite_create("cli");
    TCase *tc = tcase_create("cli");
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, test_cli_fixture_and_replay, 0, (int)fixture_count());
    tcase_add_test(tc, test_root_never_reads_live_cpuid);
    tcase_add_test(tc, test_usage_errors);
    tcase_add_test(tc, test_bad_evidence_file_is_named);
    suite_add_tcase(suite, tc);
    SRunner *runner = srunner_create(suite);
    srunner_run_all(runner, CK_NORMAL);
    int failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    rmdir(scratch);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
