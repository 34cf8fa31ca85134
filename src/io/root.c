/* SPDX-License-Identifier: MIT */
#include "io/root.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#if defined(__linux__)
#include <linux/openat2.h>
#include <sys/syscall.h>
#endif

#include "util/error.h"

/* Opens a path of a saved tree with the kernel confining its lookup to the tree: openat2 RESOLVE_IN_ROOT resolves
 * "..", absolute symlinks and relative ones as if the tree were "/" (Linux 5.6). Where there is no openat2 (another
 * system, older kernel headers) this fails with ENOSYS, and hvd__root_open falls back to open_without_symlinks. */
static int open_confined(int directory_fd, const char *path, int flags)
{
#if defined(__linux__) && defined(SYS_openat2)
    struct open_how how;
    memset(&how, 0, sizeof(how));
    how.flags = (unsigned long long)flags;
    how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
    return (int)syscall(SYS_openat2, directory_fd, path, &how, sizeof(how));
#else
    (void)directory_fd;
    (void)path;
    (void)flags;
    errno = ENOSYS;
    return -1;
#endif
}

int hvd__root_open(hvd__root *root, const char *path)
{
    root->live = path == NULL;
    root->directory = NULL;
    root->kernel_confined = 0;
    root->check_type = !root->live;
    root->directory_fd = open(path ? path : "/", O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (root->directory_fd < 0)
        return hvd__error(errno == ENOENT ? HVD_ENOTFOUND : errno == EACCES ? HVD_EPERM : HVD_EINVALID,
                          "%s: cannot open as a root directory: %s", path ? path : "/", strerror(errno));
    if (!root->live) {
        int probe = open_confined(root->directory_fd, ".", O_PATH | O_CLOEXEC);
        if (probe >= 0) {
            close(probe);
            root->kernel_confined = 1;
        }
    }
    return HVD_OK;
}

hvd__root hvd__root_user_paths(void)
{
    hvd__root root = {.directory_fd = AT_FDCWD, .directory = NULL, .live = 1, .kernel_confined = 0, .check_type = 1};
    return root;
}

void hvd__root_close(hvd__root *root)
{
    if (root->directory_fd >= 0)
        close(root->directory_fd);
    root->directory_fd = -1;
}

static hvd__read_status status_from_errno(int error)
{
    switch (error) {
    case ENOENT:
    case ENOTDIR:
        return HVD__READ_ABSENT;
    case EACCES:
    case EPERM:
        return HVD__READ_DENIED;
    default:
        return HVD__READ_ERROR;
    }
}

/* Without openat2, a saved tree is walked one component at a time and no symlink is followed anywhere in the path
 * (O_NOFOLLOW alone guards only the last component): safe, though a tree made of symlinks then shows less. */
static int open_without_symlinks(int directory_fd, const char *relative_path, int flags)
{
    char path[4096];
    if (snprintf(path, sizeof(path), "%s", relative_path) >= (int)sizeof(path)) {
        errno = ENAMETOOLONG;
        return -1;
    }
    int current = dup(directory_fd);
    char *saveptr = NULL;
    char *component = strtok_r(path, "/", &saveptr);
    while (current >= 0 && component) {
        char *next = strtok_r(NULL, "/", &saveptr);
        if (strcmp(component, "..") == 0) {
            close(current);
            errno = EXDEV;
            return -1;
        }
        int opened = next ? openat(current, component, O_PATH | O_NOFOLLOW | O_DIRECTORY | O_CLOEXEC)
                          : openat(current, component, flags | O_NOFOLLOW);
        int error = errno;
        close(current);
        if (opened < 0 && next && error == ENOTDIR)
            error = ELOOP; /* a symlink (or file) where a directory was expected: not followed */
        errno = error;
        current = opened;
        component = next;
    }
    return current;
}

/* Opens a path under the root. A saved tree is confined by the kernel (open_confined); where openat2 is missing,
 * symlinks are not followed at all. The live machine's sysfs is made of symlinks and is followed normally. */
static int open_in_root(const hvd__root *root, const char *relative_path, int flags)
{
    /* openat2 refuses O_PATH combined with anything but O_CLOEXEC, O_DIRECTORY and O_NOFOLLOW. */
    flags |= O_CLOEXEC | ((flags & O_PATH) ? 0 : O_NOCTTY);
    if (root->live)
        return openat(root->directory_fd, relative_path, flags);
    if (root->kernel_confined)
        return open_confined(root->directory_fd, relative_path, flags);
    return open_without_symlinks(root->directory_fd, relative_path, flags);
}

static const char *file_type_name(mode_t mode)
{
    if (S_ISDIR(mode))
        return "a directory";
    if (S_ISFIFO(mode))
        return "a FIFO";
    if (S_ISCHR(mode) || S_ISBLK(mode))
        return "a device";
    if (S_ISSOCK(mode))
        return "a socket";
    return "not a regular file";
}

/* In a saved tree, the type is checked through an O_PATH descriptor first: opening a FIFO or a device for reading
 * can block or have side effects, and O_PATH does neither. The check also tells the file's size, so the open that
 * follows needs no fstat of its own. The live machine's /sys and /proc are not checked: there a read tells what the
 * type would (a directory fails with EISDIR, and O_NONBLOCK keeps anything else from blocking). */
static hvd__read_status check_regular(const hvd__root *root, const char *relative_path, size_t *size, char *reason,
                                      size_t reason_size)
{
    *size = 0;
    if (!root->check_type)
        return HVD__READ_OK;
    struct stat info;
    int ok;
    if (root->live) {
        /* Resolved like the open that follows: one stat instead of open, fstat and close. */
        ok = fstatat(root->directory_fd, relative_path, &info, 0) == 0;
    } else {
        int fd = open_in_root(root, relative_path, O_PATH);
        ok = fd >= 0 && fstat(fd, &info) == 0;
        int saved = errno;
        if (fd >= 0)
            close(fd);
        errno = saved;
    }
    if (!ok) {
        int error = errno;
        hvd__root_set_reason(reason, reason_size, relative_path, error == ELOOP ? "symlink loop or symlink not followed"
                                                       : error == EXDEV ? "resolves outside the root"
                                                                        : strerror(error));
        return status_from_errno(error);
    }
    if (!S_ISREG(info.st_mode)) {
        hvd__root_set_reason(reason, reason_size, relative_path, file_type_name(info.st_mode));
        return S_ISDIR(info.st_mode) ? HVD__READ_DIRECTORY : HVD__READ_ERROR;
    }
    *size = info.st_size > 0 ? (size_t)info.st_size : 0;
    return HVD__READ_OK;
}

/* Reads up to max bytes (and one more, to tell a longer file) from fd into a buffer that starts at the size the type
 * check found (saved trees, files the user names), else at 4096 (the live /sys and /proc, whose sizes say little:
 * 4096 for sysfs' small files, 0 in /proc), and grows as needed up to max, so that reading many small files does not
 * allocate max bytes each time. */
static hvd__read_status read_bounded(int fd, size_t size, size_t max, int allow_prefix, hvd__file *out,
                                     const char *relative_path, char *reason, size_t reason_size)
{
    size_t capacity = size > 0 && size < max ? size : 4096;
    if (capacity > max)
        capacity = max;
    char *data = malloc(capacity + 1);
    size_t length = 0;
    int truncated = 0;
    while (data) {
        if (length == capacity && capacity < max) {
            size_t grown = capacity * 2 < max ? capacity * 2 : max;
            char *bigger = realloc(data, grown + 1);
            if (!bigger) {
                free(data);
                data = NULL;
                break;
            }
            data = bigger;
            capacity = grown;
        }
        if (length == max) {
            char extra;
            ssize_t more = read(fd, &extra, 1);
            truncated = more > 0;
            break;
        }
        ssize_t n = read(fd, data + length, capacity - length);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            int error = errno;
            free(data);
            hvd__root_set_reason(reason, reason_size, relative_path,
                                 error == EISDIR ? file_type_name(S_IFDIR) : strerror(error));
            return error == EISDIR ? HVD__READ_DIRECTORY : status_from_errno(error);
        }
        if (n == 0)
            break;
        length += (size_t)n;
    }
    if (!data) {
        hvd__root_set_reason(reason, reason_size, relative_path, "out of memory");
        return HVD__READ_ERROR;
    }
    return hvd__root_finish_read(data, length, truncated, max, allow_prefix, out, relative_path, reason,
                                 reason_size);
}

