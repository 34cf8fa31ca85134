/* SPDX-License-Identifier: MIT */
#ifndef HVD_IO_DIR_STREAM_H
#define HVD_IO_DIR_STREAM_H

/* An entry of a directory listing. */
typedef struct hvd__dir_entry {
    const char *directory; /* the directory's path, as the caller gave it */
    const char *name;
    int regular;      /* the listing itself says it is a regular file (readdir's d_type): a reader needs no type
                       * check of its own; 0 when the listing says otherwise or nothing */
    int directory_fd; /* the open directory, to open the entry relative to it (openat) without walking the whole
                       * path again; -1 where there is none (Windows) */
} hvd__dir_entry;

/* Visits the entries of a directory the user named one at a time, in the order the file system lists them, without
 * holding the whole list: a support team's directory may hold a hundred thousand evidence bundles. Names starting
 * with a dot are skipped. visit returns 0 to go on. Returns HVD_OK, or an error with hvd_error_last() naming the
 * directory. */
typedef int (*hvd__dir_visit_fn)(void *context, const hvd__dir_entry *entry);

int hvd__dir_stream(const char *directory, hvd__dir_visit_fn visit, void *context);

/* Whether path is a directory (1), something else that exists (0), or cannot be looked at (-1). */
int hvd__path_is_directory(const char *path);

#endif
