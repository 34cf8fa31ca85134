/* SPDX-License-Identifier: MIT */
#include "platform.h"

#include <fcntl.h>
#include <io.h>
#include <stdio.h>
#include <stdlib.h>
#include <windows.h>
#include <shellapi.h>

static char *to_utf8(const wchar_t *text)
{
    int size = WideCharToMultiByte(CP_UTF8, 0, text, -1, NULL, 0, NULL, NULL);
    char *out = size > 0 ? malloc((size_t)size) : NULL;
    if (out && WideCharToMultiByte(CP_UTF8, 0, text, -1, out, size, NULL, NULL) <= 0) {
        free(out);
        out = NULL;
    }
    return out;
}

char **cli_platform_start(int argc, char **argv, int *out_argc)
{
    /* Reports are UTF-8; the console shows them as such whatever its code page was. */
    SetConsoleOutputCP(CP_UTF8);
    /* Reports are the same bytes on every system: no "\r" added before each "\n". */
    _setmode(_fileno(stdout), _O_BINARY);
    int count = 0;
    wchar_t **wide = CommandLineToArgvW(GetCommandLineW(), &count);
    if (!wide) {
        *out_argc = argc;
        return argv;
    }
    char **utf8 = calloc((size_t)count + 1, sizeof(*utf8));
    for (int i = 0; utf8 && i < count; i++)
        if (!(utf8[i] = to_utf8(wide[i]))) {
            utf8 = NULL; /* out of memory: the process ends at once, and the system takes the rest back */
            break;
        }
    LocalFree(wide);
    *out_argc = count;
    return utf8;
}

const char *cli_default_config(void)
{
    static char path[MAX_PATH * 3 + 64];
    wchar_t wide[MAX_PATH + 64];
    DWORD length = GetEnvironmentVariableW(L"ProgramData", wide, MAX_PATH);
    if (length == 0 || length >= MAX_PATH)
        return NULL;
    wcscat(wide, L"\\hvdetect\\hvdetect.conf");
    DWORD attributes = GetFileAttributesW(wide);
    if (attributes == INVALID_FILE_ATTRIBUTES || (attributes & FILE_ATTRIBUTE_DIRECTORY))
        return NULL;
    if (WideCharToMultiByte(CP_UTF8, 0, wide, -1, path, (int)sizeof(path), NULL, NULL) <= 0)
        return NULL;
    return path;
}