hvd__read_status hvd__root_read(const hvd__root *root, const char *relative_path, size_t max, int allow_prefix,
                                hvd__file *out, char *reason, size_t reason_size)
{
    memset(out, 0, sizeof(*out));
    size_t size;
    hvd__read_status status = check_regular(root, relative_path, &size, reason, reason_size);
    if (status != HVD__READ_OK)
        return status;
    int fd = open_in_root(root, relative_path, O_RDONLY | O_NONBLOCK);
    if (fd < 0) {
        int error = errno;
        hvd__root_set_reason(reason, reason_size, relative_path, error == ELOOP ? "symlink loop" : strerror(error));
        return status_from_errno(error);
    }
    status = read_bounded(fd, size, max, allow_prefix, out, relative_path, reason, reason_size);
    close(fd);
    return status;
}

/* Fills buffer from fd, a regular file, up to max bytes (one more tells a longer file). A read that returns less than
 * it asked for has met the end of a regular file, so a bundle that fits the buffer takes one read. */
static hvd__read_status read_reused(int fd, size_t max, hvd__read_buffer *buffer, const char *path, char *reason,
                                    size_t reason_size)
{
    buffer->length = 0;
    for (;;) {
        if (buffer->length == buffer->capacity) {
            size_t grown = buffer->capacity ? buffer->capacity * 2 : 64 * 1024;
            grown = grown > max + 1 ? max + 1 : grown;
            char *bigger = realloc(buffer->data, grown + 1);
            if (!bigger) {
                hvd__root_set_reason(reason, reason_size, path, "out of memory");
                return HVD__READ_ERROR;
            }
            buffer->data = bigger;
            buffer->capacity = grown;
        }
        size_t want = (buffer->capacity < max + 1 ? buffer->capacity : max + 1) - buffer->length;
        ssize_t n = read(fd, buffer->data + buffer->length, want);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            int error = errno;
            hvd__root_set_reason(reason, reason_size, path, error == EISDIR ? file_type_name(S_IFDIR) : strerror(error));
            return error == EISDIR ? HVD__READ_DIRECTORY : status_from_errno(error);
        }
        buffer->length += (size_t)n;
        if (buffer->length > max)
            return hvd__root_too_large(reason, reason_size, path, max);
        if (n == 0 || (size_t)n < want)
            break;
    }
    buffer->data[buffer->length] = '\0';
    return HVD__READ_OK;
}

