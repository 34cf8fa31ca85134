/* SPDX-License-Identifier: MIT */
#include "util/json_count.h"

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
            for (i++; i < length && json[i] != '"'; i++)
                if (json[i] == '\\')
                    i++;
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
