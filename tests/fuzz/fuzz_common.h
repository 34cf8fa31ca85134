/* SPDX-License-Identifier: MIT */
#ifndef HVD_FUZZ_COMMON_H
#define HVD_FUZZ_COMMON_H

/*
 * Helpers shared by the libFuzzer harnesses. A broken promise of the code under test is turned into abort(), which
 * libFuzzer reports as a crash and saves the input of. The harnesses print only why they stop (the check that
 * failed, or the machine's trouble), so that a finding in a log nobody can rerun (a CI machine's) still says it.
 */

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Stops the run: the code under test broke a promise its header makes. The condition and its place are printed
 * (run-fuzzers.sh shows that line with the input) and also left in fuzz_failed_* for gdb. */
#define FUZZ_CHECK(condition)                              \
    do {                                                   \
        if (!(condition))                                  \
            fuzz_fail(#condition, __FILE__, __LINE__);     \
    } while (0)

static volatile const char *fuzz_failed_check;
static volatile const char *fuzz_failed_file;
static volatile int fuzz_failed_line;

__attribute__((noinline, noreturn, unused)) static void fuzz_fail(const char *what, const char *file, int line)
{
    fuzz_failed_check = what;
    fuzz_failed_file = file;
    fuzz_failed_line = line;
    fprintf(stderr, "fuzz check failed: %s (%s:%d)\n", what, file, line);
    abort();
}

/*
 * A heap copy of exactly size bytes (at least one byte is allocated so that size 0 still gives a valid pointer), so
 * that AddressSanitizer catches the first byte read past the end. Aborts when out of memory: that is not a finding.
 */
static inline uint8_t *fuzz_copy(const uint8_t *data, size_t size)
{
    uint8_t *copy = malloc(size ? size : 1);
    if (!copy)
        abort();
    if (size)
        memcpy(copy, data, size);
    return copy;
}

/* The same as a NUL-terminated string: exactly size + 1 bytes. */
static inline char *fuzz_copy_string(const uint8_t *data, size_t size)
{
    char *copy = malloc(size + 1);
    if (!copy)
        abort();
    if (size)
        memcpy(copy, data, size);
    copy[size] = '\0';
    return copy;
}

/* Reads a NUL-terminated string to its end (AddressSanitizer checks every byte); its length. */
static inline size_t fuzz_touch_string(const char *text)
{
    FUZZ_CHECK(text != NULL);
    size_t length = 0;
    volatile unsigned char sink = 0;
    while (text[length] != '\0')
        sink = (unsigned char)(sink ^ (unsigned char)text[length++]);
    (void)sink;
    return length;
}

/* A fixed-size char array holds a NUL within its size. */
#define FUZZ_CHECK_TERMINATED(array) FUZZ_CHECK(memchr((array), '\0', sizeof(array)) != NULL)

/*
 * Whether text is what hvd__text_sanitize promises every stored key and value is, and what every report is made of:
 * valid UTF-8 with no C0 control (but tab, and newline where a document has lines), no DEL, no C1 control
 * (U+0080..U+009F) and no bidi embedding, override or isolate (U+202A..U+202E, U+2066..U+2069).
 */
static inline int fuzz_is_printable_utf8(const char *text, int allow_newline)
{
    const unsigned char *p = (const unsigned char *)text;
    while (*p) {
        unsigned int c = *p, continuation;
        if (c < 0x80) {
            if ((c < 0x20 && c != '\t' && !(allow_newline && c == '\n')) || c == 0x7F)
                return 0;
            p++;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF)
            continuation = 1, c &= 0x1F;
        else if (c >= 0xE0 && c <= 0xEF)
            continuation = 2, c &= 0x0F;
        else if (c >= 0xF0 && c <= 0xF4)
            continuation = 3, c &= 0x07;
        else
            return 0;
        unsigned int length = continuation + 1;
        for (unsigned int i = 1; i <= continuation; i++) {
            if ((p[i] & 0xC0) != 0x80)
                return 0;
            c = (c << 6) | (p[i] & 0x3Fu);
        }
        /* Overlong forms, surrogates and code points past U+10FFFF are not UTF-8. */
        if ((length == 3 && c < 0x800) || (length == 4 && c < 0x10000) || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
            return 0;
        if ((c >= 0x80 && c <= 0x9F) || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069))
            return 0;
        p += length;
    }
    return 1;
}

#endif /* HVD_FUZZ_COMMON_H */
