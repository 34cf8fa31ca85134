/* SPDX-License-Identifier: MIT */
/* The platform probe: files in which the kernel names the hypervisor it runs on (/sys/hypervisor for Xen,
 * /proc/xen, VMBus devices for Hyper-V, the device tree on arm64 and POWER, /proc/sysinfo on s390, lparcfg on
 * POWER) and the few /proc/cpuinfo fields that carry evidence, and the markers a confidential guest's kernel shows
 * (its attestation devices, the drivers named by configfs-tsm report entries, IBM Secure Execution's flag, the Arm CCA
 * realm device). */

#include <stdio.h>
#include <string.h>

#include "probes/probe.h"
#include "util/text.h"

/* A machine with hundreds of CPUs has a cpuinfo of megabytes; its fields are all in the first few. */
enum { VMBUS_DEVICES_MAX = 1024, PROPERTIES_MAX = 64, NAME_MAX_BYTES = 128, DEVICE_TREE_NODES_MAX = 1024, CPUINFO_MAX = 4 * 1024 * 1024 };

/* A real /proc/sysinfo has about a hundred lines and lparcfg fewer; a hostile file of 64 KiB could have thousands,
 * each looked up among those already recorded. */
enum { FIELDS_RECORDED_MAX = 512 };

/* configfs-tsm report entries are made by whoever asks for a report (mkdir); a few are usual, and each is read for
 * its provider only: reading an entry's outblob would ask the guest driver for a report. */
enum { TSM_REPORTS_MAX = 64 };

static const char *platform_source(void)
{
    return hvd__source_names[HVD__SOURCE_PLATFORM];
}

/* Records each entry of the directory that the key's pattern ends in (the properties directory of Xen), or the file
 * attribute inside each ("sys/bus/vmbus/devices/<id>/class_id"). */
static void probe_directory_files(hvd__probe_context *context, hvd__key_id id, const char *attribute,
                                  size_t max_entries)
{
    char **names, directory[256];
    size_t count;
    hvd__key_format(id, "", directory, sizeof(directory));
    directory[strlen(directory) - 1] = '\0'; /* the pattern's '/' before its '*' */
    if (hvd__probe_list(context, platform_source(), directory, max_entries, &names, &count) <= 0)
        return;
    for (size_t i = 0; i < count && !context->out_of_memory; i++) {
        char path[600];
        if (attribute)
            snprintf(path, sizeof(path), "%s/%s/%s", directory, names[i], attribute);
        else
            snprintf(path, sizeof(path), "%s/%s", directory, names[i]);
        hvd__probe_record_file(context, platform_source(), path, path, 0);
    }
    hvd__names_free(names, count);
}

/* Splits text (modified in place) into lines and hands each "name<separator>value" pair to record, both trimmed;
 * record returns 1 when it recorded the field. Past FIELDS_RECORDED_MAX recorded fields the rest of the file is
 * left out, and a note says so. Lines may be long: the flags line of a modern x86 CPU runs to hundreds of
 * characters. */
typedef int (*field_fn)(hvd__probe_context *context, const char *file, const char *name, const char *value);

static void for_each_field(hvd__probe_context *context, const char *file, char *text, char separator,
                           field_fn record)
{
    char *line = text;
    size_t recorded = 0;
    while (*line) {
        char *end = strchr(line, '\n');
        if (end)
            *end = '\0';
        char *split = strchr(line, separator);
        if (split) {
            *split = '\0';
            line[hvd__text_trimmed_length(line, strlen(line))] = '\0';
            char *value = split + 1;
            while (*value == ' ' || *value == '\t')
                value++;
            if (recorded == FIELDS_RECORDED_MAX) {
                char detail[96];
                snprintf(detail, sizeof(detail), "more than %d fields; the rest were skipped", FIELDS_RECORDED_MAX);
                hvd__probe_record(context, platform_source(), file, NULL, HVD_STATUS_ERROR, detail);
                return;
            }
            recorded += (size_t)record(context, file, line, value);
        }
        if (!end)
            break;
        line = end + 1;
    }
}

