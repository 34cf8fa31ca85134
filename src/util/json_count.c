/* SPDX-License-Identifier: MIT */
#include "util/json_count.h"

#include <string.h>

/* The offset of the quote that ends the string opened at json[open], or length: the next quote that an even number
 * of backslashes precedes (each escapes the character after it), found with memchr, which scans a word at a time. */
static size_t string_end(const char *json, size_t open, size_t length)
{
    size_t i = open;
    for (;;) {
        const char *quote = memchr(json + i + 1, '"', length - i - 1);
        if (!quote)
            return length;
        i = (size_t)(quote - json);
        size_t backslashes = 0;
        while (json[i - 1 - backslashes] == '\\') /* stops at the opening quote at the latest */
            backslashes++;
        if (backslashes % 2 == 0)
            return i;
    }
}

size_t hvd__json_count_values(const char *json, size_t length, size_t limit)
{
    size_t containers = 0, strings = 0, names = 0, scalars = 0;
    char previous = ','; /* the last structural character outside strings; the text starts as after a ',' */
    for (size_t i = 0; i < length; i++) {
        char c = json[i];
        switch (c) {
        case ' ': case '\t': case '\n': case '\r':
            continue;
        case '{': case '[':
            containers++;
            break;
        case ':':
            if (previous == '"')
                names++; /* the string just before it was a member name, not a value */
            break;
        case '"':
            strings++;
            i = string_end(json, i, length);
            break;
        case '}': case ']': case ',':
            break;
        default:
            /* The first character of a number or literal: one value, however long. */
            if (previous == ',' || previous == '[' || previous == ':')
                scalars++;
            break;
        }
        previous = c;
        size_t values = containers + scalars + (strings > names ? strings - names : 0);
        if (values > limit)
            return limit + 1;
    }
    size_t values = containers + scalars + (strings > names ? strings - names : 0);
    return values > limit ? limit + 1 : values;
}
