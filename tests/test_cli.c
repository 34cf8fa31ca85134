/* SPDX-License-Identifier: MIT */
/* The CLI on recorded machines: the real binary with --root and --cpuid-dump, its exit status, and replay of the
 * evidence it saved (a replayed report equals the live one, byte for byte once timestamps are left out). */

#include <check.h>

#include "check_run.h"
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

static cJSON *run_fixture_json(const char *name, const char *extra_option, const char *extra_value)
{
    char root[1024], dump[1024];
    fixture_root(name, root, sizeof(root));
    int has_dump = fixture_cpuid_dump(name, dump, sizeof(dump));
    const char *args[12] = {"--root", root, "--format", "json", "--as-of", "2026-11-25"};
    size_t count = 6;
    if (extra_option) {
        args[count++] = extra_option;
        args[count++] = extra_value;
    }
    if (has_dump) {
        args[count++] = "--cpuid-dump";
        args[count++] = dump;
    }
    args[count] = NULL;
    int status = -1;
    char *output = fixture_run_cli(args, &status);
    cJSON *report = output ? cJSON_Parse(output) : NULL;
    free(output);
    ck_assert_msg(report != NULL, "%s: no JSON report", name);
    return report;
}

static const char *policy_string(const cJSON *report, const char *field)
{
    const cJSON *value = cJSON_GetObjectItem(cJSON_GetObjectItem(report, "policy"), field);
    return cJSON_IsString(value) ? value->valuestring : NULL;
}

/* The tier of each kind of machine a support engineer meets, as the CLI reports it (agreement not given). */
START_TEST(test_cli_tiers)
{
    static const struct {
        const char *fixture;
        const char *tier;
        const char *floor;
    } cases[] = {
        {"vmware-esxi", "undetermined", "reproduce-independently"},
        {"vmware-workstation", "undetermined", "reproduce-independently"},
        {"kvm-qemu-generic", "reproduce-independently", NULL},
        {"xen-hvm", "undetermined", "reproduce-independently"},
        {"hyperv", "microsoft", NULL},
        {"kvm-hyperv-enlightened", "reproduce-independently", NULL},
        {"bare-metal", "not-virtualized", NULL},
        {"xenserver", "joint-support", NULL},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        cJSON *report = run_fixture_json(cases[i].fixture, NULL, NULL);
        const char *tier = policy_string(report, "tier");
        ck_assert_msg(tier && strcmp(tier, cases[i].tier) == 0, "%s: tier %s, expected %s", cases[i].fixture,
                      tier ? tier : "(none)", cases[i].tier);
        const char *floor = policy_string(report, "holds_for_every_candidate");
        if (cases[i].floor)
            ck_assert_msg(floor && strcmp(floor, cases[i].floor) == 0, "%s: floor %s", cases[i].fixture,
                          floor ? floor : "(none)");
        ck_assert_ptr_nonnull(cJSON_GetObjectItem(cJSON_GetObjectItem(report, "policy"), "reasons"));
        cJSON_Delete(report);
    }
    /* An ESXi guest: the candidate ESXi would get joint support, Workstation would not. */
    cJSON *report = run_fixture_json("vmware-esxi", NULL, NULL);
    const cJSON *candidate;
    int checked = 0;
    cJSON_ArrayForEach(candidate, cJSON_GetObjectItem(cJSON_GetObjectItem(report, "policy"), "candidates"))
    {
        const char *product = cJSON_GetObjectItem(candidate, "product")->valuestring;
        const char *standard = cJSON_GetObjectItem(candidate, "if_standard")->valuestring;
        if (strcmp(product, "vmware-esxi") == 0)
            checked += strcmp(standard, "joint-support") == 0;
        if (strcmp(product, "vmware-workstation") == 0)
            checked += strcmp(standard, "reproduce-independently") == 0;
    }
    ck_assert_int_eq(checked, 2);
    cJSON_Delete(report);
}
END_TEST