int hvd__read_listed_file(const hvd__dir_entry *entry, const char *path, size_t max, hvd__read_buffer *buffer)
{
    char reason[600] = "";
    /* O_NONBLOCK: should the entry have been replaced by a FIFO since it was listed, the open does not wait. */
    int fd = openat(entry->directory_fd, entry->name, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    hvd__read_status status;
    if (fd < 0) {
        int error = errno;
        hvd__root_set_reason(reason, sizeof(reason), path, error == ELOOP ? "symlink loop" : strerror(error));
        status = status_from_errno(error);
    } else {
        status = read_reused(fd, max, buffer, path, reason, sizeof(reason));
        close(fd);
    }
    return hvd__root_user_error(status, reason);
}

hvd__read_status hvd__root_list(const hvd__root *root, const char *relative_path, size_t max_entries,
                                char ***names, size_t *count, int *more_entries, char *reason, size_t reason_size)
{
    *names = NULL;
    *count = 0;
    *more_entries = 0;
    int fd = open_in_root(root, relative_path, O_RDONLY | O_DIRECTORY);
    if (fd < 0) {
        int error = errno;
        hvd__root_set_reason(reason, reason_size, relative_path, error == ELOOP ? "symlink loop" : strerror(error));
        return status_from_errno(error);
    }
    DIR *directory = fdopendir(fd);
    if (!directory) {
        close(fd);
        hvd__root_set_reason(reason, reason_size, relative_path, strerror(errno));
        return HVD__READ_ERROR;
    }
    hvd__name_list list = {NULL, 0, 0};
    struct dirent *entry;
    while ((entry = readdir(directory)) != NULL) {
        if (entry->d_name[0] == '.')
            continue;
        if (list.count == max_entries) {
            *more_entries = 1;
            break;
        }
        if (!hvd__names_append(&list, strdup(entry->d_name))) {
            closedir(directory);
            hvd__names_free(list.names, list.count);
            hvd__root_set_reason(reason, reason_size, relative_path, "out of memory");
            return HVD__READ_ERROR;
        }
    }
    closedir(directory);
    hvd__names_sort(list.names, list.count);
    *names = list.names;
    *count = list.count;
    return HVD__READ_OK;
}

hvd__read_status hvd__root_exists(const hvd__root *root, const char *relative_path, char *reason, size_t reason_size)
{
    int fd = open_in_root(root, relative_path, O_PATH);
    if (fd < 0) {
        int error = errno;
        hvd__root_set_reason(reason, reason_size, relative_path, strerror(error));
        return status_from_errno(error);
    }
    close(fd);
    return HVD__READ_OK;
}
