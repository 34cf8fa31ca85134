/* The evidence set: adding, finding, sanitising, and the JSON bundle's round trip and error messages. */

#include <check.h>

#include "check_run.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hvdetect.h"

static hvd_evidence *sample(void)
{
    hvd_evidence *evidence = NULL;
    ck_assert_int_eq(hvd_evidence_new(&evidence), HVD_OK);
    ck_assert_int_eq(hvd_evidence_add(evidence, "dmi", "sys_vendor", "QEMU", HVD_STATUS_OK, NULL), HVD_OK);
    ck_assert_int_eq(hvd_evidence_add(evidence, "smbios", "table", NULL, HVD_STATUS_DENIED,
                                      "sys/firmware/dmi/tables/DMI: Permission denied"), HVD_OK);
    ck_assert_int_eq(hvd_evidence_set_meta(evidence, "mode", "root"), HVD_OK);
    return evidence;
}

START_TEST(test_add_and_find)
{
    hvd_evidence *evidence = sample();
    ck_assert_uint_eq(hvd_evidence_count(evidence), 2);
    const hvd_observation *found = hvd_evidence_find(evidence, "dmi", "sys_vendor");
    ck_assert_ptr_nonnull(found);
    ck_assert_str_eq(found->value, "QEMU");
    ck_assert_int_eq(found->status, HVD_STATUS_OK);
    const hvd_observation *denied = hvd_evidence_at(evidence, 1);
    ck_assert_str_eq(denied->value, "");
    ck_assert_int_eq(denied->status, HVD_STATUS_DENIED);
    ck_assert_ptr_null(hvd_evidence_find(evidence, "dmi", "product_name"));
    ck_assert_ptr_null(hvd_evidence_at(evidence, 2));
    ck_assert_str_eq(hvd_evidence_meta(evidence, "mode"), "root");
    ck_assert_int_eq(hvd_evidence_set_meta(evidence, "mode", "live"), HVD_OK);
    ck_assert_str_eq(hvd_evidence_meta(evidence, "mode"), "live");
    ck_assert_uint_eq(hvd_evidence_meta_count(evidence), 1);
    /* Names are stored sanitised: "mode " is the same fact as "mode", so a bundle never holds both. */
    ck_assert_int_eq(hvd_evidence_set_meta(evidence, "mode ", "root"), HVD_OK);
    ck_assert_uint_eq(hvd_evidence_meta_count(evidence), 1);
    ck_assert_str_eq(hvd_evidence_meta(evidence, "mode"), "root");
    hvd_evidence_free(evidence);
}
END_TEST

START_TEST(test_values_are_sanitised)
{
    hvd_evidence *evidence = NULL;
    hvd_evidence_new(&evidence);
    /* Invalid UTF-8, a control character, a valid multi-byte character and trailing whitespace. */
    hvd_evidence_add(evidence, "dmi", "product_name", "A\xff" "B\x01" "C\xc3\xa9 \n", HVD_STATUS_OK, NULL);
    ck_assert_str_eq(hvd_evidence_at(evidence, 0)->value, "A\\xffB\\x01C\xc3\xa9");
    /* Overlong encodings and surrogates are not valid UTF-8 either. */
    hvd_evidence_add(evidence, "dmi", "x", "\xc0\xaf\xed\xa0\x80", HVD_STATUS_OK, NULL);
    ck_assert_str_eq(hvd_evidence_at(evidence, 1)->value, "\\xc0\\xaf\\xed\\xa0\\x80");
    hvd_evidence_free(evidence);
}
END_TEST

START_TEST(test_json_round_trip)
{
    hvd_evidence *evidence = sample();
    char *json = NULL;
    ck_assert_int_eq(hvd_evidence_to_json(&json, evidence), HVD_OK);
    hvd_evidence *copy = NULL;
    ck_assert_int_eq(hvd_evidence_from_json(&copy, json, strlen(json)), HVD_OK);
    ck_assert_uint_eq(hvd_evidence_count(copy), hvd_evidence_count(evidence));
    for (size_t i = 0; i < hvd_evidence_count(evidence); i++) {
        const hvd_observation *a = hvd_evidence_at(evidence, i), *b = hvd_evidence_at(copy, i);
        ck_assert_str_eq(a->source, b->source);
        ck_assert_str_eq(a->key, b->key);
        ck_assert_str_eq(a->value, b->value);
        ck_assert_str_eq(a->detail, b->detail);
        ck_assert_int_eq(a->status, b->status);
    }
    char *again = NULL;
    ck_assert_int_eq(hvd_evidence_to_json(&again, copy), HVD_OK);
    ck_assert_str_eq(json, again);
    hvd_free(json);
    hvd_free(again);
    hvd_evidence_free(copy);
    hvd_evidence_free(evidence);
}
END_TEST

