/* SPDX-License-Identifier: MIT */
#include "parse/acpi.h"

#include "parse/bytes.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* ACPI 6.5 section 5.2.6, table "DESCRIPTION_HEADER Fields": byte offsets and lengths. */
enum {
    SIGNATURE = 0,
    SIGNATURE_SIZE = 4,
    LENGTH = 4,
    REVISION = 8,
    OEM_ID = 10,
    OEM_ID_SIZE = 6,
    OEM_TABLE_ID = 16,
    OEM_TABLE_ID_SIZE = 8,
    OEM_REVISION = 24,
    CREATOR_ID = 28,
    CREATOR_ID_SIZE = 4,
    CREATOR_REVISION = 32,
    HEADER_SIZE = 36
};

/* ACPI 6.0+ section 5.2.9, "FADT Format" table: "Hypervisor Vendor Identity", the last field
   added to the FADT (major version 6). */
enum {
    HYPERVISOR_VENDOR_ID = 268,
    HYPERVISOR_VENDOR_ID_SIZE = 8
};

static const char fadt_signature[SIGNATURE_SIZE] = {'F', 'A', 'C', 'P'}; /* ACPI 5.2.9 */

/* ID fields are fixed-width and padded (with spaces by convention, with NULs by some
   firmware); dst must hold size + 1 bytes. */
static void copy_id(char *dst, const uint8_t *src, size_t size, int trim_padding)
{
    memcpy(dst, src, size);
    dst[size] = '\0';
    if (!trim_padding)
        return;
    while (size > 0 && (dst[size - 1] == ' ' || dst[size - 1] == '\0'))
        dst[--size] = '\0';
}

/* ACPI 5.2.6 "Checksum": "Entire table must sum to zero." */
static int table_sums_to_zero(const uint8_t *buf, size_t len, uint32_t length)
{
    if (length > len)
        return 0;
    uint8_t sum = 0;
    for (size_t i = 0; i < length; i++)
        sum = (uint8_t)(sum + buf[i]);
    return sum == 0;
}

static int all_zero(const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (p[i] != 0)
            return 0;
    }
    return 1;
}

/* Both the declared length and the bytes at hand must reach past the field: an older (5.x)
   FADT is 268 bytes and whatever follows it is not part of the table. */
static void read_hypervisor_vendor_id(const uint8_t *buf, size_t len, hvd__acpi_header *out)
{
    const size_t field_end = HYPERVISOR_VENDOR_ID + HYPERVISOR_VENDOR_ID_SIZE;
    if (memcmp(buf + SIGNATURE, fadt_signature, SIGNATURE_SIZE) != 0)
        return;
    if (out->length < field_end || len < field_end)
        return;
    if (all_zero(buf + HYPERVISOR_VENDOR_ID, HYPERVISOR_VENDOR_ID_SIZE))
        return;
    copy_id(out->hypervisor_vendor_id, buf + HYPERVISOR_VENDOR_ID, HYPERVISOR_VENDOR_ID_SIZE, 1);
    out->has_hypervisor_vendor_id = 1;
}

int hvd__acpi_parse_header(const uint8_t *buf, size_t len, hvd__acpi_header *out, char *err, size_t err_size)
{
    hvd__parse_set_error(err, err_size, "%s", "");
    if (out != NULL)
        memset(out, 0, sizeof *out);
    if (buf == NULL || out == NULL) {
        hvd__parse_set_error(err, err_size, "no ACPI table given");
        return -1;
    }
    if (len < HEADER_SIZE) {
        hvd__parse_set_error(err, err_size, "ACPI table truncated: %zu bytes, the header alone is %d", len, HEADER_SIZE);
        return -1;
    }
    uint32_t length = hvd__read_u32le(buf + LENGTH);
    if (length < HEADER_SIZE) {
        hvd__parse_set_error(err, err_size, "ACPI table length field %u is below the %d-byte header", (unsigned)length,
                  HEADER_SIZE);
        return -1;
    }
    copy_id(out->signature, buf + SIGNATURE, SIGNATURE_SIZE, 0);
    out->length = length;
    out->revision = buf[REVISION];
    copy_id(out->oem_id, buf + OEM_ID, OEM_ID_SIZE, 1);
    copy_id(out->oem_table_id, buf + OEM_TABLE_ID, OEM_TABLE_ID_SIZE, 1);
    out->oem_revision = hvd__read_u32le(buf + OEM_REVISION);
    copy_id(out->creator_id, buf + CREATOR_ID, CREATOR_ID_SIZE, 1);
    out->creator_revision = hvd__read_u32le(buf + CREATOR_REVISION);
    out->checksum_ok = table_sums_to_zero(buf, len, length);
    read_hypervisor_vendor_id(buf, len, out);
    return 0;
}
