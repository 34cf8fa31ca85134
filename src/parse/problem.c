/* SPDX-License-Identifier: MIT */
#include "parse/problem.h"

#include <stdarg.h>
#include <stdio.h>

void hvd__problem_report(hvd__problem_fn on_problem, void *ctx, size_t line, const char *format, ...)
{
    if (on_problem == NULL)
        return;
    char what[256];
    va_list args;
    va_start(args, format);
    vsnprintf(what, sizeof what, format, args);
    va_end(args);
    if (line == 0) {
        on_problem(ctx, what);
        return;
    }
    char message[sizeof what + 32];
    snprintf(message, sizeof message, "line %lu: %s", (unsigned long)line, what);
    on_problem(ctx, message);
}
