/* SPDX-License-Identifier: MIT */
#ifndef HVDETECT_ERRORS_H
#define HVDETECT_ERRORS_H

/**
 * @file hvdetect/errors.h
 * @brief Error codes. Every fallible function returns one; details of the last failure on the calling thread are
 * available from hvd_error_last().
 */

#include "hvdetect/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Return codes. Zero is success; every failure is negative. */
typedef enum hvd_error_code {
    HVD_OK = 0,           /**< success */
    HVD_ERROR = -1,       /**< an unexpected failure (see hvd_error_last()) */
    HVD_ENOMEM = -2,      /**< out of memory */
    HVD_EINVALID = -3,    /**< an argument was invalid (NULL where a value is needed, unknown option version) */
    HVD_ENOTFOUND = -4,   /**< the file or item does not exist */
    HVD_EPERM = -5,       /**< permission denied */
    HVD_EBADINPUT = -6,   /**< input is malformed (a file, a dump, an evidence bundle, a vendor database) */
    HVD_EIO = -7          /**< reading or writing failed */
} hvd_error_code;

/** Lowest error code, for iterating over all of them. */
#define HVD_ERROR_CODE_MIN HVD_EIO

/**
 * A fixed, human-readable description of an error code.
 * @return a static string (never NULL; unknown codes give "unknown error").
 */
HVD_EXTERN(const char *) hvd_strerror(int code);

/**
 * The message of the last failure on the calling thread, naming the file or item and the problem. Read it right
 * after a call that returned an error: a call that succeeds does not clear it, so it may describe an older failure.
 * @return a string borrowed from thread-local storage, valid until the next hvdetect call on this thread; "" when
 *         no failure was recorded.
 */
HVD_EXTERN(const char *) hvd_error_last(void);

#ifdef __cplusplus
}
#endif

#endif