/* The /proc/cpuinfo fields that say something about the platform, with the key each is recorded under. */
static const struct {
    const char *field;
    hvd__key_id key;
} cpuinfo_fields[] = {
    {"vendor_id", HVD__K_PLATFORM_CPUINFO_VENDOR_ID}, {"model name", HVD__K_PLATFORM_CPUINFO_MODEL_NAME},
    {"platform", HVD__K_PLATFORM_CPUINFO_PLATFORM},   {"machine", HVD__K_PLATFORM_CPUINFO_MACHINE},
    {"cpu", HVD__K_PLATFORM_CPUINFO_CPU},             {"model", HVD__K_PLATFORM_CPUINFO_MODEL},
    {"type", HVD__K_PLATFORM_CPUINFO_TYPE},           {"Hardware", HVD__K_PLATFORM_CPUINFO_HARDWARE},
    {"uarch", HVD__K_PLATFORM_CPUINFO_UARCH},         {"isa", HVD__K_PLATFORM_CPUINFO_ISA},
    {"Features", HVD__K_PLATFORM_CPUINFO_FEATURES},
    {"features", HVD__K_PLATFORM_CPUINFO_FEATURES},   {"processor 0", HVD__K_PLATFORM_CPUINFO_S390_PROCESSOR},
    {"system type", HVD__K_PLATFORM_CPUINFO_SYSTEM_TYPE}, {"CPU implementer", HVD__K_PLATFORM_CPUINFO_CPU_IMPLEMENTER},
    {"CPU part", HVD__K_PLATFORM_CPUINFO_CPU_PART},       {"clock", HVD__K_PLATFORM_CPUINFO_CLOCK},
};

/* Whether the space-separated flags line lists flag as a whole word. */
static int has_flag(const char *flags, const char *flag)
{
    size_t length = strlen(flag);
    for (const char *found = strstr(flags, flag); found; found = strstr(found + 1, flag))
        if ((found == flags || found[-1] == ' ') && (found[length] == ' ' || found[length] == '\0'))
            return 1;
    return 0;
}

/* The flags that are evidence, of which only those present are recorded:
 * - for confidential computing (arch/x86/include/asm/cpufeatures.h): sev, sev_es and sev_snp from CPUID 0x8000001F
 *   EAX bits 1, 3 and 4 (on a host too: they say what the CPU can do), tdx_guest set by the kernel itself once CPUID
 *   leaf 0x21 reads "IntelTDX    " (arch/x86/coco/tdx/tdx.c, tdx_early_init);
 * - lm, long mode: an x86-64 CPU, shown by 32-bit kernels too;
 * - pse and pge, large pages and global pages, which every x86-64 CPU has and an x86-64 kernel requires, except one
 *   built to run paravirtualized (arch/x86/include/asm/required-features.h: "Paravirtualized systems may not have
 *   PSE or PGE available", NEED_PSE and NEED_PGE 0 under CONFIG_PARAVIRT_XXL, which only Xen PV selects): Xen hides
 *   both from its PV domains, so a flags line without them is a Xen PV domain's. */
static const char *const evidence_flags[] = {"sev", "sev_es", "sev_snp", "tdx_guest", "lm", "pse", "pge"};

static int record_flags(hvd__probe_context *context, const char *flags)
{
    /* The kernel shows the hypervisor-present CPUID bit as the "hypervisor" flag. */
    hvd__probe_record_key(context, HVD__K_PLATFORM_CPUINFO_HYPERVISOR_FLAG, NULL,
                          has_flag(flags, "hypervisor") ? "1" : "0", HVD_STATUS_OK, NULL);
    for (size_t i = 0; i < sizeof(evidence_flags) / sizeof(evidence_flags[0]); i++)
        if (has_flag(flags, evidence_flags[i]))
            hvd__probe_record_key(context, HVD__K_PLATFORM_CPUINFO_FLAG, evidence_flags[i], "1", HVD_STATUS_OK, NULL);
    return 1;
}

/* The single-letter extensions of a RISC-V ISA string ("rv64imafdch_zicbom" -> "imafdch"), recorded apart because a
 * letter such as 'h' cannot be told from the same letter inside a multi-letter extension ("_zfh") by a pattern over
 * the whole string. */
