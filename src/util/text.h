/* SPDX-License-Identifier: MIT */
#ifndef HVD_UTIL_TEXT_H
#define HVD_UTIL_TEXT_H

#include <stddef.h>
#include <stdint.h>

/* Returns a newly allocated copy of bytes[0..length) that is valid, printable UTF-8: each byte that is not part of
 * a valid sequence, and each byte of a control character but tab (C0, DEL, C1 U+0080..U+009F) or of a bidi
 * embedding, override or isolate (U+202A..U+202E, U+2066..U+2069), becomes the four characters "\xNN". Trailing
 * newlines and spaces are dropped. NULL on allocation failure. */
char *hvd__text_sanitize(const char *bytes, size_t length);

/* The same into out, which must hold 4 * length + 1 bytes; returns the length written. */
size_t hvd__text_sanitize_into(char *out, const char *bytes, size_t length);

/* Whether text[0..length) is its own sanitised form (hvd__text_sanitize would return the same bytes): a string
 * written by hvdetect, read back, needs no copy. */
int hvd__text_is_sanitized(const char *text, size_t length);

/* Whether every byte of text[0..length) is printable ASCII (0x20..0x7E). */
int hvd__text_is_printable_ascii(const char *text, size_t length);

/* The longest prefix of text[0..length) that ends between two characters of UTF-8: text is cut there, never
 * inside a character (text[length] is the first byte left out, and must be readable). */
size_t hvd__text_utf8_cut(const char *text, size_t length);

/* Length of text without trailing whitespace and NULs. */
size_t hvd__text_trimmed_length(const char *text, size_t length);

/* Parses "0x1af4" / "1af4" (hex, at most 8 digits, optional trailing whitespace) into *value. 1 on success. */
int hvd__text_parse_hex32(const char *text, uint32_t *value);

/* Copies CPUID register bytes (little-endian) into a 12-character signature, NULs left out, sanitized. */
void hvd__text_cpuid_signature(const uint32_t registers[3], char out[64]);

int hvd__text_has_prefix(const char *text, const char *prefix);

/* Whether date is an ISO calendar date "YYYY-MM-DD" (ISO dates compare correctly as strings). */
int hvd__text_valid_date(const char *date);

/* The current time as "YYYY-MM-DDTHH:MM:SSZ" ("" if the clock cannot be read). */
void hvd__utc_timestamp(char out[32]);

/* strcasecmp / strncasecmp with ASCII case folding, the same on every system and in every locale. */
int hvd__text_casecmp(const char *a, const char *b);
int hvd__text_ncasecmp(const char *a, const char *b, size_t length);

/* strdup that tolerates NULL (returns NULL). */
char *hvd__strdup(const char *text);

#endif
