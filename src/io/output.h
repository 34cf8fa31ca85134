/* SPDX-License-Identifier: MIT */
#ifndef HVD_IO_OUTPUT_H
#define HVD_IO_OUTPUT_H

#include <stddef.h>

/* Writes data to path so that path is always either its old content or the complete new content: a temporary file
 * in the same directory, flushed to disk, then renamed over path, with signals held until then. An existing path that is not a regular file (a
 * symlink, a device, a directory) is refused, so a report written as root cannot be pointed at another file. */
int hvd__write_file_atomic(const char *path, const char *data, size_t length, unsigned int new_file_mode);

/* Appends one line (data[0..length), which ends in a newline and holds no other) to path, created with
 * new_file_mode when absent: an NDJSON file that many machines add their bundles to. The line goes out in one
 * write to a file opened for appending, so lines that several processes append at once never interleave; when the
 * file does not end in a newline (a line cut short by a crash or a full disk), a newline is written first, in the
 * same write, so that the cut line stays alone on its line and this one is whole. A path that is not a regular file
 * (a symlink, a device, a directory) is refused. */
int hvd__append_line(const char *path, const char *data, size_t length, unsigned int new_file_mode);

/* Modes for new files (the umask still applies; an existing file keeps its own mode). Evidence bundles hold serial
 * numbers and UUIDs unredacted, so only their owner may read them. On Windows a new file inherits its directory's
 * access control list, and the evidence mode asks for one that admits the owner only.
 * One implementation per system: output_posix.c, platform/windows/output_win.c. */
enum { HVD__MODE_REPORT = 0666, HVD__MODE_EVIDENCE = 0600 };

#endif
