/* SPDX-License-Identifier: MIT */
/* Unit tests for the `cpuid -r -1` dump parser. Text is handed to the parser in a heap block of
   exactly its length with no terminating NUL, so AddressSanitizer and valgrind catch any read
   past the end. */

#include <check.h>

#include "check_run.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse/cpuid_dump.h"

enum { MAX_PROBLEMS = 64, PROBLEM_SIZE = 300 };

typedef struct problems {
    size_t count;
    char messages[MAX_PROBLEMS][PROBLEM_SIZE];
} problems;

static void collect_problem(void *ctx, const char *message)
{
    problems *p = ctx;
    ck_assert_msg(strncmp(message, "line ", 5) == 0, "problem without a line number: %s", message);
    if (p->count < MAX_PROBLEMS) {
        size_t n = strlen(message);
        if (n >= PROBLEM_SIZE)
            n = PROBLEM_SIZE - 1;
        memcpy(p->messages[p->count], message, n);
        p->messages[p->count][n] = '\0';
    }
    p->count++;
}

static problems *new_problems(void)
{
    problems *p = calloc(1, sizeof *p);
    ck_assert_ptr_nonnull(p);
    return p;
}

static int parse_n(const char *text, size_t len, hvd__cpuid_table *t, problems *p)
{
    char *copy = malloc(len > 0 ? len : 1);
    ck_assert_ptr_nonnull(copy);
    if (len > 0)
        memcpy(copy, text, len);
    int n = hvd__cpuid_dump_parse(copy, len, t, collect_problem, p);
    free(copy);
    return n;
}

static int parse(const char *text, hvd__cpuid_table *t, problems *p)
{
    return parse_n(text, strlen(text), t, p);
}

static void assert_leaf(const hvd__cpuid_table *t, uint32_t leaf, uint32_t subleaf, uint32_t eax, uint32_t ebx,
                        uint32_t ecx, uint32_t edx)
{
    uint32_t regs[4] = {0xDEAD, 0xDEAD, 0xDEAD, 0xDEAD};
    ck_assert_msg(hvd__cpuid_table_get(t, leaf, subleaf, regs), "leaf 0x%08x/0x%x missing", (unsigned)leaf,
                  (unsigned)subleaf);
    ck_assert_uint_eq(regs[0], eax);
    ck_assert_uint_eq(regs[1], ebx);
    ck_assert_uint_eq(regs[2], ecx);
    ck_assert_uint_eq(regs[3], edx);
}

static const char kvm_dump[] =
    "CPU:\n"
    "   0x00000000 0x00: eax=0x0000001c ebx=0x68747541 ecx=0x444d4163 edx=0x69746e65\n"
    "   0x00000001 0x00: eax=0x00b00f21 ebx=0x01020800 ecx=0xfffa3203 edx=0x178bfbff\n"
    "   0x00000007 0x00: eax=0x00000001 ebx=0xf1bf07ab ecx=0x00405fc6 edx=0x00000110\n"
    "   0x00000007 0x01: eax=0x00000030 ebx=0x00000000 ecx=0x00000000 edx=0x00000000\n"
    "   0x40000000 0x00: eax=0x40000001 ebx=0x4b4d564b ecx=0x564b4d56 edx=0x0000004d\n"
    "   0x40000001 0x00: eax=0x01007afb ebx=0x00000000 ecx=0x00000000 edx=0x00000000\n"
    "   0x80000000 0x00: eax=0x80000028 ebx=0x68747541 ecx=0x444d4163 edx=0x69746e65\n";

START_TEST(test_kvm_dump)
{
    hvd__cpuid_table t = {0};
    problems *p = new_problems();
    ck_assert_int_eq(parse(kvm_dump, &t, p), 7);
    ck_assert_uint_eq(t.count, 7);
    ck_assert_uint_eq(p->count, 0);
    assert_leaf(&t, 0x40000000u, 0, 0x40000001u, 0x4b4d564bu, 0x564b4d56u, 0x0000004du);
    assert_leaf(&t, 0x00000007u, 1, 0x30, 0, 0, 0);
    assert_leaf(&t, 0x00000001u, 0, 0x00b00f21u, 0x01020800u, 0xfffa3203u, 0x178bfbffu);
    ck_assert_int_eq(hvd__cpuid_table_get(&t, 0x40000000u, 1, NULL), 0);
    ck_assert_int_eq(hvd__cpuid_table_get(&t, 0x40000002u, 0, NULL), 0);
    ck_assert_int_eq(hvd__cpuid_table_get(&t, 0x40000001u, 0, NULL), 1);
    hvd__cpuid_table_clear(&t);
    ck_assert_ptr_null(t.leaves);
    ck_assert_uint_eq(t.count, 0);
    ck_assert_uint_eq(t.capacity, 0);
    ck_assert_int_eq(hvd__cpuid_table_get(&t, 0x40000000u, 0, NULL), 0);
    free(p);
}
END_TEST

