/* SPDX-License-Identifier: MIT */
/*
 * The text parsers of the platform, container and identity probes: hvd_collect under a root directory whose one
 * file is the input. The first byte chooses the file (files[] below: /proc/cpuinfo, /proc/sysinfo, lparcfg,
 * /proc/self/status, /proc/1/environ, cgroups, device-tree strings, ...); the rest is its content. Then
 * hvd_identify (built-in database) and the text and JSON reports.
 *
 * Checked besides memory safety and leaks:
 * - hvd_collect succeeds: a file's content is evidence, never a failure (collect.h);
 * - every stored key, value and detail is printable UTF-8 without a trailing newline or space (util/text.h:
 *   every key and value is stored sanitized);
 * - each source and key is recorded once: cpuinfo, sysinfo and lparcfg record each field from its first line only
 *   (probes/platform.c), so the bundle, an object per source, keeps every observation;
 * - sysinfo and lparcfg lines naming a serial number, a sequence code or a plant are never recorded;
 * - the evidence written as a bundle reads back with the same number of observations;
 * - the text report is printable UTF-8 and the JSON report is JSON.
 */

#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "fuzz_common.h"
#include "hvdetect.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Paths under the root, chosen by the input's first byte; the directories are made once. make-seeds.sh lists the
 * same paths in the same order. */
static const char *const files[] = {
    "proc/cpuinfo",
    "proc/sysinfo",
    "proc/ppc64/lparcfg",
    "proc/self/status",
    "proc/1/environ",
    "proc/1/cgroup",
    "proc/self/cgroup",
    "proc/device-tree/compatible",
    "proc/device-tree/model",
    "proc/device-tree/hypervisor/compatible",
    "proc/device-tree/ibm,partition-name",
    "proc/device-tree/fw-cfg@9020000/compatible",
    "proc/xen/capabilities",
    "proc/version",
    "sys/hypervisor/type",
    "sys/bus/vmbus/devices/242ff919-07db-4180-9c2e-b86cb68c8c55/class_id",
    "run/systemd/container",
    "proc/sys/kernel/hostname",
    "etc/machine-id",
    "proc/user_beancounters",
};
enum { FILE_COUNT = sizeof(files) / sizeof(files[0]) };

static char root[4096];

static void make_parents(const char *path)
{
    char buffer[sizeof(root) + 128];
    snprintf(buffer, sizeof(buffer), "%s/%s", root, path);
    for (char *slash = strchr(buffer + strlen(root) + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
        *slash = '\0';
        if (mkdir(buffer, 0700) != 0 && errno != EEXIST)
            abort();
        *slash = '/';
    }
}

static void remove_root(void)
{
    char command[sizeof(root) + 16];
    snprintf(command, sizeof(command), "rm -rf '%s'", root);
    if (root[0] && system(command) != 0)
        root[0] = '\0';
}

static void make_root(void)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(root, sizeof(root), "%s/hvd-fuzz-proc.XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(root))
        abort();
    for (size_t i = 0; i < FILE_COUNT; i++)
        make_parents(files[i]);
    atexit(remove_root);
}

static void write_file(const char *path, const uint8_t *data, size_t size)
{
    char full[sizeof(root) + 128];
    snprintf(full, sizeof(full), "%s/%s", root, path);
    int fd = open(full, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0)
        abort();
    while (size) {
        ssize_t written = write(fd, data, size);
        if (written <= 0)
            abort();
        data += written;
        size -= (size_t)written;
    }
    close(fd);
}

static void unlink_file(const char *path)
{
    char full[sizeof(root) + 128];
    snprintf(full, sizeof(full), "%s/%s", root, path);
    unlink(full);
}

static const hvd_vendor_db *default_db(void)
{
    static hvd_vendor_db *db; /* loaded once, kept for the life of the process */
    if (!db && hvd_vendor_db_load_default(&db) != HVD_OK)
        abort();
    return db;
}

static int has_prefix(const char *text, const char *prefix)
{
    return strncmp(text, prefix, strlen(prefix)) == 0;
}

static void check_stored(const char *text)
{
    fuzz_touch_string(text);
    FUZZ_CHECK(fuzz_is_printable_utf8(text, 0));
}

static void check_evidence(const hvd_evidence *evidence)
{
    size_t count = hvd_evidence_count(evidence);
    for (size_t i = 0; i < count; i++) {
        const hvd_observation *item = hvd_evidence_at(evidence, i);
        check_stored(item->source);
        check_stored(item->key);
        check_stored(item->value);
        check_stored(item->detail);
        size_t length = strlen(item->value);
        FUZZ_CHECK(length == 0 || (item->value[length - 1] != ' ' && item->value[length - 1] != '\n'));
        FUZZ_CHECK(hvd_evidence_find(evidence, item->source, item->key) == item);
        if (has_prefix(item->key, "proc/sysinfo.") || has_prefix(item->key, "proc/ppc64/lparcfg."))
            FUZZ_CHECK(!strstr(item->key, "serial") && !strstr(item->key, "Sequence Code") &&
                       !strstr(item->key, "Plant"));
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    if (!root[0])
        make_root();
    const char *path = files[data[0] % FILE_COUNT];
    write_file(path, data + 1, size - 1);

    hvd_collect_options options = HVD_COLLECT_OPTIONS_INIT;
    options.root = root;
    options.probes = HVD_PROBE_PLATFORM | HVD_PROBE_CONTAINER | HVD_PROBE_IDENTITY;
    hvd_evidence *evidence = NULL;
    FUZZ_CHECK(hvd_collect(&evidence, &options) == HVD_OK);
    unlink_file(path);
    check_evidence(evidence);

    char *json = NULL;
    FUZZ_CHECK(hvd_evidence_to_json(&json, evidence) == HVD_OK);
    hvd_evidence *again = NULL;
    FUZZ_CHECK(hvd_evidence_from_json(&again, json, strlen(json)) == HVD_OK);
    FUZZ_CHECK(hvd_evidence_count(again) == hvd_evidence_count(evidence));
    hvd_evidence_free(again);
    hvd_free(json);

    hvd_result *result = NULL;
    FUZZ_CHECK(hvd_identify(&result, evidence, default_db()) == HVD_OK);
    char *text = NULL;
    FUZZ_CHECK(hvd_report_render(&text, HVD_FORMAT_TEXT, HVD_REPORT_VERBOSE, result, NULL, evidence) == HVD_OK);
    FUZZ_CHECK(fuzz_is_printable_utf8(text, 1));
    hvd_free(text);
    FUZZ_CHECK(hvd_report_render(&text, HVD_FORMAT_JSON, HVD_REPORT_NO_TIMESTAMP, result, NULL, evidence) == HVD_OK);
    cJSON *parsed = cJSON_Parse(text);
    FUZZ_CHECK(parsed != NULL);
    cJSON_Delete(parsed);
    hvd_free(text);

    hvd_result_free(result);
    hvd_evidence_free(evidence);
    return 0;
}
