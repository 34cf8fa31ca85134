/* SPDX-License-Identifier: MIT */
#ifndef HVD_UTIL_ARENA_H
#define HVD_UTIL_ARENA_H

#include <stddef.h>

/* Strings that live and die together (those of one evidence set, or one result) kept in a few large blocks: one
 * allocation per string would dominate the cost of analysing evidence sets by the hundred thousand. */
typedef struct hvd__arena_block hvd__arena_block;

typedef struct hvd__arena {
    hvd__arena_block *blocks;
} hvd__arena;

/* A copy of text[0..length) with a NUL after it; NULL when out of memory. */
const char *hvd__arena_copy(hvd__arena *arena, const char *text, size_t length);
/* The same, sanitised as hvd__text_sanitize() does. */
const char *hvd__arena_sanitized(hvd__arena *arena, const char *bytes, size_t length);
void hvd__arena_free(hvd__arena *arena);

#endif
