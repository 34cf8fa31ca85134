/* SPDX-License-Identifier: MIT */
/*
 * hvd__cpuid_dump_parse, hvd__cpuid_table_get and hvd__cpuid_table_clear on arbitrary text (a `cpuid -r -1` dump,
 * not NUL-terminated).
 *
 * Checked besides memory safety: the return value is the number of leaves; at most 8192 leaves, no leaf/subleaf
 * twice; table_get finds every leaf with its registers (and nothing that is not there); every problem names its
 * line and there is at most one per line; the problem callback does not change the table; clear empties it.
 */

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "parse/cpuid_dump.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { MAX_LEAVES = 8192 };

typedef struct problems {
    size_t count;
} problems;

static void on_problem(void *ctx, const char *message)
{
    problems *p = ctx;
    p->count++;
    fuzz_touch_string(message);
    FUZZ_CHECK(strncmp(message, "line ", 5) == 0 && message[5] >= '1' && message[5] <= '9');
}

static int compare_leaves(const void *a, const void *b)
{
    const hvd__cpuid_leaf *x = a, *y = b;
    if (x->leaf != y->leaf)
        return x->leaf < y->leaf ? -1 : 1;
    if (x->subleaf != y->subleaf)
        return x->subleaf < y->subleaf ? -1 : 1;
    return 0;
}

static uint32_t read_le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = (char *)fuzz_copy(data, size);

    hvd__cpuid_table table;
    memset(&table, 0, sizeof(table));
    problems seen = {0};
    int rc = hvd__cpuid_dump_parse(text, size, &table, on_problem, &seen);
    FUZZ_CHECK(rc >= 0);
    FUZZ_CHECK((size_t)rc == table.count);
    FUZZ_CHECK(table.count <= MAX_LEAVES && table.count <= table.capacity);
    FUZZ_CHECK(table.count == 0 || table.leaves != NULL);

    size_t lines = 1;
    for (size_t i = 0; i < size; i++)
        lines += text[i] == '\n';
    FUZZ_CHECK(seen.count <= lines);

    /* Every leaf is found, with its registers. */
    for (size_t i = 0; i < table.count; i++) {
        const hvd__cpuid_leaf *leaf = &table.leaves[i];
        uint32_t regs[4] = {0, 0, 0, 0};
        FUZZ_CHECK(hvd__cpuid_table_get(&table, leaf->leaf, leaf->subleaf, regs) == 1);
        FUZZ_CHECK(regs[0] == leaf->eax && regs[1] == leaf->ebx && regs[2] == leaf->ecx && regs[3] == leaf->edx);
        FUZZ_CHECK(hvd__cpuid_table_get(&table, leaf->leaf, leaf->subleaf, NULL) == 1);
    }

    /* No leaf/subleaf twice. */
    if (table.count > 1) {
        hvd__cpuid_leaf *sorted = malloc(table.count * sizeof(*sorted));
        if (!sorted)
            abort();
        memcpy(sorted, table.leaves, table.count * sizeof(*sorted));
        qsort(sorted, table.count, sizeof(*sorted), compare_leaves);
        for (size_t i = 1; i < table.count; i++)
            FUZZ_CHECK(compare_leaves(&sorted[i - 1], &sorted[i]) != 0);
        free(sorted);
    }

    /* A lookup of a leaf taken from the input succeeds exactly when the table holds it. */
    if (size >= 8) {
        uint32_t leaf = read_le32(data), subleaf = read_le32(data + 4);
        int held = 0;
        for (size_t i = 0; i < table.count && !held; i++)
            held = table.leaves[i].leaf == leaf && table.leaves[i].subleaf == subleaf;
        FUZZ_CHECK(hvd__cpuid_table_get(&table, leaf, subleaf, NULL) == held);
    }

    /* Without a problem callback the table is the same. */
    hvd__cpuid_table quiet;
    memset(&quiet, 0, sizeof(quiet));
    FUZZ_CHECK(hvd__cpuid_dump_parse(text, size, &quiet, NULL, NULL) == rc);
    FUZZ_CHECK(quiet.count == table.count);
    if (table.count)
        FUZZ_CHECK(memcmp(quiet.leaves, table.leaves, table.count * sizeof(*table.leaves)) == 0);
    hvd__cpuid_table_clear(&quiet);

    hvd__cpuid_table_clear(&table);
    FUZZ_CHECK(table.leaves == NULL && table.count == 0 && table.capacity == 0);
    FUZZ_CHECK(hvd__cpuid_table_get(&table, 0, 0, NULL) == 0);
    hvd__cpuid_table_clear(NULL);
    FUZZ_CHECK(hvd__cpuid_table_get(NULL, 0, 0, NULL) == 0);

    /* NULL text reads as empty whatever the length. */
    hvd__cpuid_table empty;
    memset(&empty, 0, sizeof(empty));
    FUZZ_CHECK(hvd__cpuid_dump_parse(NULL, size, &empty, NULL, NULL) == 0 && empty.count == 0);
    hvd__cpuid_table_clear(&empty);

    free(text);
    return 0;
}
