/* SPDX-License-Identifier: MIT */
#ifndef HVD_PLATFORM_WINDOWS_WIDE_H
#define HVD_PLATFORM_WINDOWS_WIDE_H

#include <stddef.h>
#include <wchar.h>

/* hvdetect speaks UTF-8 everywhere; Windows' own interfaces speak UTF-16. Both return newly allocated strings (free),
 * NULL when out of memory or when the input is not valid in its encoding. length -1: up to the NUL. */
wchar_t *hvd__wide_from_utf8(const char *text);
char *hvd__utf8_from_wide(const wchar_t *text, int length);

/* A short description of a Windows error code, for observation details ("access denied", "Windows error 1234"). */
const char *hvd__windows_error_text(unsigned long code, char *buffer, size_t size);

#endif
