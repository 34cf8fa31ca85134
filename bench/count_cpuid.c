/* SPDX-License-Identifier: MIT */
/* Counts the CPUID instructions a program executes through libcpuid, which on Linux is every CPUID of hvdetect's own
 * code (probes/cpuid_live_libcpuid.c) and of libcpuid's (cpuid_get_hypervisor reads leaf 0x40000000 itself): loaded
 * with LD_PRELOAD, it stands in for libcpuid's two entry points, which libcpuid also calls through its own PLT, and
 * forwards each call to the real one. glibc's own CPUIDs at start-up are not counted: they are not hvdetect's.
 *
 *   HVD_COUNT_CPUID_OUT=counts.txt LD_PRELOAD=build/bench/libcount_cpuid.so build/hvdetect -q
 *
 * writes one line at exit: the total, how many leaf/subleaf pairs were executed more than once and how many leaves
 * lay past their range's maximum (the basic range's from leaf 0, the extended range's from 0x80000000, a hypervisor
 * base's from the base leaf when it lies inside the base's 0x100 leaves), then the repeated pairs. */

#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

typedef void (*exec_ext_fn)(uint32_t *regs);

enum { SEEN_MAX = 4096 };

static unsigned long executed;
typedef struct {
    uint32_t leaf, subleaf;
    unsigned times;
} leaf_count;
static leaf_count seen[SEEN_MAX];
static size_t seen_count;
static unsigned long past_maximum;
static uint32_t basic_max, extended_max, base_max[256];
static int have_basic_max, have_extended_max;

static void count(uint32_t leaf, uint32_t subleaf)
{
    executed++;
    for (size_t i = 0; i < seen_count; i++)
        if (seen[i].leaf == leaf && seen[i].subleaf == subleaf) {
            seen[i].times++;
            return;
        }
    if (seen_count < SEEN_MAX)
        seen[seen_count++] = (leaf_count){leaf, subleaf, 1};
}

/* Executing a leaf past the maximum its range reported earlier in the run. */
static int is_past_maximum(uint32_t leaf)
{
    if (leaf < 0x40000000u)
        return have_basic_max && leaf > basic_max;
    if (leaf >= 0x80000000u)
        return have_extended_max && leaf > extended_max;
    if (leaf > 0x4000FFFFu)
        return 0;
    uint32_t base = leaf & ~0xFFu;
    return leaf != base && leaf > base_max[(base >> 8) & 0xFFu];
}

/* Learns the maxima from the registers a range's first leaf returned. */
static void note_maximum(uint32_t leaf, const uint32_t *regs)
{
    if (leaf == 0) {
        basic_max = regs[0];
        have_basic_max = 1;
    } else if (leaf == 0x80000000u) {
        extended_max = regs[0];
        have_extended_max = 1;
    } else if (leaf >= 0x40000000u && leaf <= 0x4000FF00u && (leaf & 0xFFu) == 0)
        base_max[(leaf >> 8) & 0xFFu] = regs[0] >= leaf && regs[0] <= leaf + 0xFFu ? regs[0] : leaf;
}

static exec_ext_fn real_exec(void)
{
    static exec_ext_fn real;
    if (!real)
        real = (exec_ext_fn)dlsym(RTLD_NEXT, "cpu_exec_cpuid_ext");
    if (!real) {
        fputs("count_cpuid: libcpuid's cpu_exec_cpuid_ext not found\n", stderr);
        abort();
    }
    return real;
}

/* Exported in spite of the build's hidden default: they must interpose on libcpuid's. */
#define INTERPOSED __attribute__((visibility("default")))
INTERPOSED void cpu_exec_cpuid_ext(uint32_t *regs);
INTERPOSED void cpu_exec_cpuid(uint32_t eax, uint32_t *regs);

void cpu_exec_cpuid_ext(uint32_t *regs)
{
    uint32_t leaf = regs[0];
    count(leaf, regs[2]);
    past_maximum += (unsigned long)is_past_maximum(leaf);
    real_exec()(regs);
    note_maximum(leaf, regs);
}

void cpu_exec_cpuid(uint32_t eax, uint32_t *regs)
{
    regs[0] = eax;
    regs[1] = regs[2] = regs[3] = 0;
    cpu_exec_cpuid_ext(regs);
}

__attribute__((destructor)) static void report(void)
{
    const char *path = getenv("HVD_COUNT_CPUID_OUT");
    FILE *out = path ? fopen(path, "w") : stderr;
    if (!out)
        return;
    size_t repeated = 0;
    for (size_t i = 0; i < seen_count; i++)
        repeated += seen[i].times > 1;
    fprintf(out, "%lu CPUID executed, %zu distinct, %zu repeated, %lu past a maximum:", executed, seen_count, repeated,
            past_maximum);
    for (size_t i = 0; i < seen_count; i++)
        if (seen[i].times > 1)
            fprintf(out, " 0x%08x.%u x%u", seen[i].leaf, seen[i].subleaf, seen[i].times);
    fputc('\n', out);
    if (out != stderr)
        fclose(out);
}
