/* SPDX-License-Identifier: MIT */
/* The root on Windows. A saved tree (--root) is read component by component: "..", drive letters, backslashes and
 * colons (alternate data streams) are refused, and no symbolic link or junction is followed anywhere in a path, as
 * on a Linux without openat2. Only regular disk files are read: a device or a pipe is refused before a byte is
 * read. The live machine has no file tree to read: on Windows its evidence comes from the system's own interfaces
 * (probes_win.c), and a read under the live root finds nothing. */

#include "io/root.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

#include "platform/windows/wide.h"
#include "util/error.h"
#include "util/text.h"

enum { PATH_BYTES_MAX = 4096, READ_CHUNK = 1 << 20 };

int hvd__root_open(hvd__root *root, const char *path)
{
    memset(root, 0, sizeof(*root));
    root->directory_fd = -1;
    root->live = path == NULL;
    root->check_type = !root->live;
    if (!path)
        return HVD_OK;
    wchar_t *wide = hvd__wide_from_utf8(path);
    if (!wide)
        return hvd__error(HVD_EINVALID, "%s: cannot open as a root directory: not a valid UTF-8 path", path);
    DWORD attributes = GetFileAttributesW(wide);
    DWORD error = GetLastError();
    free(wide);
    char text[96];
    if (attributes == INVALID_FILE_ATTRIBUTES)
        return hvd__error(error == ERROR_FILE_NOT_FOUND || error == ERROR_PATH_NOT_FOUND ? HVD_ENOTFOUND
                          : error == ERROR_ACCESS_DENIED                                 ? HVD_EPERM
                                                                                         : HVD_EINVALID,
                          "%s: cannot open as a root directory: %s", path,
                          hvd__windows_error_text(error, text, sizeof(text)));
    if (!(attributes & FILE_ATTRIBUTE_DIRECTORY))
        return hvd__error(HVD_EINVALID, "%s: cannot open as a root directory: not a directory", path);
    root->directory = hvd__strdup(path);
    return root->directory ? HVD_OK : hvd__error(HVD_ENOMEM, "%s: out of memory", path);
}

hvd__root hvd__root_user_paths(void)
{
    hvd__root root = {.directory_fd = -1, .directory = NULL, .live = 1, .kernel_confined = 0, .check_type = 1};
    return root;
}

void hvd__root_close(hvd__root *root)
{
    free(root->directory);
    root->directory = NULL;
}

static hvd__read_status status_from_error(DWORD error)
{
    switch (error) {
    case ERROR_FILE_NOT_FOUND:
    case ERROR_PATH_NOT_FOUND:
    case ERROR_INVALID_NAME:
    case ERROR_DIRECTORY:
    case ERROR_BAD_NETPATH:
        return HVD__READ_ABSENT;
    case ERROR_ACCESS_DENIED:
        return HVD__READ_DENIED;
    default:
        return HVD__READ_ERROR;
    }
}

static hvd__read_status fail_with_error(DWORD error, const char *path, char *reason, size_t reason_size)
{
    char text[96];
    hvd__root_set_reason(reason, reason_size, path, hvd__windows_error_text(error, text, sizeof(text)));
    return status_from_error(error);
}

/* The wide path of relative_path under the root, checked as the header comment says; NULL with the status and
 * reason set when it cannot or must not be opened. */
