/* SPDX-License-Identifier: MIT */
/* The fleet API (hvd_fleet_*), through the public headers only: evidence bundles of recorded machines (saved from
 * tests/fixtures/) in a directory with a broken bundle and a file that is no bundle, analysed in one process. What
 * each machine is comes from its fixture's expected.json, never from hvdetect's own output. */

#include <check.h>
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check_run.h"
#include "hvdetect.h"

/* Three machines: a VMware guest whose product cannot be pinned (so its tier is undetermined), a QEMU/KVM guest and
 * a physical Dell server. */
static const char *const machines[] = {"vmware-esxi", "kvm-qemu-generic", "bare-metal"};
enum { MACHINE_COUNT = sizeof(machines) / sizeof(machines[0]) };

static char bundles[256];
static hvd_vendor_db *db;

static void write_file(const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/%s", bundles, name);
    FILE *file = fopen(path, "w");
    ck_assert_ptr_nonnull(file);
    fputs(text, file);
    fclose(file);
}

/* Saves the evidence of each fixture as <name>.json in a new directory, beside a broken bundle and a text file, and
 * loads the built-in database. */
static void make_bundles(void)
{
    snprintf(bundles, sizeof(bundles), "%s/hvdetect-fleet-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    ck_assert_ptr_nonnull(mkdtemp(bundles));
    for (size_t i = 0; i < MACHINE_COUNT; i++) {
        char root[512], dump[512], path[512];
        snprintf(root, sizeof(root), "%s/%s/root", HVD_FIXTURES_DIR, machines[i]);
        snprintf(dump, sizeof(dump), "%s/%s/cpuid.txt", HVD_FIXTURES_DIR, machines[i]);
        snprintf(path, sizeof(path), "%s/%s.json", bundles, machines[i]);
        hvd_collect_options options = HVD_COLLECT_OPTIONS_INIT;
        options.root = root;
        options.cpuid_dump = dump;
        hvd_evidence *evidence = NULL;
        ck_assert_msg(hvd_collect(&evidence, &options) == HVD_OK, "%s: %s", machines[i], hvd_error_last());
        ck_assert_int_eq(hvd_evidence_save(evidence, path), HVD_OK);
        hvd_evidence_free(evidence);
    }
    write_file("broken.json", "{\"hvdetect_evidence\": 2, \"evidence\": ");
    write_file("notes.txt", "not a bundle: only *.json files are read\n");
    ck_assert_int_eq(hvd_vendor_db_load_default(&db), HVD_OK);
}

static void remove_bundles(void)
{
    static const char *const others[] = {"broken.json", "notes.txt"};
    char path[512];
    for (size_t i = 0; i < MACHINE_COUNT; i++) {
        snprintf(path, sizeof(path), "%s/%s.json", bundles, machines[i]);
        unlink(path);
    }
    for (size_t i = 0; i < 2; i++) {
        snprintf(path, sizeof(path), "%s/%s", bundles, others[i]);
        unlink(path);
    }
    rmdir(bundles);
    hvd_vendor_db_free(db);
    db = NULL;
}

static cJSON *read_json(const char *path)
{
    FILE *file = fopen(path, "r");
    ck_assert_msg(file != NULL, "cannot open %s", path);
    static char text[65536];
    size_t length = fread(text, 1, sizeof(text) - 1, file);
    fclose(file);
    text[length] = '\0';
    cJSON *json = cJSON_Parse(text);
    ck_assert_msg(json != NULL, "%s is not JSON", path);
    return json;
}

/* What the callbacks received. */
typedef struct seen {
    char lines[16][4096];
    size_t line_count;
    char problems[8][1024];
    size_t problem_count;
} seen;

static void on_line(void *context, const char *line)
{
    seen *s = context;
    ck_assert_uint_lt(s->line_count, 16);
    ck_assert_uint_gt(strlen(line), 0);
    ck_assert_int_eq(line[strlen(line) - 1], '\n');
    snprintf(s->lines[s->line_count++], sizeof(s->lines[0]), "%s", line);
}

static void on_problem(void *context, const char *path, const char *message)
{
    seen *s = context;
    ck_assert_uint_lt(s->problem_count, 8);
    snprintf(s->problems[s->problem_count++], sizeof(s->problems[0]), "%s: %s", path, message);
}

/* The line whose "source" names the machine's bundle, or NULL. */
static cJSON *line_of(const seen *s, const char *machine)
{
    char file[128];
    snprintf(file, sizeof(file), "%s.json", machine);
    for (size_t i = 0; i < s->line_count; i++) {
        cJSON *line = cJSON_Parse(s->lines[i]);
        ck_assert_msg(line != NULL, "line %lu is not JSON: %s", (unsigned long)i, s->lines[i]);
        const cJSON *source = cJSON_GetObjectItemCaseSensitive(line, "source");
        ck_assert(cJSON_IsString(source));
        if (strstr(source->valuestring, file))
            return line;
        cJSON_Delete(line);
    }
    return NULL;
}

static int list_has(const cJSON *list, const char *value)
{
    const cJSON *item;
    cJSON_ArrayForEach(item, list)
    {
        if (cJSON_IsString(item) && strcmp(item->valuestring, value) == 0)
            return 1;
    }
    return 0;
}

START_TEST(test_ndjson_lists_each_machine_and_skips_bad_bundles)
{
    seen s;
    memset(&s, 0, sizeof(s));
    hvd_fleet *fleet = NULL;
    ck_assert_int_eq(hvd_fleet_new(&fleet, db, NULL, HVD_FLEET_NDJSON, on_line, on_problem, &s), HVD_OK);
    ck_assert_int_eq(hvd_fleet_add_path(fleet, bundles), HVD_OK);

    /* Every bundle but the broken one is a machine; the text file is not looked at. */
    ck_assert_uint_eq(hvd_fleet_machine_count(fleet), MACHINE_COUNT);
    ck_assert_uint_eq(hvd_fleet_skipped_count(fleet), 1);
    ck_assert_uint_eq(s.problem_count, 1);
    ck_assert_msg(strstr(s.problems[0], "broken.json") != NULL, "problem names no file: %s", s.problems[0]);
    ck_assert_uint_eq(s.line_count, MACHINE_COUNT);

    for (size_t i = 0; i < MACHINE_COUNT; i++) {
        char path[512];
        snprintf(path, sizeof(path), "%s/%s/expected.json", HVD_FIXTURES_DIR, machines[i]);
        cJSON *expected = read_json(path);
        cJSON *line = line_of(&s, machines[i]);
        ck_assert_msg(line != NULL, "no line for %s", machines[i]);
        const cJSON *virtualized = cJSON_GetObjectItemCaseSensitive(line, "hvdetect_virtualized");
        ck_assert_msg(cJSON_IsTrue(virtualized) == cJSON_IsTrue(cJSON_GetObjectItem(expected, "virtualized")),
                      "%s: virtualized", machines[i]);
        const cJSON *technology = cJSON_GetObjectItem(expected, "technology");
        const cJSON *shown = cJSON_GetObjectItemCaseSensitive(line, "hvdetect_technology");
        if (cJSON_IsString(technology))
            ck_assert_msg(cJSON_IsString(shown) && strcmp(shown->valuestring, technology->valuestring) == 0,
                          "%s: technology", machines[i]);
        else
            ck_assert_msg(cJSON_IsNull(shown), "%s: a technology on bare metal", machines[i]);
        /* Each product the machine may be is listed whole (the list is not cut short). */
        const cJSON *candidate;
        cJSON_ArrayForEach(candidate, cJSON_GetObjectItem(expected, "candidates"))
        {
            ck_assert_msg(list_has(cJSON_GetObjectItemCaseSensitive(line, "hvdetect_candidates"),
                                   candidate->valuestring),
                          "%s: candidate %s missing from its line", machines[i], candidate->valuestring);
        }
        cJSON_Delete(line);
        cJSON_Delete(expected);
    }

    /* The summary counts the machines by technology and tier, and says what to collect for the undetermined one:
     * which VMware product runs it (its candidates have different tiers). */
    char *summary = NULL;
    ck_assert_int_eq(hvd_fleet_summary(&summary, fleet), HVD_OK);
    ck_assert_msg(strstr(summary, "Machines: 3 analysed, 1 bundle skipped") != NULL, "%s", summary);
    ck_assert_msg(strstr(summary, "Undetermined") != NULL, "%s", summary);
    ck_assert_msg(strstr(summary, "vmware: 1 machines, e.g.") != NULL, "%s", summary);
    ck_assert_msg(strstr(summary, "not-virtualized") != NULL, "%s", summary);
    hvd_free(summary);

    /* One bundle given by its path counts once more. */
    char one[512];
    snprintf(one, sizeof(one), "%s/kvm-qemu-generic.json", bundles);
    ck_assert_int_eq(hvd_fleet_add_path(fleet, one), HVD_OK);
    ck_assert_uint_eq(hvd_fleet_machine_count(fleet), MACHINE_COUNT + 1);
    ck_assert_uint_eq(s.line_count, MACHINE_COUNT + 1);

    hvd_fleet_free(fleet);
}
END_TEST

/* Files of a directory are read whole however large (a bundle padded past the 64 KiB of the first read), and only
 * regular ones without a type check: a FIFO named like a bundle is skipped, named as one, never opened and waited
 * on. */
START_TEST(test_listed_files_read_whole_and_only_regular)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/vmware-esxi.json", bundles);
    FILE *file = fopen(path, "r");
    ck_assert_ptr_nonnull(file);
    static char text[65536];
    size_t length = fread(text, 1, sizeof(text) - 1, file);
    fclose(file);
    ck_assert_uint_gt(length, 1);
    ck_assert_int_eq(text[0], '{');
    snprintf(path, sizeof(path), "%s/padded.json", bundles);
    file = fopen(path, "w");
    ck_assert_ptr_nonnull(file);
    fputc('{', file);
    for (int i = 0; i < 100 * 1024; i++) /* JSON's white space: the same bundle, 100 KiB longer */
        fputc(' ', file);
    fwrite(text + 1, 1, length - 1, file);
    fclose(file);
    size_t fifos = 0;
#ifndef _WIN32
    char fifo[512];
    snprintf(fifo, sizeof(fifo), "%s/pipe.json", bundles);
    ck_assert_int_eq(mkfifo(fifo, 0600), 0);
    fifos = 1;
#endif

    seen s;
    memset(&s, 0, sizeof(s));
    hvd_fleet *fleet = NULL;
    ck_assert_int_eq(hvd_fleet_new(&fleet, db, NULL, HVD_FLEET_NDJSON, on_line, on_problem, &s), HVD_OK);
    ck_assert_int_eq(hvd_fleet_add_path(fleet, bundles), HVD_OK);
    ck_assert_uint_eq(hvd_fleet_machine_count(fleet), MACHINE_COUNT + 1);
    ck_assert_uint_eq(hvd_fleet_skipped_count(fleet), 1 + fifos);
    cJSON *line = line_of(&s, "padded");
    ck_assert_msg(line != NULL, "the padded bundle was not read whole");
    const cJSON *technology = cJSON_GetObjectItemCaseSensitive(line, "hvdetect_technology");
    ck_assert(cJSON_IsString(technology));
    ck_assert_str_eq(technology->valuestring, "vmware");
    cJSON_Delete(line);
    int fifo_named = 0;
    for (size_t i = 0; i < s.problem_count; i++)
        fifo_named |= strstr(s.problems[i], "pipe.json") != NULL && strstr(s.problems[i], "a FIFO") != NULL;
    ck_assert_int_eq(fifo_named, (int)fifos);
    hvd_fleet_free(fleet);
    unlink(path);
#ifndef _WIN32
    unlink(fifo);
#endif
}
END_TEST

