/* SPDX-License-Identifier: MIT */
#ifndef HVD_IO_OUTPUT_H
#define HVD_IO_OUTPUT_H

#include <stddef.h>

/* Writes data to path so that path is always either its old content or the complete new content: a temporary file
 * in the same directory, flushed to disk, then renamed over path, with signals held until then. An existing path that is not a regular file (a
 * symlink, a device, a directory) is refused, so a report written as root cannot be pointed at another file. */
int hvd__write_file_atomic(const char *path, const char *data, size_t length, unsigned int new_file_mode);

/* Modes for new files (the umask still applies; an existing file keeps its own mode). Evidence bundles hold serial
 * numbers and UUIDs unredacted, so only their owner may read them. On Windows a new file inherits its directory's
 * access control list, and the evidence mode asks for one that admits the owner only.
 * One implementation per system: output_posix.c, platform/windows/output_win.c. */
enum { HVD__MODE_REPORT = 0666, HVD__MODE_EVIDENCE = 0600 };

#endif
