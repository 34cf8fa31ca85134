/* SPDX-License-Identifier: MIT */
/* The evidence set: adding, finding, sanitising, and the JSON bundle's round trip and error messages. */

#include <check.h>

#include <fcntl.h>
#include <pwd.h>

#include "keep_output.h"

#include "check_run.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "hvdetect.h"
#include "evidence/evidence_json.h"
#include "util/json_count.h"
#include "util/text.h"

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

/* The same observations, in the same order. */
static void assert_same_observations(const hvd_evidence *expected, const hvd_evidence *got)
{
    ck_assert_uint_eq(hvd_evidence_count(got), hvd_evidence_count(expected));
    for (size_t i = 0; i < hvd_evidence_count(expected); i++) {
        const hvd_observation *a = hvd_evidence_at(expected, i), *b = hvd_evidence_at(got, i);
        ck_assert_str_eq(a->source, b->source);
        ck_assert_str_eq(a->key, b->key);
        ck_assert_str_eq(a->value, b->value);
        ck_assert_str_eq(a->detail, b->detail);
        ck_assert_int_eq(a->status, b->status);
    }
}

START_TEST(test_json_round_trip)
{
    hvd_evidence *evidence = sample();
    char *json = NULL;
    ck_assert_int_eq(hvd_evidence_to_json(&json, evidence), HVD_OK);
    keep_json_output("bundle", json);
    hvd_evidence *copy = NULL;
    ck_assert_int_eq(hvd_evidence_from_json(&copy, json, strlen(json)), HVD_OK);
    assert_same_observations(evidence, copy);
    char *again = NULL;
    ck_assert_int_eq(hvd_evidence_to_json(&again, copy), HVD_OK);
    keep_json_output("bundle", again);
    ck_assert_str_eq(json, again);
    hvd_free(json);
    hvd_free(again);
    hvd_evidence_free(copy);
    hvd_evidence_free(evidence);
}
END_TEST

/* Format 2 as README.md documents it: observations grouped by source, a read value as a plain string, an object
 * only for a detail or for what was not read. */
START_TEST(test_bundle_layout)
{
    hvd_evidence *evidence = sample();
    hvd_evidence_add(evidence, "cpuid", "hypervisor_bit", "1", HVD_STATUS_OK, "CPUID.1:ECX[31]");
    char *json = NULL;
    ck_assert_int_eq(hvd_evidence_to_json(&json, evidence), HVD_OK);
    keep_json_output("bundle", json);
    cJSON *root = cJSON_Parse(json);
    ck_assert_ptr_nonnull(root);
    ck_assert_int_eq(cJSON_GetObjectItem(root, "hvdetect_evidence")->valueint, 2);
    ck_assert_str_eq(cJSON_GetObjectItem(cJSON_GetObjectItem(root, "collection"), "mode")->valuestring, "root");
    const cJSON *sources = cJSON_GetObjectItem(root, "evidence");
    ck_assert(cJSON_IsObject(sources));
    ck_assert_int_eq(cJSON_GetArraySize(sources), 3);
    ck_assert_str_eq(cJSON_GetObjectItem(cJSON_GetObjectItem(sources, "dmi"), "sys_vendor")->valuestring, "QEMU");
    const cJSON *denied = cJSON_GetObjectItem(cJSON_GetObjectItem(sources, "smbios"), "table");
    ck_assert_str_eq(cJSON_GetObjectItem(denied, "status")->valuestring, "denied");
    ck_assert_str_eq(cJSON_GetObjectItem(denied, "detail")->valuestring,
                     "sys/firmware/dmi/tables/DMI: Permission denied");
    ck_assert_ptr_null(cJSON_GetObjectItem(denied, "value"));
    const cJSON *bit = cJSON_GetObjectItem(cJSON_GetObjectItem(sources, "cpuid"), "hypervisor_bit");
    ck_assert_str_eq(cJSON_GetObjectItem(bit, "value")->valuestring, "1");
    ck_assert_str_eq(cJSON_GetObjectItem(bit, "detail")->valuestring, "CPUID.1:ECX[31]");
    ck_assert_ptr_null(cJSON_GetObjectItem(bit, "status"));
    cJSON_Delete(root);
    hvd_free(json);
    hvd_evidence_free(evidence);
}
END_TEST

