/* SPDX-License-Identifier: MIT */
/* Unit tests for the SMBIOS entry point and structure table parser. Every input is built by
   hand here and handed to the parser in a heap block of exactly its length, so AddressSanitizer
   and valgrind catch any read past the end. */

#include <check.h>

#include "check_run.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/smbios.h"

/* ---- byte buffer builder ---------------------------------------------------- */

typedef struct bytes {
    uint8_t *data;
    size_t len, cap;
} bytes;

static void bytes_put(bytes *b, const void *src, size_t n)
{
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n)
            cap *= 2;
        uint8_t *grown = realloc(b->data, cap);
        ck_assert_ptr_nonnull(grown);
        b->data = grown;
        b->cap = cap;
    }
    if (n > 0)
        memcpy(b->data + b->len, src, n);
    b->len += n;
}

static void bytes_put_u8(bytes *b, uint8_t v)
{
    bytes_put(b, &v, 1);
}

static void bytes_free(bytes *b)
{
    free(b->data);
    memset(b, 0, sizeof *b);
}

/* Appends one structure: header (type, 4 + body_len, handle), body, then the string set
   (DSP0134 6.1.3: each string NUL-terminated, the set ends with one more NUL; no strings is
   two NULs). */
static void add_structure(bytes *b, uint8_t type, const uint8_t *body, size_t body_len,
                          const char *const *strings, size_t string_count)
{
    ck_assert_uint_le(body_len, 251);
    bytes_put_u8(b, type);
    bytes_put_u8(b, (uint8_t)(4 + body_len));
    bytes_put_u8(b, 0x00);
    bytes_put_u8(b, 0x01);
    bytes_put(b, body, body_len);
    for (size_t i = 0; i < string_count; i++)
        bytes_put(b, strings[i], strlen(strings[i]) + 1);
    if (string_count == 0)
        bytes_put_u8(b, 0);
    bytes_put_u8(b, 0);
}

static void add_end_of_table(bytes *b)
{
    add_structure(b, 127, NULL, 0, NULL, 0);
}

#define N_OF(array) (sizeof(array) / sizeof((array)[0]))

static uint8_t *exact_copy(const uint8_t *src, size_t n)
{
    uint8_t *copy = malloc(n > 0 ? n : 1);
    ck_assert_ptr_nonnull(copy);
    if (n > 0)
        memcpy(copy, src, n);
    return copy;
}

/* ---- result collector ---------------------------------------------------------- */

enum { MAX_FIELDS = 64, MAX_PROBLEMS = 32, KEY_SIZE = 32, VALUE_SIZE = 128, PROBLEM_SIZE = 300 };

typedef struct collected {
    size_t field_count, problem_count;
    char keys[MAX_FIELDS][KEY_SIZE];
    char values[MAX_FIELDS][VALUE_SIZE];
    char problems[MAX_PROBLEMS][PROBLEM_SIZE];
} collected;

static void copy_text(char *dst, size_t size, const char *src)
{
    size_t n = strlen(src);
    if (n >= size)
        n = size - 1;
    memcpy(dst, src, n);
    dst[n] = '\0';
}

static const char *const known_keys[] = {
    "bios_vendor",     "bios_version",    "bios_date",       "sys_vendor",        "product_name",
    "product_version", "product_serial",  "product_uuid",    "product_sku",       "product_family",
    "board_vendor",    "board_name",      "board_version",   "board_serial",      "board_asset_tag",
    "chassis_vendor",  "chassis_type",    "chassis_version", "chassis_serial",    "chassis_asset_tag",
    "vm_bit",
};

static int key_is_known(const char *key)
{
    if (strncmp(key, "oem_string.", 11) == 0)
        return key[11] >= '1' && key[11] <= '9';
    for (size_t i = 0; i < N_OF(known_keys); i++) {
        if (strcmp(key, known_keys[i]) == 0)
            return 1;
    }
    return 0;
}

static void collect_field(void *ctx, const char *key, const char *value)
{
    collected *c = ctx;
    ck_assert_msg(key_is_known(key), "unexpected key %s", key);
    ck_assert_uint_gt(strlen(value), 0);
    if (c->field_count < MAX_FIELDS) {
        copy_text(c->keys[c->field_count], KEY_SIZE, key);
        copy_text(c->values[c->field_count], VALUE_SIZE, value);
    }
    c->field_count++;
}

static void collect_problem(void *ctx, const char *message)
{
    collected *c = ctx;
    ck_assert_uint_gt(strlen(message), 0);
    if (c->problem_count < MAX_PROBLEMS)
        copy_text(c->problems[c->problem_count], PROBLEM_SIZE, message);
    c->problem_count++;
}

static const char *field_value(const collected *c, const char *key)
{
    for (size_t i = 0; i < c->field_count && i < MAX_FIELDS; i++) {
        if (strcmp(c->keys[i], key) == 0)
            return c->values[i];
    }
    return NULL;
}

static size_t field_occurrences(const collected *c, const char *key)
{
    size_t n = 0;
    for (size_t i = 0; i < c->field_count && i < MAX_FIELDS; i++)
        n += strcmp(c->keys[i], key) == 0;
    return n;
}

static int has_problem(const collected *c, const char *needle)
{
    for (size_t i = 0; i < c->problem_count && i < MAX_PROBLEMS; i++) {
        if (strstr(c->problems[i], needle) != NULL)
            return 1;
    }
    return 0;
}

static collected *new_collected(void)
{
    collected *c = calloc(1, sizeof *c);
    ck_assert_ptr_nonnull(c);
    return c;
}

static int parse_bytes(const uint8_t *data, size_t len, const hvd__smbios_entry_point *ep, collected *c)
{
    uint8_t *copy = exact_copy(data, len);
    int walked = hvd__smbios_parse_table(copy, len, ep, collect_field, collect_problem, c);
    free(copy);
    return walked;
}

static int parse_table(const bytes *b, const hvd__smbios_entry_point *ep, collected *c)
{
    return parse_bytes(b->data, b->len, ep, c);
}

static hvd__smbios_entry_point version(unsigned major, unsigned minor)
{
    hvd__smbios_entry_point ep;
    memset(&ep, 0, sizeof ep);
    ep.major = major;
    ep.minor = minor;
    return ep;
}

/* ---- entry point builders (DSP0134 5.2.1, 5.2.2) ------------------------------------- */

static uint8_t checksum_byte(const uint8_t *p, size_t n)
{
    uint8_t sum = 0;
    for (size_t i = 0; i < n; i++)
        sum = (uint8_t)(sum + p[i]);
    return (uint8_t)(0x100 - sum);
}

static void fix_ep2_checksums(uint8_t ep[32])
{
    ep[0x15] = 0;
    ep[0x15] = checksum_byte(ep + 0x10, 0x0F);
    ep[0x04] = 0;
    ep[0x04] = checksum_byte(ep, ep[0x05]);
}

static void build_ep2(uint8_t ep[32], uint8_t major, uint8_t minor, uint16_t table_len, uint32_t address,
                      uint16_t count)
{
    memset(ep, 0, 32);
    memcpy(ep, "_SM_", 4);
    ep[0x05] = 0x1F;
    ep[0x06] = major;
    ep[0x07] = minor;
    ep[0x08] = 0x40; /* maximum structure size */
    memcpy(ep + 0x10, "_DMI_", 5);
    ep[0x16] = (uint8_t)table_len;
    ep[0x17] = (uint8_t)(table_len >> 8);
    for (int i = 0; i < 4; i++)
        ep[0x18 + i] = (uint8_t)(address >> (8 * i));
    ep[0x1C] = (uint8_t)count;
    ep[0x1D] = (uint8_t)(count >> 8);
    ep[0x1E] = (uint8_t)(major << 4 | (minor & 0x0F));
    fix_ep2_checksums(ep);
}