START_TEST(test_loose_formatting)
{
    static const char text[] =
        "0x40000000 0x00: eax=0x40000005 ebx=0x7263694D ecx=0x666F736F edx=0x76482074\n" /* no indent */
        "\t0X40000001  0X0 :EAX=0X31237648\tEBX=0x0 ECX=0x0 edx=0x0   \n"                  /* tabs, case */
        "  0x40000003 0x00: eax=0xAbCdEf01 ebx=0x1 ecx=0x2 edx=0x3\r\n"                     /* CRLF */
        "\n"
        "   \t  \r\n"
        "  0xffffffff 0xffffffff: eax=0xffffffff ebx=0xFFFFFFFF ecx=0x0 edx=0x0\n";
    hvd__cpuid_table t = {0};
    problems *p = new_problems();
    ck_assert_int_eq(parse(text, &t, p), 4);
    ck_assert_uint_eq(p->count, 0);
    assert_leaf(&t, 0x40000000u, 0, 0x40000005u, 0x7263694Du, 0x666F736Fu, 0x76482074u);
    assert_leaf(&t, 0x40000001u, 0, 0x31237648u, 0, 0, 0);
    assert_leaf(&t, 0x40000003u, 0, 0xABCDEF01u, 1, 2, 3);
    assert_leaf(&t, 0xFFFFFFFFu, 0xFFFFFFFFu, 0xFFFFFFFFu, 0xFFFFFFFFu, 0, 0);
    hvd__cpuid_table_clear(&t);
    free(p);
}
END_TEST

START_TEST(test_second_cpu_block_ignored)
{
    static const char text[] =
        "CPU 0:\n"
        "   0x00000000 0x00: eax=0x00000016 ebx=0x756e6547 ecx=0x6c65746e edx=0x49656e69\n"
        "   0x40000000 0x00: eax=0x40000010 ebx=0x61774d56 ecx=0x4d566572 edx=0x65726177\n"
        "CPU 1:\n"
        "   0x00000000 0x00: eax=0x00000099 ebx=0x756e6547 ecx=0x6c65746e edx=0x49656e69\n"
        "   0x00000001 0x00: eax=0x00000001 ebx=0x00000000 ecx=0x00000000 edx=0x00000000\n"
        "garbage that is never read\n";
    hvd__cpuid_table t = {0};
    problems *p = new_problems();
    ck_assert_int_eq(parse(text, &t, p), 2);
    ck_assert_uint_eq(p->count, 0);
    assert_leaf(&t, 0, 0, 0x16, 0x756e6547u, 0x6c65746eu, 0x49656e69u);
    ck_assert_int_eq(hvd__cpuid_table_get(&t, 1, 0, NULL), 0);
    hvd__cpuid_table_clear(&t);

    /* leaves before any header form the first block, too */
    static const char headless[] =
        "   0x40000000 0x00: eax=0x40000010 ebx=0x61774d56 ecx=0x4d566572 edx=0x65726177\n"
        "CPU 1:\n"
        "   0x00000001 0x00: eax=0x00000001 ebx=0x00000000 ecx=0x00000000 edx=0x00000000\n";
    ck_assert_int_eq(parse(headless, &t, p), 1);
    ck_assert_int_eq(hvd__cpuid_table_get(&t, 1, 0, NULL), 0);
    hvd__cpuid_table_clear(&t);

    /* a second header ends the first block even when that block is empty */
    ck_assert_int_eq(parse("CPU:\n  CPU 0 :  \n0x1 0x0: eax=0x1 ebx=0x2 ecx=0x3 edx=0x4\n", &t, p), 0);
    hvd__cpuid_table_clear(&t);
    free(p);
}
END_TEST