/* A set whose sources interleave is written (and so read back) grouped: sources in the order they first appear,
 * observations in their order within a source. */
START_TEST(test_bundle_groups_sources)
{
    hvd_evidence *evidence = NULL;
    hvd_evidence_new(&evidence);
    static const char *const added[][2] = {{"pci", "a"}, {"dmi", "b"}, {"pci", "c"}, {"acpi", "d"}, {"dmi", "e"}};
    for (size_t i = 0; i < 5; i++)
        hvd_evidence_add(evidence, added[i][0], added[i][1], "v", HVD_STATUS_OK, NULL);
    char *json = NULL;
    ck_assert_int_eq(hvd_evidence_to_json(&json, evidence), HVD_OK);
    keep_json_output("bundle", json);
    hvd_evidence *copy = NULL;
    ck_assert_int_eq(hvd_evidence_from_json(&copy, json, strlen(json)), HVD_OK);
    static const char *const expected[][2] = {{"pci", "a"}, {"pci", "c"}, {"dmi", "b"}, {"dmi", "e"}, {"acpi", "d"}};
    ck_assert_uint_eq(hvd_evidence_count(copy), 5);
    for (size_t i = 0; i < 5; i++) {
        ck_assert_str_eq(hvd_evidence_at(copy, i)->source, expected[i][0]);
        ck_assert_str_eq(hvd_evidence_at(copy, i)->key, expected[i][1]);
    }
    hvd_free(json);
    hvd_evidence_free(copy);
    hvd_evidence_free(evidence);
}
END_TEST

