/* SPDX-License-Identifier: MIT */
#include "util/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/clock.h"

/* Length of the valid UTF-8 sequence starting at bytes[0], or 0 when it is not one (RFC 3629 section 4: no overlong
 * forms, no surrogates, nothing above U+10FFFF). */
static size_t utf8_sequence_length(const unsigned char *bytes, size_t available)
{
    unsigned char lead = bytes[0];
    size_t length;
    unsigned char min_second = 0x80, max_second = 0xBF;
    if (lead < 0x80)
        return 1;
    if (lead >= 0xC2 && lead <= 0xDF)
        length = 2;
    else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        if (lead == 0xE0)
            min_second = 0xA0;
        if (lead == 0xED)
            max_second = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        if (lead == 0xF0)
            min_second = 0x90;
        if (lead == 0xF4)
            max_second = 0x8F;
    } else
        return 0;
    if (length > available || bytes[1] < min_second || bytes[1] > max_second)
        return 0;
    for (size_t i = 2; i < length; i++)
        if (bytes[i] < 0x80 || bytes[i] > 0xBF)
            return 0;
    return length;
}

/* Characters that are valid UTF-8 but act on a terminal or on how text reads rather than showing: the C1 controls
 * U+0080..U+009F (U+009B is CSI, which starts a terminal escape sequence as ESC [ does) and the bidirectional
 * embeddings, overrides and isolates U+202A..U+202E and U+2066..U+2069 (which reorder what follows them, CVE-2021-42574). */
static int is_hidden_control(const unsigned char *bytes, size_t sequence)
{
    if (sequence == 2)
        return bytes[0] == 0xC2 && bytes[1] >= 0x80 && bytes[1] <= 0x9F;
    if (sequence == 3 && bytes[0] == 0xE2)
        return (bytes[1] == 0x80 && bytes[2] >= 0xAA && bytes[2] <= 0xAE) ||
               (bytes[1] == 0x81 && bytes[2] >= 0xA6 && bytes[2] <= 0xA9);
    return 0;
}

size_t hvd__text_utf8_cut(const char *text, size_t length)
{
    while (length > 0 && ((unsigned char)text[length] & 0xC0) == 0x80)
        length--; /* text[length] continues the character before it */
    return length;
}

size_t hvd__text_trimmed_length(const char *text, size_t length)
{
    while (length > 0) {
        char last = text[length - 1];
        if (last != '\n' && last != ' ' && last != '\r' && last != '\t' && last != '\0')
            break;
        length--;
    }
    return length;
}

/* The length of the character at in that sanitising keeps as it is (valid UTF-8, neither a control character but
 * tab nor a hidden bidi control), or 0 when it is written as "\xNN" escapes. */
static size_t kept_sequence_length(const unsigned char *in, size_t available)
{
    size_t sequence = utf8_sequence_length(in, available);
    int control = sequence == 1 && (in[0] < 0x20 || in[0] == 0x7F) && in[0] != '\t';
    return sequence == 0 || control || is_hidden_control(in, sequence) ? 0 : sequence;
}

/* Not 0 exactly when one of word's eight bytes is not printable ASCII (0x20..0x7E), tested at once: "has a byte less
 * than n" and "has a byte more than n" of Sean Eron Anderson's Bit Twiddling Hacks, exact for these n. */
static uint64_t not_printable_ascii(uint64_t word)
{
    const uint64_t ones = ~(uint64_t)0 / 255, highs = ones * 0x80;
    uint64_t below = (word - ones * 0x20) & ~word & highs;
    uint64_t above = ((word + ones * (127 - 0x7E)) | word) & highs;
    return below | above;
}

int hvd__text_is_printable_ascii(const char *text, size_t length)
{
    /* Most texts asked about are printable throughout, the others (an indented bundle) not from their first line:
     * eight words are tested without a branch, then whether one had a byte outside. */
    enum { BLOCK = 64 };
    size_t step = 0;
    uint64_t word, outside = 0;
    for (; step + BLOCK <= length && !outside; step += BLOCK)
        for (size_t at = step; at < step + BLOCK; at += 8) {
            memcpy(&word, text + at, 8);
            outside |= not_printable_ascii(word);
        }
    for (; step + 8 <= length && !outside; step += 8) {
        memcpy(&word, text + step, 8);
        outside |= not_printable_ascii(word);
    }
    if (outside)
        return 0;
    word = ~(uint64_t)0 / 255 * ' '; /* the last bytes padded with spaces */
    memcpy(&word, text + step, length - step);
    return not_printable_ascii(word) == 0;
}

