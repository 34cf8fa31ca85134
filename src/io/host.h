/* SPDX-License-Identifier: MIT */
#ifndef HVD_IO_HOST_H
#define HVD_IO_HOST_H

#include <stddef.h>

/* The name of the running system ("Linux", "Windows") and its machine architecture ("x86_64", "aarch64"), as
 * recorded in the evidence of a live run. 1 on success. One implementation per system: host_posix.c (uname),
 * platform/windows/host_win.c. */
int hvd__host_identity(char *os, size_t os_size, char *arch, size_t arch_size);

#endif