static void fix_ep3_checksum(uint8_t ep[32])
{
    ep[0x05] = 0;
    ep[0x05] = checksum_byte(ep, ep[0x06]);
}

static void build_ep3(uint8_t ep[32], uint8_t major, uint8_t minor, uint8_t docrev, uint32_t max_size,
                      uint64_t address)
{
    memset(ep, 0, 32);
    memcpy(ep, "_SM3_", 5);
    ep[0x06] = 0x18;
    ep[0x07] = major;
    ep[0x08] = minor;
    ep[0x09] = docrev;
    ep[0x0A] = 0x01;
    for (int i = 0; i < 4; i++)
        ep[0x0C + i] = (uint8_t)(max_size >> (8 * i));
    for (int i = 0; i < 8; i++)
        ep[0x10 + i] = (uint8_t)(address >> (8 * i));
    fix_ep3_checksum(ep);
}

static int parse_ep(const uint8_t *data, size_t len, hvd__smbios_entry_point *out, char *err, size_t err_size)
{
    uint8_t *copy = exact_copy(data, len);
    int rc = hvd__smbios_parse_entry_point(copy, len, out, err, err_size);
    free(copy);
    return rc;
}

/* ---- entry point tests ---------------------------------------------------------------- */

START_TEST(test_ep2_valid)
{
    uint8_t ep[32];
    build_ep2(ep, 2, 8, 0x1234, 0x000F5A00u, 9);
    hvd__smbios_entry_point out;
    char err[128] = "junk";
    ck_assert_int_eq(parse_ep(ep, 31, &out, err, sizeof err), 0);
    ck_assert_str_eq(err, "");
    ck_assert_uint_eq(out.major, 2);
    ck_assert_uint_eq(out.minor, 8);
    ck_assert_uint_eq(out.docrev, 0);
    ck_assert_int_eq(out.is_64bit, 0);
    ck_assert_uint_eq(out.table_length, 0x1234);
    ck_assert_uint_eq(out.table_address, 0x000F5A00u);
    ck_assert_uint_eq(out.structure_count, 9);
}
END_TEST

START_TEST(test_ep2_length_1e_of_smbios_2_1_accepted)
{
    uint8_t ep[32];
    build_ep2(ep, 2, 1, 0x0400, 0x000F0000u, 20);
    ep[0x05] = 0x1E;
    fix_ep2_checksums(ep);
    hvd__smbios_entry_point out;
    char err[128];
    ck_assert_int_eq(parse_ep(ep, 31, &out, err, sizeof err), 0);
    ck_assert_uint_eq(out.minor, 1);
    ck_assert_uint_eq(out.structure_count, 20);
}
END_TEST

START_TEST(test_ep2_version_fixups)
{
    static const uint8_t reported[][2] = {{2, 0x1F}, {2, 0x21}, {2, 0x33}};
    static const unsigned fixed[][2] = {{2, 3}, {2, 3}, {2, 6}};
    for (size_t i = 0; i < N_OF(reported); i++) {
        uint8_t ep[32];
        build_ep2(ep, reported[i][0], reported[i][1], 0x100, 0xE0000u, 3);
        hvd__smbios_entry_point out;
        char err[128];
        ck_assert_int_eq(parse_ep(ep, 31, &out, err, sizeof err), 0);
        ck_assert_uint_eq(out.major, fixed[i][0]);
        ck_assert_uint_eq(out.minor, fixed[i][1]);
    }
}
END_TEST

START_TEST(test_ep3_valid)
{
    uint8_t ep[32];
    build_ep3(ep, 3, 2, 1, 0x00002000u, 0x00000000BFFBD000ull);
    hvd__smbios_entry_point out;
    char err[128];
    ck_assert_int_eq(parse_ep(ep, 24, &out, err, sizeof err), 0);
    ck_assert_uint_eq(out.major, 3);
    ck_assert_uint_eq(out.minor, 2);
    ck_assert_uint_eq(out.docrev, 1);
    ck_assert_int_eq(out.is_64bit, 1);
    ck_assert_uint_eq(out.table_length, 0x2000);
    ck_assert_uint_eq(out.table_address, 0x00000000BFFBD000ull);
    ck_assert_uint_eq(out.structure_count, 0);
}
END_TEST

START_TEST(test_ep2_bad_checksum)
{
    uint8_t ep[32];
    build_ep2(ep, 2, 8, 0x1234, 0xF5A00u, 9);
    ep[0x08]++;
    hvd__smbios_entry_point out;
    char err[128];
    ck_assert_int_eq(parse_ep(ep, 31, &out, err, sizeof err), -1);
    ck_assert_ptr_nonnull(strstr(err, "checksum"));
    ck_assert_uint_eq(out.major, 0);
    ck_assert_uint_eq(out.table_length, 0);
}
END_TEST

START_TEST(test_ep2_bad_intermediate_anchor_and_checksum)
{
    uint8_t ep[32];
    build_ep2(ep, 2, 8, 0x1234, 0xF5A00u, 9);
    memcpy(ep + 0x10, "_XYZ_", 5);
    fix_ep2_checksums(ep);
    hvd__smbios_entry_point out;
    char err[128];
    ck_assert_int_eq(parse_ep(ep, 31, &out, err, sizeof err), -1);
    ck_assert_ptr_nonnull(strstr(err, "_DMI_"));

    build_ep2(ep, 2, 8, 0x1234, 0xF5A00u, 9);
    ep[0x16]++; /* breaks the intermediate checksum ... */
    ep[0x04] = 0;
    ep[0x04] = checksum_byte(ep, 0x1F); /* ... while the outer one is repaired */
    ck_assert_int_eq(parse_ep(ep, 31, &out, err, sizeof err), -1);
    ck_assert_ptr_nonnull(strstr(err, "intermediate"));
}
END_TEST

START_TEST(test_ep_bad_length_field)
{
    static const uint8_t bad_ep2_lengths[] = {0x00, 0x10, 0x1D, 0x21, 0xFF};
    for (size_t i = 0; i < N_OF(bad_ep2_lengths); i++) {
        uint8_t ep[32];
        build_ep2(ep, 2, 8, 0x100, 0xF0000u, 3);
        ep[0x05] = bad_ep2_lengths[i];
        ep[0x04] = 0;
        ep[0x04] = checksum_byte(ep, 0x1F);
        hvd__smbios_entry_point out;
        char err[128];
        ck_assert_int_eq(parse_ep(ep, 32, &out, err, sizeof err), -1);
        ck_assert_ptr_nonnull(strstr(err, "length"));
    }
    static const uint8_t bad_ep3_lengths[] = {0x00, 0x17, 0x21, 0xFF};
    for (size_t i = 0; i < N_OF(bad_ep3_lengths); i++) {
        uint8_t ep[32];
        build_ep3(ep, 3, 0, 0, 0x1000, 0x1000);
        ep[0x06] = bad_ep3_lengths[i];
        ep[0x05] = 0;
        ep[0x05] = checksum_byte(ep, 0x18);
        hvd__smbios_entry_point out;
        char err[128];
        ck_assert_int_eq(parse_ep(ep, 32, &out, err, sizeof err), -1);
        ck_assert_ptr_nonnull(strstr(err, "length"));
    }
}
END_TEST

