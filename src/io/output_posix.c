/* SPDX-License-Identifier: MIT */
#include "io/output.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/error.h"

enum { NAME_ATTEMPTS = 16 };

/* Sets *mode to the old file's permission bits and returns 1 when a replacement keeps them; returns 0 when the
 * replacement gets the default creation mode (no old file, or one that belongs to another user).
 *
 * The old file's permission bits are kept only when it belongs to the user writing it: a file another user left
 * there (say mode 0666, or setuid) must not pass its mode on to what this user writes. The setuid, setgid and
 * sticky bits are never kept. In a sticky directory a file owned by another user (neither this user nor the
 * directory's owner) is not replaced at all, the rule of the kernel's fs.protected_regular: otherwise anyone
 * who may write to /tmp could choose the name, and so the place, of what root writes. */
static int replacement_mode(const char *path, mode_t *mode)
{
    struct stat info;
    if (lstat(path, &info) != 0)
        return errno == ENOENT ? 0 : hvd__error(HVD_EIO, "%s: %s", path, strerror(errno));
    if (!S_ISREG(info.st_mode))
        return hvd__error(HVD_EINVALID, "%s: exists and is not a regular file; refusing to replace it", path);
    if (info.st_uid == geteuid()) {
        *mode = info.st_mode & 0777;
        return 1;
    }
    char *copy = strdup(path);
    if (!copy)
        return hvd__error(HVD_ENOMEM, "%s: out of memory", path);
    struct stat parent;
    int have_parent = stat(dirname(copy), &parent) == 0;
    free(copy);
    if (!have_parent)
        return hvd__error(HVD_EIO, "%s: cannot examine its directory: %s", path, strerror(errno));
    if ((parent.st_mode & S_ISVTX) && info.st_uid != parent.st_uid)
        return hvd__error(HVD_EPERM,
                          "%s: belongs to another user (uid %u) in a sticky directory; refusing to replace it",
                          path, (unsigned int)info.st_uid);
    return 0;
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

/* A new file beside the target, created exclusively and without following symlinks; the umask applies to mode. */
static int create_temporary(const char *path, mode_t mode, char *temporary, size_t size)
{
    char *copy = strdup(path);
    if (!copy) {
        errno = ENOMEM;
        return -1;
    }
    const char *directory = dirname(copy);
    int fd = -1;
    for (int attempt = 0; attempt < NAME_ATTEMPTS && fd < 0; attempt++) {
        unsigned int nonce = 0;
        if (getrandom(&nonce, sizeof(nonce), GRND_NONBLOCK) != (ssize_t)sizeof(nonce))
            nonce = (unsigned int)getpid() * 2654435761u + (unsigned int)attempt;
        snprintf(temporary, size, "%s/.hvdetect-%08x.tmp", directory, nonce);
        fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
        if (fd < 0 && errno != EEXIST)
            break;
    }
    free(copy);
    return fd;
}

int hvd__write_file_atomic(const char *path, const char *data, size_t length, unsigned int new_file_mode)
{
    mode_t mode = (mode_t)new_file_mode;
    int keep_mode = replacement_mode(path, &mode);
    if (keep_mode < 0)
        return keep_mode;
    /* While the temporary file exists, SIGINT and SIGTERM wait: they take effect once it is renamed into place or
     * removed, so an interrupted run leaves the old file or the complete new one, and no debris. */
    sigset_t blocked, previous;
    sigfillset(&blocked);
    pthread_sigmask(SIG_BLOCK, &blocked, &previous);
    char temporary[4200];
    int rc = HVD_OK;
    int fd = strlen(path) < 4096 ? create_temporary(path, mode, temporary, sizeof(temporary)) : -1;
    if (fd < 0) {
        rc = hvd__error(HVD_EIO, "%s: cannot create a temporary file beside it: %s", path, strerror(errno));
    } else {
        int failed = (keep_mode && fchmod(fd, mode) != 0) || write_all(fd, data, length) != 0 || fsync(fd) != 0;
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
            rc = hvd__error(HVD_EIO, "%s: not written (the old file, if any, is unchanged): %s", path,
                            strerror(error));
        }
    }
    pthread_sigmask(SIG_SETMASK, &previous, NULL);
    return rc;
}

/* Whether the file's last byte is a newline (an empty file counts as one); the file is open for reading too. */
static int ends_with_newline(int fd, off_t size)
{
    char last = '\n';
    return size == 0 || (pread(fd, &last, 1, size - 1) == 1 && last == '\n');
}

int hvd__append_line(const char *path, const char *data, size_t length, unsigned int new_file_mode)
{
    int fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_NOFOLLOW | O_NOCTTY | O_NONBLOCK | O_CLOEXEC,
                  (mode_t)new_file_mode);
    if (fd < 0)
        return hvd__error(HVD_EIO, "%s: cannot append to it: %s", path,
                          errno == ELOOP ? "a symbolic link (refused)" : strerror(errno));
    struct stat info;
    if (fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
        close(fd);
        return hvd__error(HVD_EIO, "%s: not a regular file; nothing appended", path);
    }
    /* One write of the whole line (after a newline that ends a cut line, if the file has one): O_APPEND puts each
     * write at the end of the file as it is then, whatever the other appenders do. */
    char *line = malloc(length + 1);
    if (!line) {
        close(fd);
        return hvd__error(HVD_ENOMEM, "%s: out of memory", path);
    }
    size_t prefix = ends_with_newline(fd, info.st_size) ? 0 : 1;
    line[0] = '\n';
    memcpy(line + prefix, data, length);
    ssize_t written = write(fd, line, length + prefix);
    int error = errno;
    free(line);
    if (close(fd) != 0 && written == (ssize_t)(length + prefix)) {
        written = -1;
        error = errno;
    }
    if (written != (ssize_t)(length + prefix))
        return hvd__error(HVD_EIO, "%s: %s", path,
                          written < 0 ? strerror(error) : "only part of the line was appended (disk full?)");
    return HVD_OK;
}
