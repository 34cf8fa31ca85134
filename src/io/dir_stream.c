/* SPDX-License-Identifier: MIT */
#include "io/dir_stream.h"

#include <dirent.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "util/error.h"

int hvd__dir_stream(const char *directory, hvd__dir_visit_fn visit, void *context)
{
    DIR *stream = opendir(directory);
    if (!stream)
        return hvd__error(errno == ENOENT ? HVD_ENOTFOUND : errno == EACCES ? HVD_EPERM : HVD_EBADINPUT, "%s: %s",
                          directory, strerror(errno));
    struct dirent *entry;
    int rc = HVD_OK;
    while (rc == HVD_OK && (entry = readdir(stream)) != NULL)
        if (entry->d_name[0] != '.') {
            hvd__dir_entry listed = {directory, entry->d_name, entry->d_type == DT_REG, dirfd(stream)};
            rc = visit(context, &listed);
        }
    closedir(stream);
    return rc;
}

int hvd__path_is_directory(const char *path)
{
    struct stat info;
    if (stat(path, &info) != 0)
        return -1;
    return S_ISDIR(info.st_mode) ? 1 : 0;
}
