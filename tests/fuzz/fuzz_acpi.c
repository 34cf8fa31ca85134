/* SPDX-License-Identifier: MIT */
/*
 * hvd__acpi_parse_header on arbitrary bytes (a file of /sys/firmware/acpi/tables/).
 *
 * Checked besides memory safety: every string field is NUL-terminated within its array; an ID field is its bytes
 * without the trailing space or NUL padding; *out is zeroed on failure and err says why; the result does not depend
 * on the error buffer; the checksum verdict matches the bytes (the whole declared length must be at hand and sum to
 * 0); a hypervisor vendor id is only reported for an FACP whose declared length and bytes both reach past offset 276.
 */

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "fuzz_common.h"
#include "parse/acpi.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { HEADER_SIZE = 36, HYPERVISOR_VENDOR_ID_END = 276 };

static int all_zero_bytes(const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        if (b[i] != 0)
            return 0;
    return 1;
}

static int is_zeroed(const hvd__acpi_header *h)
{
    return all_zero_bytes(h->signature, sizeof(h->signature)) && h->length == 0 && h->revision == 0 &&
           all_zero_bytes(h->oem_id, sizeof(h->oem_id)) && all_zero_bytes(h->oem_table_id, sizeof(h->oem_table_id)) &&
           h->oem_revision == 0 && all_zero_bytes(h->creator_id, sizeof(h->creator_id)) &&
           h->creator_revision == 0 && h->checksum_ok == 0 && h->has_hypervisor_vendor_id == 0 &&
           all_zero_bytes(h->hypervisor_vendor_id, sizeof(h->hypervisor_vendor_id));
}

/* An ID field is its bytes without the trailing spaces and NULs, then a NUL (the array holds size + 1 bytes). */
static void check_id(const char *id, size_t array_size, const uint8_t *field, size_t size)
{
    FUZZ_CHECK(array_size == size + 1);
    size_t kept = size;
    while (kept > 0 && (field[kept - 1] == ' ' || field[kept - 1] == '\0'))
        kept--;
    FUZZ_CHECK(memcmp(id, field, kept) == 0 && id[kept] == '\0');
}

static int same(const hvd__acpi_header *a, const hvd__acpi_header *b)
{
    return strcmp(a->signature, b->signature) == 0 && a->length == b->length && a->revision == b->revision &&
           strcmp(a->oem_id, b->oem_id) == 0 && strcmp(a->oem_table_id, b->oem_table_id) == 0 &&
           a->oem_revision == b->oem_revision && strcmp(a->creator_id, b->creator_id) == 0 &&
           a->creator_revision == b->creator_revision && a->checksum_ok == b->checksum_ok &&
           a->has_hypervisor_vendor_id == b->has_hypervisor_vendor_id &&
           strcmp(a->hypervisor_vendor_id, b->hypervisor_vendor_id) == 0;
}

static int parse(const uint8_t *buf, size_t len, hvd__acpi_header *out, size_t err_size)
{
    char *err = err_size ? malloc(err_size) : NULL;
    if (err_size && !err)
        abort();
    if (err)
        memset(err, 'X', err_size);
    memset(out, 0xA5, sizeof(*out));
    int rc = hvd__acpi_parse_header(buf, len, out, err, err_size);
    FUZZ_CHECK(rc == 0 || rc == -1);
    if (err) {
        FUZZ_CHECK(memchr(err, '\0', err_size) != NULL);
        if (rc == 0)
            FUZZ_CHECK(err[0] == '\0');
        else if (err_size > 1)
            FUZZ_CHECK(err[0] != '\0');
    }
    free(err);
    if (rc != 0)
        FUZZ_CHECK(is_zeroed(out));
    return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t *buf = fuzz_copy(data, size);
    hvd__acpi_header h;
    int rc = parse(buf, size, &h, 200);

    if (rc == 0) {
        FUZZ_CHECK(size >= HEADER_SIZE);
        FUZZ_CHECK(h.length >= HEADER_SIZE);
        FUZZ_CHECK(h.length == ((uint32_t)buf[4] | (uint32_t)buf[5] << 8 | (uint32_t)buf[6] << 16 |
                                (uint32_t)buf[7] << 24));
        FUZZ_CHECK_TERMINATED(h.signature);
        FUZZ_CHECK_TERMINATED(h.oem_id);
        FUZZ_CHECK_TERMINATED(h.oem_table_id);
        FUZZ_CHECK_TERMINATED(h.creator_id);
        FUZZ_CHECK_TERMINATED(h.hypervisor_vendor_id);
        FUZZ_CHECK(strncmp(h.signature, (const char *)buf, 4) == 0);
        check_id(h.oem_id, sizeof(h.oem_id), buf + 10, 6);
        check_id(h.oem_table_id, sizeof(h.oem_table_id), buf + 16, 8);
        check_id(h.creator_id, sizeof(h.creator_id), buf + 28, 4);

        int sums_to_zero = 0;
        if (h.length <= size) {
            uint8_t sum = 0;
            for (size_t i = 0; i < h.length; i++)
                sum = (uint8_t)(sum + buf[i]);
            sums_to_zero = sum == 0;
        }
        FUZZ_CHECK(h.checksum_ok == sums_to_zero);

        if (h.has_hypervisor_vendor_id) {
            FUZZ_CHECK(memcmp(buf, "FACP", 4) == 0);
            FUZZ_CHECK(h.length >= HYPERVISOR_VENDOR_ID_END && size >= HYPERVISOR_VENDOR_ID_END);
            check_id(h.hypervisor_vendor_id, sizeof(h.hypervisor_vendor_id), buf + 268, 8);
        } else {
            FUZZ_CHECK(h.hypervisor_vendor_id[0] == '\0');
        }
    }

    static const size_t other_sizes[] = {0, 1, 9};
    for (size_t i = 0; i < sizeof(other_sizes) / sizeof(other_sizes[0]); i++) {
        hvd__acpi_header again;
        FUZZ_CHECK(parse(buf, size, &again, other_sizes[i]) == rc);
        FUZZ_CHECK(same(&again, &h));
    }

    char err[64];
    FUZZ_CHECK(hvd__acpi_parse_header(buf, size, NULL, err, sizeof(err)) == -1);
    FUZZ_CHECK_TERMINATED(err);

    free(buf);
    return 0;
}
