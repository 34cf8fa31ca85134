/* SPDX-License-Identifier: MIT */
#ifndef HVD_UTIL_JSON_COUNT_H
#define HVD_UTIL_JSON_COUNT_H

#include <stddef.h>

/* The number of values (objects, arrays, strings that are not member names, numbers, true, false, null) in a JSON
 * text, counted in one pass without allocating, and without checking that the text is valid JSON (the parser does
 * that). Counting stops once it exceeds limit, so the result is at most limit + 1.
 *
 * cJSON allocates a node of about 64 bytes for every value, so a small file of "{}," can cost gigabytes once
 * parsed: callers compare this count with the most their document can legitimately hold before parsing it. */
size_t hvd__json_count_values(const char *json, size_t length, size_t limit);

#endif