/* Bundles saved by hvdetect 0.1 (format 1: one object per observation) are still read, into the same set. */
START_TEST(test_format_1_is_read)
{
    static const char format_1[] =
        "{\"hvdetect_evidence\": 1, \"collection\": {\"mode\": \"root\"}, \"evidence\": ["
        "{\"source\": \"dmi\", \"key\": \"sys_vendor\", \"value\": \"QEMU\"},"
        "{\"source\": \"smbios\", \"key\": \"table\", \"status\": \"denied\","
        " \"detail\": \"sys/firmware/dmi/tables/DMI: Permission denied\"}]}";
    hvd_evidence *old = NULL;
    ck_assert_int_eq(hvd_evidence_from_json(&old, format_1, strlen(format_1)), HVD_OK);
    hvd_evidence *evidence = sample();
    char *from_old = NULL, *from_new = NULL;
    ck_assert_int_eq(hvd_evidence_to_json(&from_old, old), HVD_OK);
    keep_json_output("bundle", from_old);
    ck_assert_int_eq(hvd_evidence_to_json(&from_new, evidence), HVD_OK);
    ck_assert_str_eq(from_old, from_new);
    hvd_free(from_old);
    hvd_free(from_new);
    hvd_evidence_free(old);
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
        {"{\"hvdetect_evidence\": 3, \"evidence\": {}}", "format 3 is not supported"},
        {"{\"hvdetect_evidence\": 1.5, \"evidence\": {}}", "format 1.5 is not supported"},
        /* Nearly 2 is not 2, and says so. */
        {"{\"hvdetect_evidence\": 2.0000000001, \"evidence\": {}}", "format 2.0000000001 is not supported"},
        /* cJSON would end the string at the NUL: "QE" without a word. */
        {"{\"hvdetect_evidence\": 2, \"evidence\": {\"dmi\": {\"sys_vendor\": \"QE\\u0000MU\"}}}",
         "a string holds \\u0000"},
        {"{\"hvdetect_evidence\": 2, \"evidence\": []}", "\"evidence\" is missing or not an object"},
        {"{\"hvdetect_evidence\": 2, \"evidence\": {\"dmi\": [\"QEMU\"]}}", "evidence.dmi: not an object"},
        {"{\"hvdetect_evidence\": 2, \"evidence\": {\"dmi\": {\"sys_vendor\": 1}}}",
         "evidence.dmi.sys_vendor: neither a string nor an object"},
        {"{\"hvdetect_evidence\": 2, \"evidence\": {\"dmi\": {\"sys_vendor\": {\"value\": 1}}}}",
         "evidence.dmi.sys_vendor: \"value\" is not a string"},
        {"{\"hvdetect_evidence\": 2, \"evidence\": {\"dmi\": {\"x\": {\"status\": \"maybe\"}}}}",
         "evidence.dmi.x: unknown status \"maybe\""},
        /* A name from the bundle is quoted in the message, its control characters made visible. */
        {"{\"hvdetect_evidence\": 2, \"evidence\": {\"d\\u001b[2Jmi\": 1}}", "evidence.d\\x1b[2Jmi: not an object"},
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

static void read_small_file(const char *path, char *buffer, size_t size)
{
    FILE *file = fopen(path, "r");
    ck_assert_ptr_nonnull(file);
    size_t length = fread(buffer, 1, size - 1, file);
    buffer[length] = '\0';
    fclose(file);
}

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
    char buffer[16];
    read_small_file(victim, buffer, sizeof(buffer));
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
    /* Even the bits the umask would take from a new file (a group-writable report shared by its group). */
    mode_t previous_umask = umask(022);
    ck_assert_int_eq(chmod(report, 0664), 0);
    ck_assert_int_eq(hvd_report_write(report, "newer report\n"), HVD_OK);
    umask(previous_umask);
    ck_assert_int_eq(stat(report, &info), 0);
    ck_assert_int_eq(info.st_mode & 0777, 0664);
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

/* A write that fails part-way (here at the file-size limit, as it would on a full disk) leaves the old file as it
 * was and nothing beside it. The limit applies to the whole process, so the save runs in a child. */
START_TEST(test_failed_save_keeps_the_old_file)
{
    char directory[] = "/tmp/hvdetect-full-XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(directory));
    char target[256];
    snprintf(target, sizeof(target), "%s/evidence.json", directory);
    FILE *file = fopen(target, "w");
    fputs("old bundle\n", file);
    fclose(file);
    hvd_evidence *evidence = sample();
    for (int i = 0; i < 200; i++) {
        char key[32];
        snprintf(key, sizeof(key), "leaf.%d", i);
        hvd_evidence_add(evidence, "cpuid", key, "eax=0x00000000 ebx=0x00000000 ecx=0x00000000", HVD_STATUS_OK,
                         NULL);
    }
    pid_t child = fork();
    ck_assert_int_ge(child, 0);
    if (child == 0) {
        signal(SIGXFSZ, SIG_IGN); /* the write fails with EFBIG instead of ending the process */
        struct rlimit limit = {2048, 2048};
        setrlimit(RLIMIT_FSIZE, &limit);
        int rc = hvd_evidence_save(evidence, target);
        _exit(rc == HVD_EIO && strstr(hvd_error_last(), "not written (the old file, if any, is unchanged)") ? 0 : 1);
    }
    int status = 0;
    ck_assert_int_eq(waitpid(child, &status, 0), child);
    ck_assert(WIFEXITED(status));
    ck_assert_int_eq(WEXITSTATUS(status), 0);
    char content[64];
    read_small_file(target, content, sizeof(content));
    ck_assert_str_eq(content, "old bundle\n");
    char command[512];
    snprintf(command, sizeof(command), "test \"$(ls -A '%s')\" = evidence.json", directory);
    ck_assert_int_eq(system(command), 0);
    /* Without the limit the same save succeeds. */
    ck_assert_int_eq(hvd_evidence_save(evidence, target), HVD_OK);
    read_small_file(target, content, sizeof(content));
    ck_assert_str_ne(content, "old bundle\n");
    unlink(target);
    rmdir(directory);
    hvd_evidence_free(evidence);
}
END_TEST

/* A file another user left where a report or bundle goes never lends it its mode: in a sticky world-writable
 * directory it is not replaced at all (as the kernel's fs.protected_regular refuses), elsewhere the replacement
 * gets the default mode; a file of this user's keeps its permission bits but never setuid, setgid or sticky.
 * The other user is nobody, so this runs as root (and is skipped otherwise). */
static void create_as_nobody(const char *path, mode_t mode)
{
    pid_t child = fork();
    ck_assert_int_ge(child, 0);
    if (child == 0) {
        struct passwd *nobody = getpwnam("nobody");
        if (!nobody || setgid(nobody->pw_gid) != 0 || setuid(nobody->pw_uid) != 0)
            _exit(2);
        umask(0);
        int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0666);
        _exit(fd >= 0 && write(fd, "x\n", 2) == 2 && fchmod(fd, mode) == 0 ? 0 : 1);
    }
    int status = 0;
    ck_assert_int_eq(waitpid(child, &status, 0), child);
    ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "nobody could not create %s", path);
}