static wchar_t *resolve(const hvd__root *root, const char *relative_path, hvd__read_status *status, char *reason,
                        size_t reason_size)
{
    *status = HVD__READ_ERROR;
    if (!root->directory && !root->check_type) {
        hvd__root_set_reason(reason, reason_size, relative_path,
                   "not a file on Windows (the live machine is read through the system's interfaces)");
        *status = HVD__READ_ABSENT;
        return NULL;
    }
    if (!root->directory) {
        wchar_t *wide = hvd__wide_from_utf8(relative_path);
        if (!wide)
            hvd__root_set_reason(reason, reason_size, relative_path, "not a valid UTF-8 path, or out of memory");
        return wide;
    }
    char path[PATH_BYTES_MAX];
    size_t used = (size_t)snprintf(path, sizeof(path), "%s", root->directory);
    const char *component = relative_path;
    while (used < sizeof(path) && *component) {
        const char *end = strchr(component, '/');
        size_t length = end ? (size_t)(end - component) : strlen(component);
        if (length == 2 && strncmp(component, "..", 2) == 0) {
            hvd__root_set_reason(reason, reason_size, relative_path, "resolves outside the root");
            return NULL;
        }
        if (memchr(component, '\\', length) || memchr(component, ':', length)) {
            hvd__root_set_reason(reason, reason_size, relative_path, "a name with '\\' or ':' is not read in a saved tree");
            return NULL;
        }
        if (length > 0 && !(length == 1 && component[0] == '.')) {
            used += (size_t)snprintf(path + used, sizeof(path) - used, "\\%.*s", (int)length, component);
            if (used >= sizeof(path))
                break;
            wchar_t *wide = hvd__wide_from_utf8(path);
            if (!wide) {
                hvd__root_set_reason(reason, reason_size, relative_path, "not a valid UTF-8 path, or out of memory");
                return NULL;
            }
            DWORD attributes = GetFileAttributesW(wide);
            DWORD error = GetLastError();
            free(wide);
            if (attributes == INVALID_FILE_ATTRIBUTES) {
                *status = fail_with_error(error, relative_path, reason, reason_size);
                return NULL;
            }
            if (attributes & FILE_ATTRIBUTE_REPARSE_POINT) {
                hvd__root_set_reason(reason, reason_size, relative_path, "symbolic link or junction not followed");
                return NULL;
            }
        }
        component = end ? end + 1 : component + length;
    }
    if (used >= sizeof(path)) {
        hvd__root_set_reason(reason, reason_size, relative_path, "path too long");
        return NULL;
    }
    wchar_t *wide = hvd__wide_from_utf8(path);
    if (!wide)
        hvd__root_set_reason(reason, reason_size, relative_path, "not a valid UTF-8 path, or out of memory");
    return wide;
}

hvd__read_status hvd__root_read(const hvd__root *root, const char *relative_path, size_t max, int allow_prefix,
                                hvd__file *out, char *reason, size_t reason_size)
{
    memset(out, 0, sizeof(*out));
    hvd__read_status status;
    wchar_t *path = resolve(root, relative_path, &status, reason, reason_size);
    if (!path)
        return status;
    DWORD attributes = GetFileAttributesW(path);
    if (attributes == INVALID_FILE_ATTRIBUTES) {
        DWORD error = GetLastError();
        free(path);
        return fail_with_error(error, relative_path, reason, reason_size);
    }
    if (attributes & FILE_ATTRIBUTE_DIRECTORY) {
        free(path);
        hvd__root_set_reason(reason, reason_size, relative_path, "a directory");
        return HVD__READ_DIRECTORY;
    }
    HANDLE file = CreateFileW(path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
                              OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL | (root->directory ? FILE_FLAG_OPEN_REPARSE_POINT : 0),
                              NULL);
    DWORD open_error = GetLastError();
    free(path);
    if (file == INVALID_HANDLE_VALUE)
        return fail_with_error(open_error, relative_path, reason, reason_size);
    if (GetFileType(file) != FILE_TYPE_DISK) {
        CloseHandle(file);
        hvd__root_set_reason(reason, reason_size, relative_path, "not a regular file (a device or a pipe)");
        return HVD__READ_ERROR;
    }
    char *data = malloc(max + 1);
    if (!data) {
        CloseHandle(file);
        hvd__root_set_reason(reason, reason_size, relative_path, "out of memory");
        return HVD__READ_ERROR;
    }
    size_t length = 0;
    int truncated = 0;
    for (;;) {
        DWORD done = 0;
        if (length == max) {
            char extra;
            truncated = ReadFile(file, &extra, 1, &done, NULL) && done > 0;
            break;
        }
        size_t want = max - length < READ_CHUNK ? max - length : READ_CHUNK;
        if (!ReadFile(file, data + length, (DWORD)want, &done, NULL)) {
            DWORD error = GetLastError();
            free(data);
            CloseHandle(file);
            return fail_with_error(error, relative_path, reason, reason_size);
        }
        if (done == 0)
            break;
        length += done;
    }
    CloseHandle(file);
    return hvd__root_finish_read(data, length, truncated, max, allow_prefix, out, relative_path, reason,
                                 reason_size);
}

