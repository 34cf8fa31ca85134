/* SPDX-License-Identifier: MIT */
#include "probes/cpuid_live.h"

#include <cpuid.h>

/* Every x86-64 CPU has CPUID. */
int hvd__cpuid_live_present(const char **why_not)
{
    (void)why_not;
    return 1;
}

/* __cpuid_count executes the instruction itself: unlike __get_cpuid_count it does not refuse leaves above the
 * basic maximum, which the hypervisor range 0x40000000.. always is. */
void hvd__cpuid_live(uint32_t leaf, uint32_t subleaf, uint32_t regs[4])
{
    unsigned int eax, ebx, ecx, edx;
    __cpuid_count(leaf, subleaf, eax, ebx, ecx, edx);
    regs[0] = eax;
    regs[1] = ebx;
    regs[2] = ecx;
    regs[3] = edx;
}

const char *hvd__cpuid_live_reader(void)
{
    return "compiler intrinsic (__cpuid_count)";
}