START_TEST(test_ep_truncated)
{
    uint8_t ep2[32], ep3[32];
    build_ep2(ep2, 2, 8, 0x100, 0xF0000u, 3);
    build_ep3(ep3, 3, 0, 0, 0x1000, 0x1000);
    for (size_t n = 0; n < 31; n++) {
        hvd__smbios_entry_point out;
        char err[128] = "";
        ck_assert_int_eq(parse_ep(ep2, n, &out, err, sizeof err), -1);
        ck_assert_uint_gt(strlen(err), 0);
    }
    for (size_t n = 0; n < 24; n++) {
        hvd__smbios_entry_point out;
        char err[128] = "";
        ck_assert_int_eq(parse_ep(ep3, n, &out, err, sizeof err), -1);
        ck_assert_uint_gt(strlen(err), 0);
    }
    hvd__smbios_entry_point out;
    char err[128];
    ck_assert_int_eq(parse_ep(ep2, 20, &out, err, sizeof err), -1);
    ck_assert_ptr_nonnull(strstr(err, "truncated"));
    /* a 3.x entry point announcing 32 bytes but given 24 */
    ep3[0x06] = 0x20;
    fix_ep3_checksum(ep3);
    ck_assert_int_eq(parse_ep(ep3, 24, &out, err, sizeof err), -1);
    ck_assert_ptr_nonnull(strstr(err, "truncated"));
}
END_TEST

START_TEST(test_ep3_bad_checksum)
{
    uint8_t ep[32];
    build_ep3(ep, 3, 3, 0, 0x1000, 0x7F000000u);
    ep[0x10] ^= 0x40;
    hvd__smbios_entry_point out;
    char err[128];
    ck_assert_int_eq(parse_ep(ep, 24, &out, err, sizeof err), -1);
    ck_assert_ptr_nonnull(strstr(err, "checksum"));
    ck_assert_int_eq(out.is_64bit, 0);
}
END_TEST

START_TEST(test_ep_no_anchor)
{
    uint8_t ep[32];
    build_ep2(ep, 2, 8, 0x100, 0xF0000u, 3);
    memcpy(ep, "_SN_", 4);
    hvd__smbios_entry_point out;
    char err[128];
    ck_assert_int_eq(parse_ep(ep, 31, &out, err, sizeof err), -1);
    ck_assert_ptr_nonnull(strstr(err, "anchor"));
    memcpy(ep, "_SM3", 4); /* a 3.x anchor cut short */
    ck_assert_int_eq(parse_ep(ep, 4, &out, err, sizeof err), -1);
}
END_TEST

START_TEST(test_ep_argument_edge_cases)
{
    uint8_t ep[32];
    build_ep2(ep, 2, 8, 0x100, 0xF0000u, 3);
    hvd__smbios_entry_point out;
    char err[128];
    ck_assert_int_eq(hvd__smbios_parse_entry_point(NULL, 31, &out, err, sizeof err), -1);
    ck_assert_uint_gt(strlen(err), 0);
    ck_assert_int_eq(hvd__smbios_parse_entry_point(ep, 31, NULL, err, sizeof err), -1);
    ck_assert_int_eq(parse_ep(ep, 31, &out, NULL, 0), 0);
    ep[0x08]++;
    ck_assert_int_eq(parse_ep(ep, 31, &out, NULL, 0), -1);
    char tiny[1] = {'x'};
    ck_assert_int_eq(parse_ep(ep, 31, &out, tiny, sizeof tiny), -1);
    ck_assert_int_eq(tiny[0], '\0');
    char small[8];
    memset(small, 'x', sizeof small);
    ck_assert_int_eq(parse_ep(ep, 31, &out, small, sizeof small), -1);
    ck_assert_uint_eq(strlen(small), 7);
}
END_TEST

/* ---- structure builders for common types ------------------------------------------------ */

static const uint8_t sample_uuid[16] = {0x78, 0x56, 0x34, 0x12, 0x34, 0x12, 0x78, 0x56,
                                        0x9a, 0xbc, 0xde, 0xf0, 0x12, 0x34, 0x56, 0x78};

/* Type 1 as SMBIOS 2.4+ lays it out (length 0x1B). */
static void add_system(bytes *b, const uint8_t indices[4], const uint8_t uuid[16], uint8_t sku, uint8_t family,
                       const char *const *strings, size_t n)
{
    uint8_t body[0x1B - 4];
    memset(body, 0, sizeof body);
    memcpy(body, indices, 4);          /* 0x04..0x07 */
    memcpy(body + 4, uuid, 16);        /* 0x08..0x17 */
    body[0x18 - 4] = 0x06;             /* wake-up type: power switch */
    body[0x19 - 4] = sku;
    body[0x1A - 4] = family;
    add_structure(b, 1, body, sizeof body, strings, n);
}

/* ---- table tests ---------------------------------------------------------------------------- */

START_TEST(test_type1_qemu)
{
    static const char *const strings[] = {"QEMU", "Standard PC (Q35 + ICH9, 2009)", "pc-q35-7.2"};
    static const uint8_t indices[4] = {1, 2, 3, 0};
    bytes b = {0};
    add_system(&b, indices, sample_uuid, 0, 0, strings, N_OF(strings));
    add_end_of_table(&b);
    hvd__smbios_entry_point ep = version(2, 8);
    collected *c = new_collected();
    ck_assert_int_eq(parse_table(&b, &ep, c), 2);
    ck_assert_str_eq(field_value(c, "sys_vendor"), "QEMU");
    ck_assert_str_eq(field_value(c, "product_name"), "Standard PC (Q35 + ICH9, 2009)");
    ck_assert_str_eq(field_value(c, "product_version"), "pc-q35-7.2");
    ck_assert_str_eq(field_value(c, "product_uuid"), "12345678-1234-5678-9abc-def012345678");
    ck_assert_ptr_null(field_value(c, "product_serial"));
    ck_assert_ptr_null(field_value(c, "product_sku"));
    ck_assert_ptr_null(field_value(c, "product_family"));
    ck_assert_uint_eq(c->field_count, 4);
    ck_assert_uint_eq(c->problem_count, 0);
    free(c);
    bytes_free(&b);
}
END_TEST

START_TEST(test_type1_uuid_byte_order_by_version)
{
    static const char *const strings[] = {"Vendor"};
    static const uint8_t indices[4] = {1, 0, 0, 0};
    bytes b = {0};
    add_system(&b, indices, sample_uuid, 0, 0, strings, 1);
    add_end_of_table(&b);
    collected *c = new_collected();
    hvd__smbios_entry_point ep = version(2, 5);
    parse_table(&b, &ep, c);
    ck_assert_str_eq(field_value(c, "product_uuid"), "78563412-3412-7856-9abc-def012345678");
    free(c);

    /* DSP0134 7.2.1: "Beginning with version 2.6 of this specification", little-endian: 2.6 itself included. */
    c = new_collected();
    ep = version(2, 6);
    parse_table(&b, &ep, c);
    ck_assert_str_eq(field_value(c, "product_uuid"), "12345678-1234-5678-9abc-def012345678");
    free(c);

    c = new_collected();
    ep = version(3, 0);
    parse_table(&b, &ep, c);
    ck_assert_str_eq(field_value(c, "product_uuid"), "12345678-1234-5678-9abc-def012345678");
    free(c);

    c = new_collected();
    parse_table(&b, NULL, c); /* unknown version: assume a current table */
    ck_assert_str_eq(field_value(c, "product_uuid"), "12345678-1234-5678-9abc-def012345678");
    free(c);
    bytes_free(&b);
}
END_TEST