int hvd__text_is_sanitized(const char *text, size_t length)
{
    if (hvd__text_trimmed_length(text, length) != length)
        return 0;
    if (hvd__text_is_printable_ascii(text, length))
        return 1; /* most text is */
    const unsigned char *in = (const unsigned char *)text;
    size_t i = 0;
    while (i < length) {
        size_t sequence = in[i] >= 0x20 && in[i] < 0x7F ? 1 : kept_sequence_length(in + i, length - i);
        if (sequence == 0)
            return 0;
        i += sequence;
    }
    return 1;
}

size_t hvd__text_sanitize_into(char *out, const char *bytes, size_t length)
{
    length = hvd__text_trimmed_length(bytes, length);
    const unsigned char *in = (const unsigned char *)bytes;
    /* Most text is printable ASCII already and is copied as it is. */
    size_t plain = 0;
    while (plain < length && in[plain] >= 0x20 && in[plain] < 0x7F)
        plain++;
    memcpy(out, in, plain);
    size_t o = plain;
    for (size_t i = plain; i < length;) {
        /* Printable ASCII, by far the most common, needs no decoding. */
        if (in[i] >= 0x20 && in[i] < 0x7F) {
            out[o++] = (char)in[i++];
            continue;
        }
        size_t sequence = kept_sequence_length(in + i, length - i);
        if (sequence == 0) {
            /* Every byte of the character, so that "\xc2\x9b" reads back as the bytes it was. */
            size_t escaped = utf8_sequence_length(in + i, length - i);
            escaped = escaped ? escaped : 1;
            static const char hex[] = "0123456789abcdef";
            for (size_t b = 0; b < escaped; b++, i++) {
                out[o++] = '\\';
                out[o++] = 'x';
                out[o++] = hex[in[i] >> 4];
                out[o++] = hex[in[i] & 0xF];
            }
            continue;
        }
        memcpy(out + o, in + i, sequence);
        o += sequence;
        i += sequence;
    }
    out[o] = '\0';
    return o;
}

char *hvd__text_sanitize(const char *bytes, size_t length)
{
    char *out = malloc(hvd__text_trimmed_length(bytes, length) * 4 + 1);
    if (out)
        hvd__text_sanitize_into(out, bytes, length);
    return out;
}

int hvd__text_parse_hex32(const char *text, uint32_t *value)
{
    const char *p = text;
    if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
        p += 2;
    uint32_t result = 0;
    int digits = 0;
    for (; *p; p++) {
        int nibble;
        if (*p >= '0' && *p <= '9')
            nibble = *p - '0';
        else if (*p >= 'a' && *p <= 'f')
            nibble = *p - 'a' + 10;
        else if (*p >= 'A' && *p <= 'F')
            nibble = *p - 'A' + 10;
        else
            break;
        if (++digits > 8)
            return 0;
        result = (result << 4) | (uint32_t)nibble;
    }
    while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r')
        p++;
    if (digits == 0 || *p != '\0')
        return 0;
    *value = result;
    return 1;
}

void hvd__text_cpuid_signature(const uint32_t registers[3], char out[64])
{
    char raw[12];
    size_t n = 0;
    for (int r = 0; r < 3; r++)
        for (int b = 0; b < 4; b++) {
            char c = (char)((registers[r] >> (8 * b)) & 0xFF);
            if (c != '\0')
                raw[n++] = c;
        }
    char *clean = hvd__text_sanitize(raw, n);
    snprintf(out, 64, "%s", clean ? clean : "");
    free(clean);
}

int hvd__text_has_prefix(const char *text, const char *prefix)
{
    return strncmp(text, prefix, strlen(prefix)) == 0;
}

char *hvd__strdup(const char *text)
{
    if (!text)
        return NULL;
    size_t length = strlen(text) + 1;
    char *copy = malloc(length);
    if (copy)
        memcpy(copy, text, length);
    return copy;
}

int hvd__text_valid_date(const char *date)
{
    int year, month, day, consumed = 0;
    return date && sscanf(date, "%4d-%2d-%2d%n", &year, &month, &day, &consumed) == 3 && consumed == 10 &&
           date[10] == '\0' && month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

void hvd__utc_timestamp(char out[32])
{
    out[0] = '\0';
    struct tm utc;
    if (hvd__utc_now(&utc))
        strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &utc);
}

/* ASCII case folding only: the comparison means the same on every system and in every locale. */
static int fold(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

int hvd__text_ncasecmp(const char *a, const char *b, size_t length)
{
    for (size_t i = 0; i < length; i++) {
        int difference = fold((unsigned char)a[i]) - fold((unsigned char)b[i]);
        if (difference != 0 || a[i] == '\0')
            return difference;
    }
    return 0;
}

int hvd__text_casecmp(const char *a, const char *b)
{
    return hvd__text_ncasecmp(a, b, (size_t)-1);
}