START_TEST(test_replacing_another_users_file)
{
    if (geteuid() != 0 || !getpwnam("nobody"))
        return;
    char directory[] = "/tmp/hvdetect-owner-XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(directory));
    ck_assert_int_eq(chmod(directory, 01777), 0);
    char planted[256], kept[256];
    snprintf(planted, sizeof(planted), "%s/evidence.json", directory);
    snprintf(kept, sizeof(kept), "%s/own.txt", directory);
    create_as_nobody(planted, 0666);
    hvd_evidence *evidence = sample();
    ck_assert_int_eq(hvd_evidence_save(evidence, planted), HVD_EPERM);
    ck_assert_ptr_nonnull(strstr(hvd_error_last(), planted));
    ck_assert_ptr_nonnull(strstr(hvd_error_last(), "another user"));
    struct stat info;
    ck_assert_int_eq(stat(planted, &info), 0);
    ck_assert_uint_ne(info.st_uid, 0); /* still nobody's two bytes */
    ck_assert_int_eq(info.st_size, 2);

    /* Outside a sticky directory the file is replaced, with the default mode, not 0666 nor setuid 04750. */
    ck_assert_int_eq(chmod(directory, 0755), 0);
    ck_assert_int_eq(hvd_evidence_save(evidence, planted), HVD_OK);
    ck_assert_int_eq(stat(planted, &info), 0);
    ck_assert_int_eq(info.st_uid, 0);
    ck_assert_int_eq(info.st_mode & 07777, 0600);
    unlink(planted);
    ck_assert_int_eq(chmod(directory, 01777), 0);
    create_as_nobody(planted, 04750);
    ck_assert_int_eq(chmod(directory, 0755), 0);
    mode_t old_umask = umask(022);
    ck_assert_int_eq(hvd_report_write(planted, "report\n"), HVD_OK);
    umask(old_umask);
    ck_assert_int_eq(stat(planted, &info), 0);
    ck_assert_int_eq(info.st_mode & 07777, 0644);

    /* This user's own setuid file keeps its permission bits without the setuid bit. */
    FILE *file = fopen(kept, "w");
    fclose(file);
    ck_assert_int_eq(chmod(kept, 04750), 0);
    ck_assert_int_eq(hvd_report_write(kept, "report\n"), HVD_OK);
    ck_assert_int_eq(stat(kept, &info), 0);
    ck_assert_int_eq(info.st_mode & 07777, 0750);

    unlink(planted);
    unlink(kept);
    rmdir(directory);
    hvd_evidence_free(evidence);
}
END_TEST

/* A bundle whose "collection" has 400,000 keys is refused within a second (it took minutes when each key was
 * looked up among all the earlier ones); the most a bundle may have, 256, are all kept and found. */
