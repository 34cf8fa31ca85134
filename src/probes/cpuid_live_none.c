/* SPDX-License-Identifier: MIT */
#include "probes/cpuid_live.h"

#include <string.h>

int hvd__cpuid_live_present(const char **why_not)
{
    *why_not = "this architecture has no CPUID";
    return 0;
}

void hvd__cpuid_live(uint32_t leaf, uint32_t subleaf, uint32_t regs[4])
{
    (void)leaf;
    (void)subleaf;
    memset(regs, 0, 4 * sizeof(regs[0]));
}

const char *hvd__cpuid_live_reader(void)
{
    return "none";
}
