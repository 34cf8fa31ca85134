/* SPDX-License-Identifier: MIT */
#ifndef HVD_UTIL_JSON_ARENA_H
#define HVD_UTIL_JSON_ARENA_H

#include <stddef.h>

#include <cjson/cJSON.h>

/* JSON documents parsed one after another into the same memory: cJSON's nodes and strings are carved from a block
 * that is reused for the next document instead of being allocated and freed one by one (a bundle is about a
 * thousand allocations, and freeing its tree costs a third of parsing it).
 *
 * cJSON has one set of allocation hooks for the whole process (cJSON_InitHooks). hvdetect's hooks are installed
 * by the first hvd__json_arena_parse and stay: on a thread that is not parsing into an arena they are malloc and
 * free, so every other use of cJSON in the process, hvdetect's or an embedder's, allocates as before (only
 * cJSON_Print then grows its buffer by malloc and copy instead of realloc). The arena in use is per thread, so
 * threads parse into their own arenas at once. An embedder that sets its own hooks keeps them: a document they
 * allocated is seen not to be in the arena and is freed with cJSON_Delete as usual, only more slowly. Installing
 * the hooks is not thread-safe in cJSON itself: the first arena parse should not race another thread's first use
 * of cJSON. */

typedef struct hvd__json_arena_block hvd__json_arena_block;

typedef struct hvd__json_arena {
    hvd__json_arena_block *blocks; /* the newest first */
    cJSON *document;               /* the last document parsed, until released */
    int out_of_memory;             /* the last parse ran out of memory */
} hvd__json_arena;

/* Releases the previous document and parses json[0..length) into the arena (cJSON_ParseWithLengthOpts, no trailing
 * text check). The tree lives until the next parse or hvd__json_arena_release: never cJSON_Delete it. NULL when the
 * text is not JSON or the arena is out of memory (then arena->out_of_memory is set); *end as cJSON
 * reports it. */
cJSON *hvd__json_arena_parse(hvd__json_arena *arena, const char *json, size_t length, const char **end);

/* Frees the last document, keeping one block (as large as the largest document so far) for the next. */
void hvd__json_arena_release(hvd__json_arena *arena);

/* Frees the last document and every block. */
void hvd__json_arena_free(hvd__json_arena *arena);

#endif
