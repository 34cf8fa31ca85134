#ifndef HVD_IO_OUTPUT_H
#define HVD_IO_OUTPUT_H

#include <stddef.h>

/* Writes data to path so that path is always either its old content or the complete new content: a temporary file
 * in the same directory, flushed to disk, then renamed over path. An existing path that is not a regular file (a
 * symlink, a device, a directory) is refused, so a report written as root cannot be pointed at another file. */
int hvd__write_file_atomic(const char *path, const char *data, size_t length);

#endif