static void record_isa_letters(hvd__probe_context *context, const char *isa)
{
    if (strncmp(isa, "rv", 2) != 0)
        return;
    const char *letters = isa + 2 + strspn(isa + 2, "0123456789");
    char text[64];
    size_t length = strcspn(letters, "_ \t");
    if (length == 0 || length >= sizeof(text))
        return;
    memcpy(text, letters, length);
    text[length] = '\0';
    hvd__probe_record_key(context, HVD__K_PLATFORM_CPUINFO_ISA_LETTERS, NULL, text, HVD_STATUS_OK, NULL);
}

static int record_cpuinfo_field(hvd__probe_context *context, const char *file, const char *name, const char *value)
{
    (void)file;
    if (strcmp(name, "flags") == 0)
        return !hvd_evidence_find(context->evidence, platform_source(), hvd__key(HVD__K_PLATFORM_CPUINFO_HYPERVISOR_FLAG)) &&
               record_flags(context, value);
    for (size_t i = 0; i < sizeof(cpuinfo_fields) / sizeof(cpuinfo_fields[0]); i++)
        if (strcmp(name, cpuinfo_fields[i].field) == 0 &&
            !hvd_evidence_find(context->evidence, platform_source(), hvd__key(cpuinfo_fields[i].key))) {
            hvd__probe_record_key(context, cpuinfo_fields[i].key, NULL, value, HVD_STATUS_OK, NULL);
            if (cpuinfo_fields[i].key == HVD__K_PLATFORM_CPUINFO_ISA)
                record_isa_letters(context, value);
            return 1;
        }
    return 0;
}

/* /proc/sysinfo and lparcfg lines, less the machine's serial numbers. A name is kept from its first line, as a
 * bundle keeps one value per key; names are compared as stored (sanitized), so two that only differ in bytes that
 * sanitize alike are one key too. */
static int record_named_line(hvd__probe_context *context, const char *file, const char *name, const char *value)
{
    if (strstr(name, "serial") || strstr(name, "Sequence Code") || strstr(name, "Plant") ||
        strlen(name) > NAME_MAX_BYTES)
        return 0;
    char raw[NAME_MAX_BYTES + 64], key[4 * sizeof(raw) + 1];
    snprintf(raw, sizeof(raw), "%s.%s", file, name);
    hvd__text_sanitize_into(key, raw, strlen(raw));
    if (hvd_evidence_find(context->evidence, platform_source(), key))
        return 0;
    hvd__probe_record(context, platform_source(), key, value, HVD_STATUS_OK, NULL);
    return 1;
}

/* Reads the file's fields; a file larger than max is read up to max. Each field is recorded once, from its first
 * line: POWER prints its platform lines after every processor's block, and LoongArch its processors after a system
 * block, so the whole file is read rather than its first block. */
static void probe_fields(hvd__probe_context *context, const char *path, char separator, size_t max, field_fn record)
{
    hvd__file file;
    char reason[600] = "";
    hvd__read_status status = hvd__root_read(&context->root, path, max, 1, &file, reason, sizeof(reason));
    if (status == HVD__READ_ABSENT)
        return;
    if (status != HVD__READ_OK) {
        hvd__probe_record(context, platform_source(), path, NULL, hvd__probe_status(status), reason);
        return;
    }
    for_each_field(context, path, file.data, separator, record);
    hvd__file_free(&file);
}

static void probe_vmbus(hvd__probe_context *context)
{
    char **names, directory[256];
    size_t count;
    hvd__key_format(HVD__K_PLATFORM_VMBUS_CLASS, "", directory, sizeof(directory));
    directory[strlen(directory) - 1] = '\0';
    if (hvd__probe_list(context, platform_source(), directory, VMBUS_DEVICES_MAX, &names, &count) <= 0)
        return;
    char text[32];
    snprintf(text, sizeof(text), "%zu", count);
    hvd__probe_record_key(context, HVD__K_PLATFORM_VMBUS_COUNT, NULL, text, HVD_STATUS_OK, NULL);
    hvd__names_free(names, count);
    probe_directory_files(context, HVD__K_PLATFORM_VMBUS_CLASS, "class_id", VMBUS_DEVICES_MAX);
}

