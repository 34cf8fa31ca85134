/* SPDX-License-Identifier: MIT */
/* Unit tests for the ACPI table header parser. Tables are built by hand and handed to the
   parser in a heap block of exactly the given length, so AddressSanitizer and valgrind catch
   any read past the end. */

#include <check.h>

#include "check_run.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/acpi.h"

enum { FADT_6_SIZE = 276, FADT_5_SIZE = 268, HYPERVISOR_ID_OFFSET = 268, TABLE_MAX = 512 };

static void put_u32le(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

/* Fills the 36-byte header (ACPI 5.2.6) and makes bytes [0, length) sum to zero. */
static void build_table(uint8_t *t, const char sig[4], uint32_t length, uint8_t revision, const char oem_id[6],
                        const char oem_table_id[8], uint32_t oem_revision, const char creator_id[4],
                        uint32_t creator_revision)
{
    memcpy(t, sig, 4);
    put_u32le(t + 4, length);
    t[8] = revision;
    t[9] = 0;
    memcpy(t + 10, oem_id, 6);
    memcpy(t + 16, oem_table_id, 8);
    put_u32le(t + 24, oem_revision);
    memcpy(t + 28, creator_id, 4);
    put_u32le(t + 32, creator_revision);
}

static void fix_checksum(uint8_t *t, size_t length)
{
    uint8_t sum = 0;
    t[9] = 0;
    for (size_t i = 0; i < length; i++)
        sum = (uint8_t)(sum + t[i]);
    t[9] = (uint8_t)(0x100 - sum);
}

static int parse(const uint8_t *data, size_t len, hvd__acpi_header *out, char *err, size_t err_size)
{
    uint8_t *copy = malloc(len > 0 ? len : 1);
    ck_assert_ptr_nonnull(copy);
    if (len > 0)
        memcpy(copy, data, len);
    int rc = hvd__acpi_parse_header(copy, len, out, err, err_size);
    free(copy);
    return rc;
}

static void build_qemu_dsdt(uint8_t *t, uint32_t length)
{
    build_table(t, "DSDT", length, 1, "BOCHS ", "BXPC    ", 1, "BXPC", 1);
}

static void build_fadt(uint8_t *t, uint32_t length, const char hypervisor_id[8])
{
    memset(t, 0, TABLE_MAX);
    build_table(t, "FACP", length, 6, "ALASKA", "A M I   ", 0x01072009, "AMI ", 0x00010013);
    t[131] = 5; /* "FADT Minor Version" (ACPI 6.5 section 5.2.9): a 6.5 FADT */
    if (hypervisor_id != NULL)
        memcpy(t + HYPERVISOR_ID_OFFSET, hypervisor_id, 8);
    fix_checksum(t, length);
}

START_TEST(test_qemu_dsdt_header)
{
    uint8_t t[64];
    memset(t, 0x5B, sizeof t); /* AML body bytes */
    build_qemu_dsdt(t, sizeof t);
    fix_checksum(t, sizeof t);
    hvd__acpi_header h;
    char err[128] = "junk";
    ck_assert_int_eq(parse(t, sizeof t, &h, err, sizeof err), 0);
    ck_assert_str_eq(err, "");
    ck_assert_str_eq(h.signature, "DSDT");
    ck_assert_uint_eq(h.length, 64);
    ck_assert_uint_eq(h.revision, 1);
    ck_assert_str_eq(h.oem_id, "BOCHS");
    ck_assert_str_eq(h.oem_table_id, "BXPC");
    ck_assert_uint_eq(h.oem_revision, 1);
    ck_assert_str_eq(h.creator_id, "BXPC");
    ck_assert_uint_eq(h.creator_revision, 1);
    ck_assert_int_eq(h.checksum_ok, 1);
    ck_assert_int_eq(h.has_hypervisor_vendor_id, 0);
    ck_assert_str_eq(h.hypervisor_vendor_id, "");
}
END_TEST

START_TEST(test_header_numbers_little_endian)
{
    uint8_t t[36];
    build_table(t, "SSDT", 36, 2, "VRTUAL", "MICROSFT", 0x12345678u, "MSFT", 0xA1B2C3D4u);
    fix_checksum(t, 36);
    hvd__acpi_header h;
    ck_assert_int_eq(parse(t, 36, &h, NULL, 0), 0);
    ck_assert_str_eq(h.signature, "SSDT");
    ck_assert_uint_eq(h.length, 36);
    ck_assert_uint_eq(h.revision, 2);
    ck_assert_str_eq(h.oem_id, "VRTUAL");
    ck_assert_str_eq(h.oem_table_id, "MICROSFT");
    ck_assert_uint_eq(h.oem_revision, 0x12345678u);
    ck_assert_str_eq(h.creator_id, "MSFT");
    ck_assert_uint_eq(h.creator_revision, 0xA1B2C3D4u);
    ck_assert_int_eq(h.checksum_ok, 1);
}
END_TEST

START_TEST(test_bad_checksum)
{
    uint8_t t[64];
    memset(t, 0, sizeof t);
    build_qemu_dsdt(t, sizeof t);
    fix_checksum(t, sizeof t);
    t[50] ^= 0x01;
    hvd__acpi_header h;
    char err[128];
    ck_assert_int_eq(parse(t, sizeof t, &h, err, sizeof err), 0);
    ck_assert_int_eq(h.checksum_ok, 0);
    ck_assert_str_eq(h.oem_id, "BOCHS");
}
END_TEST

START_TEST(test_short_buffer)
{
    uint8_t t[64];
    memset(t, 0, sizeof t);
    build_qemu_dsdt(t, sizeof t);
    fix_checksum(t, sizeof t);
    for (size_t n = 0; n < 36; n++) {
        hvd__acpi_header h;
        char err[128] = "";
        ck_assert_int_eq(parse(t, n, &h, err, sizeof err), -1);
        ck_assert_ptr_nonnull(strstr(err, "truncated"));
        ck_assert_str_eq(h.signature, "");
    }
    hvd__acpi_header h;
    char err[128];
    ck_assert_int_eq(parse(t, 35, &h, err, sizeof err), -1);
    ck_assert_str_eq(err, "ACPI table truncated: 35 bytes, the header alone is 36");
}
END_TEST

START_TEST(test_length_field_below_header)
{
    static const uint32_t lengths[] = {0, 1, 35};
    for (size_t i = 0; i < sizeof lengths / sizeof lengths[0]; i++) {
        uint8_t t[40];
        memset(t, 0, sizeof t);
        build_qemu_dsdt(t, lengths[i]);
        fix_checksum(t, 36);
        hvd__acpi_header h;
        char err[128];
        ck_assert_int_eq(parse(t, sizeof t, &h, err, sizeof err), -1);
        ck_assert_ptr_nonnull(strstr(err, "below the 36-byte header"));
        ck_assert_uint_eq(h.length, 0);
    }
}
END_TEST

START_TEST(test_length_field_beyond_buffer)
{
    uint8_t t[64];
    memset(t, 0x11, sizeof t);
    build_qemu_dsdt(t, 0xFFFFFFF0u);
    hvd__acpi_header h;
    char err[128];
    ck_assert_int_eq(parse(t, sizeof t, &h, err, sizeof err), 0);
    ck_assert_uint_eq(h.length, 0xFFFFFFF0u);
    ck_assert_int_eq(h.checksum_ok, 0);
    ck_assert_str_eq(h.signature, "DSDT");
    ck_assert_str_eq(h.oem_id, "BOCHS");

    /* sums to zero over what is there, but the table is longer than that */
    build_qemu_dsdt(t, 100);
    fix_checksum(t, sizeof t);
    ck_assert_int_eq(parse(t, sizeof t, &h, err, sizeof err), 0);
    ck_assert_int_eq(h.checksum_ok, 0);
}
END_TEST

START_TEST(test_length_field_shorter_than_buffer)
{
    uint8_t t[64];
    memset(t, 0x77, sizeof t); /* trailing bytes outside the table must not count */
    build_qemu_dsdt(t, 40);
    fix_checksum(t, 40);
    hvd__acpi_header h;
    ck_assert_int_eq(parse(t, sizeof t, &h, NULL, 0), 0);
    ck_assert_uint_eq(h.length, 40);
    ck_assert_int_eq(h.checksum_ok, 1);
}
END_TEST

START_TEST(test_fadt_with_hypervisor_vendor_id)
{
    uint8_t t[TABLE_MAX];
    build_fadt(t, FADT_6_SIZE, "HVVENDOR");
    hvd__acpi_header h;
    char err[128];
    ck_assert_int_eq(parse(t, FADT_6_SIZE, &h, err, sizeof err), 0);
    ck_assert_str_eq(h.signature, "FACP");
    ck_assert_uint_eq(h.revision, 6);
    ck_assert_str_eq(h.oem_id, "ALASKA");
    ck_assert_str_eq(h.oem_table_id, "A M I");
    ck_assert_str_eq(h.creator_id, "AMI");
    ck_assert_int_eq(h.checksum_ok, 1);
    ck_assert_int_eq(h.has_hypervisor_vendor_id, 1);
    ck_assert_str_eq(h.hypervisor_vendor_id, "HVVENDOR");

    /* padded identity: the padding goes */
    build_fadt(t, FADT_6_SIZE, "Xen\0\0\0\0\0");
    ck_assert_int_eq(parse(t, FADT_6_SIZE, &h, err, sizeof err), 0);
    ck_assert_int_eq(h.has_hypervisor_vendor_id, 1);
    ck_assert_str_eq(h.hypervisor_vendor_id, "Xen");
    build_fadt(t, FADT_6_SIZE, "KVM     ");
    ck_assert_int_eq(parse(t, FADT_6_SIZE, &h, err, sizeof err), 0);
    ck_assert_str_eq(h.hypervisor_vendor_id, "KVM");

    /* a longer (future) FADT still has the field at 268 */
    build_fadt(t, 300, "\xffVENDOR\x80");
    ck_assert_int_eq(parse(t, 300, &h, err, sizeof err), 0);
    ck_assert_int_eq(h.has_hypervisor_vendor_id, 1);
    ck_assert_str_eq(h.hypervisor_vendor_id, "\xffVENDOR\x80");
}
END_TEST

START_TEST(test_fadt_without_hypervisor_field)
{
    uint8_t t[TABLE_MAX];
    hvd__acpi_header h;
    char err[128];

    /* ACPI 5.x FADT (268 bytes); what follows in the buffer is not part of it */
    build_fadt(t, FADT_5_SIZE, "NOTMINE!");
    ck_assert_int_eq(parse(t, 300, &h, err, sizeof err), 0);
    ck_assert_int_eq(h.has_hypervisor_vendor_id, 0);
    ck_assert_str_eq(h.hypervisor_vendor_id, "");

    /* the table says 276 but only part of the field was exposed */
    build_fadt(t, FADT_6_SIZE, "HVVENDOR");
    for (size_t len = 36; len < FADT_6_SIZE; len++) {
        ck_assert_int_eq(parse(t, len, &h, err, sizeof err), 0);
        ck_assert_int_eq(h.has_hypervisor_vendor_id, 0);
        ck_assert_int_eq(h.checksum_ok, 0);
    }

    /* an ACPI 1.0 FADT (116 bytes) */
    build_fadt(t, 116, NULL);
    ck_assert_int_eq(parse(t, 116, &h, err, sizeof err), 0);
    ck_assert_int_eq(h.checksum_ok, 1);
    ck_assert_int_eq(h.has_hypervisor_vendor_id, 0);
}
END_TEST

START_TEST(test_fadt_all_zero_hypervisor_field)
{
    uint8_t t[TABLE_MAX];
    build_fadt(t, FADT_6_SIZE, "\0\0\0\0\0\0\0\0");
    hvd__acpi_header h;
    ck_assert_int_eq(parse(t, FADT_6_SIZE, &h, NULL, 0), 0);
    ck_assert_int_eq(h.checksum_ok, 1);
    ck_assert_int_eq(h.has_hypervisor_vendor_id, 0);
    ck_assert_str_eq(h.hypervisor_vendor_id, "");
}
END_TEST

START_TEST(test_other_tables_ignore_offset_268)
{
    uint8_t t[TABLE_MAX];
    build_fadt(t, FADT_6_SIZE, "HVVENDOR");
    memcpy(t, "FACS", 4);
    fix_checksum(t, FADT_6_SIZE);
    hvd__acpi_header h;
    ck_assert_int_eq(parse(t, FADT_6_SIZE, &h, NULL, 0), 0);
    ck_assert_str_eq(h.signature, "FACS");
    ck_assert_int_eq(h.has_hypervisor_vendor_id, 0);
    memcpy(t, "facp", 4); /* signatures are case-sensitive */
    ck_assert_int_eq(parse(t, FADT_6_SIZE, &h, NULL, 0), 0);
    ck_assert_int_eq(h.has_hypervisor_vendor_id, 0);
}
END_TEST

START_TEST(test_id_trimming_and_raw_bytes)
{
    uint8_t t[36];
    build_table(t, "AP\0C", 36, 0, "AB  \0\0", "\xff\xfeOEM\0 \0", 0, "    ", 0);
    fix_checksum(t, 36);
    hvd__acpi_header h;
    ck_assert_int_eq(parse(t, 36, &h, NULL, 0), 0);
    ck_assert_mem_eq(h.signature, "AP\0C", 5); /* copied as is, NUL-terminated */
    ck_assert_str_eq(h.oem_id, "AB");
    ck_assert_str_eq(h.oem_table_id, "\xff\xfeOEM");
    ck_assert_str_eq(h.creator_id, "");

    build_table(t, "SSDT", 36, 0, "A\0B   ", "        ", 0, "\0\0\0\0", 0);
    fix_checksum(t, 36);
    ck_assert_int_eq(parse(t, 36, &h, NULL, 0), 0);
    ck_assert_str_eq(h.oem_id, "A");
    ck_assert_str_eq(h.oem_table_id, "");
    ck_assert_str_eq(h.creator_id, "");
}
END_TEST

START_TEST(test_argument_edge_cases)
{
    uint8_t t[36];
    build_qemu_dsdt(t, 36);
    fix_checksum(t, 36);
    hvd__acpi_header h;
    char err[128];
    ck_assert_int_eq(hvd__acpi_parse_header(NULL, 36, &h, err, sizeof err), -1);
    ck_assert_uint_gt(strlen(err), 0);
    ck_assert_int_eq(hvd__acpi_parse_header(t, 36, NULL, err, sizeof err), -1);
    ck_assert_int_eq(parse(t, 10, &h, NULL, 0), -1);
    char tiny[1] = {'x'};
    ck_assert_int_eq(parse(t, 10, &h, tiny, sizeof tiny), -1);
    ck_assert_int_eq(tiny[0], '\0');
    char small[6];
    memset(small, 'x', sizeof small);
    ck_assert_int_eq(parse(t, 10, &h, small, sizeof small), -1);
    ck_assert_str_eq(small, "ACPI ");
}
END_TEST

/* Random headers at random lengths: the parser must stay inside the buffer and keep every
   string field NUL-terminated within its array. */
START_TEST(test_random_input_stays_in_bounds)
{
    uint32_t state = 0xC0FFEEu;
    uint8_t t[TABLE_MAX];
    for (int round = 0; round < 3000; round++) {
        for (size_t i = 0; i < sizeof t; i++) {
            state = state * 1103515245u + 12345u;
            t[i] = (uint8_t)(state >> 16);
        }
        if (round % 2 == 0)
            memcpy(t, "FACP", 4);
        state = state * 1103515245u + 12345u;
        size_t len = (state >> 8) % (sizeof t + 1);
        if (round % 4 == 1)
            put_u32le(t + 4, (uint32_t)len);
        hvd__acpi_header h;
        char err[64];
        int rc = parse(t, len, &h, err, sizeof err);
        ck_assert(rc == 0 || rc == -1);
        ck_assert_uint_lt(strlen(err), sizeof err);
        ck_assert_uint_le(strlen(h.signature), 4);
        ck_assert_uint_le(strlen(h.oem_id), 6);
        ck_assert_uint_le(strlen(h.oem_table_id), 8);
        ck_assert_uint_le(strlen(h.creator_id), 4);
        ck_assert_uint_le(strlen(h.hypervisor_vendor_id), 8);
        if (rc == -1)
            ck_assert_int_eq(h.length, 0);
    }
}
END_TEST

static Suite *acpi_suite(void)
{
    Suite *s = suite_create("parse_acpi");
    TCase *header = tcase_create("header");
    tcase_add_test(header, test_qemu_dsdt_header);
    tcase_add_test(header, test_header_numbers_little_endian);
    tcase_add_test(header, test_bad_checksum);
    tcase_add_test(header, test_id_trimming_and_raw_bytes);
    suite_add_tcase(s, header);

    TCase *fadt = tcase_create("fadt");
    tcase_add_test(fadt, test_fadt_with_hypervisor_vendor_id);
    tcase_add_test(fadt, test_fadt_without_hypervisor_field);
    tcase_add_test(fadt, test_fadt_all_zero_hypervisor_field);
    tcase_add_test(fadt, test_other_tables_ignore_offset_268);
    suite_add_tcase(s, fadt);

    TCase *hostile = tcase_create("hostile");
    tcase_set_timeout(hostile, 120);
    tcase_add_test(hostile, test_short_buffer);
    tcase_add_test(hostile, test_length_field_below_header);
    tcase_add_test(hostile, test_length_field_beyond_buffer);
    tcase_add_test(hostile, test_length_field_shorter_than_buffer);
    tcase_add_test(hostile, test_argument_edge_cases);
    tcase_add_test(hostile, test_random_input_stays_in_bounds);
    suite_add_tcase(s, hostile);
    return s;
}

int main(void)
{
    int failed = hvd_test_run(acpi_suite());
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
