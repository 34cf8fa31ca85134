#ifndef HVD_IO_OUTPUT_H
#define HVD_IO_OUTPUT_H

#include <stddef.h>
#include <sys/types.h>

/* Writes data to path so that path is always either its old content or the complete new content: a temporary file
 * in the same directory, flushed to disk, then renamed over path, with signals held until then. An existing path that is not a regular file (a
 * symlink, a device, a directory) is refused, so a report written as root cannot be pointed at another file. */
int hvd__write_file_atomic(const char *path, const char *data, size_t length, mode_t new_file_mode);

/* Modes for new files (the umask still applies; an existing file keeps its own mode). Evidence bundles hold serial
 * numbers and UUIDs unredacted, so only their owner may read them. */
enum { HVD__MODE_REPORT = 0666, HVD__MODE_EVIDENCE = 0600 };

#endif
