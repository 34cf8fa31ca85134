/* SPDX-License-Identifier: MIT */
/*
 * hvd__smbios_parse_table on arbitrary bytes (the content of /sys/firmware/dmi/tables/DMI), with or without an
 * entry point.
 *
 * Input layout: the first byte chooses the entry point, modulo 3:
 *   0  none (NULL); the rest of the input is the table;
 *   1  made up from the next 9 bytes: major, minor, flags (bit 0: 64-bit), table_length (4 bytes, little-endian),
 *      structure_count (2 bytes, little-endian); then the table;
 *   2  a real one: the next byte is its length n, the n bytes after it go through hvd__smbios_parse_entry_point
 *      (passed when valid, NULL otherwise); then the table.
 * The seeds are real tables in modes 0 and 2.
 *
 * Checked besides memory safety: keys are the documented ones, types 0-3 give each key at most once, OEM strings
 * are numbered 1, 2, 3, ... without gaps, vm_bit is "1" or "0", product_uuid has the 8-4-4-4-12 form, chassis_type
 * is a number below 128; a string taken from the table ends inside the part the entry point bounds; the count is
 * within the entry point's structure count and the hard cap; callbacks do not change the count.
 */

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "fuzz_common.h"
#include "parse/smbios.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { HARD_CAP = 65536 };

static const char *const documented_keys[] = {
    "bios_vendor",    "bios_version",    "bios_date",       "sys_vendor",        "product_name",
    "product_version", "product_serial", "product_uuid",    "product_sku",       "product_family",
    "board_vendor",   "board_name",      "board_version",   "board_serial",      "board_asset_tag",
    "chassis_vendor", "chassis_type",    "chassis_version", "chassis_serial",    "chassis_asset_tag",
    "vm_bit",
};
enum { KEY_COUNT = sizeof(documented_keys) / sizeof(documented_keys[0]) };

typedef struct context {
    const uint8_t *table;
    size_t table_length;  /* bytes given */
    size_t walked_length; /* bytes the entry point lets the parser read */
    unsigned seen[KEY_COUNT];
    unsigned oem_strings;
    size_t fields, problems;
} context;

static int is_hex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

static void check_uuid(const char *value)
{
    FUZZ_CHECK(strlen(value) == 36);
    for (size_t i = 0; i < 36; i++) {
        if (i == 8 || i == 13 || i == 18 || i == 23)
            FUZZ_CHECK(value[i] == '-');
        else
            FUZZ_CHECK(is_hex(value[i]));
    }
}

static void on_field(void *ctx, const char *key, const char *value)
{
    context *c = ctx;
    c->fields++;
    fuzz_touch_string(key);
    size_t value_length = fuzz_touch_string(value);

    /* A string that points into the table ends (NUL included) within the walked part. */
    const uint8_t *v = (const uint8_t *)value;
    if (c->table_length && v >= c->table && v < c->table + c->table_length)
        FUZZ_CHECK((size_t)(v - c->table) + value_length < c->walked_length);

    if (strncmp(key, "oem_string.", 11) == 0) {
        char expected[32];
        snprintf(expected, sizeof(expected), "oem_string.%u", c->oem_strings + 1);
        FUZZ_CHECK(strcmp(key, expected) == 0);
        c->oem_strings++;
        return;
    }
    size_t k = 0;
    while (k < KEY_COUNT && strcmp(key, documented_keys[k]) != 0)
        k++;
    FUZZ_CHECK(k < KEY_COUNT);
    FUZZ_CHECK(c->seen[k]++ == 0); /* first instance of types 0-3 only */
    if (strcmp(key, "vm_bit") == 0)
        FUZZ_CHECK(strcmp(value, "1") == 0 || strcmp(value, "0") == 0);
    else if (strcmp(key, "product_uuid") == 0)
        check_uuid(value);
    else if (strcmp(key, "chassis_type") == 0) {
        unsigned type = 0;
        int consumed = 0;
        FUZZ_CHECK(sscanf(value, "%u%n", &type, &consumed) == 1 && value[consumed] == '\0' && type < 128);
    }
}

static void on_problem(void *ctx, const char *message)
{
    context *c = ctx;
    c->problems++;
    FUZZ_CHECK(fuzz_touch_string(message) > 0);
}

static uint32_t read_le(const uint8_t *p, size_t n)
{
    uint32_t value = 0;
    for (size_t i = n; i-- > 0;)
        value = value << 8 | p[i];
    return value;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const uint8_t *rest = data + 1;
    size_t left = size - 1;

    hvd__smbios_entry_point storage;
    const hvd__smbios_entry_point *ep = NULL;
    switch (data[0] % 3) {
    case 0:
        break;
    case 1:
        if (left < 9)
            return 0;
        memset(&storage, 0, sizeof(storage));
        storage.major = rest[0];
        storage.minor = rest[1];
        storage.is_64bit = rest[2] & 1;
        storage.table_length = read_le(rest + 3, 4);
        storage.structure_count = read_le(rest + 7, 2);
        ep = &storage;
        rest += 9;
        left -= 9;
        break;
    default: {
        if (left < 1)
            return 0;
        size_t n = rest[0];
        rest++;
        left--;
        if (n > left)
            n = left;
        uint8_t *ep_bytes = fuzz_copy(rest, n);
        if (hvd__smbios_parse_entry_point(ep_bytes, n, &storage, NULL, 0) == 0)
            ep = &storage;
        free(ep_bytes);
        rest += n;
        left -= n;
        break;
    }
    }

    uint8_t *table = fuzz_copy(rest, left);
    context c;
    memset(&c, 0, sizeof(c));
    c.table = table;
    c.table_length = left;
    c.walked_length = left;
    if (ep && ep->table_length != 0 && ep->table_length < left)
        c.walked_length = ep->table_length;

    int walked = hvd__smbios_parse_table(table, left, ep, on_field, on_problem, &c);
    FUZZ_CHECK(walked >= 0 && walked <= HARD_CAP);
    if (ep && ep->structure_count != 0)
        FUZZ_CHECK((unsigned)walked <= ep->structure_count);
    /* Every structure needs at least a 4-byte header and its two terminating NULs, except possibly the last. */
    FUZZ_CHECK((size_t)walked <= c.walked_length / 4 + 1);

    /* The callbacks are optional and only observe: the walk is the same without them. */
    FUZZ_CHECK(hvd__smbios_parse_table(table, left, ep, NULL, NULL, NULL) == walked);
    FUZZ_CHECK(hvd__smbios_parse_table(NULL, left, ep, NULL, NULL, NULL) == -1);

    free(table);
    return 0;
}