START_TEST(test_type1_placeholder_uuids_skipped)
{
    static const char *const strings[] = {"Vendor"};
    static const uint8_t indices[4] = {1, 0, 0, 0};
    uint8_t all_ones[16], all_zero[16];
    memset(all_ones, 0xFF, sizeof all_ones);
    memset(all_zero, 0x00, sizeof all_zero);
    const uint8_t *uuids[] = {all_ones, all_zero};
    for (size_t i = 0; i < N_OF(uuids); i++) {
        bytes b = {0};
        add_system(&b, indices, uuids[i], 0, 0, strings, 1);
        add_end_of_table(&b);
        collected *c = new_collected();
        parse_table(&b, NULL, c);
        ck_assert_ptr_null(field_value(c, "product_uuid"));
        ck_assert_str_eq(field_value(c, "sys_vendor"), "Vendor");
        ck_assert_uint_eq(c->problem_count, 0);
        free(c);
        bytes_free(&b);
    }
}
END_TEST

START_TEST(test_type1_sku_family_and_serial)
{
    static const char *const strings[] = {"Microsoft Corporation", "Virtual Machine", "Hyper-V UEFI Release v4.1",
                                          "0000-0002-1234", "None", "Virtual Machine Family"};
    static const uint8_t indices[4] = {1, 2, 3, 4};
    bytes b = {0};
    add_system(&b, indices, sample_uuid, 5, 6, strings, N_OF(strings));
    add_end_of_table(&b);
    collected *c = new_collected();
    ck_assert_int_eq(parse_table(&b, NULL, c), 2);
    ck_assert_str_eq(field_value(c, "sys_vendor"), "Microsoft Corporation");
    ck_assert_str_eq(field_value(c, "product_serial"), "0000-0002-1234");
    ck_assert_str_eq(field_value(c, "product_sku"), "None");
    ck_assert_str_eq(field_value(c, "product_family"), "Virtual Machine Family");
    ck_assert_uint_eq(c->problem_count, 0);
    free(c);
    bytes_free(&b);
}
END_TEST

START_TEST(test_type1_short_smbios_2_0_layout)
{
    /* SMBIOS 2.0 type 1 is 8 bytes: no UUID, no SKU or family; bytes after it are strings. */
    static const uint8_t body[] = {1, 2, 0, 0};
    static const char *const strings[] = {"Bochs", "Bochs"};
    bytes b = {0};
    add_structure(&b, 1, body, sizeof body, strings, 2);
    add_end_of_table(&b);
    collected *c = new_collected();
    ck_assert_int_eq(parse_table(&b, NULL, c), 2);
    ck_assert_str_eq(field_value(c, "sys_vendor"), "Bochs");
    ck_assert_str_eq(field_value(c, "product_name"), "Bochs");
    ck_assert_ptr_null(field_value(c, "product_uuid"));
    ck_assert_uint_eq(c->field_count, 2);
    ck_assert_uint_eq(c->problem_count, 0);
    free(c);
    bytes_free(&b);
}
END_TEST

static void add_bios(bytes *b, size_t length, uint8_t ext2)
{
    static const char *const strings[] = {"SeaBIOS", "rel-1.16.2-0-gea1b7a073390-prebuilt.qemu.org", "04/01/2014"};
    uint8_t body[0x18 - 4];
    memset(body, 0, sizeof body);
    body[0x04 - 4] = 1;
    body[0x05 - 4] = 2;
    body[0x08 - 4] = 3;
    body[0x13 - 4] = ext2;
    add_structure(b, 0, body, length - 4, strings, N_OF(strings));
}

START_TEST(test_type0_fields_and_vm_bit)
{
    static const struct {
        size_t length;
        uint8_t ext2;
        const char *vm_bit;
    } cases[] = {
        {0x18, 0x18, "1"},  /* 2.4+: bit 4 set (plus bit 3, UEFI... irrelevant) */
        {0x18, 0x08, "0"},
        {0x14, 0x10, "1"},  /* just long enough to hold byte 0x13 */
        {0x13, 0x10, NULL}, /* byte 0x13 absent: 2.3-style layout */
        {0x12, 0x10, NULL},
    };
    for (size_t i = 0; i < N_OF(cases); i++) {
        bytes b = {0};
        add_bios(&b, cases[i].length, cases[i].ext2);
        add_end_of_table(&b);
        collected *c = new_collected();
        ck_assert_int_eq(parse_table(&b, NULL, c), 2);
        ck_assert_str_eq(field_value(c, "bios_vendor"), "SeaBIOS");
        ck_assert_str_eq(field_value(c, "bios_version"), "rel-1.16.2-0-gea1b7a073390-prebuilt.qemu.org");
        ck_assert_str_eq(field_value(c, "bios_date"), "04/01/2014");
        if (cases[i].vm_bit != NULL)
            ck_assert_str_eq(field_value(c, "vm_bit"), cases[i].vm_bit);
        else
            ck_assert_ptr_null(field_value(c, "vm_bit"));
        ck_assert_uint_eq(c->problem_count, 0);
        free(c);
        bytes_free(&b);
    }
}
END_TEST

START_TEST(test_type2_and_type3)
{
    static const uint8_t board[] = {1, 2, 3, 4, 5, 0x01, 0, 0, 0};
    static const char *const board_strings[] = {"Oracle Corporation", "VirtualBox", "1.2", "0", "tag"};
    static const uint8_t chassis[] = {1, 0x81, 2, 3, 4, 3, 3, 3, 2};
    static const char *const chassis_strings[] = {"QEMU", "pc-i440fx-8.0", "S123", "A\xe9"};
    bytes b = {0};
    add_structure(&b, 2, board, sizeof board, board_strings, N_OF(board_strings));
    add_structure(&b, 3, chassis, sizeof chassis, chassis_strings, N_OF(chassis_strings));
    add_end_of_table(&b);
    collected *c = new_collected();
    ck_assert_int_eq(parse_table(&b, NULL, c), 3);
    ck_assert_str_eq(field_value(c, "board_vendor"), "Oracle Corporation");
    ck_assert_str_eq(field_value(c, "board_name"), "VirtualBox");
    ck_assert_str_eq(field_value(c, "board_version"), "1.2");
    ck_assert_str_eq(field_value(c, "board_serial"), "0");
    ck_assert_str_eq(field_value(c, "board_asset_tag"), "tag");
    ck_assert_str_eq(field_value(c, "chassis_vendor"), "QEMU");
    ck_assert_str_eq(field_value(c, "chassis_type"), "1"); /* 0x81: lock bit masked off */
    ck_assert_str_eq(field_value(c, "chassis_version"), "pc-i440fx-8.0");
    ck_assert_str_eq(field_value(c, "chassis_serial"), "S123");
    ck_assert_str_eq(field_value(c, "chassis_asset_tag"), "A\xe9");
    ck_assert_uint_eq(c->problem_count, 0);
    free(c);
    bytes_free(&b);
}
END_TEST

