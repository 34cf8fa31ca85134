/* SPDX-License-Identifier: MIT */
#include "io/host.h"

#include <stdio.h>
#include <windows.h>

/* The architecture under the names uname(2) gives, so that reports from both systems read alike. */
int hvd__host_identity(char *os, size_t os_size, char *arch, size_t arch_size)
{
    SYSTEM_INFO info;
    GetNativeSystemInfo(&info);
    const char *name;
    switch (info.wProcessorArchitecture) {
    case PROCESSOR_ARCHITECTURE_AMD64: name = "x86_64"; break;
    case PROCESSOR_ARCHITECTURE_INTEL: name = "i686"; break;
    case PROCESSOR_ARCHITECTURE_ARM64: name = "aarch64"; break;
    case PROCESSOR_ARCHITECTURE_ARM: name = "arm"; break;
    default: name = "unknown"; break;
    }
    snprintf(os, os_size, "%s", "Windows");
    snprintf(arch, arch_size, "%s", name);
    return 1;
}

/* Windows denies what hvdetect reads to no one in particular (firmware tables need no privilege); unknown. */
int hvd__host_is_privileged(void)
{
    return -1;
}
