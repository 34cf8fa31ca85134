/* SPDX-License-Identifier: MIT */
/* The ceiling of fleet replay under cJSON: reads a fleet of saved evidence bundles the way `hvdetect --evidence
 * DIR|FILE.ndjson` does (the same directory listing, one-read file loading and line stream) and, unless told to
 * only read, parses each bundle with cJSON into the same reused arena (cJSON_ParseWithLengthOpts through the same
 * allocation hooks), nothing more: no evidence set, no identification, no policy. bench/fleet.sh times it with the
 * full fleet path in the same run, so that the cost of reading, of parsing and of everything else can be told
 * apart. Prints the number of bundles read and parsed. */

#include <stdio.h>
#include <string.h>

#include "hvdetect/errors.h"
#include "io/dir_stream.h"
#include "io/line_stream.h"
#include "io/root.h"
#include "util/json_arena.h"

enum { MAX_BUNDLE_BYTES = 64 * 1024 * 1024 };

typedef struct bench {
    int parse; /* 0: read only */
    hvd__json_arena arena;
    hvd__read_buffer file;
    size_t bundles, parsed;
} bench;

static void parse_bundle(bench *b, const char *json, size_t length)
{
    b->bundles++;
    if (b->parse && hvd__json_arena_parse(&b->arena, json, length, NULL))
        b->parsed++;
}

static int visit_line(void *context, const char *line, size_t length, size_t number, int terminated)
{
    (void)number;
    (void)terminated;
    if (line && length > 0)
        parse_bundle(context, line, length);
    return 0;
}

static int has_suffix(const char *name, const char *suffix)
{
    size_t length = strlen(name), suffix_length = strlen(suffix);
    return length > suffix_length && strcmp(name + length - suffix_length, suffix) == 0;
}

static int visit_entry(void *context, const hvd__dir_entry *entry)
{
    bench *b = context;
    char path[4096];
    if (!has_suffix(entry->name, ".json") || !entry->regular ||
        snprintf(path, sizeof(path), "%s/%s", entry->directory, entry->name) >= (int)sizeof(path))
        return 0;
    if (hvd__read_listed_file(entry, path, MAX_BUNDLE_BYTES, &b->file) == HVD_OK)
        parse_bundle(b, b->file.data, b->file.length);
    return 0;
}

int main(int argc, char **argv)
{
    int read_only = argc == 3 && strcmp(argv[1], "--read-only") == 0;
    if (argc != 2 && !read_only) {
        fprintf(stderr, "usage: bench_parse [--read-only] DIR|FILE.ndjson\n");
        return 64;
    }
    const char *path = argv[argc - 1];
    bench b = {.parse = !read_only};
    int rc = has_suffix(path, ".ndjson") ? hvd__line_stream(path, MAX_BUNDLE_BYTES, visit_line, &b)
                                         : hvd__dir_stream(path, visit_entry, &b);
    if (rc != HVD_OK) {
        fprintf(stderr, "bench_parse: %s\n", hvd_error_last());
        return 3;
    }
    printf("%lu bundles read, %lu parsed\n", (unsigned long)b.bundles, (unsigned long)b.parsed);
    hvd__json_arena_free(&b.arena);
    hvd__read_buffer_free(&b.file);
    return 0;
}
