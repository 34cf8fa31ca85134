/* SPDX-License-Identifier: MIT */
#include "io/root.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "util/error.h"

static long openat2_call(int directory_fd, const char *path, int flags, unsigned long long resolve)
{
    struct open_how how;
    memset(&how, 0, sizeof(how));
    how.flags = (unsigned long long)flags;
    how.resolve = resolve;
    return syscall(SYS_openat2, directory_fd, path, &how, sizeof(how));
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
        long probe = openat2_call(root->directory_fd, ".", O_PATH | O_CLOEXEC, RESOLVE_IN_ROOT);
        if (probe >= 0) {
            close((int)probe);
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

/* Opens a path under the root. A saved tree is confined by the kernel (openat2 RESOLVE_IN_ROOT resolves "..",
 * absolute symlinks and relative ones as if the tree were "/"); where openat2 is missing, symlinks are not followed
 * at all. The live machine's sysfs is made of symlinks and is followed normally. */
static int open_in_root(const hvd__root *root, const char *relative_path, int flags)
{
    /* openat2 refuses O_PATH combined with anything but O_CLOEXEC, O_DIRECTORY and O_NOFOLLOW. */
    flags |= O_CLOEXEC | ((flags & O_PATH) ? 0 : O_NOCTTY);
    if (root->live)
        return openat(root->directory_fd, relative_path, flags);
    if (root->kernel_confined)
        return (int)openat2_call(root->directory_fd, relative_path, flags, RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS);
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
 * can block or have side effects, and O_PATH does neither. */
static hvd__read_status check_regular(const hvd__root *root, const char *relative_path, char *reason,
                                      size_t reason_size)
{
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
    return HVD__READ_OK;
}

hvd__read_status hvd__root_read(const hvd__root *root, const char *relative_path, size_t max, int allow_prefix,
                                hvd__file *out, char *reason, size_t reason_size)
{
    memset(out, 0, sizeof(*out));
    hvd__read_status status = check_regular(root, relative_path, reason, reason_size);
    if (status != HVD__READ_OK)
        return status;
    int fd = open_in_root(root, relative_path, O_RDONLY | O_NONBLOCK);
    if (fd < 0) {
        int error = errno;
        hvd__root_set_reason(reason, reason_size, relative_path, error == ELOOP ? "symlink loop" : strerror(error));
        return status_from_errno(error);
    }
    struct stat info;
    memset(&info, 0, sizeof(info));
    if (fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
        int directory = S_ISDIR(info.st_mode);
        hvd__root_set_reason(reason, reason_size, relative_path, file_type_name(info.st_mode));
        close(fd);
        return directory ? HVD__READ_DIRECTORY : HVD__READ_ERROR;
    }
    /* The buffer starts at the file's own size (sysfs says 4096 for its small files, /proc says 0) and grows as
     * needed up to max, so that reading many small bundles does not map and unmap max bytes each time. */
    size_t capacity = info.st_size > 0 && (size_t)info.st_size < max ? (size_t)info.st_size : 4096;
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
            hvd__root_set_reason(reason, reason_size, relative_path, strerror(error));
            free(data);
            close(fd);
            return status_from_errno(error);
        }
        if (n == 0)
            break;
        length += (size_t)n;
    }
    if (!data) {
        close(fd);
        hvd__root_set_reason(reason, reason_size, relative_path, "out of memory");
        return HVD__READ_ERROR;
    }
    close(fd);
    return hvd__root_finish_read(data, length, truncated, max, allow_prefix, out, relative_path, reason,
                                 reason_size);
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
    size_t capacity = 0;
    char **list = NULL;
    struct dirent *entry;
    while ((entry = readdir(directory)) != NULL) {
        if (entry->d_name[0] == '.')
            continue;
        if (*count == max_entries) {
            *more_entries = 1;
            break;
        }
        char *copy = strdup(entry->d_name);
        if (*count == capacity && copy) {
            size_t grown = capacity ? capacity * 2 : 16;
            char **bigger = realloc(list, grown * sizeof(*list));
            if (bigger) {
                list = bigger;
                capacity = grown;
            }
        }
        if (!copy || *count == capacity) {
            free(copy);
            closedir(directory);
            hvd__names_free(list, *count);
            *names = NULL;
            *count = 0;
            hvd__root_set_reason(reason, reason_size, relative_path, "out of memory");
            return HVD__READ_ERROR;
        }
        list[(*count)++] = copy;
    }
    closedir(directory);
    hvd__names_sort(list, *count);
    *names = list;
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