START_TEST(test_type11_vmware_like)
{
    static const uint8_t body[] = {2};
    static const char *const strings[] = {"[MS_VM_CERT/SHA1/27d66596a61c48dd3dc7216fd715126e33f59ae7]",
                                          "Welcome to the Virtual Machine"};
    bytes b = {0};
    add_structure(&b, 11, body, sizeof body, strings, 2);
    add_end_of_table(&b);
    collected *c = new_collected();
    ck_assert_int_eq(parse_table(&b, NULL, c), 2);
    ck_assert_str_eq(field_value(c, "oem_string.1"), "[MS_VM_CERT/SHA1/27d66596a61c48dd3dc7216fd715126e33f59ae7]");
    ck_assert_str_eq(field_value(c, "oem_string.2"), "Welcome to the Virtual Machine");
    ck_assert_uint_eq(c->field_count, 2);
    ck_assert_uint_eq(c->problem_count, 0);
    free(c);
    bytes_free(&b);
}
END_TEST

START_TEST(test_type11_every_instance_numbered_on)
{
    static const uint8_t two[] = {2}, one[] = {1};
    static const char *const first[] = {"a", "b"};
    static const char *const second[] = {"c"};
    bytes b = {0};
    add_structure(&b, 11, two, 1, first, 2);
    add_structure(&b, 11, one, 1, second, 1);
    add_end_of_table(&b);
    collected *c = new_collected();
    ck_assert_int_eq(parse_table(&b, NULL, c), 3);
    ck_assert_str_eq(field_value(c, "oem_string.1"), "a");
    ck_assert_str_eq(field_value(c, "oem_string.2"), "b");
    ck_assert_str_eq(field_value(c, "oem_string.3"), "c");
    ck_assert_uint_eq(c->problem_count, 0);
    free(c);
    bytes_free(&b);
}
END_TEST

START_TEST(test_type11_count_mismatch_and_short)
{
    static const uint8_t three[] = {3}, one[] = {1};
    static const char *const strings[] = {"x", "y"};
    bytes b = {0};
    add_structure(&b, 11, three, 1, strings, 2);
    add_structure(&b, 11, one, 1, strings, 2);
    add_structure(&b, 11, NULL, 0, strings, 2); /* no room for the count */
    add_end_of_table(&b);
    collected *c = new_collected();
    ck_assert_int_eq(parse_table(&b, NULL, c), 4);
    ck_assert_str_eq(field_value(c, "oem_string.1"), "x");
    ck_assert_str_eq(field_value(c, "oem_string.2"), "y");
    ck_assert_str_eq(field_value(c, "oem_string.3"), "x");
    ck_assert_ptr_null(field_value(c, "oem_string.4"));
    ck_assert_uint_eq(c->problem_count, 3);
    ck_assert(has_problem(c, "announces 3 OEM strings, but holds 2"));
    ck_assert(has_problem(c, "announces 1 OEM strings, but holds 2"));
    ck_assert(has_problem(c, "no room for the string count"));
    free(c);
    bytes_free(&b);
}
END_TEST

START_TEST(test_first_instance_only)
{
    static const uint8_t indices[4] = {1, 0, 0, 0};
    static const char *const first[] = {"first"};
    static const char *const second[] = {"second"};
    bytes b = {0};
    add_system(&b, indices, sample_uuid, 0, 0, first, 1);
    add_system(&b, indices, sample_uuid, 0, 0, second, 1);
    add_end_of_table(&b);
    collected *c = new_collected();
    ck_assert_int_eq(parse_table(&b, NULL, c), 3);
    ck_assert_uint_eq(field_occurrences(c, "sys_vendor"), 1);
    ck_assert_str_eq(field_value(c, "sys_vendor"), "first");
    ck_assert_uint_eq(field_occurrences(c, "product_uuid"), 1);
    free(c);
    bytes_free(&b);
}
END_TEST

START_TEST(test_string_index_zero_means_none)
{
    static const uint8_t indices[4] = {0, 0, 0, 0};
    static const char *const strings[] = {"unused"};
    uint8_t zero_uuid[16] = {0};
    bytes b = {0};
    add_system(&b, indices, zero_uuid, 0, 0, strings, 1);
    add_end_of_table(&b);
    collected *c = new_collected();
    ck_assert_int_eq(parse_table(&b, NULL, c), 2);
    ck_assert_uint_eq(c->field_count, 0);
    ck_assert_uint_eq(c->problem_count, 0);
    free(c);
    bytes_free(&b);
}
END_TEST

START_TEST(test_string_index_past_the_strings)
{
    static const uint8_t indices[4] = {1, 5, 2, 0};
    static const char *const strings[] = {"QEMU", "v1"};
    static const uint8_t board[] = {1, 0, 0, 0, 0};
    static const char *const board_strings[] = {"board"};
    bytes b = {0};
    add_system(&b, indices, sample_uuid, 0, 0, strings, 2);
    add_structure(&b, 2, board, sizeof board, board_strings, 1);
    add_end_of_table(&b);
    collected *c = new_collected();
    ck_assert_int_eq(parse_table(&b, NULL, c), 3);
    ck_assert_str_eq(field_value(c, "sys_vendor"), "QEMU");
    ck_assert_ptr_null(field_value(c, "product_name"));
    ck_assert_str_eq(field_value(c, "product_version"), "v1");
    ck_assert_str_eq(field_value(c, "board_vendor"), "board");
    ck_assert_uint_eq(c->problem_count, 1);
    ck_assert(has_problem(c, "structure 1 (type 1) at offset 0x0: field 0x05 refers to string 5, "
                             "but the structure has 2"));
    free(c);
    bytes_free(&b);
}
END_TEST

START_TEST(test_string_index_into_empty_set)
{
    static const uint8_t body[] = {1, 2, 3, 4, 5};
    bytes b = {0};
    add_structure(&b, 2, body, sizeof body, NULL, 0);
    add_end_of_table(&b);
    collected *c = new_collected();
    ck_assert_int_eq(parse_table(&b, NULL, c), 2);
    ck_assert_uint_eq(c->field_count, 0);
    ck_assert_uint_eq(c->problem_count, 5);
    ck_assert(has_problem(c, "refers to string 1, but the structure has 0"));
    free(c);
    bytes_free(&b);
}
END_TEST

START_TEST(test_unterminated_string_set)
{
    static const uint8_t indices[4] = {1, 2, 0, 0};
    static const char *const strings[] = {"QEMU"};
    bytes b = {0};
    add_system(&b, indices, sample_uuid, 0, 0, strings, 1);
    b.len--;                            /* drop the set terminator ... */
    bytes_put(&b, "Standard PC", 11);   /* ... and end in an unterminated string */
    collected *c = new_collected();
    ck_assert_int_eq(parse_table(&b, NULL, c), 1);
    ck_assert_str_eq(field_value(c, "sys_vendor"), "QEMU");
    ck_assert_ptr_null(field_value(c, "product_name"));
    ck_assert(has_problem(c, "string set is unterminated"));
    ck_assert(has_problem(c, "refers to string 2, but the structure has 1"));
    ck_assert(!has_problem(c, "end-of-table"));
    free(c);

    /* a single NUL at the very end: every string ends but the set does not */
    b.len = 0;
    add_system(&b, indices, sample_uuid, 0, 0, strings, 1);
    b.len--;
    c = new_collected();
    ck_assert_int_eq(parse_table(&b, NULL, c), 1);
    ck_assert_str_eq(field_value(c, "sys_vendor"), "QEMU");
    ck_assert(has_problem(c, "string set is unterminated"));
    free(c);

    /* formatted area ends exactly at the end of the table */
    b.len = 0;
    add_system(&b, indices, sample_uuid, 0, 0, strings, 1);
    b.len = 0x1B;
    c = new_collected();
    ck_assert_int_eq(parse_table(&b, NULL, c), 1);
    ck_assert(has_problem(c, "string set is unterminated"));
    ck_assert_ptr_null(field_value(c, "sys_vendor"));
    ck_assert_str_eq(field_value(c, "product_uuid"), "12345678-1234-5678-9abc-def012345678");
    free(c);
    bytes_free(&b);
}
END_TEST