START_TEST(test_csv_and_summary_only)
{
    seen s;
    memset(&s, 0, sizeof(s));
    hvd_fleet *fleet = NULL;
    ck_assert_int_eq(hvd_fleet_new(&fleet, db, NULL, HVD_FLEET_CSV, on_line, on_problem, &s), HVD_OK);
    ck_assert_int_eq(hvd_fleet_add_path(fleet, bundles), HVD_OK);
    /* A header, then one line per machine. */
    ck_assert_uint_eq(s.line_count, 1 + MACHINE_COUNT);
    ck_assert_ptr_nonnull(strstr(s.lines[0], "source"));
    ck_assert_ptr_nonnull(strstr(s.lines[0], "technology"));
    hvd_fleet_free(fleet);

    memset(&s, 0, sizeof(s));
    ck_assert_int_eq(hvd_fleet_new(&fleet, db, NULL, HVD_FLEET_NONE, on_line, on_problem, &s), HVD_OK);
    ck_assert_int_eq(hvd_fleet_add_path(fleet, bundles), HVD_OK);
    ck_assert_uint_eq(s.line_count, 0);
    ck_assert_uint_eq(hvd_fleet_machine_count(fleet), MACHINE_COUNT);
    hvd_fleet_free(fleet);
}
END_TEST

