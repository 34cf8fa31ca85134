/* SPDX-License-Identifier: MIT */
/* Atomic output on Windows: a new file beside the target, written and flushed, then put in the target's place with
 * ReplaceFileW (which keeps the old file's security descriptor and attributes, as a POSIX rename keeps the mode
 * that fchmod copied) or, for a new target, MoveFileExW. A reader sees the old file or the complete new one. */

#include "io/output.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>
#include <sddl.h>

#include "platform/windows/wide.h"
#include "util/error.h"
#include "util/text.h"

enum { NAME_ATTEMPTS = 16, WRITE_CHUNK = 1 << 20 };

/* The directory part of path (with its trailing separator), or "" for a bare name. */
static size_t directory_length(const wchar_t *path)
{
    size_t length = wcslen(path);
    while (length > 0 && path[length - 1] != L'\\' && path[length - 1] != L'/' && path[length - 1] != L':')
        length--;
    return length;
}

static int write_all(HANDLE file, const char *data, size_t length)
{
    while (length > 0) {
        DWORD done = 0;
        DWORD want = length < WRITE_CHUNK ? (DWORD)length : WRITE_CHUNK;
        if (!WriteFile(file, data, want, &done, NULL) || done == 0)
            return -1;
        data += done;
        length -= done;
    }
    return 0;
}

static int fail(const char *path, const char *what, DWORD error)
{
    char text[96];
    return hvd__error(HVD_EIO, "%s: %s: %s", path, what, hvd__windows_error_text(error, text, sizeof(text)));
}

/* A mode that admits the owner only becomes an access control list that admits the owner (and the system) only;
 * otherwise a new file inherits its directory's (NULL). Freed with LocalFree. */
static PSECURITY_DESCRIPTOR new_file_descriptor(unsigned int new_file_mode)
{
    PSECURITY_DESCRIPTOR descriptor = NULL;
    if ((new_file_mode & 077u) == 0 &&
        !ConvertStringSecurityDescriptorToSecurityDescriptorW(L"D:P(A;;FA;;;OW)(A;;FA;;;SY)", SDDL_REVISION_1,
                                                              &descriptor, NULL))
        descriptor = NULL;
    return descriptor;
}

int hvd__write_file_atomic(const char *path, const char *data, size_t length, unsigned int new_file_mode)
{
    wchar_t *target = hvd__wide_from_utf8(path);
    if (!target)
        return hvd__error(HVD_EINVALID, "%s: not a valid UTF-8 path", path);
    DWORD attributes = GetFileAttributesW(target);
    int exists = attributes != INVALID_FILE_ATTRIBUTES;
    if (exists && (attributes & (FILE_ATTRIBUTE_DIRECTORY | FILE_ATTRIBUTE_REPARSE_POINT | FILE_ATTRIBUTE_DEVICE))) {
        free(target);
        return hvd__error(HVD_EINVALID, "%s: exists and is not a regular file; refusing to replace it", path);
    }
    /* Evidence bundles (mode 0600) hold serial numbers: a new one admits its owner (and the system) only. */
    SECURITY_ATTRIBUTES security = {sizeof(security), NULL, FALSE};
    PSECURITY_DESCRIPTOR descriptor = new_file_descriptor(new_file_mode);
    security.lpSecurityDescriptor = descriptor;

    size_t directory = directory_length(target);
    wchar_t *temporary = malloc((directory + 32) * sizeof(*temporary));
    HANDLE file = INVALID_HANDLE_VALUE;
    DWORD error = ERROR_NOT_ENOUGH_MEMORY;
    for (int attempt = 0; temporary && attempt < NAME_ATTEMPTS && file == INVALID_HANDLE_VALUE; attempt++) {
        unsigned int nonce = (unsigned int)GetCurrentProcessId() * 2654435761u ^ (unsigned int)GetTickCount() ^
                             (unsigned int)attempt * 40503u;
        memcpy(temporary, target, directory * sizeof(*temporary));
        swprintf(temporary + directory, 32, L".hvdetect-%08x.tmp", nonce);
        file = CreateFileW(temporary, GENERIC_WRITE, 0, &security, CREATE_NEW, FILE_ATTRIBUTE_NORMAL, NULL);
        error = GetLastError();
        if (file == INVALID_HANDLE_VALUE && error != ERROR_FILE_EXISTS && error != ERROR_ALREADY_EXISTS)
            break;
    }
    if (descriptor)
        LocalFree(descriptor);
    int rc = HVD_OK;
    if (file == INVALID_HANDLE_VALUE) {
        rc = fail(path, "cannot create a temporary file beside it", error);
    } else {
        /* Ctrl+C waits while the temporary file exists, so that an interrupted run leaves no debris. */
        SetConsoleCtrlHandler(NULL, TRUE);
        int failed = write_all(file, data, length) != 0 || !FlushFileBuffers(file);
        error = GetLastError();
        if (!CloseHandle(file) && !failed) {
            failed = 1;
            error = GetLastError();
        }
        if (!failed && exists &&
            !ReplaceFileW(target, temporary, NULL, REPLACEFILE_IGNORE_MERGE_ERRORS, NULL, NULL)) {
            /* The target went away meanwhile, or cannot be replaced in place: a plain move still replaces it whole. */
            exists = 0;
        }
        if (!failed && !exists && !MoveFileExW(temporary, target, MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH)) {
            failed = 1;
            error = GetLastError();
        }
        if (failed) {
            DeleteFileW(temporary);
            rc = fail(path, "not written (the old file, if any, is unchanged)", error);
        }
        SetConsoleCtrlHandler(NULL, FALSE);
    }
    free(temporary);
    free(target);
    return rc;
}

