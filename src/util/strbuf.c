/* SPDX-License-Identifier: MIT */
#include "util/strbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int reserve(hvd__strbuf *buffer, size_t extra)
{
    if (buffer->failed)
        return 0;
    size_t needed = buffer->length + extra + 1;
    if (needed <= buffer->capacity)
        return 1;
    size_t capacity = buffer->capacity ? buffer->capacity : 256;
    while (capacity < needed)
        capacity *= 2;
    char *data = realloc(buffer->data, capacity);
    if (!data) {
        buffer->failed = 1;
        return 0;
    }
    buffer->data = data;
    buffer->capacity = capacity;
    return 1;
}

void hvd__strbuf_append_n(hvd__strbuf *buffer, const char *text, size_t length)
{
    if (!reserve(buffer, length))
        return;
    memcpy(buffer->data + buffer->length, text, length);
    buffer->length += length;
    buffer->data[buffer->length] = '\0';
}

void hvd__strbuf_append(hvd__strbuf *buffer, const char *text)
{
    hvd__strbuf_append_n(buffer, text, strlen(text));
}

void hvd__strbuf_vprintf(hvd__strbuf *buffer, const char *format, va_list args)
{
    va_list copy;
    va_copy(copy, args);
    int length = vsnprintf(NULL, 0, format, copy);
    va_end(copy);
    if (length >= 0 && reserve(buffer, (size_t)length)) {
        vsnprintf(buffer->data + buffer->length, (size_t)length + 1, format, args);
        buffer->length += (size_t)length;
    }
}

void hvd__strbuf_printf(hvd__strbuf *buffer, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    hvd__strbuf_vprintf(buffer, format, args);
    va_end(args);
}

char *hvd__strbuf_detach(hvd__strbuf *buffer)
{
    if (!buffer->failed && !buffer->data && reserve(buffer, 0))
        buffer->data[0] = '\0'; /* an empty buffer hands over "" */
    char *data = buffer->failed ? NULL : buffer->data;
    if (buffer->failed)
        free(buffer->data);
    buffer->data = NULL;
    buffer->length = buffer->capacity = 0;
    buffer->failed = 0;
    return data;
}

void hvd__strbuf_free(hvd__strbuf *buffer)
{
    free(buffer->data);
    buffer->data = NULL;
    buffer->length = buffer->capacity = 0;
    buffer->failed = 0;
}