hvd__read_status hvd__root_list(const hvd__root *root, const char *relative_path, size_t max_entries,
                                char ***names, size_t *count, int *more_entries, char *reason, size_t reason_size)
{
    *names = NULL;
    *count = 0;
    *more_entries = 0;
    hvd__read_status status;
    wchar_t *path = resolve(root, relative_path, &status, reason, reason_size);
    if (!path)
        return status;
    size_t path_length = wcslen(path);
    wchar_t *pattern = malloc((path_length + 3) * sizeof(*pattern));
    if (!pattern) {
        free(path);
        hvd__root_set_reason(reason, reason_size, relative_path, "out of memory");
        return HVD__READ_ERROR;
    }
    memcpy(pattern, path, path_length * sizeof(*pattern));
    wcscpy(pattern + path_length, L"\\*");
    free(path);
    WIN32_FIND_DATAW entry;
    HANDLE search = FindFirstFileExW(pattern, FindExInfoBasic, &entry, FindExSearchNameMatch, NULL, 0);
    DWORD error = GetLastError();
    free(pattern);
    if (search == INVALID_HANDLE_VALUE)
        return error == ERROR_FILE_NOT_FOUND ? HVD__READ_OK /* nothing matched: empty */
                                             : fail_with_error(error, relative_path, reason, reason_size);
    hvd__name_list list = {NULL, 0, 0};
    int failed = 0;
    do {
        if (entry.cFileName[0] == L'.')
            continue;
        if (list.count == max_entries) {
            *more_entries = 1;
            break;
        }
        if (!hvd__names_append(&list, hvd__utf8_from_wide(entry.cFileName, -1))) {
            failed = 1;
            break;
        }
    } while (FindNextFileW(search, &entry));
    FindClose(search);
    if (failed) {
        hvd__names_free(list.names, list.count);
        hvd__root_set_reason(reason, reason_size, relative_path, "out of memory");
        return HVD__READ_ERROR;
    }
    hvd__names_sort(list.names, list.count);
    *names = list.names;
    *count = list.count;
    return HVD__READ_OK;
}

hvd__read_status hvd__root_exists(const hvd__root *root, const char *relative_path, char *reason, size_t reason_size)
{
    hvd__read_status status;
    wchar_t *path = resolve(root, relative_path, &status, reason, reason_size);
    if (!path)
        return status;
    DWORD attributes = GetFileAttributesW(path);
    DWORD error = GetLastError();
    free(path);
    return attributes == INVALID_FILE_ATTRIBUTES ? fail_with_error(error, relative_path, reason, reason_size)
                                                 : HVD__READ_OK;
}

/* The directory listing on Windows tells no file type (hvd__dir_stream passes regular 0), so this is reached only
 * through a caller that reads listed files alike: the file is read with every check of a file the user named. */
int hvd__read_listed_file(const hvd__dir_entry *entry, const char *path, size_t max, hvd__read_buffer *buffer)
{
    (void)entry;
    hvd__file file;
    int rc = hvd__read_user_file(path, max, &file);
    if (rc != HVD_OK)
        return rc;
    if (file.length > buffer->capacity) {
        char *bigger = realloc(buffer->data, file.length + 1);
        if (!bigger) {
            hvd__file_free(&file);
            return hvd__error(HVD_ENOMEM, "%s: out of memory", path);
        }
        buffer->data = bigger;
        buffer->capacity = file.length;
    }
    memcpy(buffer->data, file.data, file.length + 1);
    buffer->length = file.length;
    hvd__file_free(&file);
    return HVD_OK;
}