START_TEST(test_huge_collection_is_refused_quickly)
{
    enum { KEYS = 400000 };
    size_t size = (size_t)KEYS * 24 + 128;
    char *json = malloc(size);
    ck_assert_ptr_nonnull(json);
    size_t length = (size_t)snprintf(json, size, "{\"hvdetect_evidence\": 2, \"collection\": {");
    for (int i = 0; i < KEYS; i++)
        length += (size_t)snprintf(json + length, size - length, "%s\"k%d\": \"v\"", i ? "," : "", i);
    length += (size_t)snprintf(json + length, size - length, "}, \"evidence\": {}}");
    double start = hvd_test_cpu_seconds();
    hvd_evidence *evidence = NULL;
    ck_assert_int_eq(hvd_evidence_from_json(&evidence, json, length), HVD_EBADINPUT);
    double elapsed = hvd_test_cpu_seconds() - start;
    ck_assert_ptr_nonnull(strstr(hvd_error_last(), "\"collection\" has more than 256 keys"));
    ck_assert_msg(elapsed < hvd_test_time_budget(1.0), "400,000 collection keys took %.2f s", elapsed);

    /* Directly through the API: 100,000 distinct names are refused past the cap, also quickly. */
    ck_assert_int_eq(hvd_evidence_new(&evidence), HVD_OK);
    start = hvd_test_cpu_seconds();
    int refused = 0;
    for (int i = 0; i < 100000; i++) {
        char name[32];
        snprintf(name, sizeof(name), "fact.%d", i);
        refused += hvd_evidence_set_meta(evidence, name, "x") == HVD_EINVALID;
    }
    elapsed = hvd_test_cpu_seconds() - start;
    ck_assert_int_eq(refused, 100000 - 256);
    ck_assert_uint_eq(hvd_evidence_meta_count(evidence), 256);
    ck_assert_msg(elapsed < hvd_test_time_budget(1.0), "100,000 set_meta calls took %.2f s", elapsed);
    ck_assert_int_eq(hvd_evidence_set_meta(evidence, "fact.7", "replaced"), HVD_OK);
    ck_assert_str_eq(hvd_evidence_meta(evidence, "fact.7"), "replaced");
    ck_assert_str_eq(hvd_evidence_meta(evidence, "fact.255"), "x");
    ck_assert_ptr_null(hvd_evidence_meta(evidence, "fact.256"));
    ck_assert_str_eq(hvd_evidence_meta_name(evidence, 7), "fact.7");
    hvd_evidence_free(evidence);

    /* 256 keys in a bundle are read in order. */
    length = (size_t)snprintf(json, size, "{\"hvdetect_evidence\": 2, \"collection\": {");
    for (int i = 0; i < 256; i++)
        length += (size_t)snprintf(json + length, size - length, "%s\"k%d\": \"v%d\"", i ? "," : "", i, i);
    length += (size_t)snprintf(json + length, size - length, "}, \"evidence\": {}}");
    ck_assert_int_eq(hvd_evidence_from_json(&evidence, json, length), HVD_OK);
    ck_assert_uint_eq(hvd_evidence_meta_count(evidence), 256);
    ck_assert_str_eq(hvd_evidence_meta(evidence, "k200"), "v200");
    ck_assert_str_eq(hvd_evidence_meta_name(evidence, 255), "k255");
    hvd_evidence_free(evidence);
    free(json);
}
END_TEST

/* A text of more JSON values than a machine's evidence can hold is refused before it is parsed, whichever way it is
 * read: here 700,000 numbers in an array, 1.4 MB of text. */
START_TEST(test_too_many_values_are_refused)
{
    size_t count = 700000, length = 2 * count + 1;
    char *json = malloc(length + 1);
    ck_assert_ptr_nonnull(json);
    json[0] = '[';
    for (size_t i = 0; i < count; i++)
        memcpy(json + 1 + 2 * i, i + 1 < count ? "0," : "0]", 2);
    json[length] = '\0';
    hvd_evidence *evidence = NULL;
    ck_assert_int_eq(hvd_evidence_from_json(&evidence, json, length), HVD_EBADINPUT);
    ck_assert_ptr_nonnull(strstr(hvd_error_last(), "JSON values; not the evidence of one machine"));
    ck_assert_int_eq(hvd_evidence_new(&evidence), HVD_OK);
    hvd__json_arena arena = {0};
    ck_assert_int_eq(hvd__evidence_read_reused(evidence, &arena, json, length), HVD_EBADINPUT);
    ck_assert_ptr_nonnull(strstr(hvd_error_last(), "JSON values; not the evidence of one machine"));
    hvd__json_arena_free(&arena);
    hvd_evidence_free(evidence);
    free(json);
}
END_TEST