START_TEST(test_cli_agreement_sources)
{
    cJSON *report = run_fixture_json("kvm-qemu-generic", "--agreement", "premier");
    ck_assert_str_eq(policy_string(report, "tier"), "commercially-reasonable-efforts");
    ck_assert_str_eq(policy_string(report, "agreement"), "premier");
    cJSON_Delete(report);
    setenv("HVDETECT_AGREEMENT", "premier", 1);
    report = run_fixture_json("kvm-qemu-generic", NULL, NULL);
    ck_assert_str_eq(policy_string(report, "tier"), "commercially-reasonable-efforts");
    cJSON_Delete(report);
    report = run_fixture_json("kvm-qemu-generic", "--agreement", "standard");
    ck_assert_str_eq(policy_string(report, "tier"), "reproduce-independently");
    cJSON_Delete(report);
    unsetenv("HVDETECT_AGREEMENT");
    char config[1200];
    snprintf(config, sizeof(config), "%s/hvdetect.conf", scratch);
    FILE *file = fopen(config, "w");
    fputs("agreement = premier\n", file);
    fclose(file);
    report = run_fixture_json("kvm-qemu-generic", "--config", config);
    ck_assert_str_eq(policy_string(report, "tier"), "commercially-reasonable-efforts");
    cJSON_Delete(report);
    unlink(config);
}
END_TEST

START_TEST(test_cli_case_report)
{
    char root[1024], dump[1024];
    fixture_root("vmware-esxi", root, sizeof(root));
    fixture_cpuid_dump("vmware-esxi", dump, sizeof(dump));
    const char *args[] = {"--root", root, "--cpuid-dump", dump, "--format", "case", NULL};
    int status = -1;
    char *output = fixture_run_cli(args, &status);
    ck_assert_int_eq(status, 0);
    static const char *const sections[] = {"# hvdetect case report", "## Platform", "## Support tier: `",
                                           "### Reasoning", "### Products and their tiers", "### Caveats",
                                           "### Sources", "KB 897615", "## Evidence for and against",
                                           "## Observations", "VMware-42 [redacted]"};
    for (size_t i = 0; i < sizeof(sections) / sizeof(sections[0]); i++)
        ck_assert_msg(strstr(output, sections[i]) != NULL, "case report lacks \"%s\"", sections[i]);
    /* The machine's full serial number is not in it. */
    char serial[256] = "";
    char path[1200];
    snprintf(path, sizeof(path), "%s/sys/class/dmi/id/product_serial", root);
    FILE *file = fopen(path, "r");
    ck_assert_ptr_nonnull(fgets(serial, sizeof(serial), file));
    fclose(file);
    serial[strcspn(serial, "\n")] = '\0';
    ck_assert_ptr_null(strstr(output, serial));
    free(output);
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
        {"--evidence", "x.json", "--save-evidence", "y.json"},
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

/* README, "Exit status": 3 is a runtime error. An agreement that is not one of the three names is refused, not
 * replaced by a default; a report that cannot be written is not a success. */
START_TEST(test_runtime_errors_exit_3)
{
    const char *root = HVD_FIXTURES_DIR "/empty/root";
    int status = -1;
    setenv("HVDETECT_AGREEMENT", "gold", 1);
    const char *agreement[] = {"--root", root, NULL};
    free(fixture_run_cli(agreement, &status));
    unsetenv("HVDETECT_AGREEMENT");
    ck_assert_int_eq(status, 3);

    char output[1200];
    snprintf(output, sizeof(output), "%s/no-such-directory/report.txt", scratch);
    const char *unwritable[] = {"--root", root, "--output", output, NULL};
    status = -1;
    free(fixture_run_cli(unwritable, &status));
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
    tcase_set_timeout(tc, 600);
    tcase_add_loop_test(tc, test_cli_fixture_and_replay, 0, (int)fixture_count());
    tcase_add_test(tc, test_root_never_reads_live_cpuid);
    tcase_add_test(tc, test_cli_tiers);
    tcase_add_test(tc, test_cli_agreement_sources);
    tcase_add_test(tc, test_cli_case_report);
    tcase_add_test(tc, test_usage_errors);
    tcase_add_test(tc, test_bad_evidence_file_is_named);
    tcase_add_test(tc, test_runtime_errors_exit_3);
    suite_add_tcase(suite, tc);
    int failed = hvd_test_run(suite);
    rmdir(scratch);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
