#include "util/error.h"

#include <stdarg.h>
#include <stdio.h>

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

int hvd__error(int code, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    vsnprintf(last_error, sizeof(last_error), format, args);
    va_end(args);
    return code;
}

void hvd__error_clear(void)
{
    last_error[0] = '\0';
}
