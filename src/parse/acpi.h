/* SPDX-License-Identifier: MIT */
#ifndef HVD_PARSE_ACPI_H
#define HVD_PARSE_ACPI_H

/*
 * ACPI system description table header parsing, for the raw tables Linux
 * exposes under /sys/firmware/acpi/tables/. Every byte is treated as hostile.
 */

#include <stddef.h>
#include <stdint.h>

typedef struct hvd__acpi_header {
    char signature[5];
    uint32_t length;
    uint8_t revision;
    char oem_id[7];           /* trailing spaces and NULs removed */
    char oem_table_id[9];
    uint32_t oem_revision;
    char creator_id[5];
    uint32_t creator_revision;
    int checksum_ok;          /* 1 when the bytes of the whole buffer (up to length) sum to 0 */
    int has_hypervisor_vendor_id;
    char hypervisor_vendor_id[9]; /* FADT "Hypervisor Vendor Identity", offset 268, 8 bytes (ACPI 6.0+), when the table is an FACP long enough and the field is not all zero */
} hvd__acpi_header;

/*
 * 0 on success; -1 with a message in err when buf is shorter than the 36-byte
 * header (ACPI spec 5.2.6 "System Description Table Header") or its length
 * field is below 36. A length field larger than len is not an error (Linux
 * may expose only part): note it by leaving checksum_ok 0.
 *
 * The signature is copied as is (4 bytes, cut at an embedded NUL); the OEM
 * ID, OEM table ID, creator ID and hypervisor vendor ID have trailing spaces
 * and NULs removed. Bytes are not otherwise changed (the caller sanitizes).
 * err may be NULL or err_size 0; when given, it is always NUL-terminated.
 * *out is zeroed first, also on failure.
 */
int hvd__acpi_parse_header(const uint8_t *buf, size_t len, hvd__acpi_header *out, char *err, size_t err_size);

#endif /* HVD_PARSE_ACPI_H */
