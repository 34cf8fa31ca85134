/* SPDX-License-Identifier: MIT */
/* Directory streams on Windows: FindFirstFileW / FindNextFileW, one entry at a time like readdir. */

#include <windows.h>

#include <stdio.h>
#include <stdlib.h>

#include "io/dir_stream.h"
#include "platform/windows/wide.h"
#include "util/error.h"

static int error_code(DWORD error)
{
    if (error == ERROR_FILE_NOT_FOUND || error == ERROR_PATH_NOT_FOUND)
        return HVD_ENOTFOUND;
    return error == ERROR_ACCESS_DENIED ? HVD_EPERM : HVD_EBADINPUT;
}

int hvd__dir_stream(const char *directory, hvd__dir_visit_fn visit, void *context)
{
    char pattern[4096];
    if (snprintf(pattern, sizeof(pattern), "%s\\*", directory) >= (int)sizeof(pattern))
        return hvd__error(HVD_EBADINPUT, "%s: path too long", directory);
    wchar_t *wide = hvd__wide_from_utf8(pattern);
    if (!wide)
        return hvd__error(HVD_EBADINPUT, "%s: not valid UTF-8", directory);
    WIN32_FIND_DATAW entry;
    HANDLE search = FindFirstFileW(wide, &entry);
    free(wide);
    if (search == INVALID_HANDLE_VALUE) {
        char text[128];
        DWORD error = GetLastError();
        return hvd__error(error_code(error), "%s: %s", directory, hvd__windows_error_text(error, text, sizeof(text)));
    }
    int rc = HVD_OK;
    do {
        if (entry.cFileName[0] == L'.')
            continue;
        char *name = hvd__utf8_from_wide(entry.cFileName, -1);
        /* The listing tells no type here: it is checked when the file is read. */
        hvd__dir_entry listed = {directory, name, 0, -1};
        if (name)
            rc = visit(context, &listed);
        free(name);
    } while (rc == HVD_OK && FindNextFileW(search, &entry));
    FindClose(search);
    return rc;
}

int hvd__path_is_directory(const char *path)
{
    wchar_t *wide = hvd__wide_from_utf8(path);
    if (!wide)
        return -1;
    DWORD attributes = GetFileAttributesW(wide);
    free(wide);
    if (attributes == INVALID_FILE_ATTRIBUTES)
        return -1;
    return (attributes & FILE_ATTRIBUTE_DIRECTORY) ? 1 : 0;
}