START_TEST(test_malformed_lines_reported_and_skipped)
{
    static const char text[] =
        "CPU:\n"                                                                        /* 1 */
        "   0x00000000 0x00: eax=0x0000001c ebx=0x1 ecx=0x2 edx=0x3\n"                  /* 2 */
        "   0x00000001 0x00: eax=0x00000001 ebq=0x1 ecx=0x2 edx=0x3\n"                  /* 3 */
        "   0x00000002 0x00 eax=0x00000001 ebx=0x1 ecx=0x2 edx=0x3\n"                   /* 4 */
        "   0x00000003 0x00: eax=0x ebx=0x1 ecx=0x2 edx=0x3\n"                          /* 5 */
        "   0x00000004 0x00: eax=0x123456789 ebx=0x1 ecx=0x2 edx=0x3\n"                 /* 6 */
        "   0x00000005 0x00: eax=0x1 ebx=0x1 ecx=0x2\n"                                 /* 7 */
        "   0x00000006 0x00: eax=0x1 ebx=0x1 ecx=0x2 edx=0x3 extra\n"                   /* 8 */
        "   0x00000007 0x00: eax=0x1ebx=0x1 ecx=0x2 edx=0x3\n"                          /* 9 */
        "   hello world\n"                                                              /* 10 */
        "   0x00000008 0x00: eax=0x1 ebx=0x2 ecx=0x3 edx=0x4\n"                         /* 11 */
        "CPU x:\n"                                                                      /* 12 */
        "   0x0000000900x00: eax=0x1 ebx=0x2 ecx=0x3 edx=0x4\n"                         /* 13 */
        "   0x0000000a 0x00: eax=0x1 ebx=0x2 ecx=0x3 edx=0x4\n";                        /* 14 */
    hvd__cpuid_table t = {0};
    problems *p = new_problems();
    ck_assert_int_eq(parse(text, &t, p), 3);
    assert_leaf(&t, 0, 0, 0x1c, 1, 2, 3);
    assert_leaf(&t, 8, 0, 1, 2, 3, 4);
    assert_leaf(&t, 10, 0, 1, 2, 3, 4);
    ck_assert_uint_eq(p->count, 10);
    ck_assert_str_eq(p->messages[0], "line 3: expected \"ebx=0x\" at column 36, found 'q' at column 38");
    ck_assert_str_eq(p->messages[1], "line 4: expected ':' after the subleaf at column 20, found 'e'");
    ck_assert_str_eq(p->messages[2], "line 5: expected hex digits at column 27, found byte 0x20");
    ck_assert_str_eq(p->messages[3], "line 6: eax at column 35 has more than 8 hex digits");
    ck_assert_str_eq(p->messages[4], "line 7: expected a space at column 44, found end of line");
    ck_assert_str_eq(p->messages[5], "line 8: expected end of line after edx at column 53, found 'e'");
    ck_assert_str_eq(p->messages[6], "line 9: expected a space at column 30, found 'x'");
    ck_assert_str_eq(p->messages[7], "line 10: expected \"0x\" at column 4, found 'h'");
    ck_assert_str_eq(p->messages[8], "line 12: expected ':' in the CPU header at column 5, found 'x'");
    ck_assert_str_eq(p->messages[9], "line 13: leaf at column 14 has more than 8 hex digits");
    hvd__cpuid_table_clear(&t);
    free(p);
}
END_TEST

START_TEST(test_duplicates_keep_first)
{
    static const char text[] =
        "0x40000000 0x00: eax=0x40000001 ebx=0x4b4d564b ecx=0x564b4d56 edx=0x0000004d\n"
        "0x40000000 0x01: eax=0x00000001 ebx=0x00000000 ecx=0x00000000 edx=0x00000000\n"
        "0x40000000 0x00: eax=0x40000010 ebx=0x61774d56 ecx=0x4d566572 edx=0x65726177\n";
    hvd__cpuid_table t = {0};
    problems *p = new_problems();
    ck_assert_int_eq(parse(text, &t, p), 2);
    assert_leaf(&t, 0x40000000u, 0, 0x40000001u, 0x4b4d564bu, 0x564b4d56u, 0x4du);
    assert_leaf(&t, 0x40000000u, 1, 1, 0, 0, 0);
    ck_assert_uint_eq(p->count, 1);
    ck_assert_str_eq(p->messages[0], "line 3: duplicate leaf 0x40000000 subleaf 0x0; keeping the first");
    hvd__cpuid_table_clear(&t);
    free(p);
}
END_TEST

