/* SPDX-License-Identifier: MIT */
#ifndef HVD_PARSE_CPUID_DUMP_H
#define HVD_PARSE_CPUID_DUMP_H

/*
 * Reads the raw register dump printed by `cpuid -r -1` (Debian package
 * "cpuid"), so detection can run against a recorded CPUID instead of the
 * live instruction:
 *
 *   CPU:
 *      0x40000000 0x00: eax=0x40000001 ebx=0x4b4d564b ecx=0x564b4d56 edx=0x0000004d
 *
 * The "CPU:" / "CPU N:" header is optional; a second header ends the first
 * CPU's block. Leading whitespace is optional, hex digits and the "0x" /
 * register prefixes may be upper or lower case, blank lines and CRLF line
 * ends are accepted. A malformed line is reported as "line N: <what is
 * wrong>" and skipped; a repeated leaf/subleaf keeps the first. At most
 * 8192 leaves are kept (reported once, then parsing stops).
 */

#include <stddef.h>
#include <stdint.h>

#include "parse/problem.h"

typedef struct hvd__cpuid_leaf { uint32_t leaf, subleaf, eax, ebx, ecx, edx; } hvd__cpuid_leaf;
typedef struct hvd__cpuid_table { hvd__cpuid_leaf *leaves; size_t count, capacity; } hvd__cpuid_table;

/*
 * Parses text[0..len) (not necessarily NUL-terminated) into out (which must
 * be zeroed or cleared). Returns the number of leaves read (>= 0), or -1 on
 * allocation failure (out then keeps the leaves read so far and must still
 * be cleared) or when out is NULL. A NULL text is read as empty.
 * on_problem may be NULL.
 */
int hvd__cpuid_dump_parse(const char *text, size_t len, hvd__cpuid_table *out, hvd__problem_fn on_problem,
                          void *ctx);

/* 1 and regs {eax, ebx, ecx, edx} when the leaf/subleaf was recorded, 0 otherwise. regs may be NULL. */
int hvd__cpuid_table_get(const hvd__cpuid_table *t, uint32_t leaf, uint32_t subleaf, uint32_t regs[4]);

/* Frees the leaves and zeroes *t; t may be NULL. */
void hvd__cpuid_table_clear(hvd__cpuid_table *t);

#endif /* HVD_PARSE_CPUID_DUMP_H */
