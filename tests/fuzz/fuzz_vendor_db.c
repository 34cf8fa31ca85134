/* SPDX-License-Identifier: MIT */
/*
 * The vendor database loader on one fuzzed JSON document, through the public hvd_vendor_db_check_dir().
 *
 * Input layout: a first line "NAME\n", then the document. NAME chooses the directory it is checked in:
 *   ""                        the document alone, as vendor.json (no technologies.json: problems expected);
 *   a file of the built-in    the whole built-in database with that file (technologies.json, containers.json,
 *   database ("vmware.json")  policy.json, qemu-project.json, ...) replaced by the document: with the real file as
 *                             the document the database is valid, so the engine, the policy and the reports run on
 *                             what the fuzzer makes of it;
 *   anything else             the document as vendor.json beside the real technologies.json (its cross-references
 *                             to other files are problems).
 * An input without a newline in its first 64 bytes is all document, alone. The real files are read once from the
 * source tree's vendors/ (HVD_VENDORS_DIR) and written into a per-process temporary directory (mkdtemp, removed at exit);
 * each run writes the fuzzed file and, in the whole-database directory, puts the real file back afterwards.
 *
 * On a valid directory the database is used: product accessors, hvd_identify on a fixed evidence set,
 * hvd_policy_evaluate and hvd_report_render in every format.
 *
 * Checked besides memory safety and leaks: the return code is HVD_OK, HVD_EBADINPUT or HVD_ENOMEM; the report is
 * "" exactly when the directory is valid, otherwise newline-terminated and hvd_error_last() says something; a
 * directory check_dir accepts also loads, and every product of it is found again by its id.
 */

#include <dirent.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz_common.h"
#include "hvdetect.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { NAME_MAX_LENGTH = 64 };

static char base_dir[4096];
static char alone_dir[4200];   /* vendor.json only */
static char partial_dir[4200]; /* technologies.json + vendor.json */
static char full_dir[4200];    /* every file of the built-in database */

static void join(char *out, size_t size, const char *dir, const char *name)
{
    int n = snprintf(out, size, "%s/%s", dir, name);
    if (n < 0 || (size_t)n >= size)
        abort();
}

static void write_file(const char *path, const void *bytes, size_t length)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        abort();
    const char *p = bytes;
    while (length > 0) {
        ssize_t n = write(fd, p, length);
        if (n <= 0)
            abort();
        p += n;
        length -= (size_t)n;
    }
    if (close(fd) != 0)
        abort();
}

/* One file of the real vendors/, held in memory for the whole run. */
typedef struct real_file {
    char *name;
    char *data;
    size_t length;
} real_file;

static real_file real_files[256];
static size_t real_file_count;

static char *read_whole(const char *path, size_t *length)
{
    FILE *file = fopen(path, "rb");
    if (!file)
        abort();
    char *data = NULL;
    size_t size = 0;
    char chunk[65536];
    size_t got;
    while ((got = fread(chunk, 1, sizeof(chunk), file)) > 0) {
        char *grown = realloc(data, size + got);
        if (!grown)
            abort();
        memcpy(grown + size, chunk, got);
        data = grown;
        size += got;
    }
    fclose(file);
    *length = size;
    return data;
}

/* Reads every *.json of the source tree's vendors/: the database the library is built from. */
static void read_real_files(void)
{
    DIR *dir = opendir(HVD_VENDORS_DIR);
    if (!dir)
        abort();
    struct dirent *entry;
    while ((entry = readdir(dir)) != NULL) {
        size_t length = strlen(entry->d_name);
        if (length <= 5 || strcmp(entry->d_name + length - 5, ".json") != 0)
            continue;
        if (real_file_count == sizeof(real_files) / sizeof(real_files[0]))
            abort();
        char path[4400];
        join(path, sizeof(path), HVD_VENDORS_DIR, entry->d_name);
        real_file *file = &real_files[real_file_count++];
        file->name = strdup(entry->d_name);
        if (!file->name)
            abort();
        file->data = read_whole(path, &file->length);
    }
    closedir(dir);
}