START_TEST(test_leaf_cap)
{
    size_t size = 9000 * 80 + 1;
    char *text = malloc(size);
    ck_assert_ptr_nonnull(text);
    size_t len = 0;
    for (unsigned i = 0; i < 9000; i++) {
        int n = snprintf(text + len, size - len, "   0x%08x 0x00: eax=0x%08x ebx=0x0 ecx=0x0 edx=0x0\n", i, i * 3u);
        ck_assert_int_gt(n, 0);
        len += (size_t)n;
    }
    hvd__cpuid_table t = {0};
    problems *p = new_problems();
    ck_assert_int_eq(parse_n(text, len, &t, p), 8192);
    ck_assert_uint_eq(t.count, 8192);
    ck_assert_uint_eq(p->count, 1);
    ck_assert_str_eq(p->messages[0], "line 8193: more than 8192 leaves; ignoring this line and the rest");
    assert_leaf(&t, 8191, 0, 8191 * 3u, 0, 0, 0);
    ck_assert_int_eq(hvd__cpuid_table_get(&t, 8192, 0, NULL), 0);
    hvd__cpuid_table_clear(&t);
    free(p);
    free(text);
}
END_TEST

START_TEST(test_empty_input)
{
    hvd__cpuid_table t = {0};
    problems *p = new_problems();
    ck_assert_int_eq(parse_n("", 0, &t, p), 0);
    ck_assert_int_eq(hvd__cpuid_dump_parse(NULL, 0, &t, collect_problem, p), 0);
    ck_assert_int_eq(hvd__cpuid_dump_parse(NULL, 100, &t, collect_problem, p), 0);
    ck_assert_int_eq(parse("\n\n   \n\t\r\n", &t, p), 0);
    ck_assert_int_eq(parse("CPU:\n", &t, p), 0);
    ck_assert_uint_eq(p->count, 0);
    ck_assert_uint_eq(t.count, 0);
    ck_assert_int_eq(hvd__cpuid_dump_parse("0x1 0x0: eax=0x1 ebx=0x1 ecx=0x1 edx=0x1", 40, NULL, NULL, NULL), -1);
    hvd__cpuid_table_clear(&t);
    hvd__cpuid_table_clear(NULL);
    ck_assert_int_eq(hvd__cpuid_table_get(NULL, 0, 0, NULL), 0);
    free(p);
}
END_TEST

START_TEST(test_no_trailing_newline_and_no_nul)
{
    static const char text[] = "CPU:\n   0x00000001 0x00: eax=0x00000001 ebx=0x00000002 ecx=0x00000003 edx=0x00000004";
    hvd__cpuid_table t = {0};
    problems *p = new_problems();
    ck_assert_int_eq(parse_n(text, sizeof text - 1, &t, p), 1);
    assert_leaf(&t, 1, 0, 1, 2, 3, 4);
    hvd__cpuid_table_clear(&t);

    /* the length, not a NUL, ends the text: cut inside the last number */
    ck_assert_int_eq(parse_n(text, sizeof text - 4, &t, p), 1);
    assert_leaf(&t, 1, 0, 1, 2, 3, 0x00000);
    hvd__cpuid_table_clear(&t);

    /* cut right after "edx=0x" */
    ck_assert_int_eq(parse_n(text, sizeof text - 9, &t, p), 0);
    ck_assert_uint_eq(p->count, 1);
    ck_assert_str_eq(p->messages[0], "line 2: expected hex digits at column 72, found end of line");
    hvd__cpuid_table_clear(&t);
    free(p);
}
END_TEST

