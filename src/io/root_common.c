/* SPDX-License-Identifier: MIT */
/* The parts of the root that are the same on every system; root.c (POSIX) and platform/windows/root_win.c open
 * and read. */

#include "io/root.h"

#include <stdio.h>

#include <stdlib.h>
#include <string.h>

#include "util/error.h"

void hvd__root_set_reason(char *reason, size_t reason_size, const char *path, const char *what)
{
    if (reason && reason_size)
        snprintf(reason, reason_size, "%s: %s", path, what);
}

hvd__read_status hvd__root_too_large(char *reason, size_t reason_size, const char *path, size_t max)
{
    char what[96];
    snprintf(what, sizeof(what), "larger than the %lu bytes hvdetect reads; not read", (unsigned long)max);
    hvd__root_set_reason(reason, reason_size, path, what);
    return HVD__READ_ERROR;
}

hvd__read_status hvd__root_finish_read(char *data, size_t length, int truncated, size_t max, int allow_prefix,
                                       hvd__file *out, const char *path, char *reason, size_t reason_size)
{
    if (truncated && !allow_prefix) {
        free(data);
        return hvd__root_too_large(reason, reason_size, path, max);
    }
    data[length] = '\0';
    out->data = data;
    out->length = length;
    out->truncated = truncated;
    return HVD__READ_OK;
}

int hvd__root_user_error(hvd__read_status status, const char *reason)
{
    static const int codes[] = {[HVD__READ_OK] = HVD_OK,        [HVD__READ_ABSENT] = HVD_ENOTFOUND,
                                [HVD__READ_DENIED] = HVD_EPERM, [HVD__READ_ERROR] = HVD_EBADINPUT,
                                [HVD__READ_DIRECTORY] = HVD_EBADINPUT};
    return status == HVD__READ_OK ? HVD_OK : hvd__error(codes[status], "%s", reason);
}

int hvd__read_user_file(const char *path, size_t max, hvd__file *out)
{
    hvd__root user_paths = hvd__root_user_paths();
    char reason[600] = "";
    return hvd__root_user_error(hvd__root_read(&user_paths, path, max, 0, out, reason, sizeof(reason)), reason);
}

void hvd__read_buffer_free(hvd__read_buffer *buffer)
{
    free(buffer->data);
    memset(buffer, 0, sizeof(*buffer));
}

void hvd__file_free(hvd__file *file)
{
    free(file->data);
    file->data = NULL;
    file->length = 0;
}

void hvd__names_free(char **names, size_t count)
{
    for (size_t i = 0; i < count; i++)
        free(names[i]);
    free(names);
}

int hvd__names_append(hvd__name_list *list, char *name)
{
    if (name && list->count == list->capacity) {
        size_t grown = list->capacity ? list->capacity * 2 : 16;
        char **bigger = realloc(list->names, grown * sizeof(*list->names));
        if (bigger) {
            list->names = bigger;
            list->capacity = grown;
        }
    }
    if (!name || list->count == list->capacity) {
        free(name);
        return 0;
    }
    list->names[list->count++] = name;
    return 1;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void hvd__names_sort(char **names, size_t count)
{
    if (count > 1)
        qsort(names, count, sizeof(*names), compare_names);
}
