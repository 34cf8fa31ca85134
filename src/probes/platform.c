/* SPDX-License-Identifier: MIT */
/* The platform probe: files in which the kernel names the hypervisor it runs on (/sys/hypervisor for Xen,
 * /proc/xen, VMBus devices for Hyper-V, the device tree on arm64 and POWER, /proc/sysinfo on s390, lparcfg on
 * POWER) and the few /proc/cpuinfo fields that carry evidence. */

#include <stdio.h>
#include <string.h>

#include "probes/probe.h"
#include "util/text.h"

enum { VMBUS_DEVICES_MAX = 1024, PROPERTIES_MAX = 64, NAME_MAX_BYTES = 128 };

/* Recorded as they are when present; absence says nothing and is not recorded. */
static const char *const plain_files[] = {
    "sys/hypervisor/type",
    "sys/hypervisor/guest_type",
    "sys/hypervisor/uuid",
    "sys/hypervisor/version/major",
    "sys/hypervisor/version/minor",
    "sys/hypervisor/version/extra",
    "proc/xen/capabilities",
    "proc/sys/kernel/osrelease",
    "proc/device-tree/hypervisor/compatible",
    "proc/device-tree/compatible",
    "proc/device-tree/ibm,partition-name",
    "proc/device-tree/hmc-managed?",
};

static void probe_directory_files(hvd__probe_context *context, const char *directory, const char *attribute,
                                  size_t max_entries)
{
    char **names;
    size_t count;
    if (hvd__probe_list(context, "platform", directory, max_entries, &names, &count) <= 0)
        return;
    for (size_t i = 0; i < count && !context->out_of_memory; i++) {
        char path[600];
        if (attribute)
            snprintf(path, sizeof(path), "%s/%s/%s", directory, names[i], attribute);
        else
            snprintf(path, sizeof(path), "%s/%s", directory, names[i]);
        hvd__probe_record_file(context, "platform", path, path, 0);
    }
    hvd__names_free(names, count);
}

/* Splits text (modified in place) into lines and hands each "name<separator>value" pair to record, both trimmed.
 * Lines may be long: the flags line of a modern x86 CPU runs to hundreds of characters. */
typedef void (*field_fn)(hvd__probe_context *context, const char *file, const char *name, const char *value);

static void for_each_field(hvd__probe_context *context, const char *file, char *text, char separator,
                           int stop_at_blank_line, field_fn record)
{
    char *line = text;
    while (*line) {
        char *end = strchr(line, '\n');
        if (end)
            *end = '\0';
        if (*line == '\0' && stop_at_blank_line)
            break;
        char *split = strchr(line, separator);
        if (split) {
            *split = '\0';
            line[hvd__text_trimmed_length(line, strlen(line))] = '\0';
            char *value = split + 1;
            while (*value == ' ' || *value == '\t')
                value++;
            record(context, file, line, value);
        }
        if (!end)
            break;
        line = end + 1;
    }
}

/* The /proc/cpuinfo fields that say something about the platform, with the key each is recorded under. */
static const struct {
    const char *field;
    const char *key;
} cpuinfo_fields[] = {
    {"vendor_id", "proc/cpuinfo.vendor_id"}, {"model name", "proc/cpuinfo.model_name"},
    {"platform", "proc/cpuinfo.platform"},   {"machine", "proc/cpuinfo.machine"},
    {"cpu", "proc/cpuinfo.cpu"},             {"model", "proc/cpuinfo.model"},
};

static void record_cpuinfo_field(hvd__probe_context *context, const char *file, const char *name, const char *value)
{
    (void)file;
    if (strcmp(name, "flags") == 0) {
        /* The kernel shows the hypervisor-present CPUID bit as the "hypervisor" flag. */
        const char *found = strstr(value, "hypervisor");
        int present = found && (found == value || found[-1] == ' ') && (found[10] == ' ' || found[10] == '\0');
        hvd__probe_record(context, "platform", "proc/cpuinfo.hypervisor_flag", present ? "1" : "0", HVD_STATUS_OK,
                          NULL);
        return;
    }
    for (size_t i = 0; i < sizeof(cpuinfo_fields) / sizeof(cpuinfo_fields[0]); i++)
        if (strcmp(name, cpuinfo_fields[i].field) == 0 && !hvd_evidence_find(context->evidence, "platform",
                                                                              cpuinfo_fields[i].key))
            hvd__probe_record(context, "platform", cpuinfo_fields[i].key, value, HVD_STATUS_OK, NULL);
}

/* /proc/sysinfo and lparcfg lines, less the machine's serial numbers. */
static void record_named_line(hvd__probe_context *context, const char *file, const char *name, const char *value)
{
    if (strstr(name, "serial") || strstr(name, "Sequence Code") || strstr(name, "Plant") ||
        strlen(name) > NAME_MAX_BYTES)
        return;
    char key[NAME_MAX_BYTES + 64];
    snprintf(key, sizeof(key), "%s.%s", file, name);
    hvd__probe_record(context, "platform", key, value, HVD_STATUS_OK, NULL);
}

/* With first_block_only, only the start of the file is needed (the first processor of /proc/cpuinfo, which on a
 * large machine runs past any size limit). */
static void probe_fields(hvd__probe_context *context, const char *path, char separator, int first_block_only,
                         field_fn record)
{
    hvd__file file;
    char reason[600] = "";
    hvd__read_status status = hvd__root_read(&context->root, path, HVD__TEXT_FILE_MAX, first_block_only, &file,
                                             reason, sizeof(reason));
    if (status == HVD__READ_ABSENT)
        return;
    if (status != HVD__READ_OK) {
        hvd__probe_record(context, "platform", path, NULL, hvd__probe_status(status), reason);
        return;
    }
    for_each_field(context, path, file.data, separator, first_block_only, record);
    hvd__file_free(&file);
}

static void probe_vmbus(hvd__probe_context *context)
{
    char **names;
    size_t count;
    if (hvd__probe_list(context, "platform", "sys/bus/vmbus/devices", VMBUS_DEVICES_MAX, &names, &count) <= 0)
        return;
    char text[32];
    snprintf(text, sizeof(text), "%zu", count);
    hvd__probe_record(context, "platform", "sys/bus/vmbus/devices.count", text, HVD_STATUS_OK, NULL);
    hvd__names_free(names, count);
    probe_directory_files(context, "sys/bus/vmbus/devices", "class_id", VMBUS_DEVICES_MAX);
}

void hvd__probe_platform(hvd__probe_context *context)
{
    for (size_t i = 0; i < sizeof(plain_files) / sizeof(plain_files[0]); i++)
        hvd__probe_record_file(context, "platform", plain_files[i], plain_files[i], 0);
    probe_directory_files(context, "sys/hypervisor/properties", NULL, PROPERTIES_MAX);
    probe_vmbus(context);
    probe_fields(context, "proc/cpuinfo", ':', 1, record_cpuinfo_field);
    probe_fields(context, "proc/sysinfo", ':', 0, record_named_line);
    probe_fields(context, "proc/ppc64/lparcfg", '=', 0, record_named_line);
}
