/* SPDX-License-Identifier: MIT */
#ifndef HVD_PROBES_CPUID_LIVE_H
#define HVD_PROBES_CPUID_LIVE_H

#include <stdint.h>

/* Executing CPUID on this machine's CPU. One implementation per build: cpuid_live_libcpuid.c (libcpuid, where it is
 * packaged), cpuid_live_intrinsic.c (the compiler's <cpuid.h> intrinsic: the Windows build, where libcpuid is not
 * built), cpuid_live_none.c (architectures without CPUID). */

/* 1 when CPUID can be executed; otherwise 0 with *why_not saying why (a static string). */
int hvd__cpuid_live_present(const char **why_not);

/* Fills regs (EAX, EBX, ECX, EDX) for leaf/subleaf. */
void hvd__cpuid_live(uint32_t leaf, uint32_t subleaf, uint32_t regs[4]);

/* What executes CPUID, for the evidence ("libcpuid 0.6.2", "compiler intrinsic (__cpuid_count)"). */
const char *hvd__cpuid_live_reader(void);

#endif
