/* SPDX-License-Identifier: MIT */
#include "probes/cpuid_live.h"

#include <pthread.h>
#include <stdio.h>

#include <libcpuid/libcpuid.h>

int hvd__cpuid_live_present(const char **why_not)
{
    if (cpuid_present())
        return 1;
    *why_not = "the CPU has no CPUID instruction";
    return 0;
}

void hvd__cpuid_live(uint32_t leaf, uint32_t subleaf, uint32_t regs[4])
{
    regs[0] = leaf;
    regs[1] = 0;
    regs[2] = subleaf;
    regs[3] = 0;
    cpu_exec_cpuid_ext(regs);
}

/* Written once, by whichever collection comes first: concurrent collections all read the same finished string. */
static char reader_name[64];
static pthread_once_t reader_name_once = PTHREAD_ONCE_INIT;

static void name_reader(void)
{
    snprintf(reader_name, sizeof(reader_name), "libcpuid %s", cpuid_lib_version());
}

const char *hvd__cpuid_live_reader(void)
{
    pthread_once(&reader_name_once, name_reader);
    return reader_name;
}
