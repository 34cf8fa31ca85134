/* SPDX-License-Identifier: MIT */
#include "util/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util/text.h"

/* Thread-local so that concurrent callers never see each other's messages (libcpuid's global error string is the
 * counter-example). */
static _Thread_local char last_error[1024];

static const char *const error_messages[] = {
    [0] = "success",
    [-HVD_ERROR] = "unexpected failure",
    [-HVD_ENOMEM] = "out of memory",
    [-HVD_EINVALID] = "invalid argument",
    [-HVD_ENOTFOUND] = "not found",
    [-HVD_EPERM] = "permission denied",
    [-HVD_EBADINPUT] = "malformed input",
    [-HVD_EIO] = "input/output error",
};

const char *hvd_strerror(int code)
{
    if (code > 0 || code < HVD_ERROR_CODE_MIN)
        return "unknown error";
    return error_messages[-code];
}

const char *hvd_error_last(void)
{
    return last_error;
}

/* Messages quote file names, JSON member names and values from untrusted input: sanitised here, once, so that no
 * caller can print a control character or broken UTF-8 to a terminal or log by passing one on. */
int hvd__error(int code, const char *format, ...)
{
    char raw[sizeof(last_error)];
    char printable[4 * sizeof(raw) + 1];
    va_list args;
    va_start(args, format);
    if (vsnprintf(raw, sizeof(raw), format, args) < 0)
        raw[0] = '\0';
    va_end(args);
    size_t written = hvd__text_sanitize_into(printable, raw, strnlen(raw, sizeof(raw)));
    if (written >= sizeof(last_error))
        written = hvd__text_utf8_cut(printable, sizeof(last_error) - 1);
    memcpy(last_error, printable, written);
    last_error[written] = '\0';
    return code;
}

int hvd__check_struct_version(unsigned int version, unsigned int current, const char *what)
{
    if (version >= 1 && version <= current)
        return HVD_OK;
    return hvd__error(HVD_EINVALID, "%s: version %u is not known to this library (1 to %u); initialise the struct with "
                                    "its _INIT macro", what, version, current);
}
