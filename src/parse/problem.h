/* SPDX-License-Identifier: MIT */
#ifndef HVD_PARSE_PROBLEM_H
#define HVD_PARSE_PROBLEM_H

#include <stddef.h>

#include "util/error.h"

/*
 * The parsers never print: a caller that wants diagnostics passes this
 * callback, and decides itself where they go (stderr, a report, a test).
 */

/* Reports one problem found in input; message has no file name (the caller adds it). */
typedef void (*hvd__problem_fn)(void *ctx, const char *message);

/* Formats one problem (at most 255 bytes) and passes it to on_problem; does nothing when on_problem is NULL. A line
 * other than 0 is put before the message ("line 3: ..."), for the parsers of text. */
void hvd__problem_report(hvd__problem_fn on_problem, void *ctx, size_t line, const char *format, ...)
    HVD__PRINTF(4, 5);

#endif /* HVD_PARSE_PROBLEM_H */
