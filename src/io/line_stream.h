/* SPDX-License-Identifier: MIT */
#ifndef HVD_IO_LINE_STREAM_H
#define HVD_IO_LINE_STREAM_H

#include <stddef.h>

/* Visits the lines of a file the user named one at a time, without holding the whole file: an NDJSON file may hold
 * a hundred thousand evidence bundles. Like hvd__read_user_file, only a regular file is read (a FIFO or a device is
 * refused instead of blocking). line is NUL-terminated without its newline (a "\r" before it is kept), borrowed for
 * the call; number counts from 1. A line longer than max is not read: visit gets it with line NULL. The last line
 * may lack its newline: terminated is then 0. visit returns 0 to go on. Returns HVD_OK, or an error with
 * hvd_error_last() naming the file. */
typedef int (*hvd__line_visit_fn)(void *context, const char *line, size_t length, size_t number, int terminated);

int hvd__line_stream(const char *path, size_t max, hvd__line_visit_fn visit, void *context);

#endif