START_TEST(test_structure_length_below_header)
{
    static const uint8_t bad_lengths[] = {0, 1, 3};
    for (size_t i = 0; i < N_OF(bad_lengths); i++) {
        static const char *const strings[] = {"ok"};
        static const uint8_t board[] = {1, 0, 0, 0, 0};
        bytes b = {0};
        add_structure(&b, 2, board, sizeof board, strings, 1);
        size_t broken_at = b.len;
        add_structure(&b, 1, NULL, 0, NULL, 0);
        b.data[broken_at + 1] = bad_lengths[i];
        add_end_of_table(&b);
        collected *c = new_collected();
        ck_assert_int_eq(parse_table(&b, NULL, c), 1);
        ck_assert_str_eq(field_value(c, "board_vendor"), "ok");
        ck_assert_uint_eq(c->problem_count, 1);
        ck_assert(has_problem(c, "below the 4-byte header"));
        ck_assert(has_problem(c, "structure 2 (type 1) at offset 0x"));
        free(c);
        bytes_free(&b);
    }
}
END_TEST

START_TEST(test_structure_length_past_end)
{
    bytes b = {0};
    add_end_of_table(&b);
    b.data[1] = 0x40; /* formatted area claims 64 of the 6 bytes */
    collected *c = new_collected();
    ck_assert_int_eq(parse_table(&b, NULL, c), 0);
    ck_assert_uint_eq(c->problem_count, 1);
    ck_assert(has_problem(c, "formatted area of 64 bytes runs past the end of the table (6 bytes left)"));
    free(c);

    b.data[1] = 0xFF;
    c = new_collected();
    ck_assert_int_eq(parse_table(&b, NULL, c), 0);
    ck_assert(has_problem(c, "runs past the end"));
    free(c);
    bytes_free(&b);
}
END_TEST

static void build_realistic_table(bytes *b)
{
    static const char *const bios_strings[] = {"SeaBIOS", "1.16", "04/01/2014"};
    static const uint8_t bios[] = {1, 2, 0, 0xE8, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x18, 0, 0, 0, 0};
    static const uint8_t indices[4] = {1, 2, 3, 0};
    static const char *const system_strings[] = {"QEMU", "Standard PC", "pc-7.2"};
    static const uint8_t chassis[] = {1, 0x01, 2, 0, 0};
    static const char *const chassis_strings[] = {"QEMU", "pc-7.2"};
    static const uint8_t oem[] = {1};
    static const char *const oem_strings[] = {"vendor=test"};
    add_structure(b, 0, bios, sizeof bios, bios_strings, N_OF(bios_strings));
    add_system(b, indices, sample_uuid, 0, 0, system_strings, N_OF(system_strings));
    add_structure(b, 3, chassis, sizeof chassis, chassis_strings, N_OF(chassis_strings));
    add_structure(b, 11, oem, sizeof oem, oem_strings, 1);
    add_end_of_table(b);
}

START_TEST(test_realistic_table_clean)
{
    bytes b = {0};
    build_realistic_table(&b);
    collected *c = new_collected();
    ck_assert_int_eq(parse_table(&b, NULL, c), 5);
    ck_assert_uint_eq(c->problem_count, 0);
    ck_assert_str_eq(field_value(c, "vm_bit"), "1");
    ck_assert_str_eq(field_value(c, "sys_vendor"), "QEMU");
    ck_assert_str_eq(field_value(c, "chassis_type"), "1");
    ck_assert_str_eq(field_value(c, "oem_string.1"), "vendor=test");
    free(c);
    bytes_free(&b);
}
END_TEST

START_TEST(test_truncated_table_every_length)
{
    bytes b = {0};
    build_realistic_table(&b);
    for (size_t cut = 0; cut < b.len; cut++) {
        collected *c = new_collected();
        int walked = parse_bytes(b.data, cut, NULL, c);
        ck_assert_int_ge(walked, 0);
        ck_assert_int_le(walked, 5);
        ck_assert_msg(c->problem_count > 0, "no problem reported for a table cut at %zu", cut);
        free(c);
    }
    collected *c = new_collected();
    ck_assert_int_eq(parse_bytes(b.data, 20, NULL, c), 0);
    ck_assert(has_problem(c, "runs past the end"));
    free(c);
    bytes_free(&b);
}
END_TEST

START_TEST(test_truncated_header)
{
    bytes b = {0};
    add_structure(&b, 2, NULL, 0, NULL, 0);
    bytes_put(&b, "\x01\x1b", 2); /* two bytes of a further header */
    collected *c = new_collected();
    ck_assert_int_eq(parse_table(&b, NULL, c), 1);
    ck_assert_uint_eq(c->problem_count, 1);
    ck_assert(has_problem(c, "structure 2 at offset 0x6: only 2 bytes left, too few for a structure header"));
    free(c);
    bytes_free(&b);
}
END_TEST

START_TEST(test_missing_end_of_table)
{
    static const char *const strings[] = {"QEMU"};
    static const uint8_t indices[4] = {1, 0, 0, 0};
    bytes b = {0};
    add_system(&b, indices, sample_uuid, 0, 0, strings, 1);
    add_structure(&b, 32, NULL, 0, NULL, 0);
    collected *c = new_collected();
    ck_assert_int_eq(parse_table(&b, NULL, c), 2);
    ck_assert_str_eq(field_value(c, "sys_vendor"), "QEMU");
    ck_assert_uint_eq(c->problem_count, 1);
    ck_assert(has_problem(c, "table ends after 2 structures without an end-of-table structure (type 127)"));
    free(c);
    bytes_free(&b);
}
END_TEST

START_TEST(test_empty_and_null_table)
{
    uint8_t one = 0;
    collected *c = new_collected();
    ck_assert_int_eq(hvd__smbios_parse_table(NULL, 10, NULL, collect_field, collect_problem, c), -1);
    ck_assert_uint_eq(c->problem_count, 0);
    ck_assert_int_eq(hvd__smbios_parse_table(&one, 0, NULL, collect_field, collect_problem, c), 0);
    ck_assert(has_problem(c, "without an end-of-table"));
    free(c);

    bytes b = {0};
    build_realistic_table(&b);
    ck_assert_int_eq(hvd__smbios_parse_table(b.data, b.len, NULL, NULL, NULL, NULL), 5);
    b.data[1] = 2; /* broken, with no callbacks to hear about it */
    ck_assert_int_eq(hvd__smbios_parse_table(b.data, b.len, NULL, NULL, NULL, NULL), 0);
    bytes_free(&b);
}
END_TEST

START_TEST(test_stops_at_end_of_table)
{
    static const char *const strings[] = {"after the end"};
    static const uint8_t indices[4] = {1, 0, 0, 0};
    bytes b = {0};
    add_end_of_table(&b);
    add_system(&b, indices, sample_uuid, 0, 0, strings, 1);
    collected *c = new_collected();
    ck_assert_int_eq(parse_table(&b, NULL, c), 1);
    ck_assert_uint_eq(c->field_count, 0);
    ck_assert_uint_eq(c->problem_count, 0);
    free(c);
    bytes_free(&b);
}
END_TEST