/* Bundles read one after another into one evidence set that points into the parsed text: a string that a saved
 * bundle holds sanitised is kept as it is, any other is sanitised exactly as hvd_evidence_from_json does it, and each
 * bundle replaces the one before. */
START_TEST(test_bundles_read_into_one_set)
{
    static const char first[] = "{\"hvdetect_evidence\": 2, \"collection\": {\"mode\": \"root\"}, \"evidence\": "
                                "{\"dmi\": {\"sys_vendor\": \"QEMU\", \"product_name\": \"A\\u001b[31mB \"}, "
                                "\"net\": {\"eth0\": {\"status\": \"denied\", \"detail\": \"caf\u00e9\"}}}}";
    static const char second[] = "{\"hvdetect_evidence\": 2, \"evidence\": {\"cpuid\": {\"vendor\": \"GenuineIntel\"}}}";
    hvd_evidence *copied = NULL, *reused = NULL;
    ck_assert_int_eq(hvd_evidence_from_json(&copied, first, strlen(first)), HVD_OK);
    ck_assert_int_eq(hvd_evidence_new(&reused), HVD_OK);
    hvd__json_arena arena = {0};
    ck_assert_int_eq(hvd__evidence_read_reused(reused, &arena, first, strlen(first)), HVD_OK);
    assert_same_observations(copied, reused);
    ck_assert_str_eq(hvd_evidence_find(reused, "dmi", "product_name")->value, "A\\x1b[31mB");
    ck_assert_str_eq(hvd_evidence_meta(reused, "mode"), "root");
    ck_assert_int_eq(hvd__evidence_read_reused(reused, &arena, second, strlen(second)), HVD_OK);
    ck_assert_uint_eq(hvd_evidence_count(reused), 1);
    ck_assert_ptr_null(hvd_evidence_meta(reused, "mode"));
    ck_assert_str_eq(hvd_evidence_at(reused, 0)->value, "GenuineIntel");
    ck_assert_int_eq(hvd__evidence_read_reused(reused, &arena, "{\"hvdetect_evidence\": 2", 22), HVD_EBADINPUT);
    ck_assert_uint_eq(hvd_evidence_count(reused), 0);
    /* Collection facts too: a name given twice keeps its last value, whether the first was kept as it lies or
     * copied sanitised (and the other way round), as hvd_evidence_from_json reads them. */
    static const char *const twice[] = {
        "{\"hvdetect_evidence\": 2, \"collection\": {\"os\": \"a\", \"os\": \"b\\u001b\"}, \"evidence\": {}}",
        "{\"hvdetect_evidence\": 2, \"collection\": {\"os\": \"b\\u001b\", \"os\": \"c\"}, \"evidence\": {}}",
    };
    static const char *const last[] = {"b\\x1b", "c"};
    for (size_t i = 0; i < 2; i++) {
        hvd_evidence *from_json = NULL;
        ck_assert_int_eq(hvd_evidence_from_json(&from_json, twice[i], strlen(twice[i])), HVD_OK);
        ck_assert_int_eq(hvd__evidence_read_reused(reused, &arena, twice[i], strlen(twice[i])), HVD_OK);
        ck_assert_uint_eq(hvd_evidence_meta_count(reused), 1);
        ck_assert_str_eq(hvd_evidence_meta(reused, "os"), last[i]);
        ck_assert_str_eq(hvd_evidence_meta(from_json, "os"), last[i]);
        hvd_evidence_free(from_json);
    }
    hvd__json_arena_free(&arena);
    hvd_evidence_free(reused);
    hvd_evidence_free(copied);
}
END_TEST

