/* SPDX-License-Identifier: MIT */
/* The ACPI probe: the 36-byte header of every table under /sys/firmware/acpi/tables (root only), plus the FADT's
 * hypervisor vendor identity. Only the start of each table is read: a DSDT can be hundreds of kilobytes. */

#include <stdio.h>
#include <string.h>

#include "parse/acpi.h"
#include "probes/probe.h"

/* The FADT's hypervisor vendor identity ends at byte 276 (ACPI 6.0 table 5-9); nothing further is needed. */
enum { ACPI_PREFIX_BYTES = 512, ACPI_TABLES_MAX = 1024 };


static void record_field(hvd__probe_context *context, const char *table, hvd__key_id field, const char *value)
{
    hvd__probe_record_key(context, field, table, value, HVD_STATUS_OK, NULL);
}

static void record_number(hvd__probe_context *context, const char *table, hvd__key_id field, uint32_t value)
{
    char text[16];
    snprintf(text, sizeof(text), "%u", value);
    record_field(context, table, field, text);
}

static void probe_table(hvd__probe_context *context, const char *name)
{
    char path[512], reason[600] = "";
    snprintf(path, sizeof(path), "%s/%s", hvd__key(HVD__K_ACPI_DIRECTORY), name);
    hvd__file file;
    hvd__read_status status = hvd__root_read(&context->root, path, ACPI_PREFIX_BYTES, 1, &file, reason,
                                             sizeof(reason));
    if (status == HVD__READ_DIRECTORY)
        return; /* "data" and "dynamic" hold further tables by other names, not headers of their own */
    if (status != HVD__READ_OK) {
        hvd__probe_record_key(context, HVD__K_ACPI_TABLE, name, NULL, hvd__probe_status(status), reason);
        return;
    }
    hvd__probe_acpi_header(context, name, (const uint8_t *)file.data, file.length, path);
    hvd__file_free(&file);
}

void hvd__probe_acpi_header(hvd__probe_context *context, const char *name, const uint8_t *data, size_t length,
                            const char *where)
{
    hvd__acpi_header header;
    char error[256];
    if (hvd__acpi_parse_header(data, length < ACPI_PREFIX_BYTES ? length : ACPI_PREFIX_BYTES, &header, error,
                               sizeof(error)) != 0) {
        char detail[800];
        snprintf(detail, sizeof(detail), "%s: %s", where, error);
        hvd__probe_record_key(context, HVD__K_ACPI_TABLE, name, NULL, HVD_STATUS_ERROR, detail);
        return;
    }
    record_field(context, name, HVD__K_ACPI_SIGNATURE, header.signature);
    record_field(context, name, HVD__K_ACPI_OEM_ID, header.oem_id);
    record_field(context, name, HVD__K_ACPI_OEM_TABLE_ID, header.oem_table_id);
    record_number(context, name, HVD__K_ACPI_OEM_REVISION, header.oem_revision);
    record_field(context, name, HVD__K_ACPI_CREATOR_ID, header.creator_id);
    record_number(context, name, HVD__K_ACPI_CREATOR_REVISION, header.creator_revision);
    record_number(context, name, HVD__K_ACPI_REVISION, header.revision);
    if (header.has_hypervisor_vendor_id)
        record_field(context, name, HVD__K_ACPI_HYPERVISOR_VENDOR_ID, header.hypervisor_vendor_id);
}

void hvd__probe_acpi(hvd__probe_context *context)
{
    hvd__probe_for_each_entry(context, HVD__K_ACPI_DIRECTORY, ACPI_TABLES_MAX, "no ACPI tables in sysfs",
                              probe_table);
}
