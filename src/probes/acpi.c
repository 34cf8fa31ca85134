/* SPDX-License-Identifier: MIT */
/* The ACPI probe: the 36-byte header of every table under /sys/firmware/acpi/tables (root only), plus the FADT's
 * hypervisor vendor identity. Only the start of each table is read: a DSDT can be hundreds of kilobytes. */

#include <stdio.h>
#include <string.h>

#include "parse/acpi.h"
#include "probes/probe.h"

/* The FADT's hypervisor vendor identity ends at byte 276 (ACPI 6.0 table 5-9); nothing further is needed. */
enum { ACPI_PREFIX_BYTES = 512, ACPI_TABLES_MAX = 1024 };

static const char ACPI_DIRECTORY[] = "sys/firmware/acpi/tables";

static void record_field(hvd__probe_context *context, const char *table, const char *field, const char *value)
{
    char key[300];
    snprintf(key, sizeof(key), "%s.%s", table, field);
    hvd__probe_record(context, "acpi", key, value, HVD_STATUS_OK, NULL);
}

static void record_number(hvd__probe_context *context, const char *table, const char *field, uint32_t value)
{
    char text[16];
    snprintf(text, sizeof(text), "%u", value);
    record_field(context, table, field, text);
}

static void probe_table(hvd__probe_context *context, const char *name)
{
    char path[512], reason[600] = "";
    snprintf(path, sizeof(path), "%s/%s", ACPI_DIRECTORY, name);
    hvd__file file;
    hvd__read_status status = hvd__root_read(&context->root, path, ACPI_PREFIX_BYTES, 1, &file, reason,
                                             sizeof(reason));
    if (status == HVD__READ_DIRECTORY)
        return; /* "data" and "dynamic" hold further tables by other names, not headers of their own */
    if (status != HVD__READ_OK) {
        hvd__probe_record(context, "acpi", name, NULL, hvd__probe_status(status), reason);
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
        hvd__probe_record(context, "acpi", name, NULL, HVD_STATUS_ERROR, detail);
        return;
    }
    record_field(context, name, "signature", header.signature);
    record_field(context, name, "oem_id", header.oem_id);
    record_field(context, name, "oem_table_id", header.oem_table_id);
    record_number(context, name, "oem_revision", header.oem_revision);
    record_field(context, name, "creator_id", header.creator_id);
    record_number(context, name, "creator_revision", header.creator_revision);
    record_number(context, name, "revision", header.revision);
    if (header.has_hypervisor_vendor_id)
        record_field(context, name, "hypervisor_vendor_id", header.hypervisor_vendor_id);
}

void hvd__probe_acpi(hvd__probe_context *context)
{
    hvd__probe_for_each_entry(context, "acpi", ACPI_DIRECTORY, ACPI_TABLES_MAX, "no ACPI tables in sysfs",
                              probe_table);
}