START_TEST(test_sanitized_text_is_recognised)
{
    static const struct {
        const char *text;
        int sanitized;
    } cases[] = {
        {"QEMU Standard PC", 1}, {"tab\there", 1}, {"caf\xc3\xa9", 1}, {"A\\x1bB", 1}, {"", 1},
        {"trailing ", 0},        {"line\n", 0},    {"esc\x1b", 0},      {"\xff", 0},     {"bidi\xe2\x80\xae", 0},
        /* Longer than a word, a byte to escape after the first eight, at the edges of printable ASCII. */
        {"0123456789\x1b" "0123456", 0}, {"0123456789abcdef\x7f" "0", 0}, {"01234567\x1f" "89abcdefgh", 0},
        {"0123456789\xc3\xa9" "abcdefgh", 1}, {" !~~~~~~~~~~~~~~~~ ~", 1},
        /* Shorter than a word, a word exactly, and a byte to escape in the last bytes past the whole words. */
        {"ab\x1b" "c", 0}, {"abc", 1}, {"1234567\x7f", 0}, {"12345678", 1}, {"12345678\x01" "9", 0},
        {"123456789abcde\x80", 0}, {"123456789abcdef", 1},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char *sanitized = hvd__text_sanitize(cases[i].text, strlen(cases[i].text));
        /* Recognised as sanitised exactly when sanitising it changes nothing. */
        ck_assert_int_eq(strcmp(sanitized, cases[i].text) == 0, cases[i].sanitized);
        ck_assert_int_eq(hvd__text_is_sanitized(cases[i].text, strlen(cases[i].text)), cases[i].sanitized);
        free(sanitized);
    }
}
END_TEST

/* The pre-parse count: every value once, member names not, strings with quotes, colons and brackets inside them
 * as one value. */
