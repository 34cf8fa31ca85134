/* SPDX-License-Identifier: MIT */
#ifndef HVD_UTIL_ERROR_H
#define HVD_UTIL_ERROR_H

#include "hvdetect/errors.h"

/* The printf dialect the format checks assume: the C library's, or (mingw-w64 with its own C99 stdio, which the build
 * selects) HVD__PRINTF_ARCHETYPE=gnu_printf given by the build. */
#if !defined(HVD__PRINTF_ARCHETYPE)
#define HVD__PRINTF_ARCHETYPE printf
#endif
#if defined(__GNUC__)
#define HVD__PRINTF(fmt, args) __attribute__((format(HVD__PRINTF_ARCHETYPE, fmt, args)))
#else
#define HVD__PRINTF(fmt, args)
#endif

/* Records the detailed message behind a failure for hvd_error_last() and returns code, so that callers can write
 * `return hvd__error(HVD_EBADINPUT, "%s: ...", path);`. */
int hvd__error(int code, const char *format, ...) HVD__PRINTF(2, 3);

/* Checks the version a caller set in a struct it asked the library to fill (hvd_product_info, ...): HVD_OK for a
 * version from 1 to current, else HVD_EINVALID naming the struct. A struct that gains fields raises its current
 * version, and its filler copies only the fields of the caller's version. */
int hvd__check_struct_version(unsigned int version, unsigned int current, const char *what);

#endif