START_TEST(test_embedded_nul)
{
    static const char text[] =
        "   0x00000001 0x00: eax=0x1\0 ebx=0x2 ecx=0x3 edx=0x4\n"
        "\0\n"
        "   0x00000002 0x00: eax=0x1 ebx=0x2 ecx=0x3 edx=0x4\n";
    hvd__cpuid_table t = {0};
    problems *p = new_problems();
    ck_assert_int_eq(parse_n(text, sizeof text - 1, &t, p), 1);
    assert_leaf(&t, 2, 0, 1, 2, 3, 4);
    ck_assert_uint_eq(p->count, 2);
    ck_assert_str_eq(p->messages[0], "line 1: expected a space at column 28, found byte 0x00");
    ck_assert_str_eq(p->messages[1], "line 2: expected \"0x\" at column 1, found byte 0x00");
    hvd__cpuid_table_clear(&t);
    free(p);
}
END_TEST

START_TEST(test_high_bytes_never_copied_into_messages)
{
    static const char text[] = "\xff\xfe 0x1 0x0: eax=0x1 ebx=0x2 ecx=0x3 edx=0x4\n";
    hvd__cpuid_table t = {0};
    problems *p = new_problems();
    ck_assert_int_eq(parse(text, &t, p), 0);
    ck_assert_uint_eq(p->count, 1);
    ck_assert_str_eq(p->messages[0], "line 1: expected \"0x\" at column 1, found byte 0xff");
    hvd__cpuid_table_clear(&t);
    free(p);
}
END_TEST

START_TEST(test_no_problem_callback)
{
    hvd__cpuid_table t = {0};
    ck_assert_int_eq(hvd__cpuid_dump_parse("junk\n0x5 0x0: eax=0x1 ebx=0x2 ecx=0x3 edx=0x4\n", 46, &t, NULL, NULL), 1);
    assert_leaf(&t, 5, 0, 1, 2, 3, 4);
    hvd__cpuid_table_clear(&t);
}
END_TEST

/* Random text over the format's own alphabet: the parser must stay inside the buffer, stay
   under the cap, and name a line in every problem (checked by the collector). */
START_TEST(test_random_text_stays_in_bounds)
{
    static const char alphabet[] = "0x0x0x:  \t\n\r\n eax=ebx=ecx=edx=CPU 0123456789abcdefABCDEF\0\xff";
    uint32_t state = 0xBADC0DEu;
    char text[512];
    for (int round = 0; round < 3000; round++) {
        state = state * 1103515245u + 12345u;
        size_t len = (state >> 8) % sizeof text;
        for (size_t i = 0; i < len; i++) {
            state = state * 1103515245u + 12345u;
            text[i] = alphabet[(state >> 16) % (sizeof alphabet - 1)];
        }
        if (round % 3 == 0 && len > 80) /* splice in a valid line to reach the deeper states */
            memcpy(text + len / 2 - 40, "\n0x1 0x0: eax=0x1 ebx=0x2 ecx=0x3 edx=0x4\n", 42);
        hvd__cpuid_table t = {0};
        problems *p = new_problems();
        int n = parse_n(text, len, &t, p);
        ck_assert_int_ge(n, 0);
        ck_assert_uint_eq((size_t)n, t.count);
        ck_assert_uint_le(t.count, t.capacity);
        hvd__cpuid_table_clear(&t);
        free(p);
    }
}
END_TEST

static Suite *cpuid_dump_suite(void)
{
    Suite *s = suite_create("parse_cpuid_dump");
    TCase *format = tcase_create("format");
    tcase_add_test(format, test_kvm_dump);
    tcase_add_test(format, test_loose_formatting);
    tcase_add_test(format, test_second_cpu_block_ignored);
    tcase_add_test(format, test_duplicates_keep_first);
    tcase_add_test(format, test_no_trailing_newline_and_no_nul);
    suite_add_tcase(s, format);

    TCase *hostile = tcase_create("hostile");
    tcase_set_timeout(hostile, 120);
    tcase_add_test(hostile, test_malformed_lines_reported_and_skipped);
    tcase_add_test(hostile, test_leaf_cap);
    tcase_add_test(hostile, test_empty_input);
    tcase_add_test(hostile, test_embedded_nul);
    tcase_add_test(hostile, test_high_bytes_never_copied_into_messages);
    tcase_add_test(hostile, test_no_problem_callback);
    tcase_add_test(hostile, test_random_text_stays_in_bounds);
    suite_add_tcase(s, hostile);
    return s;
}

int main(void)
{
    int failed = hvd_test_run(cpuid_dump_suite());
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
