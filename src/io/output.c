#include "io/output.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/error.h"

static int refuse_non_regular_target(const char *path)
{
    struct stat info;
    if (lstat(path, &info) != 0)
        return errno == ENOENT ? HVD_OK : hvd__error(HVD_EIO, "%s: %s", path, strerror(errno));
    if (!S_ISREG(info.st_mode))
        return hvd__error(HVD_EINVALID, "%s: exists and is not a regular file; refusing to replace it", path);
    return HVD_OK;
}

static int write_all(int fd, const char *data, size_t length)
{
    while (length > 0) {
        ssize_t n = write(fd, data, length);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        data += n;
        length -= (size_t)n;
    }
    return 0;
}

int hvd__write_file_atomic(const char *path, const char *data, size_t length)
{
    int rc = refuse_non_regular_target(path);
    if (rc != HVD_OK)
        return rc;
    char *path_copy = strdup(path);
    if (!path_copy)
        return hvd__error(HVD_ENOMEM, "%s: out of memory", path);
    size_t template_size = strlen(path) + 32;
    char *temporary = malloc(template_size);
    if (!temporary) {
        free(path_copy);
        return hvd__error(HVD_ENOMEM, "%s: out of memory", path);
    }
    snprintf(temporary, template_size, "%s/.hvdetect-XXXXXX", dirname(path_copy));
    free(path_copy);
    int fd = mkstemp(temporary);
    if (fd < 0) {
        rc = hvd__error(HVD_EIO, "%s: cannot create a temporary file beside it: %s", path, strerror(errno));
        free(temporary);
        return rc;
    }
    /* mkstemp creates 0600; reports are not secret beyond what redaction already removed. */
    (void)fchmod(fd, 0644);
    int failed = write_all(fd, data, length) != 0 || fsync(fd) != 0;
    int error = errno;
    if (close(fd) != 0 && !failed) {
        failed = 1;
        error = errno;
    }
    if (!failed && rename(temporary, path) != 0) {
        failed = 1;
        error = errno;
    }
    if (failed) {
        unlink(temporary);
        rc = hvd__error(HVD_EIO, "%s: not written (the old file, if any, is unchanged): %s", path, strerror(error));
    }
    free(temporary);
    return failed ? rc : HVD_OK;
}
