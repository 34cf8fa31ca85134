/* SPDX-License-Identifier: MIT */
#include "util/arena.h"

#include <stdlib.h>
#include <string.h>

#include "util/text.h"

struct hvd__arena_block {
    hvd__arena_block *next;
    size_t used;
    size_t size;
    char data[];
};

enum { BLOCK_SIZE = 16 * 1024 };

static char *reserve(hvd__arena *arena, size_t needed)
{
    hvd__arena_block *block = arena->blocks;
    if (!block || block->size - block->used < needed) {
        size_t size = needed > BLOCK_SIZE ? needed : BLOCK_SIZE;
        hvd__arena_block *fresh = malloc(sizeof(*fresh) + size);
        if (!fresh)
            return NULL;
        fresh->next = block;
        fresh->used = 0;
        fresh->size = size;
        arena->blocks = block = fresh;
    }
    return block->data + block->used;
}

const char *hvd__arena_copy(hvd__arena *arena, const char *text, size_t length)
{
    char *out = reserve(arena, length + 1);
    if (!out)
        return NULL;
    memcpy(out, text, length);
    out[length] = '\0';
    arena->blocks->used += length + 1;
    return out;
}

const char *hvd__arena_sanitized(hvd__arena *arena, const char *bytes, size_t length)
{
    char *out = reserve(arena, hvd__text_trimmed_length(bytes, length) * 4 + 1);
    if (!out)
        return NULL;
    arena->blocks->used += hvd__text_sanitize_into(out, bytes, length) + 1;
    return out;
}

void hvd__arena_free(hvd__arena *arena)
{
    for (hvd__arena_block *block = arena->blocks, *next; block; block = next) {
        next = block->next;
        free(block);
    }
    arena->blocks = NULL;
}