static const real_file *real_file_named(const char *name, size_t name_length)
{
    for (size_t i = 0; i < real_file_count; i++) {
        const char *candidate = real_files[i].name;
        if (strlen(candidate) == name_length && memcmp(candidate, name, name_length) == 0)
            return &real_files[i];
    }
    return NULL;
}

static void remove_file(const char *dir, const char *name)
{
    char path[4400];
    join(path, sizeof(path), dir, name);
    unlink(path);
}

static void remove_dirs(void)
{
    remove_file(alone_dir, "vendor.json");
    remove_file(partial_dir, "vendor.json");
    remove_file(partial_dir, "technologies.json");
    for (size_t i = 0; i < real_file_count; i++)
        remove_file(full_dir, real_files[i].name);
    rmdir(alone_dir);
    rmdir(partial_dir);
    rmdir(full_dir);
    rmdir(base_dir);
}

static void make_dir(char *out, size_t size, const char *name)
{
    join(out, size, base_dir, name);
    if (mkdir(out, 0700) != 0)
        abort();
}

static void write_real_file(const char *dir, const real_file *file)
{
    char path[4400];
    join(path, sizeof(path), dir, file->name);
    write_file(path, file->data, file->length);
}

static void make_dirs(void)
{
    const char *tmp = getenv("TMPDIR");
    join(base_dir, sizeof(base_dir), tmp && tmp[0] ? tmp : "/tmp", "hvd-fuzz-vendordb.XXXXXX");
    if (!mkdtemp(base_dir))
        abort();
    atexit(remove_dirs);
    make_dir(alone_dir, sizeof(alone_dir), "alone");
    make_dir(partial_dir, sizeof(partial_dir), "partial");
    make_dir(full_dir, sizeof(full_dir), "full");
    read_real_files();
    const real_file *technologies = real_file_named("technologies.json", strlen("technologies.json"));
    if (!technologies)
        abort(); /* vendors/ always has one */
    write_real_file(partial_dir, technologies);
    for (size_t i = 0; i < real_file_count; i++)
        write_real_file(full_dir, &real_files[i]);
}

/* A few observations of the kinds signatures look at, so that a valid fuzzed database is matched against them. */
static const hvd_evidence *sample_evidence(void)
{
    static hvd_evidence *evidence;
    if (evidence)
        return evidence;
    static const struct {
        const char *source, *key, *value;
    } items[] = {
        {"cpuid", "vendor", "GenuineIntel"},
        {"cpuid", "hypervisor_bit", "1"},
        {"cpuid", "0x40000000.signature", "KVMKVMKVM"},
        {"cpuid", "0x40000000.max", "0x40000001"},
        {"cpuid", "leaf.0x40000001", "eax=0x01007afb ebx=0x00000000 ecx=0x00000000 edx=0x00000000"},
        {"cpuid_signature", "0x40000000", "KVMKVMKVM"},
        {"cpuid_signature", "0x40000100", "Microsoft Hv"},
        {"dmi", "sys_vendor", "QEMU"},
        {"dmi", "product_name", "Standard PC (Q35 + ICH9, 2009)"},
        {"dmi", "bios_vendor", "SeaBIOS"},
        {"dmi", "product_serial", "VMware-42 1a 2b"},
        {"smbios", "oem_string.1", "Amazon EC2"},
        {"smbios", "vm_bit", "1"},
        {"pci", "0000:00:03.0", "1af4:1041"},
        {"pci", "0000:00:03.0.subsystem", "1af4:1100"},
        {"acpi", "FACP.oem_id", "BOCHS"},
        {"acpi", "FACP.hypervisor_vendor_id", "FIRECKVM"},
        {"net", "eth0.oui", "52:54:00"},
        {"platform", "sys/hypervisor/type", "xen"},
        {"platform", "proc/cpuinfo.hypervisor_flag", "1"},
        {"container", ".dockerenv", "present"},
        {"container", "run/systemd/container", "podman"},
    };
    if (hvd_evidence_new(&evidence) != HVD_OK)
        abort();
    for (size_t i = 0; i < sizeof(items) / sizeof(items[0]); i++)
        if (hvd_evidence_add(evidence, items[i].source, items[i].key, items[i].value, HVD_STATUS_OK, NULL) != HVD_OK)
            abort();
    return evidence;
}

