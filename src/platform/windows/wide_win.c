/* SPDX-License-Identifier: MIT */
#include "platform/windows/wide.h"

#include <stdio.h>
#include <stdlib.h>
#include <windows.h>

wchar_t *hvd__wide_from_utf8(const char *text)
{
    int size = MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, text, -1, NULL, 0);
    if (size <= 0)
        return NULL;
    wchar_t *out = malloc((size_t)size * sizeof(*out));
    if (out && MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, text, -1, out, size) <= 0) {
        free(out);
        return NULL;
    }
    return out;
}

char *hvd__utf8_from_wide(const wchar_t *text, int length)
{
    if (length == 0)
        return calloc(1, 1);
    int size = WideCharToMultiByte(CP_UTF8, 0, text, length, NULL, 0, NULL, NULL);
    if (size <= 0)
        return NULL;
    char *out = malloc((size_t)size + 1);
    if (out && WideCharToMultiByte(CP_UTF8, 0, text, length, out, size, NULL, NULL) <= 0) {
        free(out);
        return NULL;
    }
    if (out)
        out[size] = '\0'; /* with length -1 the NUL is already inside; with a count it is not */
    return out;
}

const char *hvd__windows_error_text(unsigned long code, char *buffer, size_t size)
{
    static const struct {
        unsigned long code;
        const char *text;
    } known[] = {
        {ERROR_FILE_NOT_FOUND, "not found"},
        {ERROR_PATH_NOT_FOUND, "path not found"},
        {ERROR_ACCESS_DENIED, "access denied"},
        {ERROR_SHARING_VIOLATION, "in use by another process"},
        {ERROR_INVALID_NAME, "invalid name"},
        {ERROR_NOT_ENOUGH_MEMORY, "out of memory"},
        {ERROR_OUTOFMEMORY, "out of memory"},
        {ERROR_INVALID_FUNCTION, "not supported by this system"},
        {ERROR_CALL_NOT_IMPLEMENTED, "not implemented by this system"},
        {ERROR_NOT_SUPPORTED, "not supported by this system"},
        {ERROR_NOT_FOUND, "not found"},
        {ERROR_INSUFFICIENT_BUFFER, "buffer too small"},
        {ERROR_INVALID_PARAMETER, "invalid parameter"},
        {ERROR_CANT_ACCESS_FILE, "cannot access the file"},
        {ERROR_CANT_RESOLVE_FILENAME, "cannot resolve the name"},
    };
    for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
        if (known[i].code == code) {
            snprintf(buffer, size, "%s (Windows error %lu)", known[i].text, code);
            return buffer;
        }
    snprintf(buffer, size, "Windows error %lu", code);
    return buffer;
}
