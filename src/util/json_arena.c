/* SPDX-License-Identifier: MIT */
#include "util/json_arena.h"

#include <stdalign.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

struct hvd__json_arena_block {
    hvd__json_arena_block *next;
    size_t used;
    size_t size;
    alignas(max_align_t) unsigned char data[];
};

/* A bundle's tree fits in the first block; a kept block is at most KEPT_BLOCK_MAX, so that one huge document does
 * not hold its memory for the rest of the run. */
enum { FIRST_BLOCK_SIZE = 64 * 1024, KEPT_BLOCK_MAX = 1024 * 1024 };

/* The arena this thread's cJSON allocations go to, while it parses into one. Every allocation of a parse reads it:
 * in a shared library the default TLS model makes each read a call into the dynamic linker (__tls_get_addr), which
 * cost as much as the allocation itself; the initial-exec model makes it one load (the library's few bytes of TLS
 * fit the static TLS space glibc keeps for libraries loaded with dlopen too). */
#if defined(__GNUC__) && defined(__ELF__)
#define HVD__INITIAL_EXEC_TLS __attribute__((tls_model("initial-exec")))
#else
#define HVD__INITIAL_EXEC_TLS
#endif
/* Kept out of the allocation that calls it, so that the path nearly every allocation takes saves no registers. */
#if defined(__GNUC__)
#define HVD__SLOW_PATH __attribute__((noinline, cold))
#else
#define HVD__SLOW_PATH
#endif
static _Thread_local hvd__json_arena *parsing_into HVD__INITIAL_EXEC_TLS;

static hvd__json_arena_block *new_block(size_t size)
{
    hvd__json_arena_block *block = malloc(sizeof(*block) + size);
    if (block) {
        block->next = NULL;
        block->used = 0;
        block->size = size;
    }
    return block;
}

static size_t total_size(const hvd__json_arena *arena)
{
    size_t total = 0;
    for (const hvd__json_arena_block *block = arena->blocks; block; block = block->next)
        total += block->size;
    return total;
}

/* Puts first a new block with room for size bytes, twice as large as the current one (or the first). */
static HVD__SLOW_PATH hvd__json_arena_block *add_block(hvd__json_arena *arena, size_t size)
{
    hvd__json_arena_block *block = arena->blocks;
    size_t grown = block ? block->size * 2 : FIRST_BLOCK_SIZE;
    grown = grown < size ? size : grown;
    hvd__json_arena_block *fresh = new_block(grown);
    if (!fresh) {
        arena->out_of_memory = 1;
        return NULL;
    }
    fresh->next = block;
    arena->blocks = fresh;
    return fresh;
}

static void *arena_allocate(hvd__json_arena *arena, size_t size)
{
    size = (size + alignof(max_align_t) - 1) & ~(alignof(max_align_t) - 1);
    hvd__json_arena_block *block = arena->blocks;
    /* Nearly every allocation fits the current block: that path calls nothing. */
    if (!block || block->size - block->used < size)
        block = add_block(arena, size);
    if (!block)
        return NULL;
    void *out = block->data + block->used;
    block->used += size;
    return out;
}

static int arena_owns(const hvd__json_arena *arena, const void *pointer)
{
    uintptr_t p = (uintptr_t)pointer;
    for (const hvd__json_arena_block *block = arena->blocks; block; block = block->next)
        if (p >= (uintptr_t)block->data && p < (uintptr_t)block->data + block->size)
            return 1;
    return 0;
}

static void *hook_malloc(size_t size)
{
    return parsing_into ? arena_allocate(parsing_into, size) : malloc(size);
}

/* Within an arena a node is freed with the rest of it (cJSON frees what it built when a parse fails). */
static void hook_free(void *pointer)
{
    if (!parsing_into || !arena_owns(parsing_into, pointer))
        free(pointer);
}

static void install_hooks(void)
{
    static atomic_int installed;
    if (atomic_exchange(&installed, 1) == 0) {
        cJSON_Hooks hooks = {hook_malloc, hook_free};
        cJSON_InitHooks(&hooks);
    }
}

cJSON *hvd__json_arena_parse(hvd__json_arena *arena, const char *json, size_t length, const char **end)
{
    hvd__json_arena_release(arena);
    install_hooks();
    arena->out_of_memory = 0;
    parsing_into = arena;
    arena->document = cJSON_ParseWithLengthOpts(json, length, end, 0);
    parsing_into = NULL;
    return arena->document;
}

/* A document that hooks an embedder set after hvdetect's allocated elsewhere is freed the ordinary way. */
static void release_document(hvd__json_arena *arena)
{
    if (arena->document && !arena_owns(arena, arena->document))
        cJSON_Delete(arena->document);
    arena->document = NULL;
}

void hvd__json_arena_release(hvd__json_arena *arena)
{
    release_document(arena);
    hvd__json_arena_block *kept = arena->blocks;
    if (!kept)
        return;
    size_t wanted = total_size(arena);
    if (kept->next) {
        /* The document needed several blocks: one block of their total size serves the next such document. */
        hvd__json_arena_free(arena);
        kept = new_block(wanted <= KEPT_BLOCK_MAX ? wanted : FIRST_BLOCK_SIZE);
        arena->blocks = kept;
    }
    if (kept)
        kept->used = 0;
}

void hvd__json_arena_free(hvd__json_arena *arena)
{
    release_document(arena);
    for (hvd__json_arena_block *block = arena->blocks, *next; block; block = next) {
        next = block->next;
        free(block);
    }
    arena->blocks = NULL;
}
