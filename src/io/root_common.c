/* The parts of the root that are the same on every system; root.c (POSIX) and platform/windows/root_win.c open
 * and read. */

#include "io/root.h"

#include <stdlib.h>
#include <string.h>

#include "util/error.h"

int hvd__read_user_file(const char *path, size_t max, hvd__file *out)
{
    static const int codes[] = {[HVD__READ_OK] = HVD_OK,        [HVD__READ_ABSENT] = HVD_ENOTFOUND,
                                [HVD__READ_DENIED] = HVD_EPERM, [HVD__READ_ERROR] = HVD_EBADINPUT,
                                [HVD__READ_DIRECTORY] = HVD_EBADINPUT};
    hvd__root user_paths = hvd__root_user_paths();
    char reason[600] = "";
    hvd__read_status status = hvd__root_read(&user_paths, path, max, 0, out, reason, sizeof(reason));
    return status == HVD__READ_OK ? HVD_OK : hvd__error(codes[status], "%s", reason);
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

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void hvd__names_sort(char **names, size_t count)
{
    if (count > 1)
        qsort(names, count, sizeof(*names), compare_names);
}