START_TEST(test_json_values_are_counted)
{
    static const struct {
        const char *json;
        size_t values;
    } cases[] = {
        {"{}", 1},
        {"[{},{},[]]", 4},
        {"{\"a\": \"b\", \"c\": [1, -2.5e3, true, null]}", 7},
        {"{\"k:\\\"{[\": \"v,]\\\\\"}", 2},
        {"  \"x\"  ", 1},
        {"[\"a\\\\\\\\\", \"b\"]", 3}, /* ["a\\\\", "b"]: a quote after an even number of backslashes ends a string */
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        ck_assert_msg(hvd__json_count_values(cases[i].json, strlen(cases[i].json), 100) == cases[i].values,
                      "%s: %zu values", cases[i].json,
                      hvd__json_count_values(cases[i].json, strlen(cases[i].json), 100));
    ck_assert_uint_eq(hvd__json_count_values("[1,2,3,4,5]", 11, 3), 4); /* stops past the limit */
}
END_TEST

/* A bundle whose text is printable ASCII without a backslash (an NDJSON line as hvdetect writes it) has its strings
 * taken as printable ASCII without checking each: sanitising them still drops trailing spaces (hvd__text_sanitize),
 * so the set read equals the one hvd_evidence_from_json reads, as it does for texts that are not plain (a raw tab or
 * line break in a string, an escape, a byte past ASCII). */
START_TEST(test_plain_bundle_text_reads_like_any)
{
    static const char *const texts[] = {
        "{\"hvdetect_evidence\": 2, \"collection\": {\"mode\": \"root \"}, \"evidence\": {\"dmi \": {\"sys_vendor\": "
        "\"QEMU \", \"product_name \": \"Standard PC (i440FX + PIIX, 1996)\", \"bios_version\": \" \"}, \"net\": "
        "{\"eth0\": {\"status\": \"denied\", \"detail\": \"no permission \"}}}}\n\t\r\n",
        "{\"hvdetect_evidence\": 2, \"evidence\": {\"dmi\": {\"sys_vendor\": \"QE\tMU \", \"product_name\": \"A\nB\"}}}",
        "{\"hvdetect_evidence\": 2, \"evidence\": {\"dmi\": {\"sys_vendor\": \"QEMU \\u0020\", \"board_name\": \"\x7f\"}}}",
        "{\"hvdetect_evidence\": 2, \"evidence\": {\"dmi\": {\"sys_vendor\": \"A\\u001bB\", \"board_name\": \"C\\n\"}}}",
    };
    hvd_evidence *reused = NULL;
    ck_assert_int_eq(hvd_evidence_new(&reused), HVD_OK);
    hvd__json_arena arena = {0};
    for (size_t t = 0; t < sizeof(texts) / sizeof(texts[0]); t++) {
        hvd_evidence *copied = NULL;
        ck_assert_int_eq(hvd_evidence_from_json(&copied, texts[t], strlen(texts[t])), HVD_OK);
        ck_assert_int_eq(hvd__evidence_read_reused(reused, &arena, texts[t], strlen(texts[t])), HVD_OK);
        assert_same_observations(copied, reused);
        ck_assert_str_eq(hvd_evidence_meta(reused, "mode") ? hvd_evidence_meta(reused, "mode") : "",
                         hvd_evidence_meta(copied, "mode") ? hvd_evidence_meta(copied, "mode") : "");
        hvd_evidence_free(copied);
    }
    hvd__evidence_read_reused(reused, &arena, texts[0], strlen(texts[0]));
    ck_assert_str_eq(hvd_evidence_find(reused, "dmi", "sys_vendor")->value, "QEMU");
    ck_assert_str_eq(hvd_evidence_find(reused, "dmi", "product_name")->value, "Standard PC (i440FX + PIIX, 1996)");
    ck_assert_str_eq(hvd_evidence_find(reused, "dmi", "bios_version")->value, "");
    ck_assert_str_eq(hvd_evidence_find(reused, "net", "eth0")->detail, "no permission");
    ck_assert_str_eq(hvd_evidence_meta(reused, "mode"), "root");
    hvd__json_arena_free(&arena);
    hvd_evidence_free(reused);
}
END_TEST

/* Every length up to two blocks of eight words and more, with one byte outside 0x20..0x7E at each place, or none. */
START_TEST(test_printable_ascii_is_recognised)
{
    static const unsigned char outside[] = {0x00, 0x09, 0x1f, 0x7f, 0x80, 0xff};
    char text[150];
    for (size_t length = 0; length <= sizeof(text); length++) {
        memset(text, '~', sizeof(text));
        ck_assert_int_eq(hvd__text_is_printable_ascii(text, length), 1);
        memset(text, ' ', sizeof(text));
        ck_assert_int_eq(hvd__text_is_printable_ascii(text, length), 1);
        for (size_t at = 0; at < length; at++)
            for (size_t o = 0; o < sizeof(outside); o++) {
                text[at] = (char)outside[o];
                ck_assert_msg(!hvd__text_is_printable_ascii(text, length), "0x%02x at %lu of %lu", outside[o],
                              (unsigned long)at, (unsigned long)length);
                text[at] = ' ';
            }
        if (length < sizeof(text)) { /* a byte just past the text is not looked at */
            text[length] = '\x01';
            ck_assert_int_eq(hvd__text_is_printable_ascii(text, length), 1);
        }
    }
}
END_TEST

int main(void)
{
    Suite *suite = suite_create("evidence");
    TCase *tc = tcase_create("evidence");
    tcase_add_test(tc, test_add_and_find);
    tcase_add_test(tc, test_values_are_sanitised);
    tcase_add_test(tc, test_json_round_trip);
    tcase_add_test(tc, test_bundle_layout);
    tcase_add_test(tc, test_bundle_groups_sources);
    tcase_add_test(tc, test_format_1_is_read);
    tcase_add_test(tc, test_bad_bundles_are_named);
    tcase_add_test(tc, test_load_names_the_file);
    tcase_add_test(tc, test_save_is_atomic_and_refuses_symlinks);
    tcase_add_test(tc, test_failed_save_keeps_the_old_file);
    tcase_add_test(tc, test_replacing_another_users_file);
    tcase_add_test(tc, test_huge_collection_is_refused_quickly);
    tcase_add_test(tc, test_json_values_are_counted);
    tcase_add_test(tc, test_bundles_read_into_one_set);
    tcase_add_test(tc, test_too_many_values_are_refused);
    tcase_add_test(tc, test_sanitized_text_is_recognised);
    tcase_add_test(tc, test_plain_bundle_text_reads_like_any);
    tcase_add_test(tc, test_printable_ascii_is_recognised);
    suite_add_tcase(suite, tc);
    int failed = hvd_test_run(suite);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
