/* SPDX-License-Identifier: MIT */
#ifndef HVD_IO_ROOT_H
#define HVD_IO_ROOT_H

#include <stddef.h>

#include "io/dir_stream.h"

/* The only place that opens files for the probes (root.c on POSIX, platform/windows/root_win.c on Windows, with
 * root_common.c shared). Every path is relative to a root: "/" on the live machine, or a
 * saved tree given with --root, inside which every path (symlinks included) resolves and never leaves it.
 * Reads are bounded in size, and anything but a regular file (FIFO, device, socket) is refused before it is read,
 * so a hostile tree cannot make a probe hang or read without end. */

typedef struct hvd__root {
    int directory_fd;   /* POSIX: the root directory (AT_FDCWD for user paths) */
    char *directory;    /* Windows: the root directory, UTF-8, owned; NULL for the live machine and user paths */
    int live;           /* 1 when the root is the live machine's "/" */
    int kernel_confined; /* 1 when openat2(RESOLVE_IN_ROOT) is available and confines lookups */
    int check_type;      /* refuse non-regular files before opening them (saved trees, files named by the user) */
} hvd__root;

/* Outcome of one read, mapped by the probes to observation statuses. */
typedef enum hvd__read_status {
    HVD__READ_OK = 0,
    HVD__READ_ABSENT,
    HVD__READ_DENIED,
    HVD__READ_ERROR,
    HVD__READ_DIRECTORY /* asked to read a file, found a directory */
} hvd__read_status;

typedef struct hvd__file {
    char *data;      /* NUL-terminated; owned, free with hvd__file_free() */
    size_t length;
    int truncated;   /* the file was longer than the limit: data holds the first max bytes */
} hvd__file;

/* path NULL means the live machine. Returns HVD_OK or an error code with hvd_error_last() set. */
int hvd__root_open(hvd__root *root, const char *path);
void hvd__root_close(hvd__root *root);

/* A root through which paths given by the user (absolute or relative to the working directory) are read with the
 * same limits and checks. Needs no closing. */
hvd__root hvd__root_user_paths(void);

/* Reads up to max bytes of relative_path. A longer file is an error unless allow_prefix is set, in which case the
 * first max bytes are returned with truncated set. On failure, reason (if not NULL) says why in words. */
hvd__read_status hvd__root_read(const hvd__root *root, const char *relative_path, size_t max, int allow_prefix,
                                hvd__file *out, char *reason, size_t reason_size);
void hvd__file_free(hvd__file *file);

/* Lists the names in a directory, sorted, without "." and ".." and names starting with a dot, at most max_entries
 * (more set *more_entries). *names is owned by the caller: hvd__names_free(). */
hvd__read_status hvd__root_list(const hvd__root *root, const char *relative_path, size_t max_entries,
                                char ***names, size_t *count, int *more_entries, char *reason, size_t reason_size);
void hvd__names_free(char **names, size_t count);
/* Sorts names as hvd__root_list returns them (byte order). */
void hvd__names_sort(char **names, size_t count);

/* The list hvd__root_list grows, one name at a time, on every system. */
typedef struct hvd__name_list {
    char **names;
    size_t count;
    size_t capacity;
} hvd__name_list;
/* Appends name, which the list then owns (NULL, from a copy that failed, is taken as out of memory). Returns 0 when
 * out of memory, name freed and the list as it was. */
int hvd__names_append(hvd__name_list *list, char *name);

/* Shared by the per-system readers: "path: what" into reason; and the end of a bounded read (a file longer than
 * max is refused unless allow_prefix, else data becomes out's, NUL-terminated). */
void hvd__root_set_reason(char *reason, size_t reason_size, const char *path, const char *what);
hvd__read_status hvd__root_too_large(char *reason, size_t reason_size, const char *path, size_t max);
hvd__read_status hvd__root_finish_read(char *data, size_t length, int truncated, size_t max, int allow_prefix,
                                       hvd__file *out, const char *path, char *reason, size_t reason_size);

/* The error a read of a file the user named ends in: HVD_OK, or HVD_ENOTFOUND / HVD_EPERM / HVD_EBADINPUT with
 * hvd_error_last() set to reason. */
int hvd__root_user_error(hvd__read_status status, const char *reason);

/* Reads a file the user named (a dump, a bundle, a configuration file) with the same limits and checks. Returns
 * HVD_OK, or HVD_ENOTFOUND / HVD_EPERM / HVD_EBADINPUT with hvd_error_last() naming the file and the problem. */
int hvd__read_user_file(const char *path, size_t max, hvd__file *out);

/* Memory that reading many files one after another reuses (hvd__read_listed_file): it keeps the size of the
 * largest file read so far. data is NUL-terminated after the last file's length bytes. */
typedef struct hvd__read_buffer {
    char *data;
    size_t length;
    size_t capacity; /* bytes data has room for, besides the NUL */
} hvd__read_buffer;

/* Reads a file that a directory listing showed to be a regular file (hvd__dir_entry's regular) into buffer, with
 * the limit and the errors of hvd__read_user_file but without its type check: the listing has told the type. path
 * is the entry's whole path, which messages name. */
int hvd__read_listed_file(const hvd__dir_entry *entry, const char *path, size_t max, hvd__read_buffer *buffer);
void hvd__read_buffer_free(hvd__read_buffer *buffer);

/* Whether relative_path exists inside the root (without following a final symlink out of it). */
hvd__read_status hvd__root_exists(const hvd__root *root, const char *relative_path, char *reason, size_t reason_size);

#endif