START_TEST(test_cap_of_65536_structures)
{
    static const char *const strings[] = {"too late"};
    static const uint8_t indices[4] = {1, 0, 0, 0};
    bytes b = {0};
    for (unsigned i = 0; i < 100000; i++) {
        if (i == 70000)
            add_system(&b, indices, sample_uuid, 0, 0, strings, 1);
        else
            add_structure(&b, 126, NULL, 0, NULL, 0); /* DSP0134 "Inactive (Type 126)" */
    }
    add_end_of_table(&b);
    collected *c = new_collected();
    ck_assert_int_eq(parse_table(&b, NULL, c), 65536);
    ck_assert_uint_eq(c->field_count, 0);
    ck_assert_uint_eq(c->problem_count, 1);
    ck_assert(has_problem(c, "stopped after 65536 structures (hard cap)"));
    free(c);
    bytes_free(&b);
}
END_TEST

START_TEST(test_structure_count_from_entry_point)
{
    static const char *const strings[] = {"third"};
    static const uint8_t indices[4] = {1, 0, 0, 0};
    bytes b = {0};
    add_structure(&b, 126, NULL, 0, NULL, 0);
    add_structure(&b, 126, NULL, 0, NULL, 0);
    add_system(&b, indices, sample_uuid, 0, 0, strings, 1);
    add_end_of_table(&b);

    hvd__smbios_entry_point ep = version(2, 8);
    ep.structure_count = 2;
    collected *c = new_collected();
    ck_assert_int_eq(parse_table(&b, &ep, c), 2);
    ck_assert_uint_eq(c->field_count, 0);
    ck_assert_uint_eq(c->problem_count, 0);
    free(c);

    ep.structure_count = 6;
    c = new_collected();
    ck_assert_int_eq(parse_table(&b, &ep, c), 4);
    ck_assert_str_eq(field_value(c, "sys_vendor"), "third");
    ck_assert_uint_eq(c->problem_count, 1);
    ck_assert(has_problem(c, "entry point announces 6 structures, but the table holds 4"));
    free(c);

    ep.structure_count = 4;
    c = new_collected();
    ck_assert_int_eq(parse_table(&b, &ep, c), 4);
    ck_assert_uint_eq(c->problem_count, 0);
    free(c);

    /* the table runs out before the announced count and without type 127 */
    ep.structure_count = 9;
    c = new_collected();
    ck_assert_int_eq(parse_bytes(b.data, b.len - 6, &ep, c), 3);
    ck_assert(has_problem(c, "without an end-of-table"));
    ck_assert(has_problem(c, "announces 9 structures, but the table holds 3"));
    free(c);
    bytes_free(&b);
}
END_TEST

START_TEST(test_table_length_from_entry_point)
{
    bytes b = {0};
    build_realistic_table(&b);
    size_t full = b.len;
    add_structure(&b, 1, NULL, 0, NULL, 0); /* junk after the table */

    hvd__smbios_entry_point ep = version(2, 8);
    ep.table_length = (uint32_t)full;
    collected *c = new_collected();
    ck_assert_int_eq(parse_table(&b, &ep, c), 5);
    ck_assert_uint_eq(c->problem_count, 1);
    ck_assert(has_problem(c, "bounds the table at"));
    free(c);

    /* 2.x promises the exact length: fewer bytes is a problem */
    ep.table_length = (uint32_t)(full + 100);
    c = new_collected();
    ck_assert_int_eq(parse_bytes(b.data, full, &ep, c), 5);
    ck_assert_uint_eq(c->problem_count, 1);
    ck_assert(has_problem(c, "bytes were given"));
    free(c);

    /* 3.x gives only a maximum: fewer bytes is normal */
    ep = version(3, 0);
    ep.is_64bit = 1;
    ep.table_length = (uint32_t)(full + 100);
    c = new_collected();
    ck_assert_int_eq(parse_bytes(b.data, full, &ep, c), 5);
    ck_assert_uint_eq(c->problem_count, 0);
    free(c);

    /* a bound that cuts the table reads as a truncated table */
    ep.table_length = 10;
    c = new_collected();
    ck_assert_int_eq(parse_table(&b, &ep, c), 0);
    ck_assert(has_problem(c, "runs past the end"));
    free(c);
    bytes_free(&b);
}
END_TEST

START_TEST(test_non_utf8_bytes_preserved)
{
    static const char vendor[] = "\xff\xfe\x80Q\xc3(\x01\x7f";
    static const char *const strings[] = {vendor, "\xe2\x82"};
    static const uint8_t indices[4] = {1, 2, 0, 0};
    bytes b = {0};
    add_system(&b, indices, sample_uuid, 0, 0, strings, 2);
    add_end_of_table(&b);
    collected *c = new_collected();
    ck_assert_int_eq(parse_table(&b, NULL, c), 2);
    const char *got = field_value(c, "sys_vendor");
    ck_assert_ptr_nonnull(got);
    ck_assert_uint_eq(strlen(got), sizeof vendor - 1);
    ck_assert_mem_eq(got, vendor, sizeof vendor);
    ck_assert_str_eq(field_value(c, "product_name"), "\xe2\x82");
    free(c);
    bytes_free(&b);
}
END_TEST

START_TEST(test_lone_nul_string_set_resynchronises)
{
    /* "\0A\0\0": the set is empty, the next structure follows the first double NUL */
    static const uint8_t body[] = {1, 0, 0, 0, 0};
    static const char *const strings[] = {"board"};
    bytes b = {0};
    add_structure(&b, 3, body, sizeof body, NULL, 0);
    b.len -= 2;
    bytes_put(&b, "\0A\0\0", 4);
    add_structure(&b, 2, body, sizeof body, strings, 1);
    add_end_of_table(&b);
    collected *c = new_collected();
    ck_assert_int_eq(parse_table(&b, NULL, c), 3);
    ck_assert_ptr_null(field_value(c, "chassis_vendor"));
    ck_assert_str_eq(field_value(c, "board_vendor"), "board");
    ck_assert(has_problem(c, "refers to string 1, but the structure has 0"));
    free(c);
    bytes_free(&b);
}
END_TEST

/* Deterministic mutation of a realistic table: random bytes, lengths and cuts. The parser must
   stay inside the buffer (ASan/valgrind watch) and only ever emit known keys. */
START_TEST(test_mutations_stay_in_bounds)
{
    bytes b = {0};
    build_realistic_table(&b);
    uint32_t state = 0x12345678u;
    for (int round = 0; round < 4000; round++) {
        uint8_t *copy = exact_copy(b.data, b.len);
        int flips = 1 + (int)((state >> 8) % 6);
        for (int i = 0; i < flips; i++) {
            state = state * 1664525u + 1013904223u;
            size_t at = (state >> 8) % b.len;
            state = state * 1664525u + 1013904223u;
            copy[at] = (uint8_t)(state >> 24);
        }
        state = state * 1664525u + 1013904223u;
        size_t len = (round % 3 == 0) ? (state >> 8) % (b.len + 1) : b.len;
        hvd__smbios_entry_point ep = version(2, (uint8_t)(state >> 28));
        ep.structure_count = (round % 5 == 0) ? (state >> 4) % 8 : 0;
        collected *c = new_collected();
        int walked = parse_bytes(copy, len, &ep, c);
        ck_assert_int_ge(walked, 0);
        ck_assert_int_le(walked, (int)len);
        free(c);
        free(copy);
    }
    bytes_free(&b);
}
END_TEST

