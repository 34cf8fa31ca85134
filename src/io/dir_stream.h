/* SPDX-License-Identifier: MIT */
#ifndef HVD_IO_DIR_STREAM_H
#define HVD_IO_DIR_STREAM_H

/* Visits the entries of a directory the user named one at a time, in the order the file system lists them, without
 * holding the whole list: a support team's directory may hold a hundred thousand evidence bundles. Names starting
 * with a dot are skipped. regular is 1 when the listing itself says the entry is a regular file (readdir's d_type),
 * which spares a reader the type check of its own; 0 when it says otherwise or nothing. visit returns 0 to go on.
 * Returns HVD_OK, or an error with hvd_error_last() naming the directory. */
typedef int (*hvd__dir_visit_fn)(void *context, const char *directory, const char *name, int regular);

int hvd__dir_stream(const char *directory, hvd__dir_visit_fn visit, void *context);

/* Whether path is a directory (1), something else that exists (0), or cannot be looked at (-1). */
int hvd__path_is_directory(const char *path);

#endif