/* With a Premier-level agreement, the QEMU/KVM guest's tier is "investigate" (KB 897615 since 2008: Microsoft "will
 * investigate" for Premier-level customers on a vendor without a relationship). */
START_TEST(test_options_reach_every_machine)
{
    hvd_policy_options options;
    ck_assert_int_eq(hvd_policy_options_init(&options, HVD_POLICY_OPTIONS_VERSION), HVD_OK);
    options.agreement = HVD_AGREEMENT_PREMIER;
    seen s;
    memset(&s, 0, sizeof(s));
    hvd_fleet *fleet = NULL;
    ck_assert_int_eq(hvd_fleet_new(&fleet, db, &options, HVD_FLEET_NDJSON, on_line, NULL, &s), HVD_OK);
    ck_assert_int_eq(hvd_fleet_add_path(fleet, bundles), HVD_OK);
    cJSON *line = line_of(&s, "kvm-qemu-generic");
    ck_assert_ptr_nonnull(line);
    const cJSON *tier = cJSON_GetObjectItemCaseSensitive(line, "hvdetect_tier");
    ck_assert(cJSON_IsString(tier));
    ck_assert_str_eq(tier->valuestring, "investigate");
    cJSON_Delete(line);
    hvd_fleet_free(fleet);
}
END_TEST

