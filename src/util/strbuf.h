/* SPDX-License-Identifier: MIT */
#ifndef HVD_UTIL_STRBUF_H
#define HVD_UTIL_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

#include "util/error.h"

/* A growable NUL-terminated string. A failed allocation sets failed and turns later appends into no-ops, so that
 * renderers check once at the end instead of after every append. */
typedef struct hvd__strbuf {
    char *data;
    size_t length;
    size_t capacity;
    int failed;
} hvd__strbuf;

void hvd__strbuf_append(hvd__strbuf *buffer, const char *text);
void hvd__strbuf_append_n(hvd__strbuf *buffer, const char *text, size_t length);
void hvd__strbuf_printf(hvd__strbuf *buffer, const char *format, ...) HVD__PRINTF(2, 3);
void hvd__strbuf_vprintf(hvd__strbuf *buffer, const char *format, va_list args) HVD__PRINTF(2, 0);
/* Hands the string over to the caller (never NULL unless allocation failed) and resets the buffer. */
char *hvd__strbuf_detach(hvd__strbuf *buffer);
void hvd__strbuf_free(hvd__strbuf *buffer);

#endif
