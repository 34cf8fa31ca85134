/* SPDX-License-Identifier: MIT */
#ifndef HVD_IO_HOST_H
#define HVD_IO_HOST_H

#include <stddef.h>

/* The name of the running system ("Linux", "Windows") and its machine architecture ("x86_64", "aarch64"), as
 * recorded in the evidence of a live run. 1 on success. One implementation per system: host_posix.c (uname),
 * platform/windows/host_win.c. */
int hvd__host_identity(char *os, size_t os_size, char *arch, size_t arch_size);

/* Whether this process reads with the system's full privileges (root): 1 yes, 0 no, -1 unknown. A file denied to
 * root is denied by a container or a security module, and running as root would not help. */
int hvd__host_is_privileged(void);

#endif