START_TEST(test_bad_arguments)
{
    hvd_fleet *fleet = (hvd_fleet *)1;
    ck_assert_int_eq(hvd_fleet_new(&fleet, NULL, NULL, HVD_FLEET_NDJSON, NULL, NULL, NULL), HVD_EINVALID);
    ck_assert_ptr_null(fleet);
    ck_assert_int_eq(hvd_fleet_new(&fleet, db, NULL, HVD_FLEET_FORMAT_COUNT_, NULL, NULL, NULL), HVD_EINVALID);
    ck_assert_int_eq(hvd_fleet_new(NULL, db, NULL, HVD_FLEET_NDJSON, NULL, NULL, NULL), HVD_EINVALID);
    ck_assert_int_eq(hvd_fleet_new(&fleet, db, NULL, HVD_FLEET_NDJSON, NULL, NULL, NULL), HVD_OK);
    ck_assert_int_eq(hvd_fleet_add_path(fleet, NULL), HVD_EINVALID);
    ck_assert_int_eq(hvd_fleet_add_path(NULL, "/"), HVD_EINVALID);
    ck_assert_int_eq(hvd_fleet_summary(NULL, fleet), HVD_EINVALID);
    ck_assert_uint_eq(hvd_fleet_machine_count(NULL), 0);
    ck_assert_uint_eq(hvd_fleet_skipped_count(NULL), 0);
    hvd_fleet_set_flags(NULL, HVD_REPORT_NO_REDACT);
    hvd_fleet_free(fleet);
    hvd_fleet_free(NULL);
}
END_TEST

int main(void)
{
    Suite *suite = suite_create("fleet");
    TCase *tc = tcase_create("public api");
    /* Each test gets the bundles and the database afresh, and leaves nothing behind. */
    tcase_add_checked_fixture(tc, make_bundles, remove_bundles);
    tcase_add_test(tc, test_ndjson_lists_each_machine_and_skips_bad_bundles);
    tcase_add_test(tc, test_listed_files_read_whole_and_only_regular);
    tcase_add_test(tc, test_csv_and_summary_only);
    tcase_add_test(tc, test_options_reach_every_machine);
    tcase_add_test(tc, test_bad_arguments);
    suite_add_tcase(suite, tc);
    return hvd_test_run(suite) == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