START_TEST(test_bad_bundles_are_named)
{
    static const struct {
        const char *json;
        const char *message;
    } cases[] = {
        {"{", "invalid JSON"},
        {"[]", "not a JSON object"},
        {"{\"evidence\": []}", "not an hvdetect evidence bundle"},
        {"{\"hvdetect_evidence\": 99, \"evidence\": []}", "format 99 is not supported"},
        {"{\"hvdetect_evidence\": 1}", "\"evidence\" is missing"},
        {"{\"hvdetect_evidence\": 1, \"evidence\": [1]}", "evidence[0]: not an object"},
        {"{\"hvdetect_evidence\": 1, \"evidence\": [{\"key\": \"k\"}]}", "evidence[0]: missing \"source\""},
        {"{\"hvdetect_evidence\": 1, \"evidence\": [{\"source\": \"s\", \"key\": \"k\", \"status\": \"maybe\"}]}",
         "unknown status \"maybe\""},
        {"{\"hvdetect_evidence\": 1, \"collection\": {\"mode\": 3}, \"evidence\": []}", "collection.mode"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        hvd_evidence *evidence = (hvd_evidence *)1;
        ck_assert_int_eq(hvd_evidence_from_json(&evidence, cases[i].json, strlen(cases[i].json)), HVD_EBADINPUT);
        ck_assert_ptr_null(evidence);
        ck_assert_msg(strstr(hvd_error_last(), cases[i].message) != NULL, "case %zu: \"%s\" lacks \"%s\"", i,
                      hvd_error_last(), cases[i].message);
    }
}
END_TEST

START_TEST(test_load_names_the_file)
{
    hvd_evidence *evidence = NULL;
    ck_assert_int_eq(hvd_evidence_load(&evidence, "/nonexistent/bundle.json"), HVD_ENOTFOUND);
    ck_assert_ptr_nonnull(strstr(hvd_error_last(), "/nonexistent/bundle.json"));
    char path[] = "/tmp/hvdetect-evidence-XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, "{\"hvdetect_evidence\": 1, \"evidence\": [{}]}", 42), 42);
    close(fd);
    ck_assert_int_eq(hvd_evidence_load(&evidence, path), HVD_EBADINPUT);
    ck_assert_ptr_nonnull(strstr(hvd_error_last(), path));
    ck_assert_ptr_nonnull(strstr(hvd_error_last(), "evidence[0]"));
    unlink(path);
}
END_TEST

START_TEST(test_save_is_atomic_and_refuses_symlinks)
{
    char directory[] = "/tmp/hvdetect-save-XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(directory));
    char target[256], link_path[256], victim[256];
    snprintf(target, sizeof(target), "%s/evidence.json", directory);
    snprintf(link_path, sizeof(link_path), "%s/link.json", directory);
    snprintf(victim, sizeof(victim), "%s/victim", directory);
    hvd_evidence *evidence = sample();
    ck_assert_int_eq(hvd_evidence_save(evidence, target), HVD_OK);
    struct stat info;
    ck_assert_int_eq(stat(target, &info), 0);
    ck_assert_int_eq(info.st_mode & 0777, 0600); /* the bundle holds unredacted identifiers */
    hvd_evidence *loaded = NULL;
    ck_assert_int_eq(hvd_evidence_load(&loaded, target), HVD_OK);
    ck_assert_uint_eq(hvd_evidence_count(loaded), 2);
    hvd_evidence_free(loaded);

    FILE *file = fopen(victim, "w");
    fputs("keep me", file);
    fclose(file);
    ck_assert_int_eq(symlink(victim, link_path), 0);
    ck_assert_int_eq(hvd_evidence_save(evidence, link_path), HVD_EINVALID);
    char buffer[16] = "";
    file = fopen(victim, "r");
    ck_assert_ptr_nonnull(fgets(buffer, sizeof(buffer), file));
    fclose(file);
    ck_assert_str_eq(buffer, "keep me");
    ck_assert_int_eq(hvd_evidence_save(evidence, directory), HVD_EINVALID);

    /* A report replacing an existing file keeps that file's mode; nothing is left beside it. */
    char report[256];
    snprintf(report, sizeof(report), "%s/report.txt", directory);
    file = fopen(report, "w");
    fclose(file);
    ck_assert_int_eq(chmod(report, 0640), 0);
    ck_assert_int_eq(hvd_report_write(report, "new report\n"), HVD_OK);
    ck_assert_int_eq(stat(report, &info), 0);
    ck_assert_int_eq(info.st_mode & 0777, 0640);
    char command[512];
    snprintf(command, sizeof(command), "test -z \"$(ls -A '%s' | grep hvdetect-)\"", directory);
    ck_assert_int_eq(system(command), 0);

    unlink(report);
    unlink(target);
    unlink(link_path);
    unlink(victim);
    rmdir(directory);
    hvd_evidence_free(evidence);
}
END_TEST

int main(void)
{
    Suite *suite = suite_create("evidence");
    TCase *tc = tcase_create("evidence");
    tcase_add_test(tc, test_add_and_find);
    tcase_add_test(tc, test_values_are_sanitised);
    tcase_add_test(tc, test_json_round_trip);
    tcase_add_test(tc, test_bad_bundles_are_named);
    tcase_add_test(tc, test_load_names_the_file);
    tcase_add_test(tc, test_save_is_atomic_and_refuses_symlinks);
    suite_add_tcase(suite, tc);
    int failed = hvd_test_run(suite);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
