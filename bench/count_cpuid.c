/* SPDX-License-Identifier: MIT */
/* Counts the CPUID instructions a program executes through libcpuid, which on Linux is every CPUID of hvdetect's own
 * code (probes/cpuid_live_libcpuid.c) and of libcpuid's (cpuid_get_hypervisor reads leaf 0x40000000 itself): loaded
 * with LD_PRELOAD, it stands in for libcpuid's two entry points, which libcpuid also calls through its own PLT, and
 * forwards each call to the real one. glibc's own CPUIDs at start-up are not counted: they are not hvdetect's.
 *
 *   HVD_COUNT_CPUID_OUT=counts.txt LD_PRELOAD=build/bench/libcount_cpuid.so build/hvdetect -q
 *
 * writes one line at exit: the total, how many leaf/subleaf pairs were executed more than once, and the repeated
 * pairs. */

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
    count(regs[0], regs[2]);
    real_exec()(regs);
}

void cpu_exec_cpuid(uint32_t eax, uint32_t *regs)
{
    regs[0] = eax;
    regs[1] = regs[2] = regs[3] = 0;
    count(eax, 0);
    real_exec()(regs);
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
    fprintf(out, "%lu CPUID executed, %zu distinct, %zu repeated:", executed, seen_count, repeated);
    for (size_t i = 0; i < seen_count; i++)
        if (seen[i].times > 1)
            fprintf(out, " 0x%08x.%u x%u", seen[i].leaf, seen[i].subleaf, seen[i].times);
    fputc('\n', out);
    if (out != stderr)
        fclose(out);
}
