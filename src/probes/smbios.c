/* SPDX-License-Identifier: MIT */
/* The SMBIOS probe: the fields Linux exports under /sys/class/dmi/id (readable without root except serials and
 * UUIDs), and the raw table under /sys/firmware/dmi/tables (root only), decoded by hvdetect's own bounds-checked
 * parser so that root also sees the OEM strings (type 11) and the "virtual machine" BIOS bit that sysfs hides. */

#include <stdio.h>
#include <string.h>

#include "parse/smbios.h"
#include "probes/probe.h"

enum { SMBIOS_TABLE_MAX = 4 * 1024 * 1024, ENTRY_POINT_MAX = 64 };

static void probe_sysfs_fields(hvd__probe_context *context)
{
    char reason[256];
    const char *directory = hvd__key(HVD__K_DMI_DIRECTORY);
    if (hvd__root_exists(&context->root, directory, reason, sizeof(reason)) != HVD__READ_OK) {
        hvd__probe_record_key(context, HVD__K_DMI_DIRECTORY, NULL, NULL, HVD_STATUS_ABSENT,
                              "no DMI in sysfs (no SMBIOS firmware, or not exported)");
        return;
    }
    /* Every DMI field of the vocabulary is an attribute file of drivers/firmware/dmi-id.c. */
    for (size_t i = 0; i < HVD__K_COUNT_; i++) {
        const hvd__key_def *field = &hvd__keys[i];
        if (field->source != HVD__SOURCE_DMI || (field->kind & HVD__KIND_STATUS))
            continue;
        char path[96];
        snprintf(path, sizeof(path), "%s/%s", directory, field->pattern);
        hvd__probe_record_file(context, hvd__key_source((hvd__key_id)i), field->pattern, path, 0);
    }
}

/* A real table has a handful of OEM strings; a hostile one could hold a million. */
enum { OEM_STRINGS_MAX = 256 };

typedef struct table_context {
    hvd__probe_context *probe;
    hvd__problem_sink problems;
    size_t oem_strings;
    const char *dmi_detail; /* set when recording the table's fields as DMI fields */
} table_context;

static int is_dmi_field(const char *key)
{
    return hvd__key_smbios_field_source(key) == HVD__SOURCE_DMI;
}

static void record_table_field(void *ctx, const char *key, const char *value)
{
    table_context *table = ctx;
    if (table->dmi_detail) {
        if (is_dmi_field(key))
            hvd__probe_record(table->probe, hvd__source_names[HVD__SOURCE_DMI], key, value, HVD_STATUS_OK,
                              table->dmi_detail);
        return;
    }
    if (hvd__key_lookup(HVD__SOURCE_SMBIOS, key) == &hvd__keys[HVD__K_SMBIOS_OEM_STRING] &&
        ++table->oem_strings > OEM_STRINGS_MAX) {
        if (table->oem_strings == OEM_STRINGS_MAX + 1)
            hvd__probe_report_problem(&table->problems, "more than 256 OEM strings; the rest are not recorded");
        return;
    }
    hvd__probe_record(table->probe, hvd__source_names[HVD__SOURCE_SMBIOS], key, value, HVD_STATUS_OK, NULL);
}

static void record_table_problem(void *ctx, const char *message)
{
    table_context *table = ctx;
    if (!table->dmi_detail) /* the same table is read as SMBIOS too; its problems are told there, once */
        hvd__probe_report_problem(&table->problems, message);
}

static void probe_raw_table(hvd__probe_context *context)
{
    static const char entry_path[] = "sys/firmware/dmi/tables/smbios_entry_point";
    static const char table_path[] = "sys/firmware/dmi/tables/DMI";
    char reason[600] = "";
    hvd__file entry;
    hvd__read_status status = hvd__root_read(&context->root, entry_path, ENTRY_POINT_MAX, 0, &entry, reason,
                                             sizeof(reason));
    if (status != HVD__READ_OK) {
        hvd__probe_record_key(context, HVD__K_SMBIOS_ENTRY_POINT, NULL, NULL, hvd__probe_status(status),
                          status == HVD__READ_ABSENT ? "no raw SMBIOS table exported" : reason);
        return;
    }
    hvd__smbios_entry_point entry_point;
    char error[256];
    int entry_ok = hvd__smbios_parse_entry_point((const uint8_t *)entry.data, entry.length, &entry_point, error,
                                                 sizeof(error)) == 0;
    hvd__file_free(&entry);
    if (entry_ok) {
        char version[32];
        snprintf(version, sizeof(version), "%u.%u", entry_point.major, entry_point.minor);
        hvd__probe_record_key(context, HVD__K_SMBIOS_VERSION, NULL, version, HVD_STATUS_OK,
                          entry_point.is_64bit ? "64-bit entry point (_SM3_)" : "32-bit entry point (_SM_)");
    } else {
        char detail[600];
        snprintf(detail, sizeof(detail), "%s: %s", entry_path, error);
        hvd__probe_record_key(context, HVD__K_SMBIOS_ENTRY_POINT, NULL, NULL, HVD_STATUS_ERROR, detail);
    }

    hvd__file table;
    status = hvd__root_read(&context->root, table_path, SMBIOS_TABLE_MAX, 0, &table, reason, sizeof(reason));
    if (status != HVD__READ_OK) {
        hvd__probe_record_key(context, HVD__K_SMBIOS_TABLE, NULL, NULL, hvd__probe_status(status), reason);
        return;
    }
    hvd__probe_smbios_table(context, (const uint8_t *)table.data, table.length, entry_ok ? &entry_point : NULL,
                            table_path);
    hvd__file_free(&table);
}

void hvd__probe_smbios_table(hvd__probe_context *context, const uint8_t *table, size_t length,
                             const hvd__smbios_entry_point *entry_point, const char *where)
{
    table_context ctx = {context, {context, hvd__key_source(HVD__K_SMBIOS_TABLE), hvd__key(HVD__K_SMBIOS_TABLE), where, 0},
                         0, NULL};
    hvd__smbios_parse_table(table, length, entry_point, record_table_field, record_table_problem, &ctx);
    hvd__probe_finish_problems(&ctx.problems);
}

void hvd__probe_smbios_table_as_dmi(hvd__probe_context *context, const uint8_t *table, size_t length,
                                    const hvd__smbios_entry_point *entry_point, const char *detail)
{
    table_context ctx = {context, {context, hvd__key_source(HVD__K_SMBIOS_TABLE), hvd__key(HVD__K_SMBIOS_TABLE), "", 0},
                         0, detail};
    hvd__smbios_parse_table(table, length, entry_point, record_table_field, record_table_problem, &ctx);
}

void hvd__probe_smbios(hvd__probe_context *context)
{
    probe_sysfs_fields(context);
    probe_raw_table(context);
}