static void check_report(const char *report)
{
    size_t length = fuzz_touch_string(report);
    FUZZ_CHECK(length > 0 && report[length - 1] == '\n');
}

static void use_database(const char *dir)
{
    hvd_vendor_db *db = NULL;
    FUZZ_CHECK(hvd_vendor_db_load_dir(&db, dir) == HVD_OK && db != NULL);
    size_t count = hvd_vendor_db_product_count(db);
    for (size_t i = 0; i < count; i++) {
        hvd_product_info info = HVD_PRODUCT_INFO_INIT, found = HVD_PRODUCT_INFO_INIT;
        FUZZ_CHECK(hvd_vendor_db_product(&info, db, i) == HVD_OK);
        FUZZ_CHECK(info.id != NULL && info.name != NULL && info.technology != NULL);
        fuzz_touch_string(info.name);
        FUZZ_CHECK(hvd_vendor_db_find_product(&found, db, info.id) == HVD_OK);
        FUZZ_CHECK(strcmp(found.id, info.id) == 0);
    }
    hvd_product_info beyond = HVD_PRODUCT_INFO_INIT;
    FUZZ_CHECK(hvd_vendor_db_product(&beyond, db, count) == HVD_ENOTFOUND);

    hvd_result *result = NULL;
    FUZZ_CHECK(hvd_identify(&result, sample_evidence(), db) == HVD_OK && result != NULL);
    hvd_policy_options opts = HVD_POLICY_OPTIONS_INIT;
    FUZZ_CHECK(hvd_policy_options_set_date(&opts, "2020-01-01") == HVD_OK);
    hvd_policy_result *policy = NULL;
    FUZZ_CHECK(hvd_policy_evaluate(&policy, result, db, &opts) == HVD_OK && policy != NULL);
    static const hvd_format formats[] = {HVD_FORMAT_TEXT, HVD_FORMAT_JSON, HVD_FORMAT_CASE};
    for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
        char *text = NULL;
        FUZZ_CHECK(hvd_report_render(&text, formats[i], HVD_REPORT_VERBOSE | HVD_REPORT_NO_TIMESTAMP, result, policy,
                                     sample_evidence()) == HVD_OK);
        fuzz_touch_string(text);
        hvd_free(text);
    }
    hvd_policy_result_free(policy);
    hvd_result_free(result);
    hvd_vendor_db_free(db);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!base_dir[0])
        make_dirs();

    const uint8_t *newline = memchr(data, '\n', size < NAME_MAX_LENGTH + 1 ? size : NAME_MAX_LENGTH + 1);
    size_t name_length = newline ? (size_t)(newline - data) : 0;
    const real_file *replaced = name_length ? real_file_named((const char *)data, name_length) : NULL;
    const uint8_t *document = newline ? newline + 1 : data;
    size_t document_length = size - (size_t)(document - data);

    const char *dir = !newline || name_length == 0 ? alone_dir : replaced ? full_dir : partial_dir;
    char path[4400];
    join(path, sizeof(path), dir, replaced ? replaced->name : "vendor.json");
    uint8_t *bytes = fuzz_copy(document, document_length);
    write_file(path, bytes, document_length);
    free(bytes);

    char *report = NULL;
    int rc = hvd_vendor_db_check_dir(&report, dir);
    FUZZ_CHECK(rc == HVD_OK || rc == HVD_EBADINPUT || rc == HVD_ENOMEM);
    if (rc == HVD_OK) {
        FUZZ_CHECK(report != NULL && report[0] == '\0');
    } else if (rc == HVD_EBADINPUT) {
        FUZZ_CHECK(report != NULL);
        check_report(report);
        FUZZ_CHECK(fuzz_touch_string(hvd_error_last()) > 0);
    }
    hvd_free(report);
    if (rc == HVD_OK)
        use_database(dir);

    if (replaced)
        write_real_file(full_dir, replaced);
    return 0;
}