/* QEMU's fw-cfg device is a top-level device-tree node named by its address ("fw-cfg@9020000"). */
static void probe_device_tree_nodes(hvd__probe_context *context)
{
    char **names, prefix[64], directory[64];
    size_t count;
    hvd__key_format(HVD__K_PLATFORM_DT_FW_CFG, "", prefix, sizeof(prefix)); /* "proc/device-tree/fw-cfg@" */
    const char *node = strrchr(prefix, '/') + 1;
    snprintf(directory, sizeof(directory), "%.*s", (int)(node - prefix - 1), prefix);
    if (hvd__probe_list(context, platform_source(), directory, DEVICE_TREE_NODES_MAX, &names, &count) <= 0)
        return;
    for (size_t i = 0; i < count && !context->out_of_memory; i++) {
        if (strncmp(names[i], node, strlen(node)) != 0)
            continue;
        char path[600], key[600];
        snprintf(path, sizeof(path), "%s/%s/compatible", directory, names[i]);
        hvd__key_format(HVD__K_PLATFORM_DT_FW_CFG, names[i] + strlen(node), key, sizeof(key));
        hvd__probe_record_file(context, platform_source(), key, path, 0);
    }
    hvd__names_free(names, count);
}

/* The file whose lines a key pattern ("proc/sysinfo.*") stands for: the pattern less its ".*". */
static const char *file_of(hvd__key_id id, char *buffer, size_t size)
{
    hvd__key_format(id, "", buffer, size);
    buffer[strlen(buffer) - 1] = '\0';
    return buffer;
}

/* A path whose existence is the fact. A device node is never opened: reading one would talk to its driver. */
static void probe_marker(hvd__probe_context *context, hvd__key_id id)
{
    char reason[600] = "";
    hvd__read_status status = hvd__root_exists(&context->root, hvd__key(id), reason, sizeof(reason));
    if (status == HVD__READ_OK)
        hvd__probe_record_key(context, id, NULL, "present", HVD_STATUS_OK, NULL);
    else if (status != HVD__READ_ABSENT)
        hvd__probe_record_key(context, id, NULL, NULL, hvd__probe_status(status), reason);
}

void hvd__probe_platform(hvd__probe_context *context)
{
    char sysinfo[64], lparcfg[64];
    /* Recorded as they are when present; absence says nothing and is not recorded. */
    for (size_t i = 0; i < HVD__K_COUNT_; i++)
        if (hvd__keys[i].source == HVD__SOURCE_PLATFORM && (hvd__keys[i].kind & HVD__KIND_FILE))
            hvd__probe_record_file(context, platform_source(), hvd__keys[i].pattern, hvd__keys[i].pattern, 0);
    for (size_t i = 0; i < HVD__K_COUNT_; i++)
        if (hvd__keys[i].source == HVD__SOURCE_PLATFORM && (hvd__keys[i].kind & HVD__KIND_MARKER))
            probe_marker(context, (hvd__key_id)i);
    probe_directory_files(context, HVD__K_PLATFORM_XEN_PROPERTY, NULL, PROPERTIES_MAX);
    probe_directory_files(context, HVD__K_PLATFORM_TSM_PROVIDER, "provider", TSM_REPORTS_MAX);
    probe_vmbus(context);
    probe_device_tree_nodes(context);
    probe_fields(context, hvd__key(HVD__K_PLATFORM_CPUINFO), ':', CPUINFO_MAX, record_cpuinfo_field);
    probe_fields(context, file_of(HVD__K_PLATFORM_SYSINFO, sysinfo, sizeof(sysinfo)), ':', HVD__TEXT_FILE_MAX,
                 record_named_line);
    probe_fields(context, file_of(HVD__K_PLATFORM_LPARCFG, lparcfg, sizeof(lparcfg)), '=', HVD__TEXT_FILE_MAX,
                 record_named_line);
}
