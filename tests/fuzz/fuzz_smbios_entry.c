/* SPDX-License-Identifier: MIT */
/*
 * hvd__smbios_parse_entry_point on arbitrary bytes (the content of /sys/firmware/dmi/tables/smbios_entry_point).
 *
 * Checked besides memory safety: the result does not depend on the error buffer; err is NUL-terminated within
 * err_size whatever its size; *out is zeroed on failure; a success has the anchor its kind needs, and the versions
 * that firmware misreports (2.31, 2.33, 2.51) never come out uncorrected.
 */

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "fuzz_common.h"
#include "parse/smbios.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int is_zero(const hvd__smbios_entry_point *ep)
{
    hvd__smbios_entry_point zero;
    memset(&zero, 0, sizeof(zero));
    return ep->major == zero.major && ep->minor == zero.minor && ep->docrev == zero.docrev &&
           ep->is_64bit == zero.is_64bit && ep->table_address == zero.table_address &&
           ep->table_length == zero.table_length && ep->structure_count == zero.structure_count;
}

static int same(const hvd__smbios_entry_point *a, const hvd__smbios_entry_point *b)
{
    return a->major == b->major && a->minor == b->minor && a->docrev == b->docrev && a->is_64bit == b->is_64bit &&
           a->table_address == b->table_address && a->table_length == b->table_length &&
           a->structure_count == b->structure_count;
}

/* Parses with an exact-size heap error buffer of err_size bytes (none when 0) and checks the buffer. */
static int parse(const uint8_t *buf, size_t len, hvd__smbios_entry_point *out, size_t err_size)
{
    char *err = err_size ? malloc(err_size) : NULL;
    if (err_size && !err)
        abort();
    if (err)
        memset(err, 'X', err_size);
    int rc = hvd__smbios_parse_entry_point(buf, len, out, err, err_size);
    FUZZ_CHECK(rc == 0 || rc == -1);
    if (err) {
        FUZZ_CHECK(memchr(err, '\0', err_size) != NULL);
        if (rc == 0)
            FUZZ_CHECK(err[0] == '\0');
        else if (err_size > 1)
            FUZZ_CHECK(err[0] != '\0');
        fuzz_touch_string(err);
    }
    free(err);
    if (rc != 0)
        FUZZ_CHECK(is_zero(out));
    return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t *buf = fuzz_copy(data, size);

    hvd__smbios_entry_point ep;
    memset(&ep, 0xA5, sizeof(ep));
    int rc = parse(buf, size, &ep, 256);

    if (rc == 0) {
        if (ep.is_64bit) {
            FUZZ_CHECK(size >= 5 && memcmp(buf, "_SM3_", 5) == 0);
            FUZZ_CHECK(ep.structure_count == 0);
        } else {
            FUZZ_CHECK(size >= 0x1F && memcmp(buf, "_SM_", 4) == 0 && memcmp(buf + 0x10, "_DMI_", 5) == 0);
            FUZZ_CHECK(ep.docrev == 0);
            FUZZ_CHECK(!(ep.major == 2 && (ep.minor == 0x1F || ep.minor == 0x21 || ep.minor == 0x33)));
            FUZZ_CHECK(ep.table_address <= UINT32_MAX && ep.table_length <= UINT16_MAX &&
                       ep.structure_count <= UINT16_MAX);
        }
    }

    /* The same answer with no error buffer, a one-byte one and a short one. */
    static const size_t other_sizes[] = {0, 1, 7};
    for (size_t i = 0; i < sizeof(other_sizes) / sizeof(other_sizes[0]); i++) {
        hvd__smbios_entry_point again;
        memset(&again, 0x5A, sizeof(again));
        FUZZ_CHECK(parse(buf, size, &again, other_sizes[i]) == rc);
        FUZZ_CHECK(same(&again, &ep));
    }

    /* Without an output there is nothing to fill: a failure, with a message. */
    char err[64];
    FUZZ_CHECK(hvd__smbios_parse_entry_point(buf, size, NULL, err, sizeof(err)) == -1);
    FUZZ_CHECK_TERMINATED(err);

    free(buf);
    return 0;
}