int hvd__append_line(const char *path, const char *data, size_t length, unsigned int new_file_mode)
{
    wchar_t *wide = hvd__wide_from_utf8(path);
    if (!wide)
        return hvd__error(HVD_ENOMEM, "%s: out of memory", path);
    SECURITY_ATTRIBUTES security = {sizeof(security), NULL, FALSE};
    PSECURITY_DESCRIPTOR descriptor = new_file_descriptor(new_file_mode);
    security.lpSecurityDescriptor = descriptor;
    /* FILE_APPEND_DATA without FILE_WRITE_DATA: every write goes to the end of the file as it is then. Reading the
     * last byte needs GENERIC_READ too. A reparse point (a symbolic link) is opened as itself and refused. */
    HANDLE file = CreateFileW(wide, FILE_APPEND_DATA | GENERIC_READ | SYNCHRONIZE,
                              FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, &security, OPEN_ALWAYS,
                              FILE_ATTRIBUTE_NORMAL | FILE_FLAG_OPEN_REPARSE_POINT, NULL);
    DWORD error = GetLastError();
    free(wide);
    if (descriptor)
        LocalFree(descriptor);
    if (file == INVALID_HANDLE_VALUE)
        return fail(path, "cannot append to it", error);
    BY_HANDLE_FILE_INFORMATION info;
    LARGE_INTEGER size = {0};
    if (!GetFileInformationByHandle(file, &info) ||
        (info.dwFileAttributes & (FILE_ATTRIBUTE_DIRECTORY | FILE_ATTRIBUTE_REPARSE_POINT)) ||
        GetFileType(file) != FILE_TYPE_DISK || !GetFileSizeEx(file, &size)) {
        CloseHandle(file);
        return hvd__error(HVD_EIO, "%s: not a regular file; nothing appended", path);
    }
    char last = '\n';
    DWORD got = 0;
    OVERLAPPED at = {0};
    if (size.QuadPart > 0) {
        at.Offset = (DWORD)((size.QuadPart - 1) & 0xFFFFFFFFu);
        at.OffsetHigh = (DWORD)((unsigned long long)(size.QuadPart - 1) >> 32);
        if (!ReadFile(file, &last, 1, &got, &at) || got != 1)
            last = '\n';
    }
    char *line = malloc(length + 1);
    if (!line) {
        CloseHandle(file);
        return hvd__error(HVD_ENOMEM, "%s: out of memory", path);
    }
    size_t prefix = last == '\n' ? 0 : 1;
    line[0] = '\n';
    memcpy(line + prefix, data, length);
    int failed = write_all(file, line, length + prefix) != 0;
    error = GetLastError();
    free(line);
    CloseHandle(file);
    return failed ? fail(path, "only part of the line may have been appended", error) : HVD_OK;
}
