/* SPDX-License-Identifier: MIT */
#include "io/host.h"

#include <stdio.h>
#include <sys/utsname.h>
#include <unistd.h>

int hvd__host_identity(char *os, size_t os_size, char *arch, size_t arch_size)
{
    struct utsname system;
    if (uname(&system) != 0)
        return 0;
    snprintf(os, os_size, "%s", system.sysname);
    snprintf(arch, arch_size, "%s", system.machine);
    return 1;
}

int hvd__host_is_privileged(void)
{
    return geteuid() == 0;
}