/* ---- Windows' RawSMBIOSData header ------------------------------------------ */

static void raw_header(uint8_t out[8], unsigned major, unsigned minor, uint32_t length)
{
    out[0] = 0; /* Used20CallingMethod */
    out[1] = (uint8_t)major;
    out[2] = (uint8_t)minor;
    out[3] = 0; /* DmiRevision */
    out[4] = (uint8_t)length;
    out[5] = (uint8_t)(length >> 8);
    out[6] = (uint8_t)(length >> 16);
    out[7] = (uint8_t)(length >> 24);
}

START_TEST(test_raw_header_valid)
{
    uint8_t buffer[8 + 4] = {0};
    raw_header(buffer, 3, 4, 4);
    uint8_t *copy = exact_copy(buffer, sizeof(buffer));
    hvd__smbios_entry_point ep;
    size_t offset = 99, length = 99;
    char err[256];
    ck_assert_int_eq(hvd__smbios_parse_raw_header(copy, sizeof(buffer), &ep, &offset, &length, err, sizeof(err)), 0);
    ck_assert_uint_eq(ep.major, 3);
    ck_assert_uint_eq(ep.minor, 4);
    ck_assert_int_eq(ep.is_64bit, 1);
    ck_assert_uint_eq(ep.table_length, 4);
    ck_assert_uint_eq(ep.structure_count, 0);
    ck_assert_uint_eq(offset, 8);
    ck_assert_uint_eq(length, 4);
    ck_assert_str_eq(err, "");
    free(copy);
}
END_TEST

START_TEST(test_raw_header_2x_and_fixup)
{
    uint8_t buffer[8] = {0};
    raw_header(buffer, 2, 0x33, 0);
    hvd__smbios_entry_point ep;
    size_t offset, length;
    ck_assert_int_eq(hvd__smbios_parse_raw_header(buffer, sizeof(buffer), &ep, &offset, &length, NULL, 0), 0);
    ck_assert_uint_eq(ep.major, 2);
    ck_assert_uint_eq(ep.minor, 6);
    ck_assert_int_eq(ep.is_64bit, 0);
    ck_assert_uint_eq(length, 0);
}
END_TEST

START_TEST(test_raw_header_length_past_end)
{
    uint8_t buffer[8 + 16] = {0};
    raw_header(buffer, 2, 8, 0xFFFFFFFFu);
    uint8_t *copy = exact_copy(buffer, sizeof(buffer));
    hvd__smbios_entry_point ep;
    size_t offset, length;
    char err[256];
    ck_assert_int_eq(hvd__smbios_parse_raw_header(copy, sizeof(buffer), &ep, &offset, &length, err, sizeof(err)), 1);
    ck_assert_uint_eq(length, 16);
    ck_assert_uint_eq(ep.table_length, 16);
    ck_assert_ptr_nonnull(strstr(err, "4294967295"));
    free(copy);
}
END_TEST

START_TEST(test_raw_header_too_short)
{
    for (size_t n = 0; n < 8; n++) {
        uint8_t buffer[8] = {0, 3, 0, 0, 0, 0, 0, 0};
        uint8_t *copy = exact_copy(buffer, n ? n : 1);
        hvd__smbios_entry_point ep;
        size_t offset = 1, length = 1;
        char err[256];
        ck_assert_int_eq(hvd__smbios_parse_raw_header(copy, n, &ep, &offset, &length, err, sizeof(err)), -1);
        ck_assert_uint_eq(ep.major, 0);
        ck_assert_uint_eq(length, 0);
        ck_assert_ptr_nonnull(strstr(err, "shorter than its 8-byte header"));
        free(copy);
    }
    ck_assert_int_eq(hvd__smbios_parse_raw_header(NULL, 8, NULL, NULL, NULL, NULL, 0), -1);
}
END_TEST

static Suite *smbios_suite(void)
{
    Suite *s = suite_create("parse_smbios");
    TCase *ep = tcase_create("entry_point");
    tcase_add_test(ep, test_ep2_valid);
    tcase_add_test(ep, test_ep2_length_1e_of_smbios_2_1_accepted);
    tcase_add_test(ep, test_ep2_version_fixups);
    tcase_add_test(ep, test_ep3_valid);
    tcase_add_test(ep, test_ep2_bad_checksum);
    tcase_add_test(ep, test_ep2_bad_intermediate_anchor_and_checksum);
    tcase_add_test(ep, test_ep_bad_length_field);
    tcase_add_test(ep, test_ep_truncated);
    tcase_add_test(ep, test_ep3_bad_checksum);
    tcase_add_test(ep, test_ep_no_anchor);
    tcase_add_test(ep, test_ep_argument_edge_cases);
    suite_add_tcase(s, ep);

    TCase *raw = tcase_create("raw_header");
    tcase_add_test(raw, test_raw_header_valid);
    tcase_add_test(raw, test_raw_header_2x_and_fixup);
    tcase_add_test(raw, test_raw_header_length_past_end);
    tcase_add_test(raw, test_raw_header_too_short);
    suite_add_tcase(s, raw);

    TCase *fields = tcase_create("fields");
    tcase_add_test(fields, test_type1_qemu);
    tcase_add_test(fields, test_type1_uuid_byte_order_by_version);
    tcase_add_test(fields, test_type1_placeholder_uuids_skipped);
    tcase_add_test(fields, test_type1_sku_family_and_serial);
    tcase_add_test(fields, test_type1_short_smbios_2_0_layout);
    tcase_add_test(fields, test_type0_fields_and_vm_bit);
    tcase_add_test(fields, test_type2_and_type3);
    tcase_add_test(fields, test_type11_vmware_like);
    tcase_add_test(fields, test_type11_every_instance_numbered_on);
    tcase_add_test(fields, test_type11_count_mismatch_and_short);
    tcase_add_test(fields, test_first_instance_only);
    tcase_add_test(fields, test_realistic_table_clean);
    tcase_add_test(fields, test_non_utf8_bytes_preserved);
    suite_add_tcase(s, fields);

    TCase *hostile = tcase_create("hostile");
    tcase_set_timeout(hostile, 120);
    tcase_add_test(hostile, test_string_index_zero_means_none);
    tcase_add_test(hostile, test_string_index_past_the_strings);
    tcase_add_test(hostile, test_string_index_into_empty_set);
    tcase_add_test(hostile, test_unterminated_string_set);
    tcase_add_test(hostile, test_structure_length_below_header);
    tcase_add_test(hostile, test_structure_length_past_end);
    tcase_add_test(hostile, test_truncated_table_every_length);
    tcase_add_test(hostile, test_truncated_header);
    tcase_add_test(hostile, test_missing_end_of_table);
    tcase_add_test(hostile, test_empty_and_null_table);
    tcase_add_test(hostile, test_stops_at_end_of_table);
    tcase_add_test(hostile, test_cap_of_65536_structures);
    tcase_add_test(hostile, test_structure_count_from_entry_point);
    tcase_add_test(hostile, test_table_length_from_entry_point);
    tcase_add_test(hostile, test_lone_nul_string_set_resynchronises);
    tcase_add_test(hostile, test_mutations_stay_in_bounds);
    suite_add_tcase(s, hostile);
    return s;
}

int main(void)
{
    int failed = hvd_test_run(smbios_suite());
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
